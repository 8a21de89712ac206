/**
 * The lab: resolve the configuration (schema, starting service, policy changes), run the replications
 * (on the worker pool, or on this thread), and summarise them with intervals and paired differences.
 * Replication r always runs with the seeds of r, and results are ordered by r, so the answer does not
 * depend on the number of threads or on which finished first.
 */
import { createHash } from 'node:crypto';
import { InputError } from '../input/errors.js';
import { LabSchema, SyntheticServiceSchema, type Lab } from '../input/lab.js';
import { mergePolicy, parseProblem, zodIssues } from '../input/parse.js';
import type { Problem } from '../input/schema.js';
import { syntheticProblem } from '../input/synthetic.js';
import { runOnPool } from '../pool/pool.js';
import { RUN_METRICS, type RunMetric } from './metrics.js';
import type { AllocationPolicy } from './policy.js';
import { runReplication, type ReplicationResult } from './replicate.js';
import { interval, pairedDifference, type Interval } from './stats.js';
import type { ReplicationAnswer, ReplicationTask } from './worker.js';

export interface ResolvedLab {
  readonly lab: Lab;
  readonly problem: Problem;
  /** sha256 of the starting problem (canonical JSON): the manifest's input hash. */
  readonly inputHash: string;
}

/** Validates a lab configuration (problem given inline, or none: the seeded service generator). */
export function resolveLab(input: unknown): ResolvedLab {
  const parsed = LabSchema.safeParse(input);
  if (!parsed.success) throw new InputError(zodIssues(parsed.error.issues, input));
  const lab = parsed.data;
  if (typeof lab.problem === 'string') throw new InputError([{ path: 'problem', message: `${JSON.stringify(lab.problem)}: the library takes the problem as an object (the CLI reads files)` }]);
  if (lab.problem !== undefined && lab.synthetic !== undefined) throw new InputError([{ path: 'synthetic', message: 'give either problem or synthetic, not both' }]);
  // The generated service: 5% of its children are new referrals waiting at week 0.
  const raw = lab.problem ?? syntheticProblem({ ...(lab.synthetic ?? SyntheticServiceSchema.parse({})), newReferrals: 0.05 });
  let problem: Problem;
  try {
    problem = parseProblem(raw);
  } catch (e) {
    if (e instanceof InputError) throw new InputError(e.issues.map((i) => ({ ...i, path: `problem.${i.path}` })));
    throw e;
  }
  if (lab.policy) {
    const merged = mergePolicy(lab.policy, problem.policy);
    if (!merged.ok) throw new InputError(merged.issues);
    problem = { ...problem, policy: merged.policy };
  }
  // The lab's policies decide week by week who waits, under the hard limits (the weekly checker holds
  // them to those): the engine's 'keep-held' rules (held children never wait, workers above the limit
  // gain nothing) are not modelled by them yet, so a lab runs 'limit-first'.
  if ((lab.policy as { overCapacity?: string } | undefined)?.overCapacity === 'keep-held') {
    throw new InputError([{ path: 'policy.overCapacity', message: `"keep-held": the policy lab models 'limit-first' only (its policies do not yet follow the keep-held rules)` }]);
  }
  problem = { ...problem, policy: { ...problem.policy, overCapacity: 'limit-first' } };
  const names = lab.policies.map((p) => p.name ?? p.kind);
  const dup = names.find((n, k) => names.indexOf(n) !== k);
  if (dup) throw new InputError([{ path: 'policies', message: `two policies are named ${JSON.stringify(dup)}: give each a name` }]);
  const types = Object.keys(problem.policy.caseTypes);
  for (const t of Object.keys(lab.model.arrivalMix)) if (!types.includes(t)) throw new InputError([{ path: `model.arrivalMix.${t}`, message: `unknown case type (known: ${types.join(', ')})` }]);
  if (lab.target && !(RUN_METRICS as readonly string[]).includes(lab.target.metric)) throw new InputError([{ path: 'target.metric', message: `unknown metric ${JSON.stringify(lab.target.metric)} (known: ${RUN_METRICS.join(', ')})` }]);
  const inputHash = createHash('sha256').update(JSON.stringify(problem)).digest('hex');
  return { lab, problem, inputHash };
}

export interface SimulateOptions {
  /** 0: run on this thread. Otherwise replications run on the shared worker pool. Default: the pool. */
  readonly threads?: number;
  /** Your own policies (run on this thread, beside or instead of the lab's): each replication calls `make(r)`. */
  readonly policies?: (replication: number) => readonly AllocationPolicy[];
  /** Called after each replication. */
  readonly onReplication?: (done: number, total: number) => void;
}

export interface MetricSummary {
  readonly metric: RunMetric;
  readonly policy: string;
  readonly interval: Interval;
}

export interface PolicyDifference {
  readonly metric: RunMetric;
  readonly policy: string;
  readonly baseline: string;
  readonly difference: Interval;
}

export interface LabResult {
  readonly resolved: ResolvedLab;
  readonly policies: readonly string[];
  readonly replications: readonly ReplicationResult[];
  readonly summary: readonly MetricSummary[];
  /** Each policy minus the first one, paired by replication. */
  readonly differences: readonly PolicyDifference[];
  readonly effort: { readonly replications: number; readonly teamWeeksChecked: number; readonly milliseconds: Readonly<Record<string, number>> };
}

function workerFile(): string {
  const fromSource = import.meta.url.endsWith('.ts');
  return new URL(fromSource ? '../../dist/sim/worker.js' : './worker.js', import.meta.url).href;
}

async function runMany(resolved: ResolvedLab, from: number, to: number, options: SimulateOptions): Promise<ReplicationResult[]> {
  const { lab, problem } = resolved;
  const indices = Array.from({ length: to - from }, (_, k) => from + k);
  let done = from;
  const total = to;
  if (options.threads === 0 || options.policies) {
    return indices.map((r) => {
      const own = options.policies?.(r);
      const result = own ? runReplication(lab, problem, r, own) : runReplication(lab, problem, r);
      options.onReplication?.(++done, total);
      return result;
    });
  }
  return Promise.all(
    indices.map(async (replication) => {
      const task: ReplicationTask = { lab, problem, replication };
      // The shared pool runs any worker file: this task names the lab's.
      const answer = await runOnPool<ReplicationTask, ReplicationAnswer>(task, workerFile(), 'replicate');
      if (!answer.ok) throw new Error(answer.message);
      options.onReplication?.(++done, total);
      return answer.result;
    }),
  );
}

/** Runs a resolved lab. */
export async function runLab(resolved: ResolvedLab, options: SimulateOptions = {}): Promise<LabResult> {
  const { lab } = resolved;
  const results = await runMany(resolved, 0, lab.replications, options);
  if (lab.target) {
    const target = lab.target;
    // Batches of the initial size until every policy's interval of the target metric is narrow enough.
    while (results.length < target.maxReplications) {
      const widest = Math.max(...summarise(results, lab.confidence).filter((s) => s.metric === target.metric).map((s) => s.interval.halfWidth));
      if (widest <= target.halfWidth) break;
      const next = Math.min(target.maxReplications, results.length + Math.max(2, lab.replications));
      results.push(...(await runMany(resolved, results.length, next, options)));
    }
  }
  results.sort((a, b) => a.replication - b.replication);
  const policies = results[0].policies.map((p) => p.policy);
  const summary = summarise(results, lab.confidence);
  const differences: PolicyDifference[] = [];
  for (const metric of RUN_METRICS) {
    const base = results.map((r) => r.policies[0].measures.run[metric]);
    for (let k = 1; k < policies.length; k++) {
      differences.push({ metric, policy: policies[k], baseline: policies[0], difference: pairedDifference(results.map((r) => r.policies[k].measures.run[metric]), base, lab.confidence) });
    }
  }
  const milliseconds: Record<string, number> = {};
  let teamWeeksChecked = 0;
  for (const r of results) for (const p of r.policies) {
    milliseconds[p.policy] = (milliseconds[p.policy] ?? 0) + p.ms;
    teamWeeksChecked += p.checked;
  }
  return { resolved, policies, replications: results, summary, differences, effort: { replications: results.length, teamWeeksChecked, milliseconds } };
}

function summarise(results: readonly ReplicationResult[], confidence: number): MetricSummary[] {
  const out: MetricSummary[] = [];
  const names = results[0].policies.map((p) => p.policy);
  for (const metric of RUN_METRICS) {
    names.forEach((policy, k) => out.push({ metric, policy, interval: interval(results.map((r) => r.policies[k].measures.run[metric]), confidence) }));
  }
  return out;
}
