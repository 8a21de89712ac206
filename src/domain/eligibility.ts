/**
 * May this worker take this case? Hard rules only; the first rule that fails is the reason.
 */
import type { Case, Policy, Worker } from '../input/schema.js';

export type Ineligibility =
  | { readonly rule: 'unavailable' }
  | { readonly rule: 'missing-skill'; readonly skill: string }
  | { readonly rule: 'role-restriction'; readonly role: string; readonly caseType: string }
  | { readonly rule: 'type-cap'; readonly caseType: string }
  | { readonly rule: 'excluded' }
  /** Over capacity (keep-held): the worker already holds more than a hard limit and takes nothing new. */
  | { readonly rule: 'above-limit' }
  /** A new sibling of a family whose held cases stay with their worker: it joins that worker or waits. */
  | { readonly rule: 'family-worker'; readonly workerId: string };

/**
 * `asCoWorker`: the worker would be the case's co-worker, who must be able to hold it alone. A lead
 * of a co-worked case may be of a role the type is restricted for, where the role allows it co-worked.
 */
export function ineligibility(w: Worker, c: Case, policy: Policy, typeCap: number, asCoWorker = false): Ineligibility | null {
  if (!w.available) return { rule: 'unavailable' };
  if (c.excludedWorkerIds.includes(w.id)) return { rule: 'excluded' };
  for (const skill of c.requiredSkills) if (!w.skills.includes(skill)) return { rule: 'missing-skill', skill };
  const role = policy.roles[w.role];
  const waived = c.coWorked && !asCoWorker && role.allowedIfCoWorked.includes(c.type);
  if (role.excludedCaseTypes.includes(c.type) && !waived) return { rule: 'role-restriction', role: w.role, caseType: c.type };
  if (typeCap <= 0) return { rule: 'type-cap', caseType: c.type };
  return null;
}

/** Words for a manager. */
export function describeIneligibility(r: Ineligibility, workerId: string): string {
  switch (r.rule) {
    case 'unavailable': return `${workerId} is not available`;
    case 'missing-skill': return `${workerId} lacks the required skill "${r.skill}"`;
    case 'role-restriction': return `role "${r.role}" may not hold ${r.caseType} cases`;
    case 'type-cap': return `${workerId} may hold no ${r.caseType} cases`;
    case 'excluded': return `${workerId} is excluded (conflict of interest)`;
    case 'above-limit': return `${workerId} is above the limit already, taking nothing new`;
    case 'family-worker': return `siblings share a worker: it joins ${r.workerId}, who holds its family`;
  }
}
