/**
 * The output contract: zod schemas of what the engine answers (an allocation, a batch, a
 * recommendation, a comparison), every field described. Calling systems generate clients from their
 * JSON Schema (`caseload schema --result`, the service's /openapi.json); the tests validate real
 * answers against it, so a field added to a result without a place here fails them.
 */
import { z } from 'zod';

const caseId = z.string().describe('The case id, as in the input.');
const workerId = z.string().describe('The worker id, as in the input.');

export const SolveStatusSchema = z
  .enum(['optimal', 'feasible', 'infeasible', 'timedout'])
  .describe('optimal: proven best; feasible: an allocation, not proven best; infeasible: no allocation meets every hard rule; timedout: none found in the time given.');

export const BandSchema = z.enum(['red', 'amber', 'green', 'blue']).describe('Utilisation band: red over capacity, amber near it, green within, blue light (or no capacity).');

const AssignmentSchema = z.object({ caseId, workerId: workerId.describe('The worker the case is allocated to.') }).describe('A case and its worker.');
const UnallocatedSchema = z.object({ caseId, reason: z.string().describe('Why no worker takes it, in words.') }).describe('A case left without a worker, and why.');
const MoveSchema = z
  .object({
    caseId,
    from: z.string().describe('The worker who held the case before.'),
    to: z.string().nullable().describe('The worker who holds it now (null = unallocated).'),
  })
  .describe('A case whose worker changes.');

export const WorkerSummarySchema = z
  .object({
    workerId,
    team: z.string().describe('The worker\'s team.'),
    role: z.string().describe('The worker\'s role (from the policy).'),
    available: z.boolean().describe('false: on leave or leaving (holds no cases).'),
    cases: z.number().int().describe('Cases carried after the allocation (co-worked cases count where the policy says so).'),
    points: z.number().describe('Case points carried after the allocation (a co-worker carries policy.coWorkerShare of a case).'),
    capacityPoints: z.number().describe('Capacity in case points (role, FTE and reservations applied).'),
    utilisation: z.number().describe('points / capacityPoints (0 when capacity is 0).'),
    band: BandSchema,
    maxCases: z.number().int().describe('The most cases the worker may hold.'),
    casesBefore: z.number().int().describe('Cases held before this allocation (from currentWorkerId).'),
    pointsBefore: z.number().describe('Points held before this allocation (from currentWorkerId).'),
    pointsByType: z.record(z.string(), z.number()).optional().describe('Points carried per case type (present when there is an allocation).'),
    casesIn: z
      .array(z.object({ caseId, from: z.string().nullable().describe('The previous worker (null = a new referral).') }))
      .optional()
      .describe('Cases gained, and where from.'),
    casesOut: z
      .array(z.object({ caseId, to: z.string().nullable().describe('The new worker (null = left unallocated).') }))
      .optional()
      .describe('Cases given up, and where to.'),
    notes: z.array(z.string()).optional().describe('What changed for this worker and why, in words.'),
  })
  .describe('One worker\'s figures after the allocation.');

export const DiagnosisSchema = z
  .object({
    proven: z.boolean().describe('true: the conflict is proven (each group is necessary and together they cannot hold).'),
    summary: z.string().describe('The conflict in one sentence.'),
    conflicts: z
      .array(z.object({ group: z.string().describe('The constraint group\'s id.'), words: z.string().describe('The constraint group in words.') }))
      .describe('A minimal set of conflicting constraint groups.'),
    details: z.array(z.string()).describe('Aggregate facts behind the conflict, e.g. "… total 84 points; those workers may carry 60".'),
  })
  .describe('Why no allocation satisfies the hard rules.');

export const AllocationStatsSchema = z
  .object({
    solver: z.string().describe('The backend that found the answer (×N: the best of an N-seed portfolio).'),
    seconds: z.number().describe('Wall-clock seconds of the solve.'),
    iterations: z.number().describe('Search iterations, summed over the portfolio.'),
    verified: z.boolean().describe('true: the allocation passed the independent checker (hard rules re-verified, objective recomputed).'),
    stop: z.enum(['optimal', 'infeasible', 'time', 'effort', 'target-gap', 'first-answer']).optional().describe('Why the solve stopped: proven optimal or infeasible, its time, effort or target-gap limit, or first-answer: the time limit was too short for a first allocation, which came after it, unimproved.'),
    queueSeconds: z.number().optional().describe('Seconds the solve waited before it started (the time limit counts from the start): in the HTTP service\'s queue, on answers from the service; on a batch\'s teams, for a pool thread or (threads 0) for the teams before it (their seconds are their own solve\'s).'),
  })
  .describe('How the answer was found.');

const HeldAboveLimitSchema = z
  .object({
    workerId: z.string().describe('The worker.'),
    points: z.number().describe('Points they carry.'),
    limitPoints: z.number().describe('Their hard limit (maxUtilisation × capacity).'),
    overBy: z.number().describe('points − limitPoints.'),
    utilisation: z.number().describe('points / capacity.'),
  })
  .describe('A worker carrying more than the hard limit (they keep what they hold under keep-held, taking nothing new).');

const capacityFields = {
  demandPoints: z.number().describe('Points of every case (co-working shares included).'),
  capacityPoints: z.number().describe('Capacity points of the available workers (100 % utilisation).'),
  targetPoints: z.number().describe('What they carry at the policy\'s target utilisation.'),
  demandRatio: z.number().describe('demandPoints / targetPoints (0 when there is no capacity).'),
  overCapacity: z.boolean().describe('Demand exceeds capacity at target.'),
  pointsShort: z.number().describe('Points above target over all workers plus the points of everything waiting: the work new capacity would have to take.'),
  fteShort: z.number().describe('pointsShort ÷ the points a full-time worker carries at target.'),
  heldAboveLimit: z.array(HeldAboveLimitSchema).describe('Workers above the hard limit, most over first.'),
  waiting: z
    .object({
      cases: z.number().int().describe('Cases waiting for a worker.'),
      points: z.number().describe('Their points (co-working shares without a co-worker included).'),
      byType: z.array(z.object({ type: z.string().describe('Case type.'), cases: z.number().int().describe('Cases of the type waiting.'), priority: z.number().describe('The type\'s priority in the policy.') }).describe('Waiting cases of one type.')).describe('By case type, highest priority first.'),
    })
    .describe('What waits for a worker.'),
};

export const CapacityFiguresSchema = z.object(capacityFields).describe('Demand against capacity.');

export const CapacityReportSchema = z
  .object({
    ...capacityFields,
    headline: z.string().describe('The figures in one sentence, e.g. "Demand 1,520 points against 1,010 at target (150 %): 510 points short, about 5.7 FTE; …".'),
    teams: z.array(z.object({ team: z.string().describe('The team.'), ...capacityFields }).describe('One team\'s demand against capacity.')).describe('Per team.'),
  })
  .describe('Demand against capacity for the service and per team.');

export const PinWarningSchema = z
  .object({
    caseId: z.string().describe('The pinned child.'),
    workerId: z.string().describe('The worker the pin holds them with.'),
    pinnedCaseId: z.string().describe('The case carrying the pin (itself, or the sibling whose pin holds the family).'),
    rule: z.string().describe('The rule the pin overrides (missing-skill, role-restriction, type-cap).'),
    words: z.string().describe('The same in words.'),
  })
  .describe('A pin that overrides a skill, role or case-type rule.');

export const AllocationResultSchema = z
  .object({
    status: SolveStatusSchema,
    objective: z.number().nullable().describe('The objective recomputed by the checker (lower is better; null when there is no allocation).'),
    bound: z.number().nullable().describe('Proven lower bound on the objective, or null.'),
    gap: z.number().nullable().describe('Relative gap (objective − bound) / max(1, |objective|), or null.'),
    assignments: z.array(AssignmentSchema).describe('Every allocated case and its worker.'),
    unallocated: z.array(UnallocatedSchema).describe('Cases left without a worker, with the reason in words.'),
    moves: z.array(MoveSchema).describe('Cases whose worker changes.'),
    coWorkers: z.array(AssignmentSchema).optional().describe('Co-worked cases: the second worker of each (present only when some case is co-worked).'),
    unallocatedCoWorkers: z.array(UnallocatedSchema).optional().describe('Co-worked cases left without a co-worker, with the reason.'),
    workers: z.array(WorkerSummarySchema).describe('Per worker figures, in input order.'),
    stats: AllocationStatsSchema,
    mode: z.enum(['rebalance', 'intake', 'handover']).optional().describe('The continuity workflow solved (absent = rebalance, the problem as given).'),
    leaving: z.array(z.string()).optional().describe('handover: the workers who left.'),
    diagnosis: DiagnosisSchema.optional(),
    capacity: CapacityReportSchema,
    pinWarnings: z.array(PinWarningSchema).describe('Pinned children whose pin overrides a rule, each with the rule.'),
  })
  .describe('A verified allocation of one team\'s cases.');

export const ServiceFiguresSchema = z
  .object({
    workers: z.number().int().describe('Available workers (the ones carrying cases).'),
    cases: z.number().int().describe('Cases in the service.'),
    allocated: z.number().int().describe('Cases with a worker.'),
    unallocated: z.number().int().describe('Cases without a worker.'),
    moves: z.number().int().describe('Cases whose worker changes.'),
    capacityPoints: z.number().describe('Capacity points of the available workers.'),
    meanCases: z.number().describe('Mean cases per available worker.'),
    maxCases: z.number().describe('The most cases any worker carries.'),
    meanPoints: z.number().describe('Mean points per available worker.'),
    maxPoints: z.number().describe('The most points any worker carries.'),
    meanUtilisation: z.number().describe('Total points / total capacity of available workers.'),
    maxUtilisation: z.number().describe('The highest utilisation of any worker.'),
    bands: z.record(BandSchema, z.number().int()).describe('Available workers per utilisation band.'),
  })
  .describe('Service-wide figures.');

export const TeamOutcomeSchema = z
  .object({
    team: z.string().describe('The team\'s name.'),
    result: AllocationResultSchema.nullable().describe('The team\'s verified result, or null when its solve failed.'),
    error: z.string().nullable().describe('Why the team\'s solve failed, or null.'),
  })
  .describe('One team of a batch.');

export const BatchResultSchema = z
  .object({
    status: z.enum(['optimal', 'feasible', 'infeasible', 'timedout', 'failed']).describe('The weakest team status (failed when a team\'s solve failed).'),
    objective: z.number().nullable().describe('Sum of the team objectives (null when a team has none); with crossTeam, the service-wide solve\'s.'),
    bound: z.number().nullable().describe('Sum of the team bounds (null when a team has none).'),
    gap: z.number().nullable().describe('Relative gap (objective − bound) / max(1, |objective|), or null.'),
    crossTeam: z.boolean().describe('true: the service was solved as one problem, so cases may cross teams.'),
    teams: z.array(TeamOutcomeSchema).describe('Each team\'s outcome.'),
    service: ServiceFiguresSchema,
    assignments: z.array(AssignmentSchema).describe('Every allocated case and its worker, across teams.'),
    unallocated: z.array(UnallocatedSchema).describe('Cases left without a worker, across teams.'),
    moves: z.array(MoveSchema).describe('Every case whose worker changes, across teams too.'),
    coWorkers: z.array(AssignmentSchema).optional().describe('Co-worked cases: the second worker of each, across teams.'),
    unallocatedCoWorkers: z.array(UnallocatedSchema).optional().describe('Co-worked cases left without a co-worker, across teams.'),
    workers: z.array(WorkerSummarySchema).describe('Per worker figures of every team that finished.'),
    capacity: CapacityReportSchema,
    pinWarnings: z.array(PinWarningSchema).describe('Pinned children whose pin overrides a rule, across teams.'),
    stats: z
      .object({
        solver: z.string().describe('The backends that found the teams\' answers.'),
        seconds: z.number().describe('Wall-clock seconds of the whole batch.'),
        iterations: z.number().describe('Search iterations over every team.'),
        verified: z.boolean().describe('true: every team finished and passed the independent checker.'),
        threads: z.number().int().describe('Worker threads the batch ran on.'),
        queueSeconds: z.number().optional().describe('Seconds the request waited in the service\'s queue before its solve started. Present on answers from the HTTP service.'),
      })
      .describe('How the batch ran.'),
  })
  .describe('A batch reallocation of a whole service, team by team: the same top-level fields as an allocation, plus each team\'s result.');

const ObjectiveTermsSchema = z
  .object({
    unallocated: z.number().describe('Change in the unallocated-case charge.'),
    moves: z.number().describe('Change in the move charge.'),
    preferences: z.number().describe('Change in the missing-preferred-skill charge.'),
    overTarget: z.number().describe('Change in the over-target charge.'),
    spread: z.number().describe('Change in the spread (balance) charge.'),
    maxUtilisation: z.number().describe('Change in the highest-utilisation charge.'),
  })
  .describe('The objective change, term by term.');

export const RecommendationSchema = z
  .object({
    caseId: z.string().describe('The new referral\'s id.'),
    unit: z.array(z.string()).describe('The case and any siblings already in the team (they go together).'),
    points: z.number().describe('Points of the referral (with its siblings).'),
    workers: z
      .array(
        z
          .object({
            rank: z.number().int().describe('1 = best.'),
            workerId,
            scoreChange: z.number().describe('Objective change against the team as it stands without the referral (lower is better).'),
            terms: ObjectiveTermsSchema,
            pointsAfter: z.number().describe('The worker\'s points with the referral.'),
            capacityPoints: z.number().describe('The worker\'s capacity points.'),
            utilisationAfter: z.number().describe('The worker\'s utilisation with the referral.'),
            bandAfter: BandSchema,
            reasons: z.array(z.string()).describe('The deciding terms and facts, in words.'),
            coWorker: z
              .object({
                workerId,
                pointsAfter: z.number().describe('The co-worker\'s points with the referral.'),
                utilisationAfter: z.number().describe('The co-worker\'s utilisation with the referral.'),
              })
              .nullable()
              .optional()
              .describe('A co-worked referral only: the best co-worker beside this worker (null = none can).'),
          })
          .describe('A worker who may take the referral.'),
      )
      .describe('The best k feasible workers, best first.'),
    cannot: z
      .array(z.object({ workerId, reasons: z.array(z.string()).describe('Why not, in words.') }))
      .describe('Workers who cannot take it, and why.'),
    coWorked: z.boolean().optional().describe('The referral is co-worked: each recommended worker is its lead, with the best co-worker beside them.'),
  })
  .describe('Who should take a new referral, without re-solving the team.');

export const ScenarioOutcomeSchema = z
  .object({
    name: z.string().describe('The scenario\'s name (baseline = the data as given).'),
    annualCost: z.number().describe('What the scenario costs a year.'),
    hoursFreed: z.number().describe('Worker hours a week the scenario frees.'),
    workersAdded: z.number().int().describe('Workers the scenario adds.'),
    workersRemoved: z.number().int().describe('Workers the scenario removes.'),
    capacityPoints: z.number().describe('Capacity points of the available workers.'),
    capacityAdded: z.number().describe('Capacity points added against the baseline.'),
    costPerCapacityPoint: z.number().nullable().describe('annualCost / capacityAdded (null when nothing was added).'),
    figures: ServiceFiguresSchema,
    status: BatchResultSchema.shape.status,
    objective: z.number().nullable().describe('The service objective under the scenario.'),
    reachesTarget: z.boolean().describe('Every case allocated and the mean caseload within the target.'),
    target: z.string().describe('The target, in words.'),
  })
  .describe('One scenario of a comparison.');

export const ComparisonSchema = z
  .object({
    baseline: ScenarioOutcomeSchema,
    scenarios: z.array(ScenarioOutcomeSchema).describe('Each scenario, in the order given.'),
  })
  .describe('The same data under several scenarios, side by side.');

export const ValidationResultSchema = z
  .object({
    ok: z.boolean().describe('true: the problem is valid.'),
    workers: z.number().int().optional().describe('Workers in the problem (when valid).'),
    cases: z.number().int().optional().describe('Cases in the problem (when valid).'),
    issues: z
      .array(z.object({ path: z.string().describe('Where, e.g. cases[12].currentWorkerId.'), message: z.string().describe('What is wrong, naming the value.') }))
      .describe('Every problem found (empty when valid).'),
  })
  .describe('The outcome of checking a problem without solving it.');

/** JSON Schema of the allocation result (`caseload schema --result`). */
export function resultJsonSchema(): unknown {
  return z.toJSONSchema(AllocationResultSchema, { io: 'output' });
}
