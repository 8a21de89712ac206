/**
 * Independent check of a GAP-core answer: every job on one allowed agent (or unassigned where that
 * is allowed), fixed jobs in place, every resource within capacity, and the cost recomputed.
 * Written apart from the solver's own bookkeeping on purpose.
 */
import type { GapInstance } from './instance.js';

export interface GapCheck {
  readonly ok: boolean;
  readonly violations: readonly string[];
  /** The linear cost recomputed (balance terms, if any, are not included). */
  readonly cost: number;
}

export function checkGapAssignment(inst: GapInstance, assignment: Int32Array): GapCheck {
  const { agents: m, jobs: n, resources: K } = inst;
  const violations: string[] = [];
  if (assignment.length !== n) return { ok: false, violations: [`assignment has ${assignment.length} entries for ${n} jobs`], cost: NaN };
  const load = new Float64Array(K * m);
  let cost = 0;
  for (let j = 0; j < n; j++) {
    const i = assignment[j];
    const fixed = inst.fixedAgent ? inst.fixedAgent[j] : -1;
    if (fixed >= 0 && i !== fixed) violations.push(`job ${j} is fixed to agent ${fixed} but is on ${i}`);
    if (i === -1) {
      const u = inst.unassignedCost ? inst.unassignedCost[j] : Infinity;
      if (!Number.isFinite(u)) violations.push(`job ${j} is unassigned but must be assigned`);
      else cost += u;
      continue;
    }
    if (!Number.isInteger(i) || i < 0 || i >= m) {
      violations.push(`job ${j}: agent ${i} does not exist`);
      continue;
    }
    const c = inst.cost[i * n + j];
    if (!Number.isFinite(c)) violations.push(`job ${j} is on agent ${i}, a forbidden pair`);
    cost += c;
    for (let k = 0; k < K; k++) load[k * m + i] += inst.weight[(k * m + i) * n + j];
  }
  for (let k = 0; k < K; k++) {
    for (let i = 0; i < m; i++) {
      const over = load[k * m + i] - inst.capacity[k * m + i];
      if (over > 1e-9 * Math.max(1, inst.capacity[k * m + i])) violations.push(`agent ${i}: resource ${k} load ${load[k * m + i]} exceeds capacity ${inst.capacity[k * m + i]}`);
    }
  }
  return { ok: violations.length === 0, violations, cost };
}
