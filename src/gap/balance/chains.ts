import { tolerance } from '../../util/numbers.js';
import type { SearchLimits } from '../../util/limits.js';
import { agentLoadPenalty, gapFeasible, gapObjective, type GapInstance } from '../instance.js';
import { Random } from '../../util/random.js';

/**
 * Long insertion chains for instances with unassignment (the domain's allocation models).
 *
 * In an overloaded team the objective is mostly which cases stay out, and the last case in needs
 * room that is scattered over several workers in slivers of a point or two. Bringing it in takes a
 * chain: the case goes to worker t, t passes one of its jobs to worker A1, A1 passes one to A2, ...,
 * until a worker has room for what it receives (or one job goes out instead; the first worker may
 * also let one go out, for a unit worth more than it). Each link shifts a little room along, so the
 * chain gathers slivers that no two-agent move can. Local search with ejection chains of depth two
 * rarely finds these.
 *
 * The search is a label-correcting shortest path over states (agent, job it receives), best label
 * per state, in breadth-first layers up to `depth` agents, from all unassigned jobs at once.
 * A label's value is the objective change so far: cost changes and each agent's exact convex
 * penalty change at its new load (the min-max term is left to the exact check). The best finished
 * chain (each agent at most once, so its loads are exact) is applied only when the exactly recomputed
 * objective falls and every capacity holds.
 */
export const BALANCE_CHAIN_DEFAULTS = {
  /** Agents one chain may pass through (the inserted job's agent included). */
  depth: 10,
  /** Labels one chain search may create (fewer on small instances: eight per state of a search). */
  maxLabels: 200000,
  /**
   * Agents one search ranges over. On larger instances (a whole service) each search draws this
   * many at random: a team-sized search reaches deep chains within its label budget, and a pass of
   * searches covers every agent about twice.
   */
  agentsPerSearch: 24,
} as const;

/** The deadline as in SearchLimits; the effort limit counts chain searches (maxCalls). */
export interface BalanceChainOptions extends Pick<SearchLimits, 'deadline'> {
  /** Chain searches to run (the effort counter). Default: until one finds nothing. */
  readonly maxCalls?: number;
  /** Stop once the objective is at most this. Default -Infinity. */
  readonly target?: number;
  /** Return after the first improving chain. Default false (until a pass finds nothing). */
  readonly firstImprovement?: boolean;
  /** Seed of the agent draws on larger instances. Default 1. */
  readonly seed?: number;
  readonly onImprove?: (objective: number, assignment: Int32Array) => void;
}

export interface BalanceChainResult {
  /** The final assignment (a copy; never worse than the start). */
  readonly assignment: Int32Array;
  readonly objective: number;
  /** Chain searches run. */
  readonly calls: number;
  readonly improvements: number;
}

const EPS = 1e-9;

/** Runs chain searches from a capacity-feasible assignment (otherwise it is returned unchanged). */
export type InsertionChains = (start: Int32Array, options?: BalanceChainOptions) => BalanceChainResult;

/**
 * The chain search for one instance (`allowed`: m*n, 1 = pair allowed, see allowedPairs), with its
 * buffers made once: the returned function may run many times. Null when no job may be left out.
 */
export function insertionChains(inst: GapInstance, allowed: Uint8Array): InsertionChains | null {
  const D = BALANCE_CHAIN_DEFAULTS;
  const { agents: m, jobs: n, resources: K, cost, weight, capacity } = inst;
  const balance = inst.balance;
  if (!inst.unassignedCost) return null;
  const unassignedCost = inst.unassignedCost;
  const ref = new Float64Array(m);
  for (let i = 0; i < m; i++) ref[i] = balance ? (balance.reference ? balance.reference[i] : capacity[i]) : 0;
  const penaltyAt = (i: number, l: number): number => (balance ? agentLoadPenalty(balance, l, ref[i]) : 0);
  const movable = new Uint8Array(n);
  for (let j = 0; j < n; j++) movable[j] = !inst.fixedAgent || inst.fixedAgent[j] < 0 ? 1 : 0;

  // Jobs that behave alike (same cost to leave out, same costs and weights on every agent) start
  // the same chains: one search per kind. A signature with fixed coefficients tells them apart.
  const signature = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let s = unassignedCost[j] * 1.000123;
    for (let i = 0; i < m; i++) {
      const c = cost[i * n + j];
      s += (Number.isFinite(c) ? c : 1e6) * (1 + ((i * 7919) % 104729) / 104729);
      for (let k = 0; k < K; k++) s += weight[(k * m + i) * n + j] * (2 + ((i * 31 + k * 17) % 1009) / 1009);
    }
    signature[j] = s;
  }

  // Live state: the assignment, loads and each agent's movable jobs.
  const assignment = new Int32Array(n);
  let objective = Infinity;
  const load = new Float64Array(K * m);
  const agentJobs = new Int32Array(m * n);
  const agentCount = new Int32Array(m);
  const rebuild = (): void => {
    load.fill(0);
    agentCount.fill(0);
    for (let j = 0; j < n; j++) {
      const i = assignment[j];
      if (i < 0) continue;
      for (let k = 0; k < K; k++) load[k * m + i] += weight[(k * m + i) * n + j];
      if (movable[j]) agentJobs[i * n + agentCount[i]++] = j;
    }
  };
  /** Whether agent i fits when it gains job `inn` and loses `out` and `out2` (-1 = none). */
  const fits = (i: number, inn: number, out: number, out2 = -1): boolean => {
    for (let k = 0; k < K; k++) {
      const x = k * m + i;
      const l = load[x] + weight[x * n + inn] - (out >= 0 ? weight[x * n + out] : 0) - (out2 >= 0 ? weight[x * n + out2] : 0);
      if (l > capacity[x] + EPS) return false;
    }
    return true;
  };

  // Labels (a breadth-first queue) and the best value per state (agent, job received).
  // Sized to the instance: a search holds a few labels per state at most (tiny problems stay cheap).
  const maxLabels = Math.min(D.maxLabels, 8 * Math.min(m, D.agentsPerSearch) * n + 64);
  const labelAgent = new Int32Array(maxLabels);
  const labelJob = new Int32Array(maxLabels);
  const labelValue = new Float64Array(maxLabels);
  const labelParent = new Int32Array(maxLabels);
  const labelDepth = new Int32Array(maxLabels);
  /** A job the parent's agent let go out as it handed this label's job on (-1: none). */
  const labelDrop = new Int32Array(maxLabels);
  const stateValue = new Float64Array(m * n);
  const stateStamp = new Int32Array(m * n);
  let stamp = 0;
  const candidate = new Int32Array(n);
  const kinds = new Set<number>();
  const agentOrder = Int32Array.from({ length: m }, (_, i) => i);
  const searchAgents = Math.min(m, D.agentsPerSearch);
  // Searches in a row that find nothing before a run gives up: one pass over the agents.
  const failuresPerPass = m > D.agentsPerSearch ? Math.ceil((2 * m) / D.agentsPerSearch) : 1;
  let random = new Random(1);
  /** The running call's deadline: a search past it stops where it is and applies nothing. */
  let searchDeadline = Infinity;

  /**
   * One chain search from every unassigned job at once (each kind of job once); applies the best
   * chain found when it improves the exact objective.
   */
  const search = (): boolean => {
    stamp++;
    // The agents of this search: all of them, or a random draw on larger instances.
    if (m > D.agentsPerSearch) {
      for (let i = 0; i < m; i++) agentOrder[i] = i;
      random.shuffle(agentOrder);
    }
    let count = 0;
    const push = (agent: number, job: number, value: number, parent: number, depth: number, drop: number): void => {
      const s = agent * n + job;
      if (stateStamp[s] === stamp && stateValue[s] <= value + EPS) return;
      if (count >= maxLabels) return;
      stateStamp[s] = stamp;
      stateValue[s] = value;
      labelAgent[count] = agent;
      labelJob[count] = job;
      labelValue[count] = value;
      labelParent[count] = parent;
      labelDepth[count] = depth;
      labelDrop[count] = drop;
      count++;
    };
    /** Whether agent b is already on the chain ending at label q (chains visit each agent once). */
    const onPath = (q: number, b: number): boolean => {
      for (let r = q; r >= 0; r = labelParent[r]) if (labelAgent[r] === b) return true;
      return false;
    };
    // Jobs that behave alike (same signature) start the same chains: one of each kind.
    kinds.clear();
    for (let u = 0; u < n; u++) {
      if (assignment[u] >= 0 || !movable[u] || !Number.isFinite(unassignedCost[u]) || kinds.has(signature[u])) continue;
      kinds.add(signature[u]);
      for (let r = 0; r < searchAgents; r++) {
        const t = agentOrder[r];
        if (allowed[t * n + u]) push(t, u, -unassignedCost[u], -1, 1, -1);
      }
    }
    let bestValue = -tolerance(objective);
    let bestLabel = -1;
    let bestDrop = -1;
    let bestSecondDrop = -1;
    /** Keeps a finished chain (ending at label q, with up to two jobs going out) when it is the best yet. */
    const keepIfBest = (value: number, q: number, drop: number, secondDrop: number): void => {
      if (value >= bestValue) return;
      bestValue = value;
      bestLabel = q;
      bestDrop = drop;
      bestSecondDrop = secondDrop;
    };
    for (let q = 0; q < count; q++) {
      // One search can expand hundreds of thousands of labels (measured: 0.1-0.15 s on 150 x 1,909).
      if ((q & 255) === 255 && performance.now() >= searchDeadline) return false;
      const a = labelAgent[q];
      const x = labelJob[q];
      const g = labelValue[q];
      // A newer label for this state supersedes this one.
      if (stateValue[a * n + x] < g - EPS) continue;
      const l0 = load[a];
      const before = penaltyAt(a, l0);
      if (fits(a, x, -1)) {
        keepIfBest(g + cost[a * n + x] + penaltyAt(a, l0 + weight[a * n + x]) - before, q, -1, -1);
        continue;
      }
      for (let p = 0; p < agentCount[a]; p++) {
        const y = agentJobs[a * n + p];
        if (y === x || !fits(a, x, y)) continue;
        const g1 = g + cost[a * n + x] - cost[a * n + y] + penaltyAt(a, l0 + weight[a * n + x] - weight[a * n + y]) - before;
        // Chain ends with y going out.
        const out = unassignedCost[y];
        if (Number.isFinite(out)) keepIfBest(g1 + out, q, y, -1);
        // Prune: a chain this far behind does not come back (later links change little).
        if (labelDepth[q] >= D.depth || g1 >= 0) continue;
        for (let r = 0; r < searchAgents; r++) {
          const b = agentOrder[r];
          if (allowed[b * n + y] && !onPath(q, b)) push(b, y, g1, q, labelDepth[q] + 1, -1);
        }
      }
      // The first agent may also let one of its jobs go out, when the job brought in is worth more
      // (a unit of three cases in for one case out: the chain then needs less room).
      if (labelDepth[q] !== 1) continue;
      for (let p = 0; p < agentCount[a]; p++) {
        const d = agentJobs[a * n + p];
        const outD = unassignedCost[d];
        if (!Number.isFinite(outD) || g + outD - cost[a * n + d] >= 0) continue;
        for (let p2 = 0; p2 < agentCount[a]; p2++) {
          const y = agentJobs[a * n + p2];
          if (y === d || !fits(a, x, d, y)) continue;
          const g2 = g + outD + cost[a * n + x] - cost[a * n + d] - cost[a * n + y] + penaltyAt(a, l0 + weight[a * n + x] - weight[a * n + d] - weight[a * n + y]) - before;
          const outY = unassignedCost[y];
          if (Number.isFinite(outY)) keepIfBest(g2 + outY, q, y, d);
          if (g2 >= 0) continue;
          for (let r = 0; r < searchAgents; r++) {
            const b = agentOrder[r];
            if (b !== a && allowed[b * n + y]) push(b, y, g2, q, 2, d);
          }
        }
      }
    }
    if (bestLabel < 0) return false;
    // Apply the chain to a copy, then check it exactly.
    candidate.set(assignment);
    if (bestDrop >= 0) candidate[bestDrop] = -1;
    if (bestSecondDrop >= 0) candidate[bestSecondDrop] = -1;
    for (let q = bestLabel; q >= 0; q = labelParent[q]) {
      const a = labelAgent[q];
      const x = labelJob[q];
      // The job x moves to a; the job the parent's agent handed on is this label's job (already moved).
      candidate[x] = a;
      if (labelDrop[q] >= 0) candidate[labelDrop[q]] = -1;
    }
    if (!gapFeasible(inst, candidate)) return false;
    const value = gapObjective(inst, candidate);
    if (!(value < objective - tolerance(objective))) return false;
    assignment.set(candidate);
    objective = value;
    rebuild();
    return true;
  };

  return (start, options = {}) => {
    const deadline = options.deadline ?? Infinity;
    const target = options.target ?? -Infinity;
    const maxCalls = options.maxCalls ?? Infinity;
    searchDeadline = deadline;
    assignment.set(start);
    objective = gapObjective(inst, assignment);
    if (!gapFeasible(inst, assignment) || !Number.isFinite(objective)) return { assignment: Int32Array.from(start), objective, calls: 0, improvements: 0 };
    rebuild();
    random = new Random(options.seed ?? 1);
    let calls = 0;
    let improvements = 0;
    let failures = 0;
    while (calls < maxCalls && failures < failuresPerPass && objective > target && performance.now() < deadline) {
      calls++;
      if (!search()) {
        failures++;
        continue;
      }
      failures = 0;
      improvements++;
      if (options.onImprove) options.onImprove(objective, Int32Array.from(assignment));
      if (options.firstImprovement) break;
    }
    return { assignment: Int32Array.from(assignment), objective, calls, improvements };
  };
}
