/**
 * Statistics across replications: means with Student-t confidence intervals, and paired differences
 * between policies (each replication runs every policy on the same arrivals and absences, so the
 * difference within a replication cancels most of the noise).
 */

export interface Interval {
  readonly mean: number;
  readonly halfWidth: number;
  readonly low: number;
  readonly high: number;
  readonly n: number;
  readonly sd: number;
}

/** Standard normal quantile (Acklam's rational approximation, |error| < 1.2e-9 after one refinement step is not needed here). */
export function normalQuantile(p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/**
 * Student-t quantile with df degrees of freedom (Hill's 1970 expansion in the normal quantile; within
 * 0.5% of the exact value for df ≥ 2 at the usual levels, exact tables for df 1).
 */
export function tQuantile(p: number, df: number): number {
  if (df <= 0) return NaN;
  if (df === 1) return Math.tan(Math.PI * (p - 0.5));
  const z = normalQuantile(p);
  const z2 = z * z;
  const g1 = (z2 + 1) * z / 4;
  const g2 = ((5 * z2 + 16) * z2 + 3) * z / 96;
  const g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384;
  const g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z / 92160;
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4;
}

/** Mean and two-sided confidence interval of a sample (half-width 0 for one value or none). */
export function interval(values: readonly number[], confidence: number): Interval {
  const n = values.length;
  if (n === 0) return { mean: NaN, halfWidth: NaN, low: NaN, high: NaN, n, sd: NaN };
  const mean = values.reduce((s, x) => s + x, 0) / n;
  if (n === 1) return { mean, halfWidth: 0, low: mean, high: mean, n, sd: 0 };
  const sd = Math.sqrt(values.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
  const halfWidth = tQuantile(1 - (1 - confidence) / 2, n - 1) * sd / Math.sqrt(n);
  return { mean, halfWidth, low: mean - halfWidth, high: mean + halfWidth, n, sd };
}

/** Interval of the paired differences a[r] − b[r]. */
export function pairedDifference(a: readonly number[], b: readonly number[], confidence: number): Interval {
  if (a.length !== b.length) throw new Error(`paired samples of different sizes (${a.length}, ${b.length})`);
  return interval(a.map((x, r) => x - b[r]), confidence);
}
