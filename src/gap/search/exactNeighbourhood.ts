import type { SearchLimits } from '../../util/limits.js';
import { gapFeasible, gapObjective, plainGap, type GapInstance } from '../instance.js';
import { branchAndBound } from './branchAndBound.js';
import { Random } from '../../util/random.js';

/**
 * Large-neighbourhood search with exact repair (plain GAP only: one resource, no balance term, no
 * unassignment): pick a few agents, free a subset of their jobs, and re-solve that sub-GAP exactly
 * (branch and bound, node-limited) on the capacity the other jobs leave. The current assignment is the
 * sub-problem's incumbent, so a call never makes it worse. On tight instances with cost
 * anti-correlated with weight (type D) this finds the multi-job exchanges that penalty local search
 * with short ejection chains misses. Agents are drawn at random, related (close for one job), or —
 * given the assignment-relaxation Lagrangian as a guide — where its duality gap sits (guidedShare):
 * on OR-Library gapd the guided draw is what makes the sub-problems pay (together with short
 * local-search rounds, see solveGap; measured in bench/RESULTS.md, "Tuning log of the GAP defaults").
 */
export const EXACT_NEIGHBOURHOOD_DEFAULTS = {
  /** Agents drawn per sub-problem. */
  agents: 10,
  /** Jobs freed per sub-problem (among the drawn agents' jobs). */
  jobs: 30,
  /**
   * The same on instances where `jobs` is a small share of all jobs (solveGap's earlyExactShare): the
   * 30-job sub-problems there are mostly proven locally optimal at the root (largeJobs in the tuning log).
   */
  largeJobs: 40,
  /**
   * And where it is not (OR-Library gapd), each round starts at smallJobs and grows within the round
   * (growAfter, below) instead of a fixed `jobs` grown per failed round: early on, when the start is
   * far from optimal, 10-job sub-problems improve it for a fraction of the cost. On the larger
   * instances the same rule costs, so they keep largeJobs and roundGrowth (smallJobs in the tuning log).
   */
  smallJobs: 10,
  /** Branch-and-bound node limit per sub-problem. */
  maxNodes: 500,
  /** Subgradient iterations at the sub-problem's root and at other nodes (cheap: it is small). */
  rootIterations: 60,
  nodeIterations: 10,
  shallowIterations: 20,
  warmStartIterations: 30,
  /** Share of the sub-problems whose agents are related (close for one job) rather than random. */
  relatedShare: 0.5,
  /**
   * Share of the sub-problems drawn from the Lagrangian guide when one is given. The gap UB - L(u)
   * splits over agents as g_i = sum_{j on i} (c_ij - u_j) - (agent i's knapsack value at u) >= 0: an
   * agent is drawn with probability proportional to g_i, joined by the agents it trades with in the
   * relaxation (jobs its knapsack wants that they hold, or jobs it holds that theirs want), and the
   * jobs the relaxation would move are freed first (0.8 against 0.5 and 1: guidedShare in the tuning log).
   */
  guidedShare: 0.8,
  /** With largeJobs the caller grows the freed jobs by this many per unsuccessful round, up to roundGrowthRounds rounds. */
  roundGrowth: 20,
  roundGrowthRounds: 3,
  /**
   * Adaptive size (option growAfter): the sub-problems grow by growthStep jobs after growAfter
   * consecutive ones proven without an improvement (guided ones only when a guide is given: the
   * others mostly close at the root), so they stay at the size where they still find something.
   * Small sub-problems improve a poor start cheaply; the large ones are paid for only once the small
   * ones are exhausted (see smallJobs).
   */
  growAfter: 5,
  growthStep: 5,
} as const;

/** The deadline as in SearchLimits; the effort limit counts sub-problems (maxCalls). */
export interface ExactNeighbourhoodOptions extends Pick<SearchLimits, 'deadline'> {
  /** m*n: 1 = pair allowed (see allowedPairs). Required. */
  readonly allowed: Uint8Array;
  readonly seed?: number;
  /** Resource-0 capacity prices ranking related agents (c_ij + price_i w_ij). Default none (cost). */
  readonly prices?: Float64Array;
  /** Jobs freed per sub-problem (at first, when growAfter is finite). Default EXACT_NEIGHBOURHOOD_DEFAULTS.jobs. */
  readonly freeJobs?: number;
  /** Grow the freed jobs by growthStep after this many proven, unimproved sub-problems in a row. Default Infinity (fixed size). */
  readonly growAfter?: number;
  /** Agents drawn per sub-problem. Default EXACT_NEIGHBOURHOOD_DEFAULTS.agents. */
  readonly agents?: number;
  /** m*n: 1 = pair excluded from sub-problems unless it is the job's current agent (reduced-cost fixing). */
  readonly removed?: Uint8Array;
  /** Sub-problems to solve (the effort counter). Default Infinity. */
  readonly maxCalls?: number;
  /**
   * The assignment-relaxation Lagrangian at good multipliers u: relaxed (m*n, the knapsack solutions
   * x_ij) and reducedCost (m*n, c_ij - u_j). With it a share of the sub-problems is drawn where the
   * duality gap sits (see guidedShare). Default none.
   */
  readonly guide?: { readonly relaxed: Uint8Array; readonly reducedCost: Float64Array };
  /** Share of guided sub-problems when a guide is given. Default EXACT_NEIGHBOURHOOD_DEFAULTS.guidedShare. */
  readonly guidedShare?: number;
  /** Stop once the sub-problems have used this many branch-and-bound nodes in all. Default Infinity. */
  readonly maxTotalNodes?: number;
  /** Called with every improvement (objective, assignment copy). */
  readonly onImprove?: (objective: number, assignment: Int32Array) => void;
}

export interface ExactNeighbourhoodResult {
  /** The final assignment (a copy; never worse than the start). */
  readonly assignment: Int32Array;
  readonly objective: number;
  /** Sub-problems solved. */
  readonly calls: number;
  /** Branch-and-bound nodes over all sub-problems. */
  readonly nodes: number;
  /** Jobs freed per sub-problem at the end (grown from options.freeJobs under growAfter). */
  readonly freeJobs: number;
}

/** True when the instance is one this search handles (plain single-resource GAP, nothing pinned). */
export function exactNeighbourhoodApplies(inst: GapInstance): boolean {
  return inst.resources === 1 && inst.balance === null && inst.unassignedCost === null && inst.fixedAgent === null && inst.agents >= 2;
}

/** Runs the search from a feasible `start`; returns it unchanged when it is not feasible or the instance is not plain. */
export function exactNeighbourhoodSearch(inst: GapInstance, start: Int32Array, options: ExactNeighbourhoodOptions): ExactNeighbourhoodResult {
  const { agents: m, jobs: n, cost, weight, capacity } = inst;
  const assign = Int32Array.from(start);
  let objective = gapObjective(inst, assign);
  const D = EXACT_NEIGHBOURHOOD_DEFAULTS;
  let freeJobs = Math.max(2, options.freeJobs ?? D.jobs);
  if (!exactNeighbourhoodApplies(inst) || !gapFeasible(inst, assign)) return { assignment: assign, objective, calls: 0, nodes: 0, freeJobs };
  const deadline = options.deadline ?? Infinity;
  const maxCalls = options.maxCalls ?? Infinity;
  const random = new Random(options.seed ?? 1);
  const allowed = options.allowed;
  const removed = options.removed;
  const load = new Float64Array(m);
  for (let j = 0; j < n; j++) load[assign[j]] += weight[assign[j] * n + j];

  const q = Math.min(m, Math.max(2, options.agents ?? D.agents));
  const growAfter = options.growAfter ?? Infinity;
  let unimproved = 0; // proven, unimproved sub-problems in a row (see growAfter)
  const agentList = new Int32Array(m);
  for (let i = 0; i < m; i++) agentList[i] = i;
  const slot = new Int32Array(m).fill(-1); // agent -> index in the sub-problem, -1 = not drawn
  const pool = new Int32Array(n);
  const score = new Float64Array(m);
  const prices = options.prices;
  const maxTotalNodes = options.maxTotalNodes ?? Infinity;
  const guide = options.guide;
  const guidedShare = options.guidedShare ?? D.guidedShare;
  // Per agent: its knapsack's value at u (sum of the chosen reduced costs), and the current gap share.
  const knapsackValue = new Float64Array(m);
  const gapShare = new Float64Array(m);
  const wanted = new Uint8Array(n);
  if (guide) {
    for (let x = 0; x < m * n; x++) if (guide.relaxed[x]) knapsackValue[Math.floor(x / n)] += guide.reducedCost[x];
  }
  let calls = 0;
  let nodes = 0;
  while (calls < maxCalls && nodes < maxTotalNodes && performance.now() < deadline) {
    calls++;
    let guided = false;
    if (guide && random.nextFloat() < guidedShare) {
      guided = true;
      // Gap shares of the current assignment; draw an agent in proportion.
      for (let i = 0; i < m; i++) gapShare[i] = -knapsackValue[i];
      for (let j = 0; j < n; j++) {
        const rc = guide.reducedCost[assign[j] * n + j];
        gapShare[assign[j]] += Number.isFinite(rc) ? rc : 0;
      }
      let total = 0;
      for (let i = 0; i < m; i++) total += Math.max(0, gapShare[i]);
      let a = random.nextInt(m);
      if (total > 0) {
        let pick = random.nextFloat() * total;
        for (let i = 0; i < m; i++) {
          pick -= Math.max(0, gapShare[i]);
          if (pick <= 0) {
            a = i;
            break;
          }
        }
      }
      // Trading partners of a in the relaxation, most trades first (gap share, then chance, breaks ties).
      score.fill(0);
      for (let j = 0; j < n; j++) {
        const i = assign[j];
        if (i !== a && guide.relaxed[a * n + j]) score[i] += 1;
        if (i === a) for (let k = 0; k < m; k++) if (k !== a && guide.relaxed[k * n + j]) score[k] += 1;
      }
      for (let i = 0; i < m; i++) {
        score[i] = i === a ? Infinity : score[i] + 1e-3 * Math.max(0, gapShare[i]) / (1 + total) + 1e-6 * random.nextFloat();
        agentList[i] = i;
      }
      agentList.sort((x, y) => score[y] - score[x] || x - y);
      for (let t = 0; t < q; t++) slot[agentList[t]] = t;
    } else if (q < m && random.nextFloat() < D.relatedShare) {
      // Related agents: a random job's agent and the agents closest to it for that job (priced cost),
      // the ones its exchanges run through.
      const j0 = random.nextInt(n);
      for (let i = 0; i < m; i++) {
        const x = i * n + j0;
        score[i] = i === assign[j0] ? -Infinity : allowed[x] ? cost[x] + (prices ? prices[i] * weight[x] : 0) : Infinity;
        agentList[i] = i;
      }
      agentList.sort((a, b) => score[a] - score[b] || a - b);
      for (let t = 0; t < q; t++) slot[agentList[t]] = t;
    } else {
      // Random agents (partial Fisher-Yates).
      for (let t = 0; t < q; t++) {
        const u = t + random.nextInt(m - t);
        const x = agentList[t];
        agentList[t] = agentList[u];
        agentList[u] = x;
        slot[agentList[t]] = t;
      }
    }
    let poolSize = 0;
    let first = 0; // guided: pool[0..first) are the jobs the relaxation would move (freed first)
    if (guided) {
      for (let j = 0; j < n; j++) {
        wanted[j] = 0;
        const i = assign[j];
        if (slot[i] < 0) continue;
        let w = guide!.relaxed[i * n + j] ? 0 : 1;
        for (let t = 0; t < q && w === 0; t++) if (agentList[t] !== i && guide!.relaxed[agentList[t] * n + j]) w = 1;
        wanted[j] = w;
        if (w) first++;
      }
      let lo = 0;
      let hi = first;
      for (let j = 0; j < n; j++) if (slot[assign[j]] >= 0) pool[wanted[j] ? lo++ : hi++] = j;
      poolSize = hi;
    } else {
      for (let j = 0; j < n; j++) if (slot[assign[j]] >= 0) pool[poolSize++] = j;
    }
    const s = Math.min(freeJobs, poolSize);
    for (let t = 0; t < s; t++) {
      // Shuffle within the preferred block first, then within the rest.
      const lo = t < first ? t : Math.max(t, first);
      const hi = t < first ? first : poolSize;
      const u = lo + random.nextInt(hi - lo);
      const x = pool[t];
      pool[t] = pool[u];
      pool[u] = x;
    }
    if (s >= 2) {
      const subCost = new Float64Array(q * s);
      const subWeight = new Float64Array(q * s);
      const subCapacity = new Float64Array(q);
      const incumbent = new Int32Array(s);
      for (let r = 0; r < q; r++) subCapacity[r] = capacity[agentList[r]] - load[agentList[r]];
      for (let t = 0; t < s; t++) {
        const j = pool[t];
        const r0 = slot[assign[j]];
        incumbent[t] = r0;
        subCapacity[r0] += weight[assign[j] * n + j];
      }
      for (let r = 0; r < q; r++) {
        const i = agentList[r];
        // Float noise must not make the incumbent look infeasible.
        subCapacity[r] = Math.max(0, subCapacity[r] + 1e-9 * Math.max(1, capacity[i]));
        for (let t = 0; t < s; t++) {
          const x = i * n + pool[t];
          subCost[r * s + t] = allowed[x] && (!removed || !removed[x] || r === incumbent[t]) ? cost[x] : Infinity;
          subWeight[r * s + t] = weight[x];
        }
      }
      const sub = plainGap(q, s, subCost, subWeight, subCapacity);
      const before = gapObjective(sub, incumbent);
      const result = branchAndBound(sub, {
        incumbent,
        deadline,
        maxNodes: D.maxNodes,
        rootIterations: D.rootIterations,
        nodeIterations: D.nodeIterations,
        shallowIterations: D.shallowIterations,
        warmStartIterations: D.warmStartIterations,
      });
      nodes += result.nodes;
      const improved = result.objective < before - 1e-9 ? result.assignment : null;
      if (improved) unimproved = 0;
      else if (result.complete && (guided || !guide) && ++unimproved >= growAfter) {
        freeJobs += D.growthStep;
        unimproved = 0;
      }
      if (improved) {
        for (let t = 0; t < s; t++) {
          const j = pool[t];
          const from = assign[j];
          const to = agentList[improved[t]];
          load[from] -= weight[from * n + j];
          load[to] += weight[to * n + j];
          assign[j] = to;
        }
        // Exact re-check against the full instance (capacity tolerance, float drift).
        const value = gapObjective(inst, assign);
        if (value < objective && gapFeasible(inst, assign)) {
          objective = value;
          if (options.onImprove) options.onImprove(objective, Int32Array.from(assign));
        } else {
          for (let t = 0; t < s; t++) assign[pool[t]] = agentList[incumbent[t]];
          load.fill(0);
          for (let j = 0; j < n; j++) load[assign[j]] += weight[assign[j] * n + j];
        }
      }
    }
    for (let t = 0; t < q; t++) slot[agentList[t]] = -1;
  }
  return { assignment: assign, objective, calls, nodes, freeJobs };
}
