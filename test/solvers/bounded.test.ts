import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildTeam } from '../../src/domain/team.js';
import { parseProblem } from '../../src/input/parse.js';
import { syntheticProblem } from '../../src/input/synthetic.js';
import { solveBounded, stopReason } from '../../src/solvers/bounded.js';

const team = buildTeam(parseProblem(syntheticProblem({ workersPerTeam: 10, casesPerTeam: 150, seed: 2 })));

describe('a solve under one limit, with its stop reason', () => {
  it("the time limit binding before the effort limit says 'time'; the effort limit binding says 'effort'", () => {
    const timed = solveBounded(team, { timeLimit: 0.3, maxIterations: 1e12, solver: 'core' });
    if (timed.status !== 'optimal') expect(timed.stop).toBe('time');
    const effort = solveBounded(team, { timeLimit: 600, maxIterations: 20, solver: 'core' });
    if (effort.status !== 'optimal') expect(effort.stop).toBe('effort');
    expect([timed.status, effort.status]).not.toEqual(['optimal', 'optimal']); // the case is hard enough to test something
  });

  it('stop reasons from the answer and the limits (hand-checked)', () => {
    const base = { unitWorker: new Int32Array(1), objective: 10, bound: 9, solver: 'core', seconds: 1, iterations: 50 };
    expect(stopReason({ ...base, status: 'optimal' }, {})).toBe('optimal');
    expect(stopReason({ ...base, status: 'infeasible', unitWorker: null }, {})).toBe('infeasible');
    expect(stopReason({ ...base, status: 'feasible' }, { maxIterations: 50, timeLimit: 3 })).toBe('effort');
    expect(stopReason({ ...base, status: 'feasible', seconds: 3 }, { maxIterations: 50, timeLimit: 3 })).toBe('time');
    expect(stopReason({ ...base, status: 'feasible', iterations: 10 }, { maxIterations: 50, timeLimit: 1 })).toBe('time');
    // The core says whether its runs ended on their own (a move budget's first price run may meet the budget on a sixth of the effort).
    expect(stopReason({ ...base, status: 'feasible', iterations: 10, endedOnEffort: true }, { maxIterations: 50, timeLimit: 3 })).toBe('effort');
    expect(stopReason({ ...base, status: 'feasible', endedOnEffort: false }, { maxIterations: 50, timeLimit: 3 })).toBe('time');
    expect(stopReason({ ...base, status: 'feasible' }, { targetGap: 0.2 })).toBe('target-gap');
    expect(stopReason({ ...base, status: 'feasible', seconds: 2, secondsToFirst: 1.5 }, { timeLimit: 1 })).toBe('first-answer');
    expect(stopReason({ ...base, status: 'feasible', seconds: 2, secondsToFirst: 0.5 }, { timeLimit: 1 })).toBe('time');
  });

  it("a limit too short for a first answer says 'first-answer', not 'time' (the answer came after the limit)", () => {
    // The first answer's time counts from the solve's call, so converting a team this size to the core's model (~0.1 s) is already past the limit.
    const raw = syntheticProblem({ workersPerTeam: 150, casesPerTeam: 3500, seed: 1 }) as { policy?: Record<string, unknown> };
    const large = buildTeam(parseProblem(raw));
    const r = solveBounded(large, { timeLimit: 1e-6, solver: 'core' });
    expect(r.unitWorker).not.toBeNull();
    expect(r.stop).toBe('first-answer');
    // A move budget takes the priced path (several core runs): the same.
    const budgeted = buildTeam(parseProblem({ ...raw, policy: { ...raw.policy, maxMoves: 400 } }));
    const b = solveBounded(budgeted, { timeLimit: 1e-6, solver: 'core' });
    expect(b.unitWorker).not.toBeNull();
    expect(b.stop).toBe('first-answer');
    // With time to spare the same team's answer comes inside the limit.
    expect(solveBounded(team, { timeLimit: 0.3, solver: 'core' }).stop).not.toBe('first-answer');
  });

  it('no allocation: the diagnosis comes with the answer, inside the limit, without exact checks on this thread', () => {
    const stuck = buildTeam(parseProblem(JSON.parse(readFileSync(new URL('../support/fixtures/infeasible-8x29.json', import.meta.url), 'utf8'))));
    const started = performance.now();
    const r = solveBounded(stuck, { timeLimit: 0.5 });
    expect(r.unitWorker).toBeNull();
    expect(r.stop).toBe('infeasible');
    expect(r.diagnosis).toBeDefined();
    expect((performance.now() - started) / 1000).toBeLessThan(3);
  });
});
