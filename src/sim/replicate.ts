/**
 * One replication: draw its scenario once (workforce and arrivals streams), then run every policy on
 * it, each with its own policy stream seeded from the replication (the same for every policy).
 */
import type { Lab } from '../input/lab.js';
import type { Problem } from '../input/schema.js';
import { runPolicy } from './engine.js';
import type { EventRow, PanelRow, RunMeasures } from './metrics.js';
import type { AllocationPolicy } from './policy.js';
import { policyFromSpec } from './policies.js';
import { drawScenario, STREAM, streamSeed } from './scenario.js';

export interface PolicyReplication {
  readonly policy: string;
  readonly measures: RunMeasures;
  readonly panel: readonly PanelRow[];
  readonly events: readonly EventRow[];
  readonly checked: number;
  /** Milliseconds this policy's run took (effort figures only; never part of the outputs that replay). */
  readonly ms: number;
}

export interface ReplicationResult {
  readonly replication: number;
  readonly policies: readonly PolicyReplication[];
}

export function builtInPolicies(lab: Lab, replication: number): AllocationPolicy[] {
  const seed = streamSeed(lab.seed, replication, STREAM.policy);
  return lab.policies.map((spec) => policyFromSpec(spec, { effort: lab.effort, seed }));
}

export function runReplication(lab: Lab, problem: Problem, replication: number, policies: readonly AllocationPolicy[] = builtInPolicies(lab, replication)): ReplicationResult {
  const scenario = drawScenario(problem, lab.model, lab.weeks, lab.seed, replication);
  const detail = replication < lab.detailReplications;
  const policySeed = streamSeed(lab.seed, replication, STREAM.policy);
  return {
    replication,
    policies: policies.map((policy) => {
      const started = performance.now();
      const run = runPolicy(scenario, problem.policy, policy, { weeks: lab.weeks, warmupWeeks: lab.warmupWeeks, check: lab.check, detail, policySeed });
      return { policy: policy.name, ...run, ms: performance.now() - started };
    }),
  };
}
