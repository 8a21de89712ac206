import { plainGap, type GapInstance } from './instance.js';
import { Random } from '../util/random.js';

/** The classic random GAP families (Chu & Beasley 1997; Laguna et al. 1995; Yagiura et al.). */
export type GapFamily = 'C' | 'D' | 'E';

/**
 * Generates a plain (single-resource, minimisation) GAP instance of family C, D or E:
 *   C: r_ij ~ U{5..25},  c_ij ~ U{10..50}
 *   D: r_ij ~ U{1..100}, c_ij = 111 - r_ij + e, e ~ U{-10..10}
 *   E: r_ij = 1 - 10 ln U(0,1],  c_ij = 1000 / r_ij - 10 U[0,1]   (both truncated to integers)
 * with capacities b_i = floor(0.8 * sum_j r_ij / m) for all three.
 * Deterministic in (family, agents, jobs, seed).
 */
export function generateGap(type: GapFamily, agents: number, jobs: number, seed: number): GapInstance {
  if (!Number.isInteger(agents) || !Number.isInteger(jobs) || agents <= 0 || jobs <= 0) {
    throw new Error(`generateGap: agents and jobs must be positive integers, got ${agents} x ${jobs}`);
  }
  const m = agents;
  const n = jobs;
  const random = new Random(seed);
  const cost = new Float64Array(m * n);
  const weight = new Float64Array(m * n);
  for (let x = 0; x < m * n; x++) {
    if (type === 'C') {
      weight[x] = random.nextRange(5, 25);
      cost[x] = random.nextRange(10, 50);
    } else if (type === 'D') {
      const r = random.nextRange(1, 100);
      weight[x] = r;
      cost[x] = 111 - r + random.nextRange(-10, 10);
    } else if (type === 'E') {
      const u = 1 - random.nextFloat(); // (0, 1]
      const r = Math.floor(1 - 10 * Math.log(u));
      weight[x] = r;
      cost[x] = Math.floor(1000 / r - 10 * random.nextFloat());
    } else {
      throw new Error(`generateGap: unknown family ${String(type)} (expected C, D or E)`);
    }
  }
  const capacity = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += weight[i * n + j];
    capacity[i] = Math.floor((0.8 * sum) / m);
  }
  return plainGap(m, n, cost, weight, capacity);
}
