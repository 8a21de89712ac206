/**
 * Service-wide figures from per-worker summaries: the numbers a head of service reads across teams
 * (and the figures policy comparison puts side by side).
 */
import type { Band } from '../domain/weights.js';
import type { AllocationResult, WorkerSummary } from './result.js';
import { roundTo } from '../util/numbers.js';

export interface ServiceFigures {
  /** Available workers (the ones carrying cases). */
  readonly workers: number;
  readonly cases: number;
  readonly allocated: number;
  readonly unallocated: number;
  readonly moves: number;
  readonly capacityPoints: number;
  readonly meanCases: number;
  readonly maxCases: number;
  readonly meanPoints: number;
  readonly maxPoints: number;
  /** Total points / total capacity of available workers. */
  readonly meanUtilisation: number;
  readonly maxUtilisation: number;
  readonly bands: Readonly<Record<Band, number>>;
}

export function serviceFigures(workers: readonly WorkerSummary[], unallocated: number, moves: number): ServiceFigures {
  const present = workers.filter((w) => w.available);
  const bands: Record<Band, number> = { red: 0, amber: 0, green: 0, blue: 0 };
  let cases = 0;
  let points = 0;
  let capacity = 0;
  let maxCases = 0;
  let maxPoints = 0;
  let maxUtilisation = 0;
  for (const w of present) {
    bands[w.band]++;
    cases += w.cases;
    points += w.points;
    capacity += w.capacityPoints;
    maxCases = Math.max(maxCases, w.cases);
    maxPoints = Math.max(maxPoints, w.points);
    maxUtilisation = Math.max(maxUtilisation, w.utilisation);
  }
  const k = Math.max(1, present.length);
  return {
    workers: present.length,
    cases: cases + unallocated,
    allocated: cases,
    unallocated,
    moves,
    capacityPoints: roundTo(capacity),
    meanCases: roundTo(cases / k),
    maxCases,
    meanPoints: roundTo(points / k),
    maxPoints: roundTo(maxPoints),
    meanUtilisation: capacity > 0 ? roundTo(points / capacity, 4) : 0,
    maxUtilisation: roundTo(maxUtilisation, 4),
    bands,
  };
}

export function resultFigures(r: AllocationResult): ServiceFigures {
  return serviceFigures(r.workers, r.unallocated.length, r.moves.length);
}
