/**
 * A last, exact pass over what waits: every waiting unit (the unallocated cases of a family, or a case
 * alone) and every co-worked case without a co-worker is placed with the worker where that lowers the
 * objective most, if any, loads updated after each placement. A search stopped by its time or effort
 * limit may leave such a case; after this pass, "it would cost more than leaving it" is true of every
 * case that still waits (the move cost equals the checker's recomputation, see moveCost.ts).
 */
import type { Problem } from '../input/schema.js';
import { evaluateCoWorkerMove, evaluateMove, loadState, overPointsLimit } from './moveCost.js';

export interface Placement {
  readonly caseWorker: Int32Array;
  readonly coWorker: Int32Array;
  /** Cases and co-workers placed by the pass. */
  readonly placed: number;
}

const GAIN = 1e-9;

export function placeWaiting(problem: Problem, caseWorker: Int32Array, coWorker: Int32Array): Placement {
  const { cases, workers, policy } = problem;
  const cw = Int32Array.from(caseWorker);
  const co = Int32Array.from(coWorker);
  // Families (as the checker groups them) with waiting members, highest priority first.
  const groups = new Map<string, number[]>();
  cases.forEach((c, j) => {
    const key = policy.keepSiblingsTogether && c.familyId !== null ? `f:${c.familyId}` : `c:${j}`;
    const list = groups.get(key);
    if (list) list.push(j);
    else groups.set(key, [j]);
  });
  const priority = (j: number) => policy.caseTypes[cases[j].type].priority;
  const waiting = [...groups.values()].filter((g) => g.some((j) => cw[j] < 0)).sort((a, b) => Math.max(...b.map(priority)) - Math.max(...a.map(priority)));
  let placed = 0;
  // The loads are rebuilt only after a placement changes them.
  let state = loadState(problem, cw, co);
  for (const members of waiting) {
    const idle = members.filter((j) => cw[j] < 0);
    const with_ = members.find((j) => cw[j] >= 0);
    // A placed sibling fixes the family's worker.
    const candidates = with_ !== undefined ? [cw[with_]] : workers.map((_, i) => i);
    let best = -1;
    let gain = -GAIN;
    for (const to of candidates) {
      // Most workers of a full team have no room: no need for the full evaluation (measured: 150 ×
      // 3,500 with 188 cases waiting, 0.08-0.14 s cold for this pass, placing none).
      if (overPointsLimit(state, idle, to)) continue;
      const e = evaluateMove(state, idle, to);
      if (e.feasible && e.delta < gain) (best = to), (gain = e.delta);
    }
    if (best < 0) continue;
    for (const j of idle) cw[j] = best;
    placed += idle.length;
    state = loadState(problem, cw, co);
  }
  cases.forEach((c, j) => {
    if (!c.coWorked || co[j] >= 0 || cw[j] < 0) return;
    let best = -1;
    let gain = -GAIN;
    for (let to = 0; to < workers.length; to++) {
      const e = evaluateCoWorkerMove(state, j, to);
      if (e.feasible && e.delta < gain) (best = to), (gain = e.delta);
    }
    if (best >= 0) {
      co[j] = best;
      placed++;
      state = loadState(problem, cw, co);
    }
  });
  return { caseWorker: cw, coWorker: co, placed };
}
