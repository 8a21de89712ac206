import { gapFeasible, gapObjective, type GapInstance } from './instance.js';
import { Random } from './random.js';
import { SearchState, buildCandidates, defaultCandidates, type LocalSearchOptions, type LocalSearchResult } from './localSearch.js';

/**
 * Tabu search on the penalised objective pcost = objective + sum alpha_ki * excess_ki (Díaz &
 * Fernández 2001; Yagiura, Ibaraki & Glover 2004): every iteration takes the best non-tabu shift or
 * swap over the candidate lists (aspiration when it beats the best feasible objective), forbids
 * moving a job back to the agent it left for a random tenure, and adapts alpha each iteration
 * (raised on overloaded agents, decayed while feasible) so the walk oscillates around the capacity
 * boundary. Restarts from the best solution after a long stall.
 */
export const TABU_DEFAULTS = {
  maxIterations: Infinity,
  deadline: Infinity,
  seed: 1,
  target: -Infinity,
  /** Tabu tenure = tenureBase + U{0..tenureSpread} (scaled with n below). */
  tenureBase: 5,
  tenureSpread: 10,
  /** alpha *= 1 + raise on every overloaded agent each iteration. */
  raise: 0.1,
  /** alpha *= 1 - decay on every agent each feasible iteration. */
  decay: 0.05,
  /** Iterations without a new best before restarting from the best solution. */
  restartAfter: 2000,
} as const;

export function tabuSearch(inst: GapInstance, start: Int32Array, options: LocalSearchOptions & { tabuTuning?: Partial<typeof TABU_DEFAULTS> }): LocalSearchResult {
  const P = { ...TABU_DEFAULTS, ...options.tabuTuning };
  const maxIterations = options.maxIterations ?? P.maxIterations;
  const deadline = options.deadline ?? P.deadline;
  const target = options.target ?? P.target;
  const stallIterations = options.stallIterations ?? Infinity;
  const random = new Random(options.seed ?? P.seed);
  const { agents: m, jobs: n, resources: K } = inst;
  const allowed = options.allowed;
  const perJob = options.candidatesPerJob || defaultCandidates(m);
  const { width, agents: candAgents, count: candCount } = buildCandidates(inst, allowed, perJob, options.prices, options.removed);
  // isCandidate[(i + 1) * n + j]: agent i (or -1) is on job j's list.
  const isCandidate = new Uint8Array((m + 1) * n);
  for (let j = 0; j < n; j++) for (let c = 0; c < candCount[j]; c++) isCandidate[(candAgents[j * width + c] + 1) * n + j] = 1;

  const state = new SearchState(inst);
  const { assign, agentJobs, agentCount, alpha, load } = state;
  const capacity = inst.capacity;
  const movableList: number[] = [];
  for (let j = 0; j < n; j++) if (!(inst.fixedAgent && inst.fixedAgent[j] >= 0) && candCount[j] > 0) movableList.push(j);
  const movable = Int32Array.from(movableList);
  const M = movable.length;
  const isMovable = new Uint8Array(n);
  for (const j of movable) isMovable[j] = 1;
  const tabuUntil = new Float64Array((m + 1) * n);

  const alphaInit = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    let cs = 0;
    let ws = 0;
    for (let x = 0; x < m * n; x++) {
      if (!allowed[x]) continue;
      cs += Math.abs(inst.cost[x]);
      ws += inst.weight[k * m * n + x];
    }
    alphaInit[k] = ws > 0 ? Math.max(cs / ws, 1e-6) : 1;
  }
  const resetAlpha = (): void => {
    for (let k = 0; k < K; k++) for (let i = 0; i < m; i++) alpha[k * m + i] = alphaInit[k];
  };
  resetAlpha();
  const alphaFloor = new Float64Array(K * m);
  for (let x = 0; x < K * m; x++) alphaFloor[x] = alphaInit[Math.floor(x / m)] * 1e-3;

  let best: Int32Array | null = null;
  let bestObjective = Infinity;
  let foundAt = performance.now();
  let moves = 0;
  const EPS = 1e-9;
  const recordIfBest = (): boolean => {
    if (state.violated !== 0) return false;
    const inc = state.objective();
    if (inc >= bestObjective - EPS * Math.max(1, Math.abs(bestObjective))) return false;
    const exact = gapObjective(inst, assign);
    if (!(exact < bestObjective) || !gapFeasible(inst, assign)) return false;
    if (!best) best = new Int32Array(n);
    best.set(assign);
    bestObjective = exact;
    foundAt = performance.now();
    if (options.onImprove) options.onImprove(exact, Int32Array.from(best));
    return true;
  };

  state.reset(start);
  recordIfBest();
  const tenureScale = Math.max(1, Math.sqrt(n / 100));
  let iterations = 0;
  let sinceBest = 0;
  while (iterations < maxIterations && bestObjective > target + EPS) {
    if ((iterations & 15) === 0 && performance.now() >= deadline) break;
    iterations++;
    const pcost = state.objective();
    const aspirationDelta = bestObjective - pcost - state.excess(); // a move below this beats the best feasible
    let bestDelta = Infinity;
    let moveJob = -1;
    let moveTo = -2;
    let moveJob2 = -1;
    for (let t = 0; t < M; t++) {
      const j = movable[t];
      const from = assign[j];
      const base = j * width;
      for (let c = 0; c < candCount[j]; c++) {
        const to = candAgents[base + c];
        if (to === from) continue;
        const d = state.shiftDelta(j, to);
        if (d < bestDelta && (tabuUntil[(to + 1) * n + j] <= iterations || d < aspirationDelta - EPS)) {
          bestDelta = d;
          moveJob = j;
          moveTo = to;
          moveJob2 = -1;
        }
        if (to < 0 || from < 0) continue;
        // Swaps with the jobs on `to` that list `from` as a candidate (each pair once: j < j2).
        const row = to * n;
        const fromRow = (from + 1) * n;
        for (let p = 0; p < agentCount[to]; p++) {
          const j2 = agentJobs[row + p];
          if (j2 <= j || !isMovable[j2] || !isCandidate[fromRow + j2]) continue;
          const d2 = state.swapDelta(j, j2);
          if (d2 < bestDelta) {
            const tabu = tabuUntil[(to + 1) * n + j] > iterations || tabuUntil[fromRow + j2] > iterations;
            if (!tabu || d2 < aspirationDelta - EPS) {
              bestDelta = d2;
              moveJob = j;
              moveTo = to;
              moveJob2 = j2;
            }
          }
        }
      }
    }
    if (moveJob < 0) {
      // Everything tabu: release the list.
      tabuUntil.fill(0);
      continue;
    }
    const tenure = (): number => iterations + Math.round(tenureScale * (P.tenureBase + random.nextInt(P.tenureSpread + 1)));
    const from = assign[moveJob];
    tabuUntil[(from + 1) * n + moveJob] = tenure();
    if (moveJob2 >= 0) {
      tabuUntil[(moveTo + 1) * n + moveJob2] = tenure();
      state.shift(moveJob, moveTo);
      state.shift(moveJob2, from);
      moves += 2;
    } else {
      state.shift(moveJob, moveTo);
      moves++;
    }
    if (recordIfBest()) {
      sinceBest = 0;
    } else if (++sinceBest >= P.restartAfter && best) {
      sinceBest = 0;
      state.reset(best);
      resetAlpha();
      tabuUntil.fill(0);
    }
    if (sinceBest >= stallIterations) break;
    // Oscillate around the capacity boundary.
    if (state.violated > 0) {
      for (let x = 0; x < K * m; x++) if (load[x] > capacity[x] + EPS) alpha[x] *= 1 + P.raise;
    } else {
      for (let x = 0; x < K * m; x++) alpha[x] = Math.max(alphaFloor[x], alpha[x] * (1 - P.decay));
    }
    if ((iterations & 1023) === 0) state.reset(assign); // resync against float drift
  }
  return { assignment: best, objective: bestObjective, iterations, moves, foundAt };
}
