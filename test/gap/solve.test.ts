import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { gapFeasible, gapObjective } from '../../src/gap/instance.js';
import { parseOrLibrary } from '../../src/gap/orlib.js';
import { generateGap } from '../../src/gap/generate.js';
import { solveGap } from '../../src/gap/solve.js';
import { DATA, bestKnownMin, bruteForce, tinyInstance } from '../support/gap.js';

describe('solveGap', () => {
  it('matches the brute-force optimum on tiny instances over the whole contract', () => {
    fc.assert(
      fc.property(tinyInstance({ general: true }), (inst) => {
        const opt = bruteForce(inst);
        const r = solveGap(inst, { maxIterations: 300, timeLimit: 10, seed: 1 });
        // The stop reason agrees with the flags: 'optimal' exactly when proven, 'infeasible' likewise.
        expect(r.stats.stop === 'optimal').toBe(r.optimal);
        expect(r.stats.stop === 'infeasible').toBe(r.infeasible);
        if (opt === Infinity) {
          expect(r.assignment).toBeNull();
          expect(r.optimal).toBe(false);
          return;
        }
        expect(r.infeasible).toBe(false);
        expect(r.assignment).not.toBeNull();
        expect(gapFeasible(inst, r.assignment!)).toBe(true);
        expect(r.objective).toBe(gapObjective(inst, r.assignment!));
        expect(Math.abs(r.objective - opt)).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(opt)));
        expect(r.lowerBound).toBeLessThanOrEqual(opt + 1e-7 * Math.max(1, Math.abs(opt)));
      }),
      { numRuns: 200, seed: 42 },
    );
  });

  it('matches brute force on tiny plain instances and proves optimality there', () => {
    fc.assert(
      fc.property(tinyInstance({ general: false }), (inst) => {
        const opt = bruteForce(inst);
        const r = solveGap(inst, { maxIterations: 300, timeLimit: 10 });
        if (opt === Infinity) {
          expect(r.assignment).toBeNull();
          return;
        }
        expect(r.objective).toBe(opt);
        expect(r.lowerBound).toBeLessThanOrEqual(opt);
      }),
      { numRuns: 150, seed: 7 },
    );
  });

  it('proves infeasibility when a must-assign job has no allowed agent', () => {
    const inst = generateGap('C', 3, 6, 1);
    const cost = Float64Array.from(inst.cost);
    for (let i = 0; i < 3; i++) cost[i * 6 + 2] = Infinity;
    const r = solveGap({ ...inst, cost }, { timeLimit: 1 });
    expect(r.infeasible).toBe(true);
    expect(r.assignment).toBeNull();
  });

  describe('says why it stopped', () => {
    it("'optimal' on a tiny instance it proves", () => {
      const r = solveGap(generateGap('C', 3, 8, 2), { timeLimit: 10 });
      expect(r.optimal).toBe(true);
      expect(r.stats.stop).toBe('optimal');
    });
    it("'infeasible' when a job has no allowed agent", () => {
      const inst = generateGap('C', 3, 6, 1);
      const cost = Float64Array.from(inst.cost);
      for (let i = 0; i < 3; i++) cost[i * 6 + 2] = Infinity;
      expect(solveGap({ ...inst, cost }, { timeLimit: 1 }).stats.stop).toBe('infeasible');
    });
    it("'effort' when maxIterations runs out first", () => {
      const r = solveGap(generateGap('D', 20, 200, 4), { maxIterations: 20, timeLimit: 60 });
      expect(r.optimal).toBe(false);
      expect(r.stats.iterations).toBeGreaterThanOrEqual(20);
      expect(r.stats.stop).toBe('effort');
    });
    it("'time' when the time limit runs out first (after a first answer: the constructions take milliseconds)", () => {
      const r = solveGap(generateGap('D', 20, 200, 4), { timeLimit: 0.3 });
      expect(r.optimal).toBe(false);
      expect(r.stats.seconds).toBeGreaterThanOrEqual(0.3);
      expect(r.stats.stop).toBe('time');
    });
    it("'time', not 'first-answer', when the deadline passes with no answer at all (infeasible, not proven)", () => {
      const inst = generateGap('D', 20, 200, 4);
      const r = solveGap({ ...inst, capacity: Float64Array.from(inst.capacity, (c) => c * 0.15) }, { timeLimit: 0.3 });
      expect(r.assignment).toBeNull();
      expect(r.infeasible).toBe(false);
      expect(r.stats.stop).toBe('time');
      expect(r.stats.secondsToFirst).toBe(Infinity);
    });
    it("'first-answer' at an absolute deadline that passed before the call: the constructions' answer, after it", () => {
      const inst = generateGap('D', 20, 200, 4);
      const r = solveGap(inst, { deadline: performance.now() - 1, timeLimit: 60 });
      expect(r.stats.stop).toBe('first-answer');
      expect(r.stats.seconds).toBeLessThan(5); // the deadline wins over timeLimit
      expect(r.assignment).not.toBeNull();
      expect(gapFeasible(inst, r.assignment!)).toBe(true);
    });
    it("'target' when the requested gap is reached before a proof", () => {
      const r = solveGap(generateGap('D', 20, 200, 4), { targetGap: 0.05, timeLimit: 60 });
      expect(r.optimal).toBe(false);
      expect((r.objective - r.lowerBound) / r.objective).toBeLessThanOrEqual(0.05);
      expect(r.stats.stop).toBe('target');
    });
  });

  it('is deterministic: same seed and maxIterations give the same assignment', () => {
    const inst = generateGap('D', 30, 120, 3); // above the branch-and-bound size: local search decides
    const a = solveGap(inst, { maxIterations: 150, timeLimit: 60, seed: 5 });
    const b = solveGap(inst, { maxIterations: 150, timeLimit: 60, seed: 5 });
    expect(a.assignment).not.toBeNull();
    expect(Array.from(a.assignment!)).toEqual(Array.from(b.assignment!));
    expect(a.objective).toBe(b.objective);
  });

  it('is deterministic on the type-D search path with guided exact-neighbourhood rounds (both sub-problem sizes)', () => {
    // 120 jobs: short local-search rounds and 30-job sub-problems; 320 jobs: a long first round, 40-job ones.
    for (const [m, n, limit] of [[12, 120, 30], [8, 320, 106]] as const) {
      const inst = generateGap('D', m, n, 11);
      const a = solveGap(inst, { maxIterations: limit, timeLimit: 60, seed: 2 });
      const b = solveGap(inst, { maxIterations: limit, timeLimit: 60, seed: 2 });
      expect(a.assignment).not.toBeNull();
      expect(a.stats.iterations).toBe(limit);
      expect(Array.from(a.assignment!)).toEqual(Array.from(b.assignment!));
      expect(a.objective).toBe(b.objective);
      expect(a.objective).toBeGreaterThanOrEqual(a.lowerBound);
    }
  });

  it('honours a warm start and reports improvements through onImprove', () => {
    const inst = generateGap('C', 5, 40, 8);
    const first = solveGap(inst, { maxIterations: 1050, timeLimit: 30 });
    const seen: number[] = [];
    const again = solveGap(inst, { initial: first.assignment!, maxIterations: 1050, timeLimit: 30, onImprove: (o) => seen.push(o) });
    expect(again.objective).toBeLessThanOrEqual(first.objective);
    expect(seen[0]).toBe(first.objective);
    for (let t = 1; t < seen.length; t++) expect(seen[t]).toBeLessThan(seen[t - 1]);
  });

  it('reaches the best known value on gap1-gap4', () => {
    const best = bestKnownMin(readFileSync(new URL('best_known.csv', DATA), 'utf8'));
    for (const file of ['gap1', 'gap2', 'gap3', 'gap4']) {
      const list = parseOrLibrary(readFileSync(new URL(`${file}.txt`, DATA), 'utf8'), file);
      list.forEach((inst, p) => {
        const r = solveGap(inst, { timeLimit: 5, seed: 1 });
        expect(r.objective, `${file}-${p + 1}`).toBe(best.get(`${file}-${p + 1}`));
      });
    }
  });
});
