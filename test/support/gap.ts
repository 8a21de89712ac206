import fc from 'fast-check';
import { gapFeasible, gapObjective, type GapInstance } from '../../src/gap/instance.js';

/** Tiny random GAP instances over the whole contract (forbidden pairs, fixed jobs, unassignment, K = 2, balance). */
export function tinyInstance(options: { general: boolean }): fc.Arbitrary<GapInstance> {
  return fc
    .record({
      m: fc.integer({ min: 1, max: 3 }),
      n: fc.integer({ min: 1, max: 7 }),
      K: options.general ? fc.integer({ min: 1, max: 2 }) : fc.constant(1),
      seedValues: fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 200, maxLength: 200 }),
      forbidden: options.general ? fc.boolean() : fc.constant(false),
      unassigned: options.general ? fc.boolean() : fc.constant(false),
      fixed: options.general ? fc.boolean() : fc.constant(false),
      balance: options.general ? fc.integer({ min: 0, max: 2 }) : fc.constant(0),
    })
    .map(({ m, n, K, seedValues, forbidden, unassigned, fixed, balance }) => {
      let at = 0;
      const next = (mod: number): number => seedValues[at++ % seedValues.length] % mod;
      const cost = new Float64Array(m * n);
      for (let x = 0; x < m * n; x++) cost[x] = forbidden && next(6) === 0 ? Infinity : next(30);
      const weight = new Float64Array(K * m * n);
      for (let x = 0; x < K * m * n; x++) weight[x] = 1 + next(9);
      const capacity = new Float64Array(K * m);
      for (let x = 0; x < K * m; x++) capacity[x] = 4 + next(Math.max(2, Math.round((6 * n) / m)));
      let unassignedCost: Float64Array | null = null;
      if (unassigned) {
        unassignedCost = new Float64Array(n);
        for (let j = 0; j < n; j++) unassignedCost[j] = next(4) === 0 ? Infinity : 10 + next(40);
      }
      let fixedAgent: Int32Array | null = null;
      if (fixed) {
        fixedAgent = new Int32Array(n).fill(-1);
        for (let j = 0; j < n; j++) if (next(5) === 0) fixedAgent[j] = next(m);
      }
      const bal =
        balance === 0
          ? null
          : {
              thresholds: Float64Array.of(0.5, 0.8),
              slopes: Float64Array.of(0.5 + next(3), 1 + next(4)),
              maxUtilisationCost: balance === 2 ? 5 + next(20) : 0,
              reference: next(2) === 0 ? null : Float64Array.from({ length: m }, () => 3 + next(20)),
            };
      return { agents: m, jobs: n, resources: K, cost, weight, capacity, unassignedCost, fixedAgent, balance: bal };
    });
}

/** Brute force: the optimum over all (m+1)^n assignments (-1 = unassigned); Infinity when none is feasible. */
export function bruteForce(inst: GapInstance): number {
  const { agents: m, jobs: n } = inst;
  const a = new Int32Array(n).fill(-1);
  let best = Infinity;
  const visit = (j: number): void => {
    if (j === n) {
      if (!gapFeasible(inst, a)) return;
      const v = gapObjective(inst, a);
      if (v < best) best = v;
      return;
    }
    for (let i = -1; i < m; i++) {
      a[j] = i;
      visit(j + 1);
    }
  };
  visit(0);
  return best;
}

export const DATA = new URL('../../examples/gap/', import.meta.url);

/** Best known minimisation values keyed "gapK-p" (p 1-based). */
export function bestKnownMin(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n').slice(1)) {
    const cols = line.split(',');
    if (cols[5] === 'min') out.set(`${cols[1].replace('.txt', '')}-${cols[2]}`, Number(cols[6]));
  }
  return out;
}

/**
 * Tiny domain-shaped instances: balance term always, K = 2 or 3 (points, case count, a type cap),
 * unassignment mostly allowed, some fixed jobs, capacities like 1.1 x reference (not integral), and
 * optionally non-integral points (the bound then scales and floors).
 */
export function tinyBalanceInstance(): fc.Arbitrary<GapInstance> {
  return fc
    .record({
      m: fc.integer({ min: 1, max: 3 }),
      n: fc.integer({ min: 1, max: 7 }),
      K: fc.integer({ min: 2, max: 3 }),
      values: fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 120, maxLength: 120 }),
      unassigned: fc.integer({ min: 0, max: 3 }),
      fixed: fc.boolean(),
      fractional: fc.integer({ min: 0, max: 3 }),
      maxTerm: fc.boolean(),
    })
    .map(({ m, n, K, values, unassigned, fixed, fractional, maxTerm }) => {
      let at = 0;
      const next = (mod: number): number => values[at++ % values.length] % mod;
      const cost = new Float64Array(m * n);
      for (let x = 0; x < m * n; x++) cost[x] = next(7) === 0 ? Infinity : 10 * next(2) + 2 * next(3);
      // Quarter points scale to integers (exact DP); thirds do not (scaled and floored: the weaker, still valid bound).
      const points = Array.from({ length: n }, () => 2 + next(9) + (fractional === 0 ? next(4) * 0.25 : fractional === 1 ? next(3) / 3 : 0));
      const cases = Array.from({ length: n }, () => 1 + next(3));
      const typed = Array.from({ length: n }, () => next(3));
      const reference = Float64Array.from({ length: m }, () => 6 + next(14));
      const weight = new Float64Array(K * m * n);
      const capacity = new Float64Array(K * m);
      for (let i = 0; i < m; i++) {
        capacity[i] = 1.1 * reference[i];
        capacity[m + i] = 1 + next(5);
        if (K === 3) capacity[2 * m + i] = next(3);
        for (let j = 0; j < n; j++) {
          weight[i * n + j] = points[j];
          weight[(m + i) * n + j] = cases[j];
          if (K === 3) weight[(2 * m + i) * n + j] = typed[j];
        }
      }
      const unassignedCost =
        unassigned === 0 ? null : Float64Array.from({ length: n }, () => (unassigned === 1 && next(3) === 0 ? Infinity : 20 + 10 * next(8)));
      let fixedAgent: Int32Array | null = null;
      if (fixed) {
        fixedAgent = new Int32Array(n).fill(-1);
        for (let j = 0; j < n; j++) if (next(6) === 0) fixedAgent[j] = next(m);
      }
      const inst: GapInstance = {
        agents: m,
        jobs: n,
        resources: K,
        cost,
        weight,
        capacity,
        unassignedCost,
        fixedAgent,
        balance: {
          thresholds: Float64Array.of(0.8, 0.9, 1, 1),
          slopes: Float64Array.of(0.2, 0.2, 0.2, 5 + next(20)),
          maxUtilisationCost: maxTerm ? 10 + next(100) : 0,
          reference,
        },
      };
      return inst;
    });
}
