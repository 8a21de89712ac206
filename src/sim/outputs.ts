/**
 * The lab's files: tidy weekly metrics (policy, replication, week, metric, value), the per-worker
 * weekly panel and the per-child event log of the detail replications, the summary with intervals and
 * paired differences, and the manifest that `--replay` reruns. Everything here is a pure function of
 * the result (no clock, no machine), so a replay writes the same bytes.
 */
import { createHash } from 'node:crypto';
import type { LabResult } from './lab.js';
import { RUN_METRICS, WEEKLY_METRICS } from './metrics.js';
import { STREAM, streamSeed } from './scenario.js';
import { renderLabReport } from './html.js';

/** Fixed formatting: at most 6 decimals, no trailing zeros (the same bytes on every platform). */
export function num(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? '' : x > 0 ? 'inf' : '-inf';
  const r = Math.round(x * 1e6) / 1e6;
  return Object.is(r, -0) ? '0' : String(r);
}

function csvField(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csv(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  const line = (r: readonly (string | number | null)[]) => r.map((v) => (v === null ? '' : typeof v === 'number' ? num(v) : csvField(v))).join(',');
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

/** Weekly metrics, then each run's figures (week "run"), in long form. */
export function metricsCsv(result: LabResult): string {
  const rows: (string | number)[][] = [];
  for (const rep of result.replications) {
    for (const p of rep.policies) {
      const weeks = p.measures.weekly.queue.length;
      for (let w = 0; w < weeks; w++) for (const metric of WEEKLY_METRICS) rows.push([p.policy, rep.replication, w, metric, p.measures.weekly[metric][w]]);
      for (const metric of RUN_METRICS) rows.push([p.policy, rep.replication, 'run', metric, p.measures.run[metric]]);
    }
  }
  return csv(['policy', 'replication', 'week', 'metric', 'value'], rows);
}

export function panelCsv(result: LabResult): string {
  const rows: (string | number)[][] = [];
  for (const rep of result.replications) for (const p of rep.policies) for (const r of p.panel) rows.push([p.policy, rep.replication, r.week, r.team, r.worker, r.role, r.status, r.cases, r.points, r.capacity, r.capacity > 0 ? r.points / r.capacity : 0]);
  return csv(['policy', 'replication', 'week', 'team', 'worker', 'role', 'status', 'cases', 'points', 'capacity', 'utilisation'], rows);
}

export function eventsCsv(result: LabResult): string {
  const rows: (string | number | null)[][] = [];
  for (const rep of result.replications) for (const p of rep.policies) for (const e of p.events) rows.push([p.policy, rep.replication, e.week, e.caseId, e.event, e.worker, e.detail]);
  return csv(['policy', 'replication', 'week', 'case', 'event', 'worker', 'detail'], rows);
}

/** Per metric and policy: mean and interval; then each policy minus the baseline, paired. */
export function summaryCsv(result: LabResult): string {
  const rows: (string | number)[][] = [];
  for (const s of result.summary) rows.push([s.metric, s.policy, '', s.interval.mean, s.interval.low, s.interval.high, s.interval.halfWidth, s.interval.n]);
  for (const d of result.differences) rows.push([d.metric, d.policy, d.baseline, d.difference.mean, d.difference.low, d.difference.high, d.difference.halfWidth, d.difference.n]);
  return csv(['metric', 'policy', 'minus', 'mean', 'low', 'high', 'half_width', 'replications'], rows);
}

/** The summary as a text table: metrics down, policies across, "mean ± half-width". */
export function summaryText(result: LabResult, metrics: readonly string[] = RUN_METRICS): string {
  const cell = (metric: string, policy: string) => {
    const s = result.summary.find((x) => x.metric === metric && x.policy === policy)!;
    return `${fmt(s.interval.mean)} ± ${fmt(s.interval.halfWidth)}`;
  };
  const header = ['metric', ...result.policies];
  const body = metrics.map((m) => [m, ...result.policies.map((p) => cell(m, p))]);
  const widths = header.map((h, k) => Math.max(h.length, ...body.map((r) => r[k].length)));
  const line = (r: readonly string[]) => r.map((v, k) => (k === 0 ? v.padEnd(widths[k]) : v.padStart(widths[k]))).join('  ');
  const lab = result.resolved.lab;
  return `${[line(header), ...body.map(line)].join('\n')}\n\n${result.replications.length} replications × ${lab.weeks} weeks (first ${lab.warmupWeeks} not measured); ${Math.round(lab.confidence * 100)}% intervals; seed ${lab.seed}.\n`;
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return '—';
  const a = Math.abs(x);
  return a >= 100 ? x.toFixed(0) : a >= 10 ? x.toFixed(1) : a >= 1 ? x.toFixed(2) : x.toFixed(3);
}

export interface ManifestInput {
  /** The tool's version (package.json). */
  readonly version: string;
  /** Where the starting problem came from (a file path), when it was a file. */
  readonly problemFile?: string;
}

export interface LabFiles {
  readonly 'metrics.csv': string;
  readonly 'panel.csv': string;
  readonly 'events.csv': string;
  readonly 'summary.csv': string;
  readonly 'summary.txt': string;
  readonly 'report.html': string;
  readonly 'manifest.json': string;
}

/** Every output file of a lab run, by name. The manifest lists the others' sha256. */
export function labFiles(result: LabResult, input: ManifestInput): LabFiles {
  const files = {
    'metrics.csv': metricsCsv(result),
    'panel.csv': panelCsv(result),
    'events.csv': eventsCsv(result),
    'summary.csv': summaryCsv(result),
    'summary.txt': summaryText(result),
    'report.html': renderLabReport(result),
  };
  const { lab, inputHash } = result.resolved;
  const config = { ...lab, problem: input.problemFile ?? (lab.problem === undefined ? undefined : '(inline)') };
  const manifest = {
    tool: 'caseload simulate',
    version: input.version,
    config,
    inputHash,
    seeds: {
      lab: lab.seed,
      streams: 'workforce, arrivals and policy streams of replication r: streamSeed(seed, r, 1 | 2 | 3)',
      replications: result.replications.map((r) => ({ replication: r.replication, workforce: streamSeed(lab.seed, r.replication, STREAM.workforce), arrivals: streamSeed(lab.seed, r.replication, STREAM.arrivals), policy: streamSeed(lab.seed, r.replication, STREAM.policy) })),
    },
    effort: { replications: result.replications.length, coreIterationsPerSolve: lab.effort, teamWeeksChecked: result.effort.teamWeeksChecked },
    outputs: Object.fromEntries(Object.entries(files).map(([name, text]) => [name, createHash('sha256').update(text).digest('hex')])),
  };
  return { ...files, 'manifest.json': `${JSON.stringify(manifest, null, 2)}\n` };
}
