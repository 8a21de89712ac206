import { describe, expect, it } from 'vitest';
import { resolveLab } from '../../src/sim/lab.js';
import { drawScenario } from '../../src/sim/scenario.js';
import { canTake, runPolicy } from '../../src/sim/engine.js';
import { leastLoadedPolicy, managerGreedyPolicy, optimisedIntakePolicy, reducedProblem, roundRobinPolicy } from '../../src/sim/policies.js';
import type { WeekView } from '../../src/sim/policy.js';
import { checkAllocation } from '../../src/verify/check.js';
import { smallLab } from '../support/labs.js';

/** Real week views from the engine (a tight cap, so that some children wait). */
function views(weeks = 6): WeekView[] {
  const { lab, problem } = resolveLab(smallLab({ weeks, policy: { maxCasesPerFte: 15 } }));
  const scenario = drawScenario(problem, lab.model, weeks, lab.seed, 0);
  const seen: WeekView[] = [];
  const greedy = managerGreedyPolicy();
  runPolicy(scenario, problem.policy, { name: 'capture', decide: (v) => (seen.push(v), greedy.decide(v)) }, { weeks, warmupWeeks: 0, check: true, detail: false, policySeed: 1 });
  return seen;
}

describe('built-in policies', () => {
  const captured = views();

  it('place only where the rules and the room allow (canTake agrees with the checker)', () => {
    for (const view of captured) {
      for (const unit of view.queue.slice(0, 3)) {
        for (let i = 0; i < view.problem.workers.length; i++) {
          const d = Int32Array.from(view.current);
          for (const j of unit) d[j] = i;
          const ok = canTake(view, unit, i, view.points, view.count, view.typeCount);
          // canTake is stricter only for workers off sick (the checker's limit comes from maxCases 0 there).
          if (ok) expect(checkAllocation({ ...view.problem, policy: { ...view.problem.policy, maxMoves: 0 } }, d).ok).toBe(true);
        }
      }
    }
    expect(captured.some((v) => v.queue.length > 0)).toBe(true);
  });

  it('least loaded puts the first waiting child on the least utilised worker who may take it', () => {
    const view = captured.find((v) => v.queue.length > 0)!;
    const d = leastLoadedPolicy().decide(view);
    const unit = view.queue[0];
    const may = view.problem.workers.map((_, i) => i).filter((i) => canTake(view, unit, i, view.points, view.count, view.typeCount));
    const best = Math.min(...may.map((i) => view.points[i] / view.capacity[i]));
    expect(view.points[d[unit[0]]] / view.capacity[d[unit[0]]]).toBe(best);
  });

  it('round robin goes round the workers in id order, remembering where it stopped', () => {
    const view = captured.find((v) => v.queue.length >= 2)!;
    const fresh = { ...view, memory: new Map<string, unknown>() };
    const d = roundRobinPolicy().decide(fresh);
    const chosen = fresh.queue.map((u) => d[u[0]]).filter((w) => w >= 0);
    const ids = chosen.map((i) => fresh.problem.workers[i].id);
    // The first pick is the first worker (in id order) who may take the first unit.
    const first = fresh.problem.workers.map((w, i) => [w.id, i] as const).sort().find(([, i]) => canTake(fresh, fresh.queue[0], i, fresh.points, fresh.count, fresh.typeCount))!;
    expect(ids[0]).toBe(first[0]);
    expect(fresh.memory.get('last')).toBe(ids[ids.length - 1]);
  });

  it('optimised intake is never worse than manager-greedy on the checker objective, and keeps every rule', () => {
    const opt = optimisedIntakePolicy({ effort: 200, seed: 1 });
    const greedy = managerGreedyPolicy();
    let better = 0;
    for (const view of captured) {
      const problem = { ...view.problem, policy: { ...view.problem.policy, maxMoves: 0 } };
      const a = checkAllocation(problem, opt.decide(view));
      const b = checkAllocation(problem, greedy.decide(view));
      expect(a.ok, a.violations.join('; ')).toBe(true);
      expect(a.objective).toBeLessThanOrEqual(b.objective + 1e-6);
      if (a.objective < b.objective - 1e-6) better++;
    }
    expect(better).toBeGreaterThan(0);
  });

  it('the reduced problem keeps the same points, limits and capacity (one pinned stand-in per worker)', () => {
    const view = captured[captured.length - 1];
    const { problem, caseOf } = reducedProblem(view, view.problem);
    expect(caseOf.length).toBe(view.queue.reduce((s, u) => s + u.length, 0));
    const standIns = problem.cases.slice(caseOf.length);
    const held = view.problem.workers.map((_, i) => view.points[i]);
    for (const c of standIns) {
      const i = view.problem.workers.findIndex((w) => w.id === c.currentWorkerId);
      expect(c.points).toBeCloseTo(held[i], 9);
      expect(c.pinned).toBe(true);
    }
    // The stand-ins on their workers pass the checker in the reduced problem.
    const d = new Int32Array(problem.cases.length).fill(-1);
    standIns.forEach((c, k) => (d[caseOf.length + k] = problem.workers.findIndex((w) => w.id === c.currentWorkerId)));
    expect(checkAllocation(problem, d).ok).toBe(true);
  });
});
