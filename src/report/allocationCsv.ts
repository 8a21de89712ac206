/**
 * The allocation as a CSV to join back onto the case list in a spreadsheet or case-management
 * system: one row per case, keyed by caseId, with the case's labels (extra input columns) and then the
 * chosen worker's labels (as worker.<label>) carried through.
 * Written with csv-stringify (quoting, embedded newlines), with a formula-injection guard: a cell that
 * starts with = + - @ tab or CR is prefixed with a single quote so a spreadsheet shows it as text.
 */
import { stringify } from 'csv-stringify/sync';
import { casePoints } from '../domain/weights.js';
import type { Problem } from '../input/schema.js';
import type { AllocationResult } from './result.js';

export const ALLOCATION_CSV_COLUMNS = ['caseId', 'workerId', 'previousWorkerId', 'moved', 'caseType', 'points', 'reason'] as const;

/** A cell a spreadsheet would run as a formula (OWASP CSV injection), made inert. */
export function guardCell(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function formatAllocationCsv(problem: Problem, result: Pick<AllocationResult, 'assignments' | 'unallocated'>): string {
  const workerOf = new Map<string, string>();
  for (const a of result.assignments) workerOf.set(a.caseId, a.workerId);
  const reasonOf = new Map<string, string>();
  for (const u of result.unallocated) reasonOf.set(u.caseId, u.reason);
  const available = new Map(problem.workers.map((w) => [w.id, w.available]));
  // Label columns in order of first appearance; a label named like a fixed column is prefixed.
  const labelColumns: string[] = [];
  const seen = new Set<string>();
  for (const c of problem.cases) for (const key of Object.keys(c.labels ?? {})) if (!seen.has(key)) { seen.add(key); labelColumns.push(key); }
  // The chosen worker's labels follow (e.g. `worker.name`), so a manager sees the name beside the id.
  const workerLabelColumns: string[] = [];
  const seenWorker = new Set<string>();
  for (const w of problem.workers) for (const key of Object.keys(w.labels ?? {})) if (!seenWorker.has(key)) { seenWorker.add(key); workerLabelColumns.push(key); }
  const workerLabels = new Map(problem.workers.map((w) => [w.id, w.labels ?? {}]));
  const fixed = new Set<string>(ALLOCATION_CSV_COLUMNS);
  const header = [...ALLOCATION_CSV_COLUMNS, ...labelColumns.map((k) => (fixed.has(k) ? `label:${k}` : k)), ...workerLabelColumns.map((k) => `worker.${k}`)];
  const rows = problem.cases.map((c) => {
    const worker = workerOf.get(c.id) ?? null;
    const previous = c.currentWorkerId;
    const moved = previous !== null && worker !== previous;
    let reason: string;
    if (worker === null) reason = reasonOf.get(c.id) ?? 'unallocated';
    else if (previous === null) reason = 'new referral';
    else if (!moved) reason = c.pinned ? 'pinned to current worker' : 'stays with current worker';
    else reason = available.get(previous) === false ? `moved from ${previous} (not available)` : `moved from ${previous}`;
    const labels = c.labels ?? {};
    const wl = (worker === null ? undefined : workerLabels.get(worker)) ?? {};
    return [
      c.id, worker ?? '', previous ?? '', moved ? 'true' : 'false', c.type, String(casePoints(c, problem.policy)), reason,
      ...labelColumns.map((k) => (Object.hasOwn(labels, k) ? labels[k] : '')),
      ...workerLabelColumns.map((k) => (Object.hasOwn(wl, k) ? wl[k] : '')),
    ].map(guardCell);
  });
  return stringify([header.map(guardCell), ...rows], { record_delimiter: '\n' });
}
