/**
 * Policy comparison: the same data under several scenarios (policy or workforce changes), all solved
 * in parallel on the pool, reported side by side with what each costs and whether it reaches the target.
 */
import { allocateBatch, type BatchOptions, type BatchResult } from './batch.js';
import { applyScenario, type AppliedScenario } from '../domain/scenario.js';
import { checkOptions } from '../input/options.js';
import { parseProblem } from '../input/parse.js';
import { parseScenario, type Scenario } from '../input/scenario.js';
import type { ServiceFigures } from '../report/service.js';

export interface CompareOptions extends Omit<BatchOptions, 'onProgress'> {
  /** The target mean caseload (cases per worker); default: judge by policy.targetUtilisation instead. */
  readonly targetCases?: number;
}

export interface ScenarioOutcome {
  readonly name: string;
  readonly annualCost: number;
  readonly hoursFreed: number;
  readonly workersAdded: number;
  readonly workersRemoved: number;
  /** Capacity points of available workers, and the change from the baseline. */
  readonly capacityPoints: number;
  readonly capacityAdded: number;
  /** annualCost / capacityAdded (null when nothing was added). */
  readonly costPerCapacityPoint: number | null;
  readonly figures: ServiceFigures;
  readonly status: BatchResult['status'];
  readonly objective: number | null;
  /** Every case allocated and the mean caseload (cases, or utilisation) within the target. */
  readonly reachesTarget: boolean;
  readonly target: string;
}

export interface Comparison {
  readonly baseline: ScenarioOutcome;
  readonly scenarios: readonly ScenarioOutcome[];
}

export async function compare(problem: unknown, scenarios: readonly unknown[], options: CompareOptions = {}): Promise<Comparison> {
  checkOptions(options);
  const base = parseProblem(problem);
  const parsed: Scenario[] = scenarios.map((s, k) => parseScenario(s, `scenario ${k + 1}`));
  const applied: AppliedScenario[] = [applyScenario(base, parseScenario({ name: 'baseline' })), ...parsed.map((s) => applyScenario(base, s))];
  const { targetCases, ...batchOptions } = options;
  const results = await Promise.all(applied.map((a) => allocateBatch(a.problem, batchOptions)));
  const outcomes = applied.map((a, k) => outcome(a, results[k], targetCases));
  const baseCapacity = outcomes[0].capacityPoints;
  const withDelta = outcomes.map((o) => {
    const capacityAdded = Math.round((o.capacityPoints - baseCapacity) * 100) / 100;
    return { ...o, capacityAdded, costPerCapacityPoint: capacityAdded > 0 ? Math.round((o.annualCost / capacityAdded) * 100) / 100 : null };
  });
  return { baseline: withDelta[0], scenarios: withDelta.slice(1) };
}

function outcome(a: AppliedScenario, r: BatchResult, targetCases: number | undefined): ScenarioOutcome {
  const f = r.service;
  const targetUtilisation = a.problem.policy.targetUtilisation;
  const withinTarget = targetCases !== undefined ? f.meanCases <= targetCases + 1e-9 : f.meanUtilisation <= targetUtilisation + 1e-9;
  return {
    name: a.name,
    annualCost: a.annualCost,
    hoursFreed: a.hoursFreed,
    workersAdded: a.workersAdded,
    workersRemoved: a.workersRemoved,
    capacityPoints: f.capacityPoints,
    capacityAdded: 0,
    costPerCapacityPoint: null,
    figures: f,
    status: r.status,
    objective: r.objective,
    reachesTarget: withinTarget && f.unallocated === 0,
    target: targetCases !== undefined ? `mean ≤ ${targetCases} cases, none unallocated` : `mean utilisation ≤ ${Math.round(targetUtilisation * 100)}%, none unallocated`,
  };
}
