import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { gapFeasible, gapObjective, type GapInstance } from '../../../src/gap/instance.js';
import { balanceBound } from '../../../src/gap/balance/bound.js';
import { balanceSearch, repairAssignment } from '../../../src/gap/balance/search.js';
import { allowedPairs } from '../../../src/gap/construct.js';
import { solveGap } from '../../../src/gap/solve.js';
import { parseProblem } from '../../../src/input/parse.js';
import { buildTeam } from '../../../src/domain/team.js';
import { teamToGap } from '../../../src/model/teamGap.js';
import { bruteForce, tinyBalanceInstance } from '../../support/gap.js';


describe('balanceBound', () => {
  it('never exceeds the brute-force optimum (K >= 2, unassigned jobs, fixed jobs, fractional weights)', () => {
    fc.assert(
      fc.property(tinyBalanceInstance(), fc.integer({ min: 1, max: 200 }), (inst, iterations) => {
        const opt = bruteForce(inst);
        const r = balanceBound(inst, { maxIterations: iterations, upperBound: Number.isFinite(opt) ? opt : undefined });
        if (r.lowerBound === Infinity) {
          expect(opt).toBe(Infinity);
          return;
        }
        if (Number.isFinite(opt)) expect(r.lowerBound).toBeLessThanOrEqual(opt + 1e-7 * Math.max(1, Math.abs(opt)));
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it('is valid without an upper bound too, and from any starting multipliers', () => {
    fc.assert(
      fc.property(tinyBalanceInstance(), fc.array(fc.integer({ min: -50, max: 500 }), { minLength: 7, maxLength: 7 }), (inst, start) => {
        const opt = bruteForce(inst);
        if (!Number.isFinite(opt)) return;
        const r = balanceBound(inst, { maxIterations: 60, initialMultipliers: Float64Array.from(start.slice(0, inst.jobs)) });
        expect(r.lowerBound).toBeLessThanOrEqual(opt + 1e-7 * Math.max(1, Math.abs(opt)));
      }),
      { numRuns: 150, seed: 11 },
    );
  });

  it('is within a few percent of the best known on the example team (fixed effort)', () => {
    const inst = teamToGap(buildTeam(parseProblem(JSON.parse(readFileSync(new URL('../../../examples/team.json', import.meta.url), 'utf8'))))).instance;
    const best = 1195.15; // best known objective of examples/team.json (bench/domainGap.ts)
    const r = balanceBound(inst, { maxIterations: 150, upperBound: best });
    expect(r.lowerBound).toBeLessThanOrEqual(best);
    expect((best - r.lowerBound) / best).toBeLessThan(0.03);
  });
});

describe('balanceSearch and repairAssignment', () => {
  it('return capacity-feasible assignments whose objective is gapObjective, never below the optimum', () => {
    fc.assert(
      fc.property(tinyBalanceInstance(), (inst) => {
        const opt = bruteForce(inst);
        const allowed = allowedPairs(inst);
        const relaxed = balanceBound(inst, { maxIterations: 20 }).relaxed;
        const start = repairAssignment(inst, relaxed, allowed);
        if (start === null) return;
        expect(gapFeasible(inst, start)).toBe(true);
        const r = balanceSearch(inst, start, { allowed, maxIterations: 30, seed: 3 });
        expect(r.assignment).not.toBeNull();
        expect(gapFeasible(inst, r.assignment!)).toBe(true);
        expect(r.objective).toBe(gapObjective(inst, r.assignment!));
        expect(r.objective).toBeLessThanOrEqual(gapObjective(inst, start) + 1e-9);
        expect(r.objective).toBeGreaterThanOrEqual(opt - 1e-7 * Math.max(1, Math.abs(opt)));
      }),
      { numRuns: 200, seed: 5 },
    );
  });
});

describe('solveGap on balance instances', () => {
  it('finds the brute-force optimum on tiny domain-shaped instances, with a valid bound', () => {
    fc.assert(
      fc.property(tinyBalanceInstance(), (inst) => {
        const opt = bruteForce(inst);
        const r = solveGap(inst, { maxIterations: 200, timeLimit: 30, seed: 1 });
        if (!Number.isFinite(opt)) {
          expect(r.assignment).toBeNull();
          return;
        }
        expect(r.assignment).not.toBeNull();
        expect(gapFeasible(inst, r.assignment!)).toBe(true);
        expect(r.objective).toBe(gapObjective(inst, r.assignment!));
        expect(Math.abs(r.objective - opt)).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(opt)));
        expect(r.lowerBound).toBeLessThanOrEqual(opt + 1e-7 * Math.max(1, Math.abs(opt)));
      }),
      { numRuns: 150, seed: 9 },
    );
  });

  it('is deterministic for a seed and an effort limit', () => {
    const inst = teamToGap(buildTeam(parseProblem(JSON.parse(readFileSync(new URL('../../../examples/team.json', import.meta.url), 'utf8'))))).instance;
    const run = () => solveGap(inst, { maxIterations: 20, timeLimit: 60, seed: 4 });
    const a = run();
    const b = run();
    expect(a.objective).toBe(b.objective);
    expect(Array.from(a.assignment!)).toEqual(Array.from(b.assignment!));
    expect(a.lowerBound).toBeLessThanOrEqual(a.objective);
    expect(gapFeasible(inst, a.assignment!)).toBe(true);
    expect(a.objective).toBe(gapObjective(inst, a.assignment!));
  });
});
