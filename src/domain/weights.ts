/**
 * Weighting rules: case points, worker capacity and limits. Pure functions of one record and the
 * policy, each tested alone with a hand-checked example.
 */
import type { Case, Policy, Worker } from '../input/schema.js';

/** Points a case carries: its override, else its type's points plus its modifiers'. */
export function casePoints(c: Case, policy: Policy): number {
  if (c.points !== undefined) return c.points;
  let points = policy.caseTypes[c.type].points;
  for (const m of c.modifiers) points += policy.modifiers[m];
  return points;
}

/**
 * FTE available for case work: contracted FTE, less hours reserved for other duties, plus hours of
 * other duties taken on by support staff (never below 0). Example: 1 FTE, 7.4 of 37 hours reduced = 0.8.
 */
export function caseworkFte(w: Worker, policy: Policy): number {
  return Math.max(0, w.fte + (w.supportHours - w.reductionHours) / policy.hoursPerFte);
}

/**
 * Capacity points for case work: (pointsPerFte − reservedPointsPerFte) × case-work FTE × role factor,
 * less the worker's reserved points; the worker's override replaces it. Never below 0.
 * Example: full time, qualified: (100 − 10) × 1 × 1 = 90; ASYE at 0.5 FTE: 90 × 0.5 × 0.9 = 40.5.
 */
export function workerCapacityPoints(w: Worker, policy: Policy): number {
  if (w.capacityPoints !== undefined) return w.capacityPoints;
  const perFte = policy.pointsPerFte - policy.reservedPointsPerFte;
  const factor = policy.roles[w.role].capacityFactor;
  return Math.max(0, perFte * caseworkFte(w, policy) * factor - w.reductionPoints);
}

/** Target points: above these the objective charges weights.overTarget per point. */
export function workerTargetPoints(w: Worker, policy: Policy): number {
  return workerCapacityPoints(w, policy) * policy.targetUtilisation;
}

/** Hard maximum points (policy.maxUtilisation × capacity). */
export function workerHardLimitPoints(w: Worker, policy: Policy): number {
  return workerCapacityPoints(w, policy) * policy.maxUtilisation;
}

/**
 * Maximum number of cases: floor(maxCasesPerFte × case-work FTE × role factor), or the override.
 * Example: 20 per FTE, ASYE full time: floor(20 × 0.9) = 18.
 */
export function workerMaxCases(w: Worker, policy: Policy): number {
  if (w.maxCases !== undefined) return w.maxCases;
  const factor = policy.roles[w.role].capacityFactor;
  return Math.floor(policy.maxCasesPerFte * caseworkFte(w, policy) * factor + 1e-9);
}

/** Most cases of one type a worker may hold (role cap, else policy cap, else no cap). */
export function workerCaseTypeCap(w: Worker, caseType: string, policy: Policy): number {
  const roleCap = policy.roles[w.role].caseTypeCaps[caseType];
  if (roleCap !== undefined) return roleCap;
  return policy.caseTypeCaps[caseType] ?? Infinity;
}

export type Band = 'red' | 'amber' | 'green' | 'blue';

/** How managers read a caseload: red > 110%, amber 100–110%, green 95–100%, blue < 95% of capacity. */
export function utilisationBand(utilisation: number): Band {
  if (utilisation > 1.1 + 1e-9) return 'red';
  if (utilisation > 1 + 1e-9) return 'amber';
  if (utilisation >= 0.95 - 1e-9) return 'green';
  return 'blue';
}

/** Points over capacity-relative thresholds, the shape of the balance penalty. */
export function pointsAbove(points: number, capacity: number, fraction: number): number {
  return Math.max(0, points - fraction * capacity);
}
