/**
 * One self-contained HTML report (inline CSS, SVG and a little JS; no network): points per worker
 * before and after against capacity with band colours, the distribution of utilisation, moves, and
 * unallocated cases with their reasons, and co-workers (with the co-worked cases left without one). Charts are drawn as SVG here (so the file reads in any
 * browser, printed or mailed); the inline script only adds hover details and table sorting.
 */
import type { Band } from '../domain/weights.js';
import type { AllocationResult, WorkerSummary } from './result.js';

export const BAND_COLOURS: Readonly<Record<Band, string>> = { red: '#c62828', amber: '#ef8f00', green: '#2e7d32', blue: '#1565c0' };
const BAND_WORDS: Readonly<Record<Band, string>> = { red: 'over 110%', amber: '100–110%', green: '95–100%', blue: 'under 95%' };

export interface ReportOptions {
  /** Page title. Default "Caseload allocation". */
  readonly title?: string;
  /** Shown under the title, e.g. the input file and the mode. */
  readonly subtitle?: string;
}

/** Demand against capacity per team, the workers held above the limit and what waits. */
function capacitySection(result: AllocationResult): string {
  const c = result.capacity;
  const rows = (c.teams.length > 1 ? [...c.teams, { team: 'service', ...c }] : c.teams).map((t) => [t.team, String(t.demandPoints), String(t.targetPoints), `${Math.round(t.demandRatio * 100)}%`, String(t.pointsShort), t.fteShort.toFixed(1), String(t.heldAboveLimit.length), String(t.waiting.cases)]);
  const held = c.heldAboveLimit.length
    ? `<h3>Held above the limit (${c.heldAboveLimit.length}): they keep what they hold and take nothing new</h3>${table(['worker', 'points', 'limit', 'over by', 'utilisation'], c.heldAboveLimit.map((h) => [h.workerId, String(h.points), String(h.limitPoints), String(h.overBy), `${(h.utilisation * 100).toFixed(1)}%`]), [false, true, true, true, true])}`
    : '';
  const waiting = c.waiting.cases ? `<p>Waiting for a worker: ${esc(c.waiting.byType.map((t) => `${t.cases} ${t.type} (priority ${t.priority})`).join(', '))}.</p>` : '';
  return `<h2>Demand and capacity</h2>${table(['team', 'demand (points)', 'capacity at target', 'demand / capacity', 'points short', 'FTE short', 'held above limit', 'waiting'], rows, [false, true, true, true, true, true, true, true])}${held}${waiting}`;
}

export function renderHtmlReport(result: AllocationResult, options: ReportOptions = {}): string {
  const title = options.title ?? 'Caseload allocation';
  const workers = result.workers;
  const allocated = result.assignments.length;
  const total = allocated + result.unallocated.length;
  const bands = countBands(workers.filter((w) => w.available));
  const coWorked = (result.coWorkers?.length ?? 0) + (result.unallocatedCoWorkers?.length ?? 0);
  const coWorkWords = coWorked ? ` · ${result.coWorkers?.length ?? 0} of ${coWorked} co-workers allocated` : '';
  const headline = `${allocated} of ${total} cases allocated · ${result.moves.length} move${result.moves.length === 1 ? '' : 's'} · ${result.unallocated.length} unallocated${coWorkWords} · status ${result.status}${result.objective === null ? '' : ` · objective ${result.objective}`}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:1100px;padding:0 16px;color:#1d1d1f}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
.sub{color:#555;margin:0 0 12px}.headline{font-weight:600}
.legend span{display:inline-block;margin-right:14px}.sw{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:4px;vertical-align:-1px}
table{border-collapse:collapse;width:100%;margin:6px 0}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eee;vertical-align:top}
th{cursor:pointer;background:#fafafa;font-weight:600}td.num,th.num{text-align:right}
svg{max-width:100%;height:auto;display:block}svg text{font:11px system-ui,sans-serif;fill:#333}
#tip{position:fixed;pointer-events:none;background:#222;color:#fff;padding:4px 8px;border-radius:4px;font-size:12px;display:none}
.band{padding:1px 6px;border-radius:8px;color:#fff;font-size:12px}
@media print{#tip{display:none}}
</style>
</head>
<body>
<h1>${esc(title)}</h1>
${options.subtitle ? `<p class="sub">${esc(options.subtitle)}</p>` : ''}
<p class="headline" id="capacity-headline">${esc(result.capacity.headline)}</p>
<p class="headline">${esc(headline)}</p>
<p class="legend">${(Object.keys(BAND_COLOURS) as Band[]).map((b) => `<span><i class="sw" style="background:${BAND_COLOURS[b]}"></i>${b} ${BAND_WORDS[b]}: ${bands[b]}</span>`).join('')}</p>
${result.diagnosis ? `<h2>Why no allocation</h2><p>${esc(result.diagnosis.summary)}</p><ul>${result.diagnosis.conflicts.map((c) => `<li>${esc(c.words)}</li>`).join('')}</ul>` : ''}
${capacitySection(result)}
${result.pinWarnings.length ? `<h2>Pins that override a rule (${result.pinWarnings.length})</h2>${table(['case', 'pinned to', 'rule', 'in words'], result.pinWarnings.map((w) => [w.caseId, w.workerId, w.rule, w.words]))}` : ''}
<h2>Points per worker: before and after, against capacity</h2>
${pointsChart(workers)}
<h2>Distribution of utilisation (after)</h2>
${utilisationHistogram(workers.filter((w) => w.available && w.capacityPoints > 0))}
<h2>Moves (${result.moves.length})</h2>
${movesChart(result)}
${result.moves.length ? table(['case', 'from', 'to'], result.moves.map((m) => [m.caseId, m.from, m.to ?? '(unallocated)'])) : '<p>No case changes worker.</p>'}
<h2>Unallocated cases (${result.unallocated.length})</h2>
${result.unallocated.length ? table(['case', 'reason'], result.unallocated.map((u) => [u.caseId, u.reason])) : '<p>Every case is allocated.</p>'}
${coWorkersSection(result)}
<h2>Workers</h2>
${table(
  ['worker', 'role', 'cases', 'points before', 'points after', 'capacity', 'utilisation', 'band', 'points by type', 'what changed'],
  workers.map((w) => [w.workerId, `${w.role}${w.available ? '' : ' (away)'}`, `${w.casesBefore} → ${w.cases}`, String(w.pointsBefore), String(w.points), String(w.capacityPoints), `${(w.utilisation * 100).toFixed(1)}%`, { html: `<span class="band" style="background:${BAND_COLOURS[w.band]}">${w.band}</span>` }, Object.entries(w.pointsByType ?? {}).map(([t, p]) => `${t} ${p}`).join(', '), (w.notes ?? []).join('; ')]),
  [false, false, true, true, true, true, true, false, false, false],
)}
<p class="sub">Status ${esc(result.status)}; solver ${esc(result.stats.solver)}, ${result.stats.seconds} s${result.stats.verified ? ', verified by the independent checker' : ''}.</p>
<div id="tip"></div>
<script>
(function(){
  var tip=document.getElementById('tip');
  document.querySelectorAll('[data-tip]').forEach(function(el){
    el.addEventListener('mousemove',function(e){tip.textContent=el.getAttribute('data-tip');tip.style.display='block';tip.style.left=(e.clientX+12)+'px';tip.style.top=(e.clientY+12)+'px';});
    el.addEventListener('mouseleave',function(){tip.style.display='none';});
  });
  document.querySelectorAll('table').forEach(function(t){
    t.querySelectorAll('th').forEach(function(th,k){
      th.addEventListener('click',function(){
        var body=t.tBodies[0],rows=Array.prototype.slice.call(body.rows),dir=th.getAttribute('data-dir')==='asc'?-1:1;
        rows.sort(function(a,b){var x=a.cells[k].textContent,y=b.cells[k].textContent,nx=parseFloat(x),ny=parseFloat(y);return (isNaN(nx)||isNaN(ny)?x.localeCompare(y):nx-ny)*dir;});
        rows.forEach(function(r){body.appendChild(r);});th.setAttribute('data-dir',dir===1?'asc':'desc');
      });
    });
  });
})();
</script>
</body>
</html>
`;
}

/** Co-worked cases: each with its lead and co-worker, then those left without a co-worker and why. */
function coWorkersSection(result: AllocationResult): string {
  const withCo = result.coWorkers ?? [];
  const without = result.unallocatedCoWorkers ?? [];
  if (!withCo.length && !without.length) return '';
  const lead = new Map(result.assignments.map((a) => [a.caseId, a.workerId]));
  const rows: Cell[][] = [...withCo.map((c) => [c.caseId, lead.get(c.caseId) ?? '(unallocated)', c.workerId, '']), ...without.map((u) => [u.caseId, lead.get(u.caseId) ?? '(unallocated)', '(none)', u.reason])];
  return `<h2>Co-worked cases (${withCo.length + without.length})</h2>
${table(['case', 'worker', 'co-worker', 'why none'], rows)}`;
}

/** Grouped bars per worker: before (pale) and after (band colour), with a capacity tick and the 110% limit. */
function pointsChart(workers: readonly WorkerSummary[]): string {
  const left = 44;
  const top = 12;
  const height = 240;
  const group = Math.max(30, Math.min(60, Math.floor(1000 / Math.max(1, workers.length))));
  const bar = Math.floor((group - 8) / 2);
  const width = left + workers.length * group + 16;
  const max = Math.max(1, ...workers.flatMap((w) => [w.points, w.pointsBefore, w.capacityPoints * 1.1])) * 1.05;
  const y = (v: number) => top + height - (v / max) * height;
  const marks: string[] = [];
  for (const t of ticks(max)) marks.push(`<line x1="${left}" x2="${width - 8}" y1="${y(t)}" y2="${y(t)}" stroke="#eee"/><text x="${left - 6}" y="${y(t) + 4}" text-anchor="end">${t}</text>`);
  workers.forEach((w, k) => {
    const x = left + k * group + 3;
    const before = `${w.workerId} before: ${w.pointsBefore} points`;
    const after = `${w.workerId} after: ${w.points} of ${w.capacityPoints} points (${(w.utilisation * 100).toFixed(0)}%, ${w.band})`;
    marks.push(`<rect class="before" x="${x}" y="${y(w.pointsBefore)}" width="${bar}" height="${Math.max(0, top + height - y(w.pointsBefore))}" fill="#b0bec5" data-tip="${esc(before)}"/>`);
    marks.push(`<rect class="after" x="${x + bar + 1}" y="${y(w.points)}" width="${bar}" height="${Math.max(0, top + height - y(w.points))}" fill="${BAND_COLOURS[w.band]}" data-tip="${esc(after)}"/>`);
    if (w.capacityPoints > 0) {
      marks.push(`<line class="capacity" x1="${x - 2}" x2="${x + 2 * bar + 3}" y1="${y(w.capacityPoints)}" y2="${y(w.capacityPoints)}" stroke="#000" stroke-width="2"/>`);
      marks.push(`<line class="limit" x1="${x - 2}" x2="${x + 2 * bar + 3}" y1="${y(w.capacityPoints * 1.1)}" y2="${y(w.capacityPoints * 1.1)}" stroke="#c62828" stroke-dasharray="3 2"/>`);
    }
    marks.push(`<text x="${x + bar}" y="${top + height + 14}" text-anchor="middle">${esc(w.workerId)}</text>`);
  });
  marks.push(`<line x1="${left}" x2="${width - 8}" y1="${top + height}" y2="${top + height}" stroke="#999"/>`);
  return `<svg id="points-chart" width="${width}" height="${top + height + 40}" viewBox="0 0 ${width} ${top + height + 40}" role="img" aria-label="Points per worker before and after, against capacity">${marks.join('')}<text x="${left}" y="${top + height + 32}">grey: before · coloured: after (band) · black tick: capacity · red dashes: 110% limit</text></svg>`;
}

/** Histogram of utilisation in 5-point bins; each bin stacks its workers by their own band colour. */
function utilisationHistogram(workers: readonly WorkerSummary[]): string {
  const bins = new Map<number, WorkerSummary[]>();
  for (const w of workers) {
    const b = Math.min(40, Math.floor(w.utilisation * 20 + 1e-9));
    bins.set(b, [...(bins.get(b) ?? []), w]);
  }
  const lo = Math.min(14, ...bins.keys());
  const hi = Math.max(23, ...bins.keys());
  const left = 36;
  const top = 10;
  const height = 150;
  const col = 36;
  const width = left + (hi - lo + 1) * col + 10;
  const max = Math.max(1, ...[...bins.values()].map((v) => v.length));
  const y = (v: number) => top + height - (v / max) * height;
  const marks: string[] = [];
  for (let k = 0; k <= max; k += Math.max(1, Math.ceil(max / 5))) marks.push(`<line x1="${left}" x2="${width - 6}" y1="${y(k)}" y2="${y(k)}" stroke="#eee"/><text x="${left - 6}" y="${y(k) + 4}" text-anchor="end">${k}</text>`);
  const order: Band[] = ['blue', 'green', 'amber', 'red'];
  for (let b = lo; b <= hi; b++) {
    const x = left + (b - lo) * col + 3;
    const list = bins.get(b) ?? [];
    let stacked = 0;
    for (const band of order) {
      const these = list.filter((w) => w.band === band);
      if (!these.length) continue;
      marks.push(`<rect class="bin" x="${x}" y="${y(stacked + these.length)}" width="${col - 6}" height="${y(stacked) - y(stacked + these.length)}" fill="${BAND_COLOURS[band]}" data-tip="${esc(`${b * 5}–${b * 5 + 5}%: ${these.map((w) => w.workerId).join(', ')}`)}"/>`);
      stacked += these.length;
    }
    if (b % 2 === 0) marks.push(`<text x="${x + (col - 6) / 2}" y="${top + height + 14}" text-anchor="middle">${b * 5}%</text>`);
  }
  marks.push(`<line x1="${left}" x2="${width - 6}" y1="${top + height}" y2="${top + height}" stroke="#999"/>`);
  return `<svg id="utilisation-chart" width="${width}" height="${top + height + 24}" viewBox="0 0 ${width} ${top + height + 24}" role="img" aria-label="Number of workers by utilisation">${marks.join('')}</svg>`;
}

/** Per worker: cases moved out (left, grey) and in (right, green), as a diverging bar chart. */
function movesChart(result: AllocationResult): string {
  const out = new Map<string, number>();
  const inn = new Map<string, number>();
  for (const m of result.moves) {
    out.set(m.from, (out.get(m.from) ?? 0) + 1);
    if (m.to) inn.set(m.to, (inn.get(m.to) ?? 0) + 1);
  }
  const rows = result.workers.filter((w) => out.has(w.workerId) || inn.has(w.workerId));
  if (!rows.length) return '';
  const max = Math.max(1, ...out.values(), ...inn.values());
  const mid = 290;
  const half = 220;
  const rowH = 18;
  const marks: string[] = [];
  rows.forEach((w, k) => {
    const yy = 6 + k * rowH;
    const o = out.get(w.workerId) ?? 0;
    const i = inn.get(w.workerId) ?? 0;
    marks.push(`<text x="44" y="${yy + 12}" text-anchor="end">${esc(w.workerId)}</text>`);
    if (o) marks.push(`<rect class="moved-out" x="${mid - (o / max) * half}" y="${yy}" width="${(o / max) * half}" height="${rowH - 4}" fill="#90a4ae" data-tip="${esc(`${w.workerId}: ${o} out`)}"/><text x="${mid - (o / max) * half - 4}" y="${yy + 12}" text-anchor="end">${o}</text>`);
    if (i) marks.push(`<rect class="moved-in" x="${mid}" y="${yy}" width="${(i / max) * half}" height="${rowH - 4}" fill="#43a047" data-tip="${esc(`${w.workerId}: ${i} in`)}"/><text x="${mid + (i / max) * half + 4}" y="${yy + 12}">${i}</text>`);
  });
  const h = 6 + rows.length * rowH + 22;
  marks.push(`<line x1="${mid}" x2="${mid}" y1="0" y2="${h - 20}" stroke="#666"/><text x="${mid - 8}" y="${h - 4}" text-anchor="end">← cases out</text><text x="${mid + 8}" y="${h - 4}">cases in →</text>`);
  return `<svg id="moves-chart" width="${mid + half + 60}" height="${h}" viewBox="0 0 ${mid + half + 60} ${h}" role="img" aria-label="Cases moved out of and into each worker">${marks.join('')}</svg>`;
}

type Cell = string | { readonly html: string };

function table(header: readonly string[], rows: readonly (readonly Cell[])[], numeric: readonly boolean[] = []): string {
  const cls = (k: number) => (numeric[k] ? ' class="num"' : '');
  const cell = (c: Cell) => (typeof c === 'string' ? esc(c) : c.html);
  return `<table><thead><tr>${header.map((h, k) => `<th${cls(k)}>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c, k) => `<td${cls(k)}>${cell(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

function ticks(max: number): number[] {
  const step = max > 200 ? 50 : max > 100 ? 25 : max > 40 ? 10 : 5;
  const out: number[] = [];
  for (let t = 0; t <= max; t += step) out.push(t);
  return out;
}

export function countBands(workers: readonly WorkerSummary[]): Record<Band, number> {
  const out: Record<Band, number> = { red: 0, amber: 0, green: 0, blue: 0 };
  for (const w of workers) out[w.band]++;
  return out;
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
