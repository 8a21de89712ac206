/**
 * Demand against capacity, in the words a head of service uses: how many points of work there are, how
 * many the workers can carry at target, how far short the team is (in points and in FTE), who is held
 * above the hard limit, and which referrals wait. Over capacity is the normal state of the services we
 * serve, so these figures lead every report.
 *
 * Points short = Σ over available workers of max(0, points − target) + the points of every case (and
 * co-working share) left waiting: the work that would have to go to new capacity for every worker to be
 * at target and nothing to wait. FTE short = points short ÷ the points one full-time qualified worker
 * carries at target ((pointsPerFte − reservedPointsPerFte) × targetUtilisation).
 */
import type { Policy } from '../input/schema.js';
import { roundTo } from '../util/numbers.js';

export interface HeldAboveLimit {
  readonly workerId: string;
  readonly points: number;
  readonly limitPoints: number;
  /** points − limitPoints. */
  readonly overBy: number;
  readonly utilisation: number;
}

export interface CapacityFigures {
  /** Points of every case (co-working shares included). */
  readonly demandPoints: number;
  /** Capacity of the available workers (100 % utilisation). */
  readonly capacityPoints: number;
  /** What they carry at the policy's target utilisation. */
  readonly targetPoints: number;
  /** demandPoints / targetPoints (0 when there is no capacity). */
  readonly demandRatio: number;
  readonly overCapacity: boolean;
  readonly pointsShort: number;
  readonly fteShort: number;
  /** Workers carrying more than their hard limit (held cases they keep under the default policy). */
  readonly heldAboveLimit: readonly HeldAboveLimit[];
  /** Cases waiting for a worker, with their points, by case type (highest priority first). */
  readonly waiting: { readonly cases: number; readonly points: number; readonly byType: readonly { readonly type: string; readonly cases: number; readonly priority: number }[] };
}

/** One available worker's load, as the report has it. */
export interface WorkerLoad {
  readonly workerId: string;
  readonly available: boolean;
  readonly points: number;
  readonly capacityPoints: number;
}

/** One case left waiting (or a co-worker share without a co-worker). */
export interface WaitingCase {
  readonly type: string;
  readonly points: number;
  /** A co-worker share: counts in points, not in cases. */
  readonly share?: boolean;
}

export function capacityFigures(policy: Policy, workers: readonly WorkerLoad[], waiting: readonly WaitingCase[]): CapacityFigures {
  let carried = 0;
  let capacity = 0;
  let overTarget = 0;
  const above: HeldAboveLimit[] = [];
  for (const w of workers) {
    if (!w.available) continue;
    carried += w.points;
    capacity += w.capacityPoints;
    overTarget += Math.max(0, w.points - w.capacityPoints * policy.targetUtilisation);
    const limit = w.capacityPoints * policy.maxUtilisation;
    if (w.points > limit + 1e-7) {
      above.push({ workerId: w.workerId, points: roundTo(w.points), limitPoints: roundTo(limit), overBy: roundTo(w.points - limit), utilisation: w.capacityPoints > 0 ? roundTo(w.points / w.capacityPoints, 4) : 0 });
    }
  }
  let waitingPoints = 0;
  let waitingCases = 0;
  const byType = new Map<string, number>();
  for (const c of waiting) {
    waitingPoints += c.points;
    if (c.share) continue;
    waitingCases++;
    byType.set(c.type, (byType.get(c.type) ?? 0) + 1);
  }
  return figures(policy, { demand: carried + waitingPoints, capacity, pointsShort: overTarget + waitingPoints, above, waitingCases, waitingPoints, byType });
}

/** The figures of several teams together (the held-above list and waiting types merged). */
export function combineCapacity(policy: Policy, parts: readonly CapacityFigures[]): CapacityFigures {
  const sum = (pick: (c: CapacityFigures) => number) => parts.reduce((s, c) => s + pick(c), 0);
  const byType = new Map<string, number>();
  for (const c of parts) for (const t of c.waiting.byType) byType.set(t.type, (byType.get(t.type) ?? 0) + t.cases);
  return figures(policy, {
    demand: sum((c) => c.demandPoints),
    capacity: sum((c) => c.capacityPoints),
    pointsShort: sum((c) => c.pointsShort),
    above: parts.flatMap((c) => c.heldAboveLimit),
    waitingCases: sum((c) => c.waiting.cases),
    waitingPoints: sum((c) => c.waiting.points),
    byType,
  });
}

/** Totals → the reported figures: the ratios, FTE and orderings are derived here only. */
function figures(policy: Policy, t: { demand: number; capacity: number; pointsShort: number; above: HeldAboveLimit[]; waitingCases: number; waitingPoints: number; byType: ReadonlyMap<string, number> }): CapacityFigures {
  const target = t.capacity * policy.targetUtilisation;
  const perFte = (policy.pointsPerFte - policy.reservedPointsPerFte) * policy.targetUtilisation;
  const priority = (type: string) => policy.caseTypes[type]?.priority ?? 1;
  return {
    demandPoints: roundTo(t.demand),
    capacityPoints: roundTo(t.capacity),
    targetPoints: roundTo(target),
    demandRatio: target > 0 ? roundTo(t.demand / target, 4) : 0,
    overCapacity: t.demand > target + 1e-7,
    pointsShort: roundTo(t.pointsShort),
    fteShort: perFte > 0 ? roundTo(t.pointsShort / perFte, 1) : 0,
    heldAboveLimit: [...t.above].sort((a, b) => b.overBy - a.overBy),
    waiting: {
      cases: t.waitingCases,
      points: roundTo(t.waitingPoints),
      byType: [...t.byType].map(([type, cases]) => ({ type, cases, priority: priority(type) })).sort((a, b) => b.priority - a.priority || b.cases - a.cases || a.type.localeCompare(b.type)),
    },
  };
}

/**
 * A whole number as en-GB writes it (1,234,567), without Intl: the first toLocaleString of a process
 * loads the locale data (measured ~20 ms cold, 40-50 ms on a loaded machine), on every allocate's
 * report path. Non-finite values and -0 go to toLocaleString, so the words are the same.
 */
function grouped(x: number): string {
  const r = Math.round(x);
  if (!Number.isFinite(r) || Object.is(r, -0) || Math.abs(r) >= 1e21) return r.toLocaleString('en-GB');
  return String(r).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** The headline in plain words, e.g. "Demand 1,520 points against 1,010 at target (150 %): 510 points short, about 5.7 FTE; 4 workers held above the limit; 12 referrals wait (5 child-protection, 7 child-in-need)." */
export function capacityHeadline(c: CapacityFigures): string {
  const n = grouped;
  const plural = (k: number, one: string, many = `${one}s`) => `${k} ${k === 1 ? one : many}`;
  const parts = [`Demand ${n(c.demandPoints)} points against ${n(c.targetPoints)} at target (${Math.round(c.demandRatio * 100)} %)`];
  parts[0] += c.pointsShort > 0 ? `: ${n(c.pointsShort)} points short, about ${c.fteShort.toFixed(1)} FTE` : ': within capacity';
  const rest: string[] = [];
  if (c.heldAboveLimit.length) rest.push(`${plural(c.heldAboveLimit.length, 'worker')} held above the limit (keeping what they hold, taking nothing new)`);
  if (c.waiting.cases) rest.push(`${plural(c.waiting.cases, 'case')} wait for a worker (${c.waiting.byType.map((t) => `${t.cases} ${t.type}`).join(', ')})`);
  else rest.push('nothing waits');
  return `${[parts[0], ...rest].join('; ')}.`;
}
