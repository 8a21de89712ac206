/**
 * The engine's numeric conventions, in one place: how close two sums of floating-point terms must be to
 * count as equal, and how figures are rounded for people to read.
 */

/** Relative tolerance of the solvers' comparisons (bounds against objectives, loads against capacities). */
export const RELATIVE_TOLERANCE = 1e-9;

/** Relative tolerance within which the checker's recomputed objective agrees with a solver's. */
export const OBJECTIVE_AGREEMENT = 1e-6;

/** A tolerance relative to the size of `x`: relative × max(1, |x|). */
export function tolerance(x: number, relative: number = RELATIVE_TOLERANCE): number {
  return relative * Math.max(1, Math.abs(x));
}

/** `x` rounded to `digits` decimal places (for reports and results). */
export function roundTo(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
