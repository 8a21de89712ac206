/** Seeded tiny GAP instances and an exhaustive oracle, shared by the bound and branch-and-bound tests. */
import fc from 'fast-check';
import { gapFeasible, gapObjective, type GapInstance } from '../../src/gap/instance.js';

/** Tiny random instance from a seed: forbidden pairs, 1-2 resources, optional unassigned costs and pins. */
export function seededInstance(seed: number, m: number, n: number, K: number, withUnassigned: boolean, withFixed: boolean, fractional: boolean): GapInstance {
  let s = seed >>> 0 || 1;
  const rand = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const cost = new Float64Array(m * n);
  for (let x = 0; x < m * n; x++) cost[x] = rand() < 0.15 ? Infinity : int(0, 30) + (fractional ? int(0, 3) / 4 : 0);
  const weight = new Float64Array(K * m * n);
  for (let x = 0; x < m * n; x++) weight[x] = int(0, 10);
  for (let x = m * n; x < K * m * n; x++) weight[x] = int(0, 2);
  const capacity = new Float64Array(K * m);
  for (let i = 0; i < m; i++) {
    let total = 0;
    for (let j = 0; j < n; j++) total += weight[i * n + j];
    capacity[i] = Math.floor((total / m) * (0.5 + rand()));
    if (K > 1) capacity[m + i] = int(0, n);
  }
  const unassignedCost = withUnassigned ? Float64Array.from({ length: n }, () => (rand() < 0.3 ? Infinity : int(10, 60))) : null;
  let fixedAgent: Int32Array | null = null;
  if (withFixed) {
    fixedAgent = new Int32Array(n).fill(-1);
    for (let j = 0; j < n; j++) if (rand() < 0.2) fixedAgent[j] = int(0, m - 1);
  }
  return { agents: m, jobs: n, resources: K, cost, weight, capacity, unassignedCost, fixedAgent, balance: null };
}

/** Optimum and all optimal assignments by enumerating every assignment (including "left out"). */
export function bruteForceOptima(inst: GapInstance): { value: number; optima: Int32Array[] } {
  const { agents: m, jobs: n } = inst;
  const a = new Int32Array(n).fill(-1);
  let value = Infinity;
  let optima: Int32Array[] = [];
  const total = (m + 1) ** n;
  for (let code = 0; code < total; code++) {
    let c = code;
    for (let j = 0; j < n; j++) {
      a[j] = (c % (m + 1)) - 1;
      c = Math.floor(c / (m + 1));
    }
    if (!gapFeasible(inst, a)) continue;
    const v = gapObjective(inst, a);
    if (!Number.isFinite(v)) continue;
    if (v < value - 1e-9) {
      value = v;
      optima = [a.slice()];
    } else if (Math.abs(v - value) <= 1e-9) optima.push(a.slice());
  }
  return { value, optima };
}

/** The same instance with weights in sevenths: no small scaling makes them integers (branch-and-bound knapsacks). */
export function inSevenths(inst: GapInstance): GapInstance {
  return { ...inst, weight: inst.weight.map((w) => w / 7), capacity: inst.capacity.map((c) => (c + 0.5) / 7) };
}


/** The parameters of seededInstance, as a fast-check arbitrary (1–3 agents, 1–6 jobs, 1–2 resources). */
export const seededParameters = fc.record({
  seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  m: fc.integer({ min: 1, max: 3 }),
  n: fc.integer({ min: 1, max: 6 }),
  K: fc.integer({ min: 1, max: 2 }),
  withUnassigned: fc.boolean(),
  withFixed: fc.boolean(),
});
