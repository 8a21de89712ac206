/**
 * Over capacity, the way a manager works (policy.overCapacity 'keep-held', the default). The rules, as
 * pure functions of the problem, so that the team builder, the incremental move cost and the
 * independent checker all read them the same way:
 *  - a case is *held* when its current worker is available;
 *  - a worker whose held cases already exceed their points limit (maxUtilisation × capacity) or their
 *    maximum number of cases is *above the limit*: they keep what they hold (their limits rise to it)
 *    but receive nothing new — no new referral, no case from a colleague, no co-working;
 *  - a held case is never left unallocated to meet a limit. It may wait only where its worker may not
 *    keep it by rule (a skill, role restriction, type cap or conflict of interest), or where its family is
 *    held by two workers and must be reunited;
 *  - new referrals (and the cases of workers away) wait when no allocation can hold them, in the order of
 *    their type's priority; a new sibling of a held family joins the family's worker or waits.
 * Under 'limit-first' none of this applies: the hard limits come first and held cases may be left
 * unallocated to meet them.
 */
import type { Case, Policy, Problem } from '../input/schema.js';
import { ineligibility } from './eligibility.js';
import { casePoints, workerCapacityPoints, workerCaseTypeCap, workerMaxCases } from './weights.js';

/** Who holds what now, and who is above a hard limit on it already. */
export interface Holdings {
  /** The policy asks for the manager's over-capacity rules. */
  readonly keepHeld: boolean;
  /** Per case: the available worker who holds it now, or -1 (a new referral, or its worker is away). */
  readonly heldBy: Int32Array;
  /** Per worker: points and cases held now (every held case, whatever the rules say of it). */
  readonly heldPoints: Float64Array;
  readonly heldCount: Float64Array;
  /** Per worker and case type (row per worker, types in policy order): cases of that type held now. */
  readonly heldTypeCount: Float64Array;
  /** Per worker: 1 when what they hold already exceeds their points limit or maximum of cases. */
  readonly aboveLimit: Uint8Array;
  /** Per case: its family is held by two or more available workers (siblings to be reunited). */
  readonly splitFamily: Uint8Array;
}

const EPS = 1e-7;

export function holdings(problem: Problem): Holdings {
  const { workers, cases, policy } = problem;
  const m = workers.length;
  const types = Object.keys(policy.caseTypes);
  const T = types.length;
  const typeIndex = new Map(types.map((t, k) => [t, k]));
  const workerIndex = new Map(workers.map((w, i) => [w.id, i]));
  const heldBy = new Int32Array(cases.length).fill(-1);
  const heldPoints = new Float64Array(m);
  const heldCount = new Float64Array(m);
  const heldTypeCount = new Float64Array(m * T);
  cases.forEach((c, j) => {
    if (c.currentWorkerId === null) return;
    const i = workerIndex.get(c.currentWorkerId)!;
    if (!workers[i].available) return;
    heldBy[j] = i;
    heldPoints[i] += casePoints(c, policy);
    heldCount[i] += 1;
    heldTypeCount[i * T + typeIndex.get(c.type)!] += 1;
  });
  const aboveLimit = new Uint8Array(m);
  workers.forEach((w, i) => {
    if (!w.available) return;
    const overPoints = heldPoints[i] > workerCapacityPoints(w, policy) * policy.maxUtilisation + EPS;
    if (overPoints || heldCount[i] > workerMaxCases(w, policy)) aboveLimit[i] = 1;
  });
  const splitFamily = new Uint8Array(cases.length);
  if (policy.keepSiblingsTogether) {
    const holders = new Map<string, Set<number>>();
    cases.forEach((c, j) => {
      if (c.familyId === null || heldBy[j] < 0) return;
      const set = holders.get(c.familyId) ?? new Set<number>();
      set.add(heldBy[j]);
      holders.set(c.familyId, set);
    });
    cases.forEach((c, j) => {
      if (c.familyId !== null && (holders.get(c.familyId)?.size ?? 0) > 1) splitFamily[j] = 1;
    });
  }
  return { keepHeld: policy.overCapacity === 'keep-held', heldBy, heldPoints, heldCount, heldTypeCount, aboveLimit, splitFamily };
}

/** Points a worker may carry: the policy's limit, raised (keep-held) to what they hold already. */
export function keptPointsLimit(h: Holdings, i: number, policyLimit: number): number {
  return h.keepHeld ? Math.max(policyLimit, h.heldPoints[i]) : policyLimit;
}

/** Cases a worker may carry: the policy's maximum, raised (keep-held) to what they hold already. */
export function keptCaseLimit(h: Holdings, i: number, policyMax: number): number {
  return h.keepHeld ? Math.max(policyMax, h.heldCount[i]) : policyMax;
}

/** Cases of one type a worker may carry: the cap, raised (keep-held) to what they hold already. */
export function keptTypeCap(h: Holdings, i: number, t: number, T: number, cap: number): number {
  return h.keepHeld ? Math.max(cap, h.heldTypeCount[i * T + t]) : cap;
}

/** Keep-held: worker i is above the limit and may receive case j only if they hold it now. */
export function mayReceive(h: Holdings, i: number, j: number): boolean {
  return !h.keepHeld || h.aboveLimit[i] === 0 || h.heldBy[j] === i;
}

/** Keep-held: worker i is above the limit, so takes no co-working (a co-worker is never held). */
export function mayCoWork(h: Holdings, i: number): boolean {
  return !h.keepHeld || h.aboveLimit[i] === 0;
}

/**
 * May case j be left unallocated under the over-capacity rules? Always under 'limit-first' (the
 * policy's allowUnallocated decides); under 'keep-held' a held case only where its worker may not keep
 * it by rule, or where its family is held by two workers.
 */
export function mayWait(problem: Problem, h: Holdings, j: number): boolean {
  if (!h.keepHeld) return true;
  const holder = h.heldBy[j];
  if (holder < 0 || h.splitFamily[j]) return true;
  return !mayKeep(problem, holder, problem.cases[j]);
}

/** May worker i hold case c by the rules (skills, role, type cap, exclusions)? */
export function mayKeep(problem: Problem, i: number, c: Case): boolean {
  const w = problem.workers[i];
  return ineligibility(w, c, problem.policy, workerCaseTypeCap(w, c.type, problem.policy)) === null;
}

/**
 * Does a pin to worker `pinnedTo` waive the skill, role and type rules for case j at worker i? A pin
 * keeps its family with the pinned worker; under keep-held it covers the family's held cases only (a
 * new sibling joins the pinned worker only where the rules allow, else it waits). Never an exclusion.
 */
export function pinWaives(h: Holdings, pinnedTo: number, i: number, j: number): boolean {
  return pinnedTo >= 0 && i === pinnedTo && (!h.keepHeld || h.heldBy[j] === pinnedTo);
}

/**
 * Must case j of a family pinned to `pinnedTo` be with that worker when allocated to i (-1 = nobody)?
 * A pin holds the family with its worker; under keep-held a sibling the pinned worker does not hold
 * (new, or held by a colleague) may instead wait, where it cannot join them.
 */
export function pinBinds(h: Holdings, pinnedTo: number, i: number, j: number): boolean {
  return pinnedTo >= 0 && !(h.keepHeld && i < 0 && h.heldBy[j] !== pinnedTo);
}

/** Weight of leaving one case of this type waiting: weights.unallocated × the type's priority. */
export function waitingCost(policy: Policy, type: string): number {
  return policy.weights.unallocated * policy.caseTypes[type].priority;
}
