/**
 * Pins that break a rule. A pin is the manager's decision and stands even where a skill, role or
 * case-type rule would say no (never over a conflict of interest: such input is rejected). Because it
 * is an exception, it is loud: validate warns and every result lists each such child with the rule.
 * A pin on one sibling holds the family with the pinned worker: under keep-held the siblings that worker
 * holds stay (rules waived), the others join only where the rules allow, else wait; under limit-first
 * the whole family goes to the pinned worker, rules waived.
 */
import type { Problem } from '../input/schema.js';
import { describeIneligibility, ineligibility } from './eligibility.js';
import { holdings, pinWaives, type Holdings } from './holding.js';
import { workerCaseTypeCap } from './weights.js';

export interface PinWarning {
  readonly caseId: string;
  readonly workerId: string;
  /** The case carrying the pin (itself, or the sibling whose pin holds the family). */
  readonly pinnedCaseId: string;
  readonly rule: string;
  readonly words: string;
}

/** `held`: the problem's holdings where the caller has them already (a Team does). */
export function pinWarnings(problem: Problem, held: Holdings = holdings(problem)): PinWarning[] {
  const { workers, cases, policy } = problem;
  const byId = new Map(workers.map((w, i) => [w.id, i]));
  // The pin that holds each case: its own, or (siblings kept together) its family's first.
  const familyPin = new Map<string, number>();
  cases.forEach((c, j) => {
    if (c.pinned && policy.keepSiblingsTogether && c.familyId !== null && !familyPin.has(c.familyId)) familyPin.set(c.familyId, j);
  });
  const warnings: PinWarning[] = [];
  cases.forEach((c, j) => {
    const by = c.pinned ? j : policy.keepSiblingsTogether && c.familyId !== null ? familyPin.get(c.familyId) : undefined;
    if (by === undefined) return;
    const pinnedTo = byId.get(cases[by].currentWorkerId!)!;
    if (!pinWaives(held, pinnedTo, pinnedTo, j)) return; // the pin does not hold this sibling against the rules
    const w = workers[pinnedTo];
    const why = ineligibility(w, c, policy, workerCaseTypeCap(w, c.type, policy));
    if (why === null || why.rule === 'unavailable' || why.rule === 'excluded') return;
    warnings.push({ caseId: c.id, workerId: w.id, pinnedCaseId: cases[by].id, rule: why.rule, words: `${c.id} is pinned${by === j ? '' : ` with its sibling ${cases[by].id}`} to ${w.id}, but ${describeIneligibility(why, w.id)}: the pin overrides the rule` });
  });
  return warnings;
}
