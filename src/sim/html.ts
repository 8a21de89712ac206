/**
 * The lab's HTML report: one self-contained page (inline CSS and SVG, no script, no network), in the
 * style of the allocation report. Per key metric: each policy's mean with its confidence interval,
 * and each policy's paired difference from the baseline with its interval (zero marked, so an interval
 * crossing it reads at a glance as "no clear difference"); weekly series averaged over replications.
 */
import type { LabResult } from './lab.js';
import type { RunMetric, WeeklyMetric } from './metrics.js';

const KEY_METRICS: readonly [RunMetric, string][] = [
  ['wait_mean_days', 'Mean wait for allocation (days)'],
  ['wait_p90_days', '90th percentile wait (days)'],
  ['queue_mean', 'Children waiting (mean per week)'],
  ['unallocated_child_days', 'Unallocated child-days'],
  ['utilisation_sd', 'Utilisation spread (SD)'],
  ['utilisation_gini', 'Utilisation Gini'],
  ['share_over_100', 'Worker-weeks above 100%'],
  ['changes_per_child_year', 'Worker changes per child-year'],
  ['share_children_3plus_workers', 'Children with 3+ workers'],
  ['moves_per_week', 'Moves of held cases per week'],
];
const WEEKLY: readonly [WeeklyMetric, string][] = [
  ['queue', 'Children waiting for allocation'],
  ['utilisation_sd', 'Utilisation spread (SD)'],
  ['share_over_100', 'Share of workers above 100%'],
];
const COLOURS = ['#1565c0', '#c62828', '#2e7d32', '#ef8f00', '#6a1b9a', '#00838f', '#5d4037', '#ad1457', '#455a64', '#827717'];

function esc(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

function f(x: number): string {
  if (!Number.isFinite(x)) return '—';
  const a = Math.abs(x);
  return a >= 100 ? x.toFixed(0) : a >= 10 ? x.toFixed(1) : a >= 1 ? x.toFixed(2) : x.toFixed(3);
}

/** Horizontal interval chart: one row per label, a dot at the mean and a whisker from low to high. */
function intervalChart(rows: readonly { label: string; mean: number; low: number; high: number; colour: string }[], zero: boolean): string {
  const width = 640;
  const left = 170;
  const right = 90;
  const rowH = 22;
  const height = rows.length * rowH + 26;
  const values = rows.flatMap((r) => [r.low, r.high, r.mean]).filter(Number.isFinite);
  if (zero) values.push(0);
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (!(hi > lo)) {
    lo -= 1;
    hi += 1;
  }
  const pad = (hi - lo) * 0.05;
  lo -= pad;
  hi += pad;
  const x = (v: number) => left + ((v - lo) / (hi - lo)) * (width - left - right);
  const parts: string[] = [];
  if (zero) parts.push(`<line x1="${x(0).toFixed(1)}" x2="${x(0).toFixed(1)}" y1="4" y2="${height - 20}" stroke="#999" stroke-dasharray="3,3"/>`);
  rows.forEach((r, k) => {
    const y = 14 + k * rowH;
    parts.push(`<text x="${left - 8}" y="${y + 4}" text-anchor="end">${esc(r.label)}</text>`);
    if (Number.isFinite(r.low) && Number.isFinite(r.high)) {
      parts.push(`<line x1="${x(r.low).toFixed(1)}" x2="${x(r.high).toFixed(1)}" y1="${y}" y2="${y}" stroke="${r.colour}" stroke-width="2"/>`);
      for (const v of [r.low, r.high]) parts.push(`<line x1="${x(v).toFixed(1)}" x2="${x(v).toFixed(1)}" y1="${y - 5}" y2="${y + 5}" stroke="${r.colour}" stroke-width="2"/>`);
    }
    if (Number.isFinite(r.mean)) parts.push(`<circle cx="${x(r.mean).toFixed(1)}" cy="${y}" r="4" fill="${r.colour}"><title>${esc(`${r.label}: ${f(r.mean)} (${f(r.low)} to ${f(r.high)})`)}</title></circle>`);
    parts.push(`<text x="${width - right + 6}" y="${y + 4}">${esc(`${f(r.mean)} [${f(r.low)}, ${f(r.high)}]`)}</text>`);
  });
  parts.push(`<text x="${left}" y="${height - 4}">${f(lo)}</text><text x="${width - right}" y="${height - 4}" text-anchor="end">${f(hi)}</text>`);
  return `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img">${parts.join('')}</svg>`;
}

function lineChart(series: readonly { label: string; values: readonly number[]; colour: string }[], warmup: number): string {
  const width = 640;
  const height = 200;
  const left = 50;
  const bottom = 24;
  const weeks = series[0]?.values.length ?? 0;
  const all = series.flatMap((s) => s.values).filter(Number.isFinite);
  const hi = Math.max(1e-9, ...all);
  const x = (w: number) => left + (weeks > 1 ? (w / (weeks - 1)) * (width - left - 10) : 0);
  const y = (v: number) => height - bottom - (v / hi) * (height - bottom - 10);
  const parts = [`<line x1="${left}" x2="${width - 10}" y1="${height - bottom}" y2="${height - bottom}" stroke="#ccc"/>`];
  if (warmup > 0 && warmup < weeks) parts.push(`<rect x="${left}" y="10" width="${(x(warmup) - left).toFixed(1)}" height="${height - bottom - 10}" fill="#f3f3f3"/><text x="${left + 4}" y="22">warm-up</text>`);
  for (const s of series) parts.push(`<polyline fill="none" stroke="${s.colour}" stroke-width="1.6" points="${s.values.map((v, w) => `${x(w).toFixed(1)},${y(v).toFixed(1)}`).join(' ')}"><title>${esc(s.label)}</title></polyline>`);
  parts.push(`<text x="${left - 6}" y="${y(hi) + 4}" text-anchor="end">${f(hi)}</text><text x="${left - 6}" y="${height - bottom + 4}" text-anchor="end">0</text><text x="${left}" y="${height - 6}">week 0</text><text x="${width - 10}" y="${height - 6}" text-anchor="end">week ${weeks - 1}</text>`);
  return `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img">${parts.join('')}</svg>`;
}

export function renderLabReport(result: LabResult): string {
  const { lab } = result.resolved;
  const colour = (k: number) => COLOURS[k % COLOURS.length];
  const baseline = result.policies[0];
  const sections = KEY_METRICS.map(([metric, title]) => {
    const means = result.policies.map((policy, k) => {
      const s = result.summary.find((x) => x.metric === metric && x.policy === policy)!.interval;
      return { label: policy, mean: s.mean, low: s.low, high: s.high, colour: colour(k) };
    });
    const diffs = result.policies.slice(1).map((policy, k) => {
      const d = result.differences.find((x) => x.metric === metric && x.policy === policy)!.difference;
      return { label: `${policy} − ${baseline}`, mean: d.mean, low: d.low, high: d.high, colour: colour(k + 1) };
    });
    return `<h2>${esc(title)} <small>(${esc(metric)})</small></h2><div class="pair"><div><h3>Mean and ${Math.round(lab.confidence * 100)}% interval</h3>${intervalChart(means, false)}</div>${diffs.length ? `<div><h3>Paired difference from ${esc(baseline)}</h3>${intervalChart(diffs, true)}</div>` : ''}</div>`;
  });
  const weekly = WEEKLY.map(([metric, title]) => {
    const series = result.policies.map((policy, k) => {
      const weeks = lab.weeks;
      const values = Array.from({ length: weeks }, (_, w) => result.replications.reduce((s, r) => s + r.policies[k].measures.weekly[metric][w], 0) / result.replications.length);
      return { label: policy, values, colour: colour(k) };
    });
    return `<h2>${esc(title)}, by week (mean over replications)</h2>${lineChart(series, lab.warmupWeeks)}`;
  });
  const legend = result.policies.map((p, k) => `<span><i class="sw" style="background:${colour(k)}"></i>${esc(p)}</span>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(`Policy lab: ${lab.name}`)}</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:1400px;padding:0 16px;color:#1d1d1f}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}h2 small{color:#777;font-weight:400}h3{font-size:13px;color:#555;margin:4px 0}
.sub{color:#555;margin:0 0 12px}.pair{display:flex;flex-wrap:wrap;gap:24px}
.legend span{display:inline-block;margin-right:14px}.sw{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:4px;vertical-align:-1px}
svg{max-width:100%;height:auto;display:block}svg text{font:11px system-ui,sans-serif;fill:#333}
</style>
</head>
<body>
<h1>${esc(`Policy lab: ${lab.name}`)}</h1>
<p class="sub">${esc(`${result.replications.length} replications × ${lab.weeks} weeks (the first ${lab.warmupWeeks} are warm-up, not measured), seed ${lab.seed}; every policy of a replication faced the same referrals and absences (common random numbers); every week's allocation of every policy passed the independent checker${lab.check ? '' : ' (checking was switched off for this run)'}. Input sha256 ${result.resolved.inputHash.slice(0, 16)}…`)}</p>
<p class="legend">${legend}</p>
${sections.join('\n')}
${weekly.join('\n')}
</body>
</html>
`;
}
