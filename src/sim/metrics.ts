/**
 * What the lab measures, per week and per run. Weekly figures are service-wide (all teams); run
 * figures cover the weeks after the warm-up. Utilisation = points held / capacity points, over the
 * workers at work that week (present or briefly off sick; not those away long).
 */

/** Weekly series, one value per week. */
export const WEEKLY_METRICS = [
  'utilisation_sd', 'utilisation_gini', 'utilisation_p90', 'utilisation_max', 'share_over_100', 'share_over_110',
  'queue', 'arrivals', 'closures', 'open', 'moves', 'worker_changes', 'sibling_splits', 'asye_breaches', 'workers',
] as const;
export type WeeklyMetric = (typeof WEEKLY_METRICS)[number];

/** Per-run figures (after the warm-up). */
export const RUN_METRICS = [
  'utilisation_sd', 'utilisation_gini', 'utilisation_p90', 'utilisation_max',
  'share_over_100', 'share_over_110', 'share_workers_4wk_over_110',
  'changes_per_child_year', 'changes_per_child_year_leaver', 'changes_per_child_year_absence', 'changes_per_child_year_rebalance', 'changes_per_child_year_handover', 'changes_per_child_year_agency-end',
  'share_children_3plus_workers',
  'unallocated_child_days', 'wait_mean_days', 'wait_p90_days', 'queue_mean',
  'moves_per_week', 'sibling_splits_mean', 'asye_breaches',
] as const;
export type RunMetric = (typeof RUN_METRICS)[number];

export interface RunMeasures {
  readonly weekly: Readonly<Record<WeeklyMetric, Float64Array>>;
  readonly run: Readonly<Record<RunMetric, number>>;
  /** Little's law accounting over the whole run: Σ weekly queue lengths, and Σ of every waiting spell's weeks. */
  readonly little: { readonly queueWeeks: number; readonly waitWeeks: number; readonly spells: number };
}

export interface PanelRow {
  readonly week: number;
  readonly team: string;
  readonly worker: string;
  readonly role: string;
  readonly status: string;
  readonly cases: number;
  readonly points: number;
  readonly capacity: number;
}

export interface EventRow {
  readonly week: number;
  readonly caseId: string;
  readonly event: string;
  readonly worker: string | null;
  readonly detail: string | null;
}

interface Seeing {
  readonly seen: string[];
  readonly holder: string | null;
  counted: boolean;
}

export class WeekMeasure {
  readonly panel: PanelRow[] = [];
  readonly events: EventRow[] = [];
  private readonly weekly: Record<WeeklyMetric, Float64Array>;
  private utilisations: number[] = [];
  private week = { arrivals: 0, closures: 0, open: 0, waiting: 0, moves: 0, changes: 0, splits: 0, breaches: 0 };
  private readonly over110Run = new Map<string, number>();
  private readonly flagged4wk = new Set<string>();
  private readonly measuredWorkers = new Set<string>();
  private readonly seenChildren: Seeing[] = [];
  private readonly waits: number[] = [];
  private readonly changesByReason = new Map<string, number>();
  private workerWeeks = 0;
  private over100 = 0;
  private over110 = 0;
  private childWeeks = 0;
  private queueWeeksAll = 0;
  private waitWeeksAll = 0;
  private spellsAll = 0;

  constructor(
    private readonly weeks: number,
    private readonly warmup: number,
    private readonly detail: boolean,
  ) {
    this.weekly = Object.fromEntries(WEEKLY_METRICS.map((k) => [k, new Float64Array(weeks)])) as Record<WeeklyMetric, Float64Array>;
  }

  private inWindow(week: number): boolean {
    return week >= this.warmup;
  }

  startWeek(_week: number): void {
    this.utilisations = [];
    this.week = { arrivals: 0, closures: 0, open: 0, waiting: 0, moves: 0, changes: 0, splits: 0, breaches: 0 };
  }

  event(week: number, caseId: string, event: string, worker: string | null, detail: string | null): void {
    if (this.detail) this.events.push({ week, caseId, event, worker, detail });
  }

  allocated(week: number, caseId: string, waitWeeks: number, to: string): void {
    this.waitWeeksAll += waitWeeks;
    this.spellsAll++;
    if (this.inWindow(week)) this.waits.push(waitWeeks * 7);
    if (this.detail) this.event(week, caseId, 'allocated', to, `waited ${waitWeeks} weeks`);
  }

  stillWaiting(weeks: number): void {
    this.waitWeeksAll += weeks;
    this.spellsAll++;
  }

  change(week: number, caseId: string, to: string, reason: string): void {
    if (this.inWindow(week)) this.changesByReason.set(reason, (this.changesByReason.get(reason) ?? 0) + 1);
    this.week.changes++;
    this.event(week, caseId, 'changed-worker', to, reason);
  }

  seen(c: Seeing, week: number): void {
    if (!this.inWindow(week) || c.holder === null) return;
    if (!c.seen.includes(c.holder)) c.seen.push(c.holder);
    if (!c.counted) {
      c.counted = true;
      this.seenChildren.push(c);
    }
  }

  worker(week: number, team: string, id: string, role: string, status: string, cases: number, points: number, capacity: number, asyeExcludedCase: boolean): void {
    if (this.detail) this.panel.push({ week, team, worker: id, role, status, cases, points, capacity });
    if (status === 'away' || capacity <= 0) return;
    const u = points / capacity;
    this.utilisations.push(u);
    if (role === 'asye' && (u > 1 + 1e-9 || asyeExcludedCase)) this.week.breaches++;
    const run = u > 1.1 + 1e-9 ? (this.over110Run.get(id) ?? 0) + 1 : 0;
    this.over110Run.set(id, run);
    if (!this.inWindow(week)) return;
    this.measuredWorkers.add(id);
    if (run >= 4) this.flagged4wk.add(id);
    this.workerWeeks++;
    if (u > 1 + 1e-9) this.over100++;
    if (u > 1.1 + 1e-9) this.over110++;
  }

  team(_week: number, t: { arrivals: number; closures: number; open: number; waiting: number; moves: number; changes: number; splits: number }): void {
    this.week.arrivals += t.arrivals;
    this.week.closures += t.closures;
    this.week.open += t.open;
    this.week.waiting += t.waiting;
    this.week.moves += t.moves;
    this.week.splits += t.splits;
  }

  endWeek(week: number): void {
    const u = this.utilisations.sort((a, b) => a - b);
    const w = this.weekly;
    const spread = spreadOf(u);
    w.utilisation_sd[week] = spread.sd;
    w.utilisation_gini[week] = spread.gini;
    w.utilisation_p90[week] = spread.p90;
    w.utilisation_max[week] = spread.max;
    w.share_over_100[week] = u.length ? u.filter((x) => x > 1 + 1e-9).length / u.length : 0;
    w.share_over_110[week] = u.length ? u.filter((x) => x > 1.1 + 1e-9).length / u.length : 0;
    w.queue[week] = this.week.waiting;
    w.arrivals[week] = this.week.arrivals;
    w.closures[week] = this.week.closures;
    w.open[week] = this.week.open;
    w.moves[week] = this.week.moves;
    w.worker_changes[week] = this.week.changes;
    w.sibling_splits[week] = this.week.splits;
    w.asye_breaches[week] = this.week.breaches;
    w.workers[week] = u.length;
    this.queueWeeksAll += this.week.waiting;
    if (this.inWindow(week)) this.childWeeks += this.week.open;
  }

  finish(): RunMeasures {
    const w = this.weekly;
    const from = Math.min(this.warmup, this.weeks);
    const span = this.weeks - from;
    const meanOf = (series: Float64Array) => (span > 0 ? series.subarray(from).reduce((s, x) => s + x, 0) / span : 0);
    const childYears = this.childWeeks / 52;
    const perChildYear = (n: number) => (childYears > 0 ? n / childYears : 0);
    const changes = [...this.changesByReason.values()].reduce((s, x) => s + x, 0);
    const waits = this.waits.sort((a, b) => a - b);
    const children = this.seenChildren;
    const run: Record<RunMetric, number> = {
      'utilisation_sd': meanOf(w.utilisation_sd),
      'utilisation_gini': meanOf(w.utilisation_gini),
      'utilisation_p90': meanOf(w.utilisation_p90),
      'utilisation_max': meanOf(w.utilisation_max),
      'share_over_100': this.workerWeeks ? this.over100 / this.workerWeeks : 0,
      'share_over_110': this.workerWeeks ? this.over110 / this.workerWeeks : 0,
      'share_workers_4wk_over_110': this.measuredWorkers.size ? this.flagged4wk.size / this.measuredWorkers.size : 0,
      'changes_per_child_year': perChildYear(changes),
      'changes_per_child_year_leaver': perChildYear(this.changesByReason.get('leaver') ?? 0),
      'changes_per_child_year_absence': perChildYear(this.changesByReason.get('absence') ?? 0),
      'changes_per_child_year_rebalance': perChildYear(this.changesByReason.get('rebalance') ?? 0),
      'changes_per_child_year_handover': perChildYear(this.changesByReason.get('handover') ?? 0),
      'changes_per_child_year_agency-end': perChildYear(this.changesByReason.get('agency-end') ?? 0),
      'share_children_3plus_workers': children.length ? children.filter((c) => c.seen.length >= 3).length / children.length : 0,
      'unallocated_child_days': 7 * w.queue.subarray(from).reduce((s, x) => s + x, 0),
      'wait_mean_days': waits.length ? waits.reduce((s, x) => s + x, 0) / waits.length : 0,
      'wait_p90_days': quantileSorted(waits, 0.9),
      'queue_mean': meanOf(w.queue),
      'moves_per_week': meanOf(w.moves),
      'sibling_splits_mean': meanOf(w.sibling_splits),
      'asye_breaches': w.asye_breaches.subarray(from).reduce((s, x) => s + x, 0),
    };
    return { weekly: w, run, little: { queueWeeks: this.queueWeeksAll, waitWeeks: this.waitWeeksAll, spells: this.spellsAll } };
  }
}

/** Nearest-rank quantile of a sorted list (0 for an empty one). */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** Spread of a sorted list: standard deviation (population), Gini coefficient, p90, max. */
export function spreadOf(sorted: readonly number[]): { sd: number; gini: number; p90: number; max: number } {
  const n = sorted.length;
  if (n === 0) return { sd: 0, gini: 0, p90: 0, max: 0 };
  let sum = 0;
  for (const x of sorted) sum += x;
  const mean = sum / n;
  let ss = 0;
  let g = 0;
  for (let i = 0; i < n; i++) {
    ss += (sorted[i] - mean) ** 2;
    g += (2 * (i + 1) - n - 1) * sorted[i];
  }
  return { sd: Math.sqrt(ss / n), gini: sum > 0 ? g / (n * sum) : 0, p90: quantileSorted(sorted, 0.9), max: sorted[n - 1] };
}
