/** The readable report: a table per worker, then the moves, then the unallocated with reasons. */
import { formatWorkerNotes } from './explain.js';
import type { AllocationResult } from './result.js';

export function formatTable(result: AllocationResult): string {
  const lines: string[] = [];
  const gap = result.gap === null ? '' : `, gap ${(result.gap * 100).toFixed(3)}%`;
  const bound = result.bound === null ? '' : `, bound ${result.bound}`;
  lines.push(`Status: ${result.status} — objective ${result.objective ?? '—'}${bound}${gap} (${result.stats.solver}, ${result.stats.seconds} s${result.stats.verified ? ', verified' : ''})${result.mode ? ` — mode ${result.mode}` : ''}`);
  lines.push(result.capacity.headline);
  lines.push('');
  const rows = result.workers.map((w) => [
    w.workerId,
    w.role,
    w.available ? '' : 'away',
    `${w.casesBefore} → ${w.cases}`,
    `${w.pointsBefore} → ${w.points}`,
    String(w.capacityPoints),
    `${(w.utilisation * 100).toFixed(1)}%`,
    w.band,
  ]);
  lines.push(...grid(['worker', 'role', '', 'cases', 'points', 'capacity', 'utilisation', 'band'], rows, [false, false, false, true, true, true, true, false]));
  const allocated = result.assignments.length;
  const total = allocated + result.unallocated.length;
  lines.push('');
  lines.push(`${allocated} of ${total} cases allocated; ${result.moves.length} move${result.moves.length === 1 ? '' : 's'}; ${result.unallocated.length} unallocated.`);
  const explained = formatWorkerNotes(result);
  if (explained.length) lines.push('', 'What changed and why (points by case type):', ...explained);
  if (result.diagnosis) {
    lines.push('');
    lines.push(`Why no allocation${result.diagnosis.proven ? '' : ' (not proven)'}:`);
    for (const c of result.diagnosis.conflicts) lines.push(`  - ${c.words}`);
    for (const d of result.diagnosis.details) lines.push(`  ${d}`);
    if (!result.diagnosis.conflicts.length) lines.push(`  ${result.diagnosis.summary}`);
  }
  if (result.moves.length) {
    lines.push('');
    lines.push('Moves:');
    lines.push(...grid(['case', 'from', 'to'], result.moves.map((mv) => [mv.caseId, mv.from, mv.to ?? '(unallocated)']), [false, false, false]).map((l) => `  ${l}`));
  }
  if (result.pinWarnings.length) {
    lines.push('');
    lines.push(`Pins that override a rule (${result.pinWarnings.length}):`);
    for (const w of result.pinWarnings) lines.push(`  ${w.words}`);
  }
  if (result.unallocated.length) {
    lines.push('');
    lines.push('Unallocated:');
    for (const u of result.unallocated) lines.push(`  ${u.caseId}: ${u.reason}`);
  }
  if (result.coWorkers?.length || result.unallocatedCoWorkers?.length) {
    lines.push('');
    lines.push('Co-workers:');
    for (const c of result.coWorkers ?? []) lines.push(`  ${c.caseId}: ${c.workerId}`);
    for (const u of result.unallocatedCoWorkers ?? []) lines.push(`  ${u.caseId}: none — ${u.reason}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Left/right-aligned columns separated by two spaces. */
export function grid(header: readonly string[], rows: readonly (readonly string[])[], rightAlign: readonly boolean[]): string[] {
  const width = header.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k].length)));
  const fmt = (cells: readonly string[]) => cells.map((c, k) => (rightAlign[k] ? c.padStart(width[k]) : c.padEnd(width[k]))).join('  ').trimEnd();
  return [fmt(header), fmt(width.map((w) => '-'.repeat(w))), ...rows.map(fmt)];
}

/** caseId,workerId rows (unallocated cases have an empty workerId), for a spreadsheet. */
export function formatAssignmentsCsv(result: Pick<AllocationResult, "assignments" | "unallocated">): string {
  const lines = ['caseId,workerId'];
  for (const a of result.assignments) lines.push(`${csvCell(a.caseId)},${csvCell(a.workerId)}`);
  for (const u of result.unallocated) lines.push(`${csvCell(u.caseId)},`);
  return `${lines.join('\n')}\n`;
}

function csvCell(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
