/** The report headline in plain words, on small hand-made results. */
import { describe, expect, it } from 'vitest';
import { allocateSync } from '../../src/app/allocate.js';
import type { Band } from '../../src/domain/weights.js';
import { headline, headlineClauses } from '../../src/report/headline.js';
import type { AllocationResult, WorkerSummary } from '../../src/report/result.js';

const worker = (workerId: string, band: Band, available = true): WorkerSummary => ({ workerId, team: 't', role: 'qualified', available, cases: 1, points: 1, capacityPoints: 1, utilisation: 1, band, maxCases: 10, casesBefore: 1, pointsBefore: 1 });

const noShortfall: AllocationResult['capacity'] = { demandPoints: 0, capacityPoints: 0, targetPoints: 0, demandRatio: 0, overCapacity: false, pointsShort: 0, fteShort: 0, heldAboveLimit: [], waiting: { cases: 0, points: 0, byType: [] }, headline: '', teams: [] };

function result(over: Partial<AllocationResult>): AllocationResult {
  return { status: 'feasible', objective: 1196.48, bound: 1100, gap: 0.08, assignments: [], unallocated: [], moves: [], workers: [], stats: { solver: 'core', seconds: 1, iterations: 1, verified: true }, capacity: noShortfall, pinWarnings: [], ...over };
}
const assigned = (n: number) => Array.from({ length: n }, (_, k) => ({ caseId: `c${k}`, workerId: 'a' }));

describe('headline', () => {
  it('everything allocated, nobody over capacity, nothing moved', () => {
    expect(headline(result({ assignments: assigned(42), workers: [worker('a', 'green'), worker('b', 'blue')] }))).toBe('All 42 cases allocated; no worker over capacity; no case changes worker.');
  });

  it('counts workers over capacity (amber and red) and those over the 110% limit (red); away workers do not count', () => {
    const workers = [worker('a', 'red'), worker('b', 'amber'), worker('c', 'amber'), worker('d', 'green'), worker('e', 'red', false)];
    expect(headlineClauses(result({ assignments: assigned(42), workers }))[1]).toBe('3 workers over capacity (1 over the 110% limit)');
    expect(headlineClauses(result({ assignments: assigned(42), workers: [worker('a', 'red')] }))[1]).toBe('1 worker over capacity (over the 110% limit)');
    expect(headlineClauses(result({ assignments: assigned(42), workers: [worker('a', 'red'), worker('b', 'red')] }))[1]).toBe('2 workers over capacity (all over the 110% limit)');
    expect(headlineClauses(result({ assignments: assigned(42), workers: [worker('a', 'amber')] }))[1]).toBe('1 worker over capacity');
  });

  it('unallocated cases, moves and co-workers, singular and plural', () => {
    const r = result({
      assignments: assigned(40),
      unallocated: [{ caseId: 'x', reason: 'r' }, { caseId: 'y', reason: 'r' }],
      moves: [{ caseId: 'c1', from: 'a', to: 'b' }],
      coWorkers: [{ caseId: 'c1', workerId: 'b' }],
      unallocatedCoWorkers: [{ caseId: 'c2', reason: 'r' }],
    });
    expect(headline(r)).toBe('40 of 42 cases allocated, 2 left unallocated; no worker over capacity; 1 case changes worker; 1 of 2 co-workers allocated.');
    expect(headlineClauses(result({ assignments: assigned(1), moves: [{ caseId: 'a', from: 'a', to: 'b' }, { caseId: 'b', from: 'a', to: null }] }))).toEqual(['The one case allocated', 'no worker over capacity', '2 cases change worker']);
  });

  it('no allocation: says so, in words, and which way', () => {
    expect(headline(result({ status: 'infeasible', objective: null }))).toBe('No allocation: the hard rules cannot all hold (see why below).');
    expect(headline(result({ status: 'timedout', objective: null }))).toBe('No allocation found in the time given.');
  });

  it('never shows solver terms (status, objective)', () => {
    const text = headline(result({ assignments: assigned(3), workers: [worker('a', 'amber')] }));
    expect(text).not.toMatch(/status|objective|feasible|1196/);
  });

  it('on a real solve: an infeasible problem and a solvable one', () => {
    const infeasible = allocateSync({ workers: [{ id: 'a', fte: 1, capacityPoints: 8 }], cases: [{ id: 'x', type: 'child-protection' }, { id: 'y', type: 'child-protection' }], policy: { allowUnallocated: false } }, { maxIterations: 100, timeLimit: 20 });
    expect(headline(infeasible)).toMatch(/^No allocation: the hard rules cannot all hold/);
    const solved = allocateSync({ workers: [{ id: 'a', fte: 1 }, { id: 'b', fte: 1 }], cases: [{ id: 'c1', type: 'court' }, { id: 'c2', type: 'assessment', currentWorkerId: 'a' }] }, { maxIterations: 20 });
    expect(headline(solved)).toMatch(/^All 2 cases allocated; no worker over capacity; /);
  });
});
