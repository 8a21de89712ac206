/**
 * One self-contained HTML report (inline CSS, SVG and a little JS; no network): points per worker
 * before and after against capacity with band colours, the distribution of utilisation, moves, and
 * unallocated cases with their reasons, and co-workers (with the co-worked cases left without one).
 * Charts are drawn as SVG here (so the file reads in any browser, printed or mailed); the inline
 * script only adds hover details and table sorting. Accessible: bands have patterns and words as
 * well as colours (colour-blind-safe, WCAG AA contrast), the tables sort from the keyboard (a button
 * in each heading, aria-sort), there are print styles, and the headline is in plain words.
 */
import type { Band } from '../domain/weights.js';
import { headline } from './headline.js';
import type { AllocationResult, WorkerSummary } from './result.js';

/**
 * Band colours: distinguishable with the common colour-vision deficiencies (test/report/palette.test.ts
 * simulates them) and each at least 4.5:1 against white, so white text on them and the marks on the
 * page both pass WCAG AA. Colour is never the only cue: each band also has a pattern and its words.
 */
export const BAND_COLOURS: Readonly<Record<Band, string>> = { red: '#a50f15', amber: '#c05600', green: '#00796b', blue: '#3a5fcd' };
export const BAND_WORDS: Readonly<Record<Band, string>> = { red: 'over 110%', amber: '100–110%', green: '95–100%', blue: 'under 95%' };
/** Fill of each band's marks: a pattern over the colour (solid for green, the target band). */
export const BAND_FILLS: Readonly<Record<Band, string>> = { red: 'url(#band-red)', amber: 'url(#band-amber)', green: BAND_COLOURS.green, blue: 'url(#band-blue)' };
/** Marks that are not bands: points before, cases moved out and in (each at least 3:1 against white). */
export const MARK_COLOURS = { before: '#7b8a93', movedOut: '#66757d', movedIn: '#1f6f8b', capacity: '#000000', limit: BAND_COLOURS.red } as const;

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
    ? `<h3>Held above the limit (${c.heldAboveLimit.length}): they keep what they hold and take nothing new</h3>${table('Workers held above the limit', ['worker', 'points', 'limit', 'over by', 'utilisation'], c.heldAboveLimit.map((h) => [h.workerId, String(h.points), String(h.limitPoints), String(h.overBy), `${(h.utilisation * 100).toFixed(1)}%`]), [false, true, true, true, true])}`
    : '';
  const waiting = c.waiting.cases ? `<p>Waiting for a worker: ${esc(c.waiting.byType.map((t) => `${t.cases} ${t.type} (priority ${t.priority})`).join(', '))}.</p>` : '';
  return `<h2>Demand and capacity</h2>${table('Demand and capacity per team', ['team', 'demand (points)', 'capacity at target', 'demand / capacity', 'points short', 'FTE short', 'held above limit', 'waiting'], rows, [false, true, true, true, true, true, true, true])}${held}${waiting}`;
}

export function renderHtmlReport(result: AllocationResult, options: ReportOptions = {}): string {
  const title = options.title ?? 'Caseload allocation';
  const workers = result.workers;
  const bands = countBands(workers.filter((w) => w.available));
  const figures = result.objective === null ? '' : `, objective ${result.objective}${result.bound === null ? '' : ` (lower bound ${result.bound})`}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:1100px;padding:0 16px;color:#1d1d1f;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
.sub{color:#555;margin:0 0 12px}.headline{font-weight:600;font-size:16px}
.legend{display:flex;flex-wrap:wrap;gap:4px 16px;padding:0;list-style:none}.legend svg{display:inline-block;vertical-align:-2px;margin-right:4px}
table{border-collapse:collapse;width:100%;margin:6px 0}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eee;vertical-align:top}
th{background:#f4f4f4;font-weight:600}td.num,th.num{text-align:right}
th button{font:inherit;color:inherit;background:none;border:0;padding:0;margin:0;cursor:pointer;text-align:inherit;width:100%}
th button:focus-visible{outline:2px solid #1d1d1f;outline-offset:2px}
th[aria-sort=ascending] button::after{content:" ▲" / ""}th[aria-sort=descending] button::after{content:" ▼" / ""}
svg{max-width:100%;height:auto;display:block}svg text{font:11px system-ui,sans-serif;fill:#333}
#tip{position:fixed;pointer-events:none;background:#222;color:#fff;padding:4px 8px;border-radius:4px;font-size:12px;display:none}
.band{padding:1px 6px;border-radius:8px;color:#fff;font-size:12px;white-space:nowrap}
${(Object.keys(BAND_COLOURS) as Band[]).map((b) => `.band-${b}{background:${BAND_COLOURS[b]}}`).join('')}
.hint{color:#555;font-size:12px;margin:2px 0}
@media print{
body{margin:0;max-width:none;padding:0;font-size:10pt;color:#000}
#tip,.hint{display:none}
th button::after{content:none}
h2{break-after:avoid}svg,tr,.legend{break-inside:avoid}thead{display:table-header-group}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
</style>
</head>
<body>
${patternDefs()}
<main>
<h1>${esc(title)}</h1>
${options.subtitle ? `<p class="sub">${esc(options.subtitle)}</p>` : ''}
<p class="headline" id="capacity-headline">${esc(result.capacity.headline)}</p>
<p class="headline" id="headline">${esc(headline(result))}</p>
<ul class="legend" aria-label="Utilisation bands">${(Object.keys(BAND_COLOURS) as Band[]).map((b) => `<li>${swatch(b)}${b} (${BAND_WORDS[b]}): ${bands[b]} worker${bands[b] === 1 ? '' : 's'}</li>`).join('')}</ul>
${result.diagnosis ? `<h2>Why no allocation</h2><p>${esc(result.diagnosis.summary)}</p><ul>${result.diagnosis.conflicts.map((c) => `<li>${esc(c.words)}</li>`).join('')}</ul>` : ''}
${capacitySection(result)}
${result.pinWarnings.length ? `<h2>Pins that override a rule (${result.pinWarnings.length})</h2>${table('Pins that override a rule', ['case', 'pinned to', 'rule', 'in words'], result.pinWarnings.map((w) => [w.caseId, w.workerId, w.rule, w.words]))}` : ''}
<h2>Points per worker: before and after, against capacity</h2>
${pointsChart(workers)}
<p class="hint">Each worker's figures are in the Workers table below.</p>
<h2>Distribution of utilisation (after)</h2>
${utilisationHistogram(workers.filter((w) => w.available && w.capacityPoints > 0))}
<h2>Moves (${result.moves.length})</h2>
${movesChart(result)}
${result.moves.length ? table('Moves', ['case', 'from', 'to'], result.moves.map((m) => [m.caseId, m.from, m.to ?? '(unallocated)'])) : '<p>No case changes worker.</p>'}
<h2>Unallocated cases (${result.unallocated.length})</h2>
${result.unallocated.length ? table('Unallocated cases', ['case', 'reason'], result.unallocated.map((u) => [u.caseId, u.reason])) : '<p>Every case is allocated.</p>'}
${coWorkersSection(result)}
<h2>Workers</h2>
<p class="hint">Select a column heading to sort by it (again to reverse).</p>
${table(
  'Workers',
  ['worker', 'role', 'cases', 'points before', 'points after', 'capacity', 'utilisation', 'band', 'points by type', 'what changed'],
  workers.map((w) => [w.workerId, `${w.role}${w.available ? '' : ' (away)'}`, `${w.casesBefore} → ${w.cases}`, String(w.pointsBefore), String(w.points), String(w.capacityPoints), `${(w.utilisation * 100).toFixed(1)}%`, { html: `<span class="band band-${w.band}">${w.band}: ${BAND_WORDS[w.band]}</span>` }, Object.entries(w.pointsByType ?? {}).map(([t, p]) => `${t} ${p}`).join(', '), (w.notes ?? []).join('; ')]),
  [false, false, true, true, true, true, true, false, false, false],
)}
<p class="sub">Status ${esc(result.status)}${esc(figures)}; solver ${esc(result.stats.solver)}, ${result.stats.seconds} s${result.stats.verified ? ', verified by the independent checker' : ''}.</p>
</main>
<div id="tip" aria-hidden="true"></div>
<script>
(function(){
  var tip=document.getElementById('tip');
  document.querySelectorAll('[data-tip]').forEach(function(el){
    el.addEventListener('mousemove',function(e){tip.textContent=el.getAttribute('data-tip');tip.style.display='block';tip.style.left=(e.clientX+12)+'px';tip.style.top=(e.clientY+12)+'px';});
    el.addEventListener('mouseleave',function(){tip.style.display='none';});
  });
  // Sorting: each heading holds a button (so it works from the keyboard); aria-sort says the order.
  document.querySelectorAll('table.sortable').forEach(function(t){
    var heads=t.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads,function(th,k){
      var button=th.querySelector('button');
      if(!button)return;
      button.addEventListener('click',function(){
        var body=t.tBodies[0],rows=Array.prototype.slice.call(body.rows),dir=th.getAttribute('aria-sort')==='ascending'?-1:1;
        rows.sort(function(a,b){var x=a.cells[k].textContent,y=b.cells[k].textContent,nx=parseFloat(x),ny=parseFloat(y);return (isNaN(nx)||isNaN(ny)?x.localeCompare(y):nx-ny)*dir;});
        rows.forEach(function(r){body.appendChild(r);});
        Array.prototype.forEach.call(heads,function(h){h.removeAttribute('aria-sort');});
        th.setAttribute('aria-sort',dir===1?'ascending':'descending');
      });
    });
  });
})();
</script>
</body>
</html>
`;
}

/** The band patterns, defined once for every chart (ids must be unique in the page). */
function patternDefs(): string {
  const pattern = (band: Band, marks: string) => `<pattern id="band-${band}" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="${BAND_COLOURS[band]}"/>${marks}</pattern>`;
  return `<svg width="0" height="0" style="position:absolute" aria-hidden="true" focusable="false"><defs>${[
    // red: cross-hatch; amber: diagonal stripes; blue: dots; green stays solid.
    pattern('red', '<path d="M0 0L6 6M6 0L0 6" stroke="#fff" stroke-width="1.2"/>'),
    pattern('amber', '<path d="M-1 1L1 -1M0 6L6 0M5 7L7 5" stroke="#fff" stroke-width="1.2"/>'),
    pattern('blue', '<circle cx="3" cy="3" r="1.2" fill="#fff"/>'),
  ].join('')}</defs></svg>`;
}

/** A legend swatch: the band's fill, as on the charts. */
function swatch(band: Band): string {
  return `<svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" focusable="false"><rect width="14" height="14" rx="2" fill="${BAND_FILLS[band]}" stroke="${BAND_COLOURS[band]}"/></svg>`;
}

/** Co-worked cases: each with its lead and co-worker, then those left without a co-worker and why. */
function coWorkersSection(result: AllocationResult): string {
  const withCo = result.coWorkers ?? [];
  const without = result.unallocatedCoWorkers ?? [];
  if (!withCo.length && !without.length) return '';
  const lead = new Map(result.assignments.map((a) => [a.caseId, a.workerId]));
  const rows: Cell[][] = [...withCo.map((c) => [c.caseId, lead.get(c.caseId) ?? '(unallocated)', c.workerId, '']), ...without.map((u) => [u.caseId, lead.get(u.caseId) ?? '(unallocated)', '(none)', u.reason])];
  return `<h2>Co-worked cases (${withCo.length + without.length})</h2>
${table('Co-worked cases', ['case', 'worker', 'co-worker', 'why none'], rows)}`;
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
    marks.push(`<rect class="before" x="${x}" y="${y(w.pointsBefore)}" width="${bar}" height="${Math.max(0, top + height - y(w.pointsBefore))}" fill="${MARK_COLOURS.before}" data-tip="${esc(before)}"/>`);
    marks.push(`<rect class="after" x="${x + bar + 1}" y="${y(w.points)}" width="${bar}" height="${Math.max(0, top + height - y(w.points))}" fill="${BAND_FILLS[w.band]}" data-band="${w.band}" data-tip="${esc(after)}"/>`);
    if (w.capacityPoints > 0) {
      marks.push(`<line class="capacity" x1="${x - 2}" x2="${x + 2 * bar + 3}" y1="${y(w.capacityPoints)}" y2="${y(w.capacityPoints)}" stroke="#000" stroke-width="2"/>`);
      marks.push(`<line class="limit" x1="${x - 2}" x2="${x + 2 * bar + 3}" y1="${y(w.capacityPoints * 1.1)}" y2="${y(w.capacityPoints * 1.1)}" stroke="${MARK_COLOURS.limit}" stroke-dasharray="3 2"/>`);
    }
    marks.push(`<text x="${x + bar}" y="${top + height + 14}" text-anchor="middle">${esc(w.workerId)}</text>`);
  });
  marks.push(`<line x1="${left}" x2="${width - 8}" y1="${top + height}" y2="${top + height}" stroke="#999"/>`);
  return `<svg id="points-chart" width="${width}" height="${top + height + 40}" viewBox="0 0 ${width} ${top + height + 40}" role="img" aria-label="Points per worker before and after, against capacity">${marks.join('')}<text x="${left}" y="${top + height + 32}">grey: before · patterned by band: after · black tick: capacity · dashes: 110% limit</text></svg>`;
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
      marks.push(`<rect class="bin" x="${x}" y="${y(stacked + these.length)}" width="${col - 6}" height="${y(stacked) - y(stacked + these.length)}" fill="${BAND_FILLS[band]}" data-band="${band}" data-tip="${esc(`${b * 5}–${b * 5 + 5}%: ${these.map((w) => w.workerId).join(', ')}`)}"/>`);
      stacked += these.length;
    }
    if (b % 2 === 0) marks.push(`<text x="${x + (col - 6) / 2}" y="${top + height + 14}" text-anchor="middle">${b * 5}%</text>`);
  }
  marks.push(`<line x1="${left}" x2="${width - 6}" y1="${top + height}" y2="${top + height}" stroke="#999"/>`);
  return `<svg id="utilisation-chart" width="${width}" height="${top + height + 24}" viewBox="0 0 ${width} ${top + height + 24}" role="img" aria-label="Number of workers by utilisation">${marks.join('')}</svg>`;
}

/** Per worker: cases moved out (left, grey) and in (right, blue), as a diverging bar chart. */
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
    if (o) marks.push(`<rect class="moved-out" x="${mid - (o / max) * half}" y="${yy}" width="${(o / max) * half}" height="${rowH - 4}" fill="${MARK_COLOURS.movedOut}" data-tip="${esc(`${w.workerId}: ${o} out`)}"/><text x="${mid - (o / max) * half - 4}" y="${yy + 12}" text-anchor="end">${o}</text>`);
    if (i) marks.push(`<rect class="moved-in" x="${mid}" y="${yy}" width="${(i / max) * half}" height="${rowH - 4}" fill="${MARK_COLOURS.movedIn}" data-tip="${esc(`${w.workerId}: ${i} in`)}"/><text x="${mid + (i / max) * half + 4}" y="${yy + 12}">${i}</text>`);
  });
  const h = 6 + rows.length * rowH + 22;
  marks.push(`<line x1="${mid}" x2="${mid}" y1="0" y2="${h - 20}" stroke="#666"/><text x="${mid - 8}" y="${h - 4}" text-anchor="end">← cases out</text><text x="${mid + 8}" y="${h - 4}">cases in →</text>`);
  return `<svg id="moves-chart" width="${mid + half + 60}" height="${h}" viewBox="0 0 ${mid + half + 60} ${h}" role="img" aria-label="Cases moved out of and into each worker">${marks.join('')}</svg>`;
}

type Cell = string | { readonly html: string };

/** A table whose headings are buttons that sort it (see the inline script); `label` names it for assistive technology. */
function table(label: string, header: readonly string[], rows: readonly (readonly Cell[])[], numeric: readonly boolean[] = []): string {
  const cls = (k: number) => (numeric[k] ? ' class="num"' : '');
  const cell = (c: Cell) => (typeof c === 'string' ? esc(c) : c.html);
  return `<table class="sortable" aria-label="${esc(label)}"><thead><tr>${header.map((h, k) => `<th scope="col"${cls(k)}><button type="button">${esc(h)}</button></th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c, k) => `<td${cls(k)}>${cell(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
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
