/**
 * The input contract: zod strict schemas at the boundary. Calling systems code against these field
 * names; the CSV columns use the same names. TypeScript types are inferred from the schemas.
 */
import { z } from 'zod';
import { RESERVED_KEYS, RESERVED_NAMES } from './guards.js';

const id = z
  .string()
  .min(1, 'must not be empty')
  .max(200)
  .refine((s) => s.trim() === s, 'must not start or end with spaces');
const name = z.string().min(1, 'must not be empty');
const nonNegative = z.number().finite().min(0);
/** A name the user defines as a policy record key: never an Object.prototype member (toString, __proto__, …). */
const policyKey = name.refine((k) => !RESERVED_NAMES.has(k), { error: (iss) => `${JSON.stringify(iss.input)} is a reserved name (it is a built-in property of every object); choose another` });
/** Free-text columns carried through to the output (a worker's name, notes): not used by the allocation. */
const labels = z
  .record(
    z.string().min(1).refine((k) => !RESERVED_KEYS.has(k), { error: (iss) => `${JSON.stringify(iss.input)} is a reserved key and cannot be a label` }),
    z.string(),
  )
  .optional();

export const WorkerSchema = z.strictObject({
  /** Unique worker id. */
  id: id.describe('Unique worker id.'),
  /** Team the worker belongs to (batch runs solve teams separately). */
  team: name.default('team').describe('Team the worker belongs to (batch runs solve teams separately).'),
  /** A role defined by the policy, e.g. qualified, senior, asye, student. */
  role: name.default('qualified').describe('A role defined by the policy, e.g. qualified, senior, asye, student.'),
  /** Full-time equivalent, 0 < fte <= 1. */
  fte: z.number().finite().gt(0, 'must be greater than 0').lte(1, 'must be at most 1').describe('Full-time equivalent, 0 < fte <= 1.'),
  /** Skills the worker holds (from the policy's skill list). */
  skills: z.array(name).default([]).describe('Skills the worker holds (from the policy\'s skill list).'),
  /** false: on leave or leaving — takes no cases, and every case of theirs must move. */
  available: z.boolean().default(true).describe('false: on leave or leaving — takes no cases, and every case of theirs must move.'),
  /** Hours a week reserved for other duties (duty rota, training); converted to points pro rata. */
  reductionHours: nonNegative.default(0).describe('Hours a week reserved for other duties (duty rota, training); converted to points pro rata.'),
  /** Points reserved for other duties, taken off capacity after role and FTE scaling. */
  reductionPoints: nonNegative.default(0).describe('Points reserved for other duties, taken off capacity after role and FTE scaling.'),
  /** Override: capacity in case points (replaces the policy's calculation). */
  capacityPoints: nonNegative.optional().describe('Override: capacity in case points (replaces the policy\'s calculation).'),
  /** Override: maximum number of cases (replaces the policy's calculation). */
  maxCases: z.number().int().min(0).optional().describe('Override: maximum number of cases (replaces the policy\'s calculation).'),
  /** Hours a week of the worker's other duties taken on by support staff (adds case capacity pro rata). */
  supportHours: nonNegative.default(0).describe('Hours a week of the worker\'s other duties taken on by support staff (adds case capacity pro rata).'),
  /** Labels carried through to the output (e.g. name, notes: the CSV's extra columns); not used by the allocation. */
  labels: labels.describe('Labels carried through to the output (e.g. a name, notes: a spreadsheet\'s extra columns); not used by the allocation.'),
});

export const CaseSchema = z.strictObject({
  /** Unique case id (one child). No personal data is needed. */
  id: id.describe('Unique case id (one child). No personal data is needed.'),
  /** A case type defined by the policy, e.g. child-protection, court. */
  type: name.describe('A case type defined by the policy, e.g. child-protection, court.'),
  /** Complexity modifiers defined by the policy, each adding points. */
  modifiers: z.array(name).default([]).describe('Complexity modifiers defined by the policy, each adding points.'),
  /** Family / sibling group: cases sharing it go to one worker (when the policy keeps siblings together). */
  familyId: id.nullable().default(null).describe('Family / sibling group: cases sharing it go to one worker (when the policy keeps siblings together).'),
  /** Skills a worker must hold to take the case. */
  requiredSkills: z.array(name).default([]).describe('Skills a worker must hold to take the case.'),
  /** Skills that make a worker a better fit (soft). */
  preferredSkills: z.array(name).default([]).describe('Skills that make a worker a better fit (soft).'),
  /** The worker who holds the case now (continuity); null for a new referral. */
  currentWorkerId: id.nullable().default(null).describe('The worker who holds the case now (continuity); null for a new referral.'),
  /** true: the case stays with its current worker. */
  pinned: z.boolean().default(false).describe('true: the case stays with its current worker.'),
  /** Workers who must not take the case (conflict of interest). */
  excludedWorkerIds: z.array(id).default([]).describe('Workers who must not take the case (conflict of interest).'),
  /** Override: the case's points (replaces type + modifiers). */
  points: z.number().finite().gt(0).optional().describe('Override: the case\'s points (replaces type + modifiers).'),
  /** The team responsible (batch runs); null = the current worker's team. */
  team: name.nullable().default(null).describe('The team responsible (batch runs); null = the current worker\'s team.'),
  /** The case needs a second worker (co-worker), who carries policy.coWorkerShare of its points. */
  coWorked: z.boolean().default(false).describe('The case needs a second worker (co-worker), who carries policy.coWorkerShare of its points.'),
  /** Labels carried through to the output (e.g. notes: the CSV's extra columns); not used by the allocation. */
  labels: labels.describe('Labels carried through to the output (e.g. notes: a spreadsheet\'s extra columns); not used by the allocation.'),
});

const CaseTypeSchema = z.strictObject({
  /** Points a case of this type carries before modifiers. */
  points: z.number().finite().gt(0).describe('Points a case of this type carries before modifiers.'),
  /**
   * How urgently a case of this type is placed when not every case can be: leaving one waiting costs
   * weights.unallocated × priority, so referrals of higher priority are placed first. Default 1.
   */
  priority: z.number().finite().gt(0).max(1000).default(1).describe('How urgently a case of this type is placed when not every case can be: leaving one waiting costs weights.unallocated × priority. Default 1.'),
  /** Human label for reports. */
  label: z.string().optional().describe('Human label for reports.'),
});

const RoleSchema = z.strictObject({
  /** Multiplies capacity points and the maximum case count (ASYE 0.9 = protected caseload). */
  capacityFactor: z.number().finite().min(0).max(2).describe('Multiplies capacity points and the maximum case count (ASYE 0.9 = protected caseload).'),
  /** Case types this role may not hold (e.g. ASYE: no child-protection or court case). */
  excludedCaseTypes: z.array(name).default([]).describe('Case types this role may not hold (e.g. ASYE: no child-protection or court case).'),
  /** Excluded case types this role may lead when the case is co-worked (e.g. ASYE on child protection). */
  allowedIfCoWorked: z.array(name).default([]).describe('Excluded case types this role may lead when the case is co-worked (e.g. ASYE on child protection).'),
  /** Per-type maximum number of cases for a worker of this role (overrides policy.caseTypeCaps). */
  caseTypeCaps: z.record(policyKey, z.number().int().min(0)).default({}).describe('Per-type maximum number of cases for a worker of this role (overrides policy.caseTypeCaps).'),
  label: z.string().optional().describe('Human label for reports.'),
});

export const WeightsSchema = z.strictObject({
  /** Per case left unallocated. */
  unallocated: nonNegative.default(1000).describe('Per case left unallocated.'),
  /** Per point above the worker's target (targetUtilisation × capacity points). */
  overTarget: nonNegative.default(20).describe('Per point above the worker\'s target (targetUtilisation × capacity points).'),
  /** Per case moved away from an available current worker. */
  move: nonNegative.default(10).describe('Per case moved away from an available current worker.'),
  /** Per percentage point of the highest utilisation in the team (protects the most-loaded first). */
  maxUtilisation: nonNegative.default(1).describe('Per percentage point of the highest utilisation in the team (protects the most-loaded first).'),
  /** Per point above each balance threshold (a convex penalty that evens out the spread). */
  spread: nonNegative.default(0.2).describe('Per point above each balance threshold (a convex penalty that evens out the spread).'),
  /** Per preferred skill the chosen worker lacks. */
  preferredSkillMissing: nonNegative.default(2).describe('Per preferred skill the chosen worker lacks.'),
});

export const PolicySchema = z.strictObject({
  /** Case types and their base points. */
  caseTypes: z.record(policyKey, CaseTypeSchema).describe('Case types and their base points.'),
  /** Complexity modifiers and the points each adds (may be negative, total stays > 0). */
  modifiers: z.record(policyKey, z.number().finite()).default({}).describe('Complexity modifiers and the points each adds (may be negative, total stays > 0).'),
  /** Known skills; a skill outside this list is an input error. */
  skills: z.array(name).default([]).describe('Known skills; a skill outside this list is an input error.'),
  /** Roles and their capacity factor and restrictions. */
  roles: z.record(policyKey, RoleSchema).describe('Roles and their capacity factor and restrictions.'),
  /** Capacity points of a full-time worker before reservations. */
  pointsPerFte: z.number().finite().gt(0).default(100).describe('Capacity points of a full-time worker before reservations.'),
  /** Points of a full-time worker reserved for non-case work (supervision, training, admin). */
  reservedPointsPerFte: nonNegative.default(10).describe('Points of a full-time worker reserved for non-case work (supervision, training, admin).'),
  /** Contracted hours of a full-time worker (converts reductionHours to points). */
  hoursPerFte: z.number().finite().gt(0).default(37).describe('Contracted hours of a full-time worker (converts reductionHours to points).'),
  /** Maximum cases of a full-time worker, scaled by FTE and role factor. */
  maxCasesPerFte: z.number().finite().gt(0).default(20).describe('Maximum cases of a full-time worker, scaled by FTE and role factor.'),
  /** Per-type maximum number of cases per worker, any role. */
  caseTypeCaps: z.record(policyKey, z.number().int().min(0)).default({}).describe('Per-type maximum number of cases per worker, any role.'),
  /** Utilisation above which points are penalised as over target (1 = 100% of capacity points). */
  targetUtilisation: z.number().finite().gt(0).default(1).describe('Utilisation above which points are penalised as over target (1 = 100% of capacity points).'),
  /** Hard maximum utilisation: a worker's points never exceed this fraction of capacity points. */
  maxUtilisation: z.number().finite().gt(0).default(1.1).describe('Hard maximum utilisation: a worker\'s points never exceed this fraction of capacity points.'),
  /** Utilisation thresholds of the spread penalty (each adds weights.spread per point above it). */
  balanceThresholds: z.array(z.number().finite().gt(0)).default([0.8, 0.9, 1]).describe('Utilisation thresholds of the spread penalty (each adds weights.spread per point above it).'),
  /** Objective weights (all minimised). */
  weights: WeightsSchema.default(WeightsSchema.parse({})).describe('Objective weights (all minimised).'),
  /** May a case stay unallocated (at weights.unallocated × its type's priority) when no allocation can hold it? */
  allowUnallocated: z.boolean().default(true).describe("May a case stay unallocated (at weights.unallocated × its type's priority) when no allocation can hold it?"),
  /**
   * Over capacity, the way a manager works ('keep-held', the default): a child held by an available
   * worker is never left unallocated to meet a limit; a worker already above a hard limit keeps what
   * they hold but receives nothing new; new referrals that fit nowhere wait, in priority order.
   * 'limit-first': the hard limits come first, so held children may be left unallocated to meet them.
   */
  overCapacity: z.enum(['keep-held', 'limit-first']).default('keep-held').describe("Over capacity: 'keep-held' (default) — a child held by an available worker who may keep them is never left unallocated to meet a limit, a worker already above a hard limit keeps what they hold and receives nothing new, new referrals that fit nowhere wait in priority order; 'limit-first' — the hard limits come first."),
  /** Share of a co-worked case's points the co-worker carries. */
  coWorkerShare: z.number().finite().gt(0).max(1).default(0.5).describe('Share of a co-worked case\'s points the co-worker carries.'),
  /** Does a co-worked case count towards the co-worker's number of cases? */
  coWorkerCountsAsCase: z.boolean().default(true).describe('Does a co-worked case count towards the co-worker\'s number of cases?'),
  /** Siblings (same familyId) go to one worker. */
  keepSiblingsTogether: z.boolean().default(true).describe('Siblings (same familyId) go to one worker.'),
  /** At most this many moves of cases away from available current workers; null = no cap. */
  maxMoves: z.number().int().min(0).nullable().default(null).describe('At most this many moves of cases away from available current workers; null = no cap.'),
});

/**
 * A policy as written by a user: every field optional and WITHOUT defaults (a missing field means
 * "keep the base policy's value", so a patch never resets what it does not mention).
 */
export const PolicyPatchSchema = z.strictObject({
  ...Object.fromEntries(Object.entries(PolicySchema.shape).map(([key, field]) => [key, withoutDefault(field).optional()])),
  weights: z.strictObject(Object.fromEntries(Object.entries(WeightsSchema.shape).map(([key, field]) => [key, withoutDefault(field).optional()]))).optional().describe('Objective weights (all minimised); an omitted weight keeps the base policy\'s value.'),
}) as unknown as z.ZodType<PolicyPatchShape, PolicyPatchShape>;

type PolicyPatchShape = Partial<Omit<z.input<typeof PolicySchema>, 'weights'>> & { weights?: Partial<z.input<typeof WeightsSchema>> };

function withoutDefault(field: z.ZodType): z.ZodType {
  if (!(field instanceof z.ZodDefault)) return field;
  // The description sits on the default wrapper; keep it on the field that replaces it.
  const inner = field.removeDefault() as z.ZodType;
  return field.description ? inner.describe(field.description) : inner;
}

export const ProblemSchema = z.strictObject({
  workers: z.array(WorkerSchema).min(1, 'needs at least one worker').describe('The workers of the team (or of the whole service, for batch runs).'),
  cases: z.array(CaseSchema).describe('The cases (one per child) to allocate, with their current workers.'),
  /** Changes to the default policy; omitted = the default policy. */
  policy: PolicyPatchSchema.optional().describe('Changes to the default policy; omitted = the default policy.'),
});

export type Worker = z.infer<typeof WorkerSchema>;
export type Case = z.infer<typeof CaseSchema>;
export type Policy = z.infer<typeof PolicySchema>;
export type Weights = z.infer<typeof WeightsSchema>;
export type PolicyPatch = z.input<typeof PolicyPatchSchema>;
export type Role = z.infer<typeof RoleSchema>;
/** A problem as a calling system writes it (defaults optional). */
export type ProblemInput = z.input<typeof ProblemSchema>;
/** A problem after parsing: defaults filled in, policy merged. */
export interface Problem {
  readonly workers: readonly Worker[];
  readonly cases: readonly Case[];
  readonly policy: Policy;
}

/** JSON Schema of the problem file, for other systems (`caseload schema`). */
export function problemJsonSchema(): unknown {
  return z.toJSONSchema(ProblemSchema, { io: 'input' });
}
