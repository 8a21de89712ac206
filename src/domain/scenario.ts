/**
 * Applying a scenario to a problem: a pure function from (problem, scenario) to the changed problem
 * and what the change costs. Hand-checkable: 22.5 officers × 6.5 hours = 146.25 hours a week, shared
 * by FTE among the eligible workers (146 full-time workers get 1.0017 hours each).
 */
import { InputError, type InputIssue } from '../input/errors.js';
import { mergePolicy } from '../input/parse.js';
import type { Scenario } from '../input/scenario.js';
import type { Problem, Worker } from '../input/schema.js';

export interface AppliedScenario {
  readonly name: string;
  readonly problem: Problem;
  /** Annual cost of what the scenario adds (workers and support officers). */
  readonly annualCost: number;
  /** Hours a week of other duties the support officers take off qualified workers. */
  readonly hoursFreed: number;
  readonly workersAdded: number;
  readonly workersRemoved: number;
}

export function applyScenario(base: Problem, s: Scenario): AppliedScenario {
  const issues: InputIssue[] = [];
  const policyResult = mergePolicy(s.policy ?? {}, base.policy);
  if (!policyResult.ok) throw new InputError(policyResult.issues.map((i) => ({ path: `scenario "${s.name}": ${i.path}`, message: i.message })));
  const policy = policyResult.policy;
  const ids = new Set(base.workers.map((w) => w.id));
  s.removeWorkers.forEach((id, k) => {
    if (!ids.has(id)) issues.push({ path: `scenario "${s.name}": removeWorkers[${k}]`, message: `no worker "${id}"` });
  });
  const teamNames = new Set(base.workers.map((w) => w.team));
  const known = [...teamNames].slice(0, 8).map((t) => JSON.stringify(t)).join(', ');
  s.addWorkers.forEach((a, k) => {
    if (!(a.role in policy.roles)) issues.push({ path: `scenario "${s.name}": addWorkers[${k}].role`, message: `unknown role "${a.role}"` });
    if (a.team !== undefined && !teamNames.has(a.team)) issues.push({ path: `scenario "${s.name}": addWorkers[${k}].team`, message: `no team "${a.team}" (teams: ${known})` });
  });
  s.supportOfficers?.teams?.forEach((t, k) => {
    if (!teamNames.has(t)) issues.push({ path: `scenario "${s.name}": supportOfficers.teams[${k}]`, message: `no team "${t}" (teams: ${known})` });
  });
  s.supportOfficers?.roles.forEach((r, k) => {
    if (!(r in policy.roles)) issues.push({ path: `scenario "${s.name}": supportOfficers.roles[${k}]`, message: `unknown role "${r}"` });
  });
  if (issues.length) throw new InputError(issues);

  const removed = new Set(s.removeWorkers);
  let workers: Worker[] = base.workers.map((w) => (removed.has(w.id) ? { ...w, available: false } : w));
  const teams = [...new Set(base.workers.map((w) => w.team))];
  let annualCost = 0;
  let added = 0;
  s.addWorkers.forEach((a, k) => {
    for (let c = 0; c < a.count; c++) {
      const team = a.team ?? teams[added % teams.length];
      workers.push({ id: `new-${k + 1}-${c + 1}`, team, role: a.role, fte: a.fte, skills: a.skills, available: true, reductionHours: 0, reductionPoints: 0, supportHours: 0 });
      annualCost += a.salary;
      added++;
    }
  });
  let hoursFreed = 0;
  if (s.supportOfficers) {
    const o = s.supportOfficers;
    hoursFreed = o.count * o.hoursFreedPerWeek;
    annualCost += o.count * o.salary;
    const aimed = o.teams ? new Set(o.teams) : null;
    const share = workers.filter((w) => w.available && o.roles.includes(w.role) && (aimed === null || aimed.has(w.team)));
    const totalFte = share.reduce((sum, w) => sum + w.fte, 0);
    if (totalFte > 0) {
      const eligible = new Set(share.map((w) => w.id));
      workers = workers.map((w) => (eligible.has(w.id) ? { ...w, supportHours: w.supportHours + (hoursFreed * w.fte) / totalFte } : w));
    }
  }
  return {
    name: s.name,
    problem: { workers, cases: base.cases, policy },
    annualCost,
    hoursFreed,
    workersAdded: added,
    workersRemoved: removed.size,
  };
}
