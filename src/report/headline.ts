/**
 * The report's headline: the result in plain words for a team manager ("All 185 cases allocated;
 * 3 workers over capacity (1 over the 110% limit); 12 cases change worker."), not solver terms.
 * Built from a list of short clauses so further figures can be added as clauses of their own.
 */
import type { AllocationResult } from './result.js';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The headline's clauses, most important first. */
export function headlineClauses(result: AllocationResult): string[] {
  if (!result.assignments.length && (result.status === 'infeasible' || result.status === 'timedout')) {
    return [result.status === 'infeasible' ? 'No allocation: the hard rules cannot all hold (see why below)' : 'No allocation found in the time given'];
  }
  const total = result.assignments.length + result.unallocated.length;
  const clauses = [result.unallocated.length === 0 ? (total === 1 ? 'The one case allocated' : `All ${total} cases allocated`) : `${result.assignments.length} of ${plural(total, 'case', 'cases')} allocated, ${result.unallocated.length} left unallocated`];
  const working = result.workers.filter((w) => w.available);
  const over = working.filter((w) => w.band === 'amber' || w.band === 'red').length;
  const overLimit = working.filter((w) => w.band === 'red').length;
  clauses.push(over === 0 ? 'no worker over capacity' : `${plural(over, 'worker', 'workers')} over capacity${overLimit ? ` (${overLimit === over ? (over === 1 ? 'over' : 'all over') : `${overLimit} over`} the 110% limit)` : ''}`);
  clauses.push(result.moves.length === 0 ? 'no case changes worker' : `${plural(result.moves.length, 'case changes', 'cases change')} worker`);
  const coWorked = (result.coWorkers?.length ?? 0) + (result.unallocatedCoWorkers?.length ?? 0);
  if (coWorked) clauses.push(`${result.coWorkers?.length ?? 0} of ${plural(coWorked, 'co-worker', 'co-workers')} allocated`);
  return clauses;
}

/** The clauses as one sentence. */
export function headline(result: AllocationResult): string {
  return `${headlineClauses(result).join('; ')}.`;
}
