/**
 * The policy lab's input contract (`caseload simulate lab.json`, `simulate(config)`): which service to
 * start from, how long and how often to run, which allocation policies to compare, and the model's
 * parameters. Every default is calibrated to a published figure or is a stated assumption; the README's
 * "Policy lab" section cites each one. Types derive from the schema.
 */
import { z } from 'zod';
import { PolicyPatchSchema } from './schema.js';

const share = z.number().finite().min(0).max(1);
const positive = z.number().finite().gt(0);
const weeks = z.number().int().min(0);

/** The synthetic service the lab starts from when no problem is given (src/input/synthetic.ts). */
export const SyntheticServiceSchema = z.strictObject({
  teams: z.number().int().min(1).max(100).default(8),
  workersPerTeam: z.number().int().min(6).max(200).default(19),
  /** Open cases per team at the start (16 per FTE is the published national mean; see model.casesPerFte). */
  casesPerTeam: z.number().int().min(0).default(270),
  seed: z.number().int().default(1),
});

export const PolicyKindSchema = z.enum(['random', 'round-robin', 'least-loaded', 'manager-greedy', 'continuity-first', 'optimised-intake', 'optimised-rebalance', 'handover']);

export const PolicySpecSchema = z.strictObject({
  /** Name in outputs; default the kind. */
  name: z.string().min(1).optional(),
  kind: PolicyKindSchema,
  /** Weeks a sick worker is away before their cases are reallocated. Default 2 (continuity-first: 4). */
  reallocateAfterWeeks: z.number().int().min(1).optional(),
  /** optimised-rebalance: rebalance every this many weeks (default 4, i.e. monthly). */
  rebalanceEvery: z.number().int().min(1).default(4),
  /** optimised-rebalance: at most this many moves per team per rebalance (default 3). */
  moveCap: z.number().int().min(0).default(3),
});

/** The weekly model. Rates are per year unless named weekly. */
export const ModelSchema = z.strictObject({
  /** Open cases per FTE the arrival rate is calibrated to (DfE workforce statistics: ~16). */
  casesPerFte: positive.default(16),
  /** Seasonal amplitude of referrals (cosine, ±share of the mean). */
  seasonalAmplitude: share.default(0.1),
  /** Week of the year (0-51) referrals peak. */
  seasonalPeakWeek: z.number().int().min(0).max(51).default(10),
  /** Shares of family sizes 1, 2, 3, 4 (sibling groups). */
  siblingSizes: z.array(share).length(4).default([0.5, 0.25, 0.15, 0.1]),
  /** Mix of case types at referral (type → share; normalised). */
  arrivalMix: z.record(z.string(), share).default({ 'assessment': 0.45, 'child-in-need': 0.2, 'child-protection': 0.12, 'disability': 0.06, 'looked-after': 0.07, 'care-leaver': 0.05, 'court': 0.05 }),
  /** Mean weeks a case stays in a type before it closes or changes type (geometric). */
  meanWeeks: z.record(z.string(), positive).default({ 'assessment': 7, 'child-in-need': 30, 'child-protection': 40, 'disability': 60, 'looked-after': 80, 'care-leaver': 70, 'court': 26 }),
  /** When a case leaves a type: probability it continues as another type (else it closes). */
  stepDown: z.record(z.string(), z.strictObject({ to: z.string(), probability: share })).default({
    'assessment': { to: 'child-in-need', probability: 0.5 },
    'child-protection': { to: 'child-in-need', probability: 0.6 },
    'court': { to: 'looked-after', probability: 0.6 },
  }),
  /** Annual turnover of permanent workers (DfE: ~16%). */
  turnover: share.default(0.16),
  /** Vacancy rate at the start (DfE: ~19%): vacant posts are added beside the filled ones. */
  vacancyRate: share.default(0.19),
  /** Mean weeks a vacated post stays vacant (geometric); default keeps the vacancy rate steady at ~19%. */
  vacancyWeeks: positive.default(76),
  /** Weeks between a leaver's notice and their last week. */
  noticeWeeks: weeks.default(4),
  /** Share of working time lost to sickness (DfE: ~3%), in spells of meanSicknessWeeks. */
  sicknessRate: share.default(0.03),
  meanSicknessWeeks: positive.default(2),
  /** Long leave (e.g. parental) starts per worker-year, and its length in weeks. */
  longLeavePerYear: share.default(0.03),
  longLeaveWeeks: z.number().int().min(1).default(39),
  /** Share of starters who are newly qualified (ASYE, protected caseload for asyeWeeks). */
  asyeShareOfStarters: share.default(0.3),
  asyeWeeks: z.number().int().min(1).default(52),
  /** Agency cover: a vacant post is covered by an agency worker after agencyWeeks (until a starter comes). */
  agencyCover: z.boolean().default(false),
  agencyWeeks: z.number().int().min(0).default(4),
});

export const LabSchema = z.strictObject({
  name: z.string().min(1).default('lab'),
  /** The service at week 0: a problem (object, or a file path the CLI reads) or the seeded generator. */
  problem: z.union([z.string().min(1), z.record(z.string(), z.unknown())]).optional(),
  synthetic: SyntheticServiceSchema.optional(),
  /** Changes to the problem's policy for the whole lab (e.g. a tighter caseload cap). */
  policy: PolicyPatchSchema.optional(),
  weeks: z.number().int().min(1).max(520).default(52),
  /** Weeks run before measuring starts (not counted in the per-run metrics). */
  warmupWeeks: weeks.default(8),
  replications: z.number().int().min(1).max(10000).default(30),
  seed: z.number().int().default(1),
  policies: z.array(PolicySpecSchema).min(1).default(PolicyKindSchema.options.map((kind) => ({ kind, rebalanceEvery: 4, moveCap: 3 }))),
  model: ModelSchema.default(ModelSchema.parse({})),
  /** Confidence level of the intervals. */
  confidence: z.number().gt(0.5).lt(1).default(0.95),
  /** Add replications (in batches) until this run metric's interval half-width is at most `halfWidth` for every policy. */
  target: z.strictObject({ metric: z.string(), halfWidth: positive, maxReplications: z.number().int().min(2).default(200) }).optional(),
  /** Core iterations per optimised team-week solve (an effort limit: results do not depend on the machine). */
  effort: z.number().int().min(1).default(100),
  /** Pass every week's allocation of every policy through the independent checker. */
  check: z.boolean().default(true),
  /** Replications whose per-worker panel and per-child event log are kept (the first ones). */
  detailReplications: z.number().int().min(0).default(1),
});

export type LabInput = z.input<typeof LabSchema>;
export type Lab = z.infer<typeof LabSchema>;
export type LabModel = z.infer<typeof ModelSchema>;
export type PolicySpec = z.infer<typeof PolicySpecSchema>;
export type PolicyKind = z.infer<typeof PolicyKindSchema>;
