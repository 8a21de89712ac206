/**
 * The service's request bodies, as zod schemas. Each is built twice from one definition: the wire
 * form (the problem, case and scenarios as plain objects, left to the engine's own parsers so their
 * errors name the field and value) and the documented form (the full input schemas, for OpenAPI).
 */
import { z } from 'zod';
import { CaseSchema, ProblemSchema } from '../input/schema.js';
import { ScenarioSchema } from '../input/scenario.js';
import { SOLVER_CHOICES } from '../input/options.js';

const SolveOptionsShape = {
  timeLimit: z.number().finite().gt(0).optional().describe('Seconds the solve may run, counted from when it starts (time spent queued does not count). Default: the server\'s default; at most its cap.'),
  seed: z.number().int().optional().describe('Seed for all randomness (same seed and effort: same answer). Default 1.'),
  maxIterations: z.number().int().gt(0).optional().describe('Effort limit (core iterations) for reproducible runs; the time limit still applies.'),
  solver: z.enum(SOLVER_CHOICES).optional().describe('Which backend. Default auto.'),
  targetGap: z.number().finite().min(0).optional().describe('Stop when the relative gap to the bound is at most this. Default 0.'),
};

export const AllocateOptionsSchema = z
  .strictObject({
    ...SolveOptionsShape,
    mode: z.enum(['rebalance', 'intake', 'handover']).optional().describe('The continuity workflow. Default rebalance.'),
    leaving: z.array(z.string()).optional().describe('handover: the ids of the workers who leave.'),
  })
  .describe('Options of an allocation; every field optional.');

export const BatchOptionsSchema = z
  .strictObject({ ...SolveOptionsShape, crossTeam: z.boolean().optional().describe('Solve the whole service as one problem, so cases may move between teams. Default false.') })
  .describe('Options of a batch; every field optional. The time limit is the batch\'s wall-clock budget.');

export const CompareOptionsSchema = z
  .strictObject({
    ...BatchOptionsSchema.shape,
    targetCases: z.number().finite().gt(0).optional().describe('The target mean caseload (cases per worker); default: judge by policy.targetUtilisation.'),
  })
  .describe('Options of a comparison; every field optional.');

function requests(problem: z.ZodType, kase: z.ZodType, scenario: z.ZodType) {
  const problemField = problem.describe('The problem, as in the JSON problem file.');
  const validate = z.strictObject({ problem: problemField }).describe('A problem to check without solving it.');
  const allocate = z.strictObject({ problem: problemField, options: AllocateOptionsSchema.optional() }).describe('A team to allocate.');
  const recommend = z
    .strictObject({
      problem: problemField,
      case: kase.describe('The new referral, as a case of the problem file.'),
      k: z.number().int().min(1).max(100).optional().describe('How many workers to return. Default 5.'),
    })
    .describe('A new referral to place, given the current allocation (each case with its currentWorkerId).');
  const batch = z.strictObject({ problem: problemField, options: BatchOptionsSchema.optional() }).describe('A whole service to reallocate, team by team.');
  const compare = z
    .strictObject({ problem: problemField, scenarios: z.array(scenario).min(1).describe('The scenarios to compare with the baseline.'), options: CompareOptionsSchema.optional() })
    .describe('The same data under several scenarios.');
  const job = z
    .discriminatedUnion('kind', [
      allocate.extend({ kind: z.literal('allocate').describe('What the job solves.') }),
      batch.extend({ kind: z.literal('batch').describe('What the job solves.') }),
      compare.extend({ kind: z.literal('compare').describe('What the job solves.') }),
    ])
    .describe('A long solve to run as a job: the body of /allocate, /batch or /compare with its kind.');
  return { validate, allocate, recommend, batch, compare, job };
}

const plainObject = z.record(z.string(), z.unknown());
/** What the routes parse: the envelope only; the engine parses the problem, case and scenarios. */
export const WireRequests = requests(plainObject, plainObject, plainObject);
/** What the OpenAPI document shows: the envelope with the full input schemas. */
export const DocumentedRequests = requests(ProblemSchema, CaseSchema, ScenarioSchema);

export type AllocateRequest = z.infer<typeof WireRequests.allocate>;
export type BatchRequest = z.infer<typeof WireRequests.batch>;
export type CompareRequest = z.infer<typeof WireRequests.compare>;
export type RecommendRequest = z.infer<typeof WireRequests.recommend>;
export type JobRequest = z.infer<typeof WireRequests.job>;
export type JobKind = JobRequest['kind'];
