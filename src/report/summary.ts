/** A short Markdown summary of an allocation, for an email to the team manager. */
import { countBands } from './html.js';
import type { AllocationResult } from './result.js';

export function renderMarkdownSummary(result: AllocationResult, title = 'Caseload allocation'): string {
  const allocated = result.assignments.length;
  const total = allocated + result.unallocated.length;
  const available = result.workers.filter((w) => w.available);
  const bands = countBands(available);
  const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
  const highest = available.filter((w) => w.capacityPoints > 0).sort((a, b) => b.utilisation - a.utilisation)[0];
  const lines = [`# ${title}`, ''];
  const coWorked = (result.coWorkers?.length ?? 0) + (result.unallocatedCoWorkers?.length ?? 0);
  const coWords = coWorked ? `, ${result.coWorkers?.length ?? 0} of ${coWorked} co-workers allocated` : '';
  lines.push(`**${result.capacity.headline}**`, '');
  lines.push(`**${allocated} of ${total} cases allocated**, ${result.moves.length} move${result.moves.length === 1 ? '' : 's'}, ${result.unallocated.length} unallocated${coWords} (status ${result.status}${result.stats.verified ? ', verified' : ''}${result.mode ? `, mode ${result.mode}` : ''}).`, '');
  lines.push(`Bands: ${bands.red} red (over 110%), ${bands.amber} amber (100–110%), ${bands.green} green (95–100%), ${bands.blue} blue (under 95%).${highest ? ` Highest utilisation: ${highest.workerId} at ${pct(highest.utilisation)}.` : ''}`, '');
  if (result.diagnosis) lines.push('## Why no allocation', '', result.diagnosis.summary, '', ...result.diagnosis.conflicts.map((c) => `- ${c.words}`), '');
  lines.push('## Workers', '', '| worker | cases | points | capacity | utilisation | band | what changed |', '| --- | ---: | ---: | ---: | ---: | --- | --- |');
  for (const w of result.workers) lines.push(`| ${cell(w.workerId)}${w.available ? '' : ' (away)'} | ${w.casesBefore} → ${w.cases} | ${w.pointsBefore} → ${w.points} | ${w.capacityPoints} | ${pct(w.utilisation)} | ${w.band} | ${cell((w.notes ?? []).join('; '))} |`);
  if (result.moves.length) {
    lines.push('', `## Moves (${result.moves.length})`, '', '| case | from | to |', '| --- | --- | --- |');
    for (const m of result.moves) lines.push(`| ${cell(m.caseId)} | ${cell(m.from)} | ${cell(m.to ?? '(unallocated)')} |`);
  }
  if (result.pinWarnings.length) {
    lines.push('', `## Pins that override a rule (${result.pinWarnings.length})`, '');
    for (const w of result.pinWarnings) lines.push(`- ${cell(w.words)}`);
  }
  if (result.unallocated.length) {
    lines.push('', `## Unallocated (${result.unallocated.length})`, '');
    for (const u of result.unallocated) lines.push(`- **${cell(u.caseId)}**: ${u.reason}`);
  }
  const withCo = result.coWorkers ?? [];
  const without = result.unallocatedCoWorkers ?? [];
  if (withCo.length || without.length) {
    const lead = new Map(result.assignments.map((x) => [x.caseId, x.workerId]));
    lines.push('', `## Co-worked cases (${withCo.length + without.length})`, '', '| case | worker | co-worker |', '| --- | --- | --- |');
    for (const c of withCo) lines.push(`| ${cell(c.caseId)} | ${cell(lead.get(c.caseId) ?? '(unallocated)')} | ${cell(c.workerId)} |`);
    for (const u of without) lines.push(`| ${cell(u.caseId)} | ${cell(lead.get(u.caseId) ?? '(unallocated)')} | (none: ${cell(u.reason)}) |`);
  }
  return `${lines.join('\n')}\n`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
