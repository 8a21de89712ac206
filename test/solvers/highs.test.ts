import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { allocateSync } from '../../src/app/allocate.js';
import { buildTeam } from '../../src/domain/team.js';
import { parseProblem } from '../../src/input/parse.js';
import { syntheticProblem } from '../../src/input/synthetic.js';
import { RowBuilder, Sense, type IntegerProgram } from '../../src/model/integerProgram.js';
import { buildProgram } from '../../src/model/program.js';
import { solveExact } from '../../src/solvers/exact.js';
import { loadHighs, loadedHighs, solveHighs, valuesOf } from '../../src/solvers/highs.js';
import { AUTO_HIGHS_MAX_PAIRS, AUTO_HIGHS_MIN_TIME, AUTO_HIGHS_PAIRS_PER_SECOND, pairsOf, solveTeam, usesHighs } from '../../src/solvers/team.js';
import { bruteForceOptimum, tinyProblemArb } from '../support/problems.js';

const highs = await loadHighs();

/** Checks every row and bound of a program at the given values. */
function violations(p: IntegerProgram, x: Float64Array): string[] {
  const out: string[] = [];
  for (let v = 0; v < p.variables; v++) {
    if (x[v] < p.lower[v] - 1e-7 || x[v] > p.upper[v] + 1e-7) out.push(`bound ${v}`);
    if (p.integer[v] && Math.abs(x[v] - Math.round(x[v])) > 1e-9) out.push(`integer ${v}`);
  }
  for (let r = 0; r < p.rows; r++) {
    let a = 0;
    for (let e = p.rowStart[r]; e < p.rowStart[r + 1]; e++) a += p.value[e] * x[p.column[e]];
    const tol = 1e-6 * Math.max(1, Math.abs(p.rhs[r]));
    if ((p.sense[r] === Sense.LessEqual && a > p.rhs[r] + tol) || (p.sense[r] === Sense.GreaterEqual && a < p.rhs[r] - tol) || (p.sense[r] === Sense.Equal && Math.abs(a - p.rhs[r]) > tol)) out.push(p.rowName[r]);
  }
  return out;
}

/**
 * min 3a + 2b + 4c + d  s.t.  a + b + c ≥ 2,  a + b ≤ 1,  d ≥ 0.5 (d continuous), a, b, c binary.
 * Two of three binaries, not both a and b: {b, c} costs 6, {a, c} 7; d = 0.5: optimum 6.5 at (0, 1, 1, 0.5).
 */
function handModel(): IntegerProgram {
  const rows = new RowBuilder();
  rows.column.push(0, 1, 2);
  rows.value.push(1, 1, 1);
  rows.end('two', Sense.GreaterEqual, 2);
  rows.column.push(0, 1);
  rows.value.push(1, 1);
  rows.end('notBoth', Sense.LessEqual, 1);
  rows.column.push(3);
  rows.value.push(1);
  rows.end('half', Sense.GreaterEqual, 0.5);
  return {
    variables: 4,
    integer: Uint8Array.from([1, 1, 1, 0]),
    lower: new Float64Array(4),
    upper: Float64Array.from([1, 1, 1, Infinity]),
    objective: Float64Array.from([3, 2, 4, 1]),
    ...rows.rows(),
    pairUnit: new Int32Array(0),
    pairWorker: new Int32Array(0),
    unallocatedVariable: new Int32Array(0),
    unallocatedUnit: new Int32Array(0),
    offsets: { y: 4, over: 4, spread: 4, umax: 4 },
    balanceThresholds: 0,
  };
}

describe('the HiGHS backend', () => {
  beforeAll(async () => {
    expect(await loadHighs()).toBe(highs); // one runtime per thread
  });

  it('solves a hand-checked model: optimum 6.5 at (0, 1, 1, 0.5), bound 6.5, optimal', () => {
    const r = solveHighs(highs, handModel(), { timeLimit: 5 });
    expect(r.status).toBe('optimal');
    expect(r.objective).toBeCloseTo(6.5, 9);
    expect(r.bound).toBeCloseTo(6.5, 9);
    expect([...r.values!]).toEqual([0, 1, 1, 0.5]);
  });

  it('its LP relaxation: 6.5 on the hand model (integral already); with a + b ≤ 1.5 it is 6 while the integer optimum stays 6.5', () => {
    expect(solveHighs(highs, handModel(), { relaxation: true, timeLimit: 5 }).bound).toBeCloseTo(6.5, 9);
    const loose = handModel();
    // Relaxed: b = 1, a = 0.5, c = 0.5, d = 0.5 → 2 + 1.5 + 2 + 0.5 = 6. Integral: still {b, c} → 6.5.
    (loose.rhs as Float64Array)[1] = 1.5;
    const relaxed = solveHighs(highs, loose, { relaxation: true, timeLimit: 5 });
    const integral = solveHighs(highs, loose, { timeLimit: 5 });
    expect(relaxed.bound).toBeCloseTo(6, 9);
    expect(integral.objective).toBeCloseTo(6.5, 9);
  });

  it('on random tiny teams: its bound is never above the optimum, and where it says optimal it matches javascript-lp-solver and brute force', () => {
    fc.assert(
      fc.property(tinyProblemArb, (problem) => {
        const oracle = bruteForceOptimum(problem);
        const p = buildProgram(buildTeam(problem));
        const r = solveHighs(highs, p, { timeLimit: 5 });
        const exact = solveExact(p, { timeLimit: 5 });
        if (oracle === Infinity) {
          expect(r.status).toBe('infeasible');
          return;
        }
        expect(r.bound).not.toBeNull();
        // HiGHS works to a feasibility tolerance of 1e-7 a row: figures agree to 1e-6 relative.
        const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(b)));
        expect(r.bound!).toBeLessThanOrEqual(oracle + 1e-6 * Math.max(1, oracle));
        expect(r.status).toBe('optimal');
        close(r.objective, oracle);
        if (exact.status === 'optimal') close(r.objective, exact.objective);
        // Through the team solver (objective recomputed from the allocation): the optimum exactly.
        const viaTeam = solveTeam(buildTeam(problem), { solver: 'highs', timeLimit: 5 });
        expect(viaTeam.status).toBe('optimal');
        expect(viaTeam.objective).toBeCloseTo(oracle, 9);
        expect(violations(p, r.values!)).toEqual([]);
        const lp = solveHighs(highs, p, { relaxation: true, timeLimit: 5 });
        expect(lp.bound!).toBeLessThanOrEqual(r.bound! + 1e-6);
      }),
      { numRuns: 80, seed: 11 },
    );
  });

  it('a time-limited run on a larger team answers a feasible allocation (started from the core) and a bound below every allocation', () => {
    const problem = parseProblem(syntheticProblem({ teams: 1, workersPerTeam: 14, casesPerTeam: 190, seed: 4 }));
    const team = buildTeam(problem);
    const p = buildProgram(team);
    const core = solveTeam(team, { solver: 'core', maxIterations: 1, timeLimit: 5 });
    const r = solveHighs(highs, p, { timeLimit: 0.5, start: valuesOf(p, core.unitWorker!)! });
    expect(r.seconds).toBeLessThan(3);
    expect(['feasible', 'optimal']).toContain(r.status);
    expect(violations(p, r.values!)).toEqual([]);
    expect(r.objective).toBeLessThanOrEqual(core.objective + 1e-6);
    // Unstarted and as short: whatever it finds is feasible, and its bound is below it and the core's.
    const cold = solveHighs(highs, p, { timeLimit: 0.5 });
    for (const run of [r, cold]) {
      if (run.values) expect(violations(p, run.values)).toEqual([]);
      if (run.bound === null) continue;
      expect(run.bound).toBeLessThanOrEqual(r.objective + 1e-6);
      expect(run.bound).toBeLessThanOrEqual(core.objective + 1e-6);
      if (run.values) expect(run.bound).toBeLessThanOrEqual(run.objective + 1e-6);
    }
  });

  it('a start from the core is taken: HiGHS never answers worse than it was started from', () => {
    const problem = parseProblem(syntheticProblem({ teams: 1, workersPerTeam: 10, casesPerTeam: 120, seed: 9 }));
    const team = buildTeam(problem);
    const p = buildProgram(team);
    const core = solveTeam(team, { solver: 'core', maxIterations: 2, timeLimit: 5 });
    const start = valuesOf(p, core.unitWorker!)!;
    expect(violations(p, start)).toEqual([]);
    let startObjective = 0;
    for (let v = 0; v < p.variables; v++) startObjective += p.objective[v] * start[v];
    expect(startObjective).toBeCloseTo(core.objective, 6);
    const r = solveHighs(highs, p, { timeLimit: 0.2, start });
    expect(r.values).not.toBeNull();
    expect(r.objective).toBeLessThanOrEqual(startObjective + 1e-6);
  });
});

describe("solver 'highs' and 'auto' with HiGHS loaded", () => {
  const problem = parseProblem(syntheticProblem({ teams: 1, workersPerTeam: 8, casesPerTeam: 60, seed: 3 }));

  it("'highs' answers pass the checker (allocateSync checks them) with HiGHS's bound", () => {
    expect(loadedHighs()).not.toBeNull();
    const r = allocateSync(problem, { solver: 'highs', timeLimit: 5 });
    expect(r.stats.solver).toBe('highs');
    expect(r.objective).not.toBeNull();
    expect(r.bound).not.toBeNull();
    expect(r.bound!).toBeLessThanOrEqual(r.objective! + 1e-6);
  });

  it("'auto' on a small team: bound ≥ the LP relaxation, objective ≤ the core's alone, optimal only when the bound meets it", () => {
    const team = buildTeam(problem);
    const lp = solveHighs(highs, buildProgram(team), { relaxation: true, timeLimit: 5 });
    const r = allocateSync(problem, { solver: 'auto', timeLimit: 4 });
    expect(r.stats.solver).toContain('highs');
    expect(r.bound!).toBeGreaterThanOrEqual(lp.bound! - 1e-6 * Math.max(1, Math.abs(lp.bound!)));
    expect(r.bound!).toBeLessThanOrEqual(r.objective! + 1e-6);
    if (r.status === 'optimal') expect(r.objective! - r.bound!).toBeLessThanOrEqual(1e-6 * Math.max(1, r.objective!));
  });

  it("'auto' on a larger model: below AUTO_HIGHS_MIN_TIME the core alone; from it the core first, then HiGHS cold (verified)", () => {
    const larger = parseProblem(syntheticProblem({ teams: 1, workersPerTeam: 14, casesPerTeam: 190, seed: 4 }));
    expect(allocateSync(larger, { solver: 'auto', timeLimit: AUTO_HIGHS_MIN_TIME / 2 }).stats.solver).toBe('core');
    const r = allocateSync(larger, { solver: 'auto', timeLimit: AUTO_HIGHS_MIN_TIME });
    // Both ran; the backend whose allocation won is named first.
    expect(r.stats.solver).toMatch(/^(core\+highs|highs\+core)$/);
    expect(r.stats.verified).toBe(true);
    expect(r.bound).not.toBeNull();
    expect(r.objective!).toBeGreaterThanOrEqual(r.bound! - 1e-6);
  });

  it("'auto' leaves HiGHS out of a team too large for its limit (more than AUTO_HIGHS_PAIRS_PER_SECOND pairs a second)", () => {
    const team = buildTeam(parseProblem(syntheticProblem({ teams: 1, workersPerTeam: 60, casesPerTeam: 800, seed: 2 })));
    const fits = pairsOf(team) / AUTO_HIGHS_PAIRS_PER_SECOND;
    expect(fits).toBeGreaterThan(AUTO_HIGHS_MIN_TIME / 0.9);
    expect(usesHighs(team, { timeLimit: fits * 0.9 })).toBe(false);
    expect(usesHighs(team, { timeLimit: fits * 1.1 })).toBe(true);
    expect(usesHighs(team, { timeLimit: fits * 1.1, maxIterations: 50 })).toBe(false);
    expect(usesHighs(team, { timeLimit: fits * 0.9, solver: 'highs' })).toBe(true);
  });

  it("'auto' leaves HiGHS out of a team above AUTO_HIGHS_MAX_PAIRS at any limit (its root outlasts its clock there)", () => {
    const team = buildTeam(parseProblem(syntheticProblem({ teams: 1, workersPerTeam: 80, casesPerTeam: 1800, seed: 1 })));
    expect(pairsOf(team)).toBeGreaterThan(AUTO_HIGHS_MAX_PAIRS);
    expect(pairsOf(team)).toBeLessThan(AUTO_HIGHS_PAIRS_PER_SECOND * 10); // the rate alone would admit it at 10 s
    expect(usesHighs(team, { timeLimit: 10 })).toBe(false);
    expect(usesHighs(team, { timeLimit: 600 })).toBe(false);
    expect(usesHighs(team, { timeLimit: 10, solver: 'highs' })).toBe(true);
  });

  it("effort-limited 'auto' runs never use HiGHS (reproducible)", () => {
    const a = allocateSync(problem, { solver: 'auto', maxIterations: 20, timeLimit: 20 });
    const b = allocateSync(problem, { solver: 'auto', maxIterations: 20, timeLimit: 20 });
    expect(a.stats.solver).not.toContain('highs');
    expect(a.assignments).toEqual(b.assignments);
  });
});
