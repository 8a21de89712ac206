import { tolerance } from '../util/numbers.js';
import { gapFeasible, gapObjective, unassignedCostOf, type GapInstance, type GapOptions, type GapResult } from './instance.js';
import { allowedPairs, capacityRelaxation, desirabilityMatrix, greedyRepair, jobMultipliersFromPrices, lagrangianConstruct, regretConstruct, type Desirability } from './construct.js';
import { costWeightCorrelation, localSearch } from './search/localSearch.js';
import { hasIntegerCosts, lagrangianBound, reducedCostFixing, roundBound, type LagrangianResult } from './bound/lagrangian.js';
import { branchAndBound } from './search/branchAndBound.js';
import { solveBalanced } from './balance/solve.js';
import { deadlineAfter, phaseDeadline, type StopReason } from '../util/limits.js';
import { EXACT_NEIGHBOURHOOD_DEFAULTS, exactNeighbourhoodApplies, exactNeighbourhoodSearch } from './search/exactNeighbourhood.js';

/**
 * Defaults of solveGap (see GapOptions) and of its internal time split. The time shares (…Share,
 * exactSlice) apply to time-limited runs only: under an effort limit each phase stops at its iteration
 * cap or the deadline.
 */
export const GAP_SOLVE_DEFAULTS = {
  timeLimit: 1,
  maxIterations: Infinity,
  seed: 1,
  targetGap: 0,
  /** Share of the time limit the capacity relaxation (LP-strength bound, agent prices) may take. */
  capacityShare: 0.15,
  /** Subgradient iterations of the capacity relaxation. */
  capacityIterations: 300,
  /**
   * Share of the time limit the assignment-relaxation Lagrangian bound may take (up to then). A cap:
   * warm, the ascent converges well inside it; in a fresh process (the CLI) its first ~0.15 s run
   * unoptimised and 0.25 cut it off after a third of its iterations (bench/RESULTS.md, "The CLI path").
   */
  lagrangianShare: 0.4,
  /** The same above extraConstructionPairs, where local search needs the time for its slow first descents. */
  largeLagrangianShare: 0.12,
  /** Above this many pairs only the priced-cost regret construction runs (and largeLagrangianShare applies). */
  extraConstructionPairs: 20000,
  /** Subgradient iterations of the first bound ... */
  lagrangianIterations: 1000,
  /** ... on instances up to alwaysExactPairs. */
  tinyLagrangianIterations: 150,
  /** Plain instances up to this many pairs (m*n) may get branch and bound to prove optimality ... */
  branchAndBoundPairs: 10000,
  /** ... always up to this many pairs, above only when the relative gap is at most exactGap. */
  alwaysExactPairs: 600,
  exactGap: 0.003,
  /** Otherwise, when the gap is at most this many units per job (integer costs), this share of the remaining time. */
  exactUnitsPerJob: 0.1,
  exactSlice: 0.4,
  /** No branch and bound above this many pairs when cost and weight correlate at most ... */
  searchOnlyPairs: 200,
  /** ... this much (Pearson; OR-Library gapd is about -0.8 or below, gap1-12 and gapa-c about 0). */
  searchOnlyCorrelation: -0.3,
  /** On those, local search first stops after this many descents without a new best ... */
  localSearchStall: 100,
  /** The same on instances up to alwaysExactPairs, where branch and bound is quick. */
  tinyLocalSearchStall: 20,
  /** ... or after this share of the time limit, whichever comes first. */
  localSearchShare: 0.3,
  /**
   * Plain instances: after the first search the rest of the time alternates local search and exact
   * large-neighbourhood search (alternateCalls sub-problems a round). The first local search starts
   * from a construction and does the coarse work: it runs until it stalls firstAlternateStall descents,
   * unless EXACT_NEIGHBOURHOOD_DEFAULTS.jobs is at least earlyExactShare of the jobs (small instances
   * such as OR-Library gapd), where the exact search reaches far enough to take over at once (its
   * sub-problems start there at .smallJobs, elsewhere at .largeJobs). Every later
   * round restarts local search from the best and stops it after alternateStall descents without a
   * new best (on those larger instances firstAlternateStall again while the previous local-search
   * round found a new best). On gapd long rounds mostly re-descend into the same local optimum while
   * the Lagrangian-guided sub-problems keep improving; the generated D 40x400 and 80x1600 need the
   * long first round (firstAlternateStall in bench/RESULTS.md, "Tuning log of the GAP defaults").
   */
  firstAlternateStall: 100,
  alternateStall: 5,
  earlyExactShare: 0.1,
  alternateCalls: 300,
  /**
   * On those small instances a round also ends after this many branch-and-bound nodes in all: where
   * the sub-problems are hard, 300 of them took the whole time (alternateNodes in the tuning log).
   */
  alternateNodes: 5000,
} as const;

/**
 * Anytime GAP solve, in phases (time shares in GAP_SOLVE_DEFAULTS):
 *  1. proofs of infeasibility that need no search (a must-assign job with no allowed agent, pins over capacity);
 *  2. capacity relaxation: an LP-strength lower bound and agent prices, O(mn) per iteration;
 *  3. regret constructions (Martello–Toth) on priced costs (plain cost / relative weight when small,
 *     relative weight whenever nothing feasible is known);
 *  Instances with a balance term (GapBalance) leave here for balance/solve.ts: the balance Lagrangian
 *  bound (convex penalty and a min-max share per agent, DP over points x cases) with its repair
 *  heuristic, interleaved with the exact-delta capacity-feasible search (balance/search.ts). Bounds of
 *  those are never rounded up (the penalty slopes make the objective fractional). Otherwise:
 *  4. the assignment-relaxation Lagrangian bound (knapsack per agent), warm-started at the LP duals,
 *     with its repair heuristic and a Lagrangian construction; reduced-cost fixing at the incumbent;
 *  5. penalty local search (shifts, ejection chains, cyclic exchanges: search/localSearch.ts); small
 *     plain instances then go to branch and bound
 *     with the incumbent (all the remaining time when tiny or the gap is small, a slice when the gap
 *     is a few units; never on anti-correlated type-D instances above searchOnlyPairs), and search
 *     takes whatever time is left: on plain instances local search alternating with the exact
 *     large-neighbourhood search (search/exactNeighbourhood.ts, its sub-problems guided by the Lagrangian of
 *     step 4), else local search alone.
 * Stops at the time limit (or options.deadline), the effort limit (maxIterations: descents + nodes +
 * sub-problems), the target gap or proven optimality; stats.stop says which. `optimal` and
 * `infeasible` are only set when proven. Every returned assignment is checked
 * against gapFeasible / gapObjective (a mismatch throws: it would be a bug).
 */
export function solveGap(inst: GapInstance, options: GapOptions = {}): GapResult {
  const start = performance.now();
  const timeLimit = options.timeLimit ?? GAP_SOLVE_DEFAULTS.timeLimit;
  const maxIterations = options.maxIterations ?? GAP_SOLVE_DEFAULTS.maxIterations;
  const seed = options.seed ?? GAP_SOLVE_DEFAULTS.seed;
  const targetGap = options.targetGap ?? GAP_SOLVE_DEFAULTS.targetGap;
  const deadline = options.deadline ?? deadlineAfter(start, timeLimit);
  // Seconds the phases' time shares split: the time limit, or what is left before a given deadline.
  const budget = options.deadline === undefined ? timeLimit : Math.max(0, (options.deadline - start) / 1000);
  // Each phase ends at its share of the budget; under an effort limit at the deadline (phaseDeadline).
  const effortLimited = Number.isFinite(maxIterations);
  const shareDeadline = (share: number): number => phaseDeadline(deadline, start, budget, share, effortLimited);
  const { agents: m, jobs: n, resources: K } = inst;
  const integral = hasIntegerCosts(inst) && inst.balance === null;

  let best: Int32Array | null = null;
  let bestObjective = Infinity;
  let bestAt = start;
  let firstAt = Infinity;
  let lowerBound = -Infinity;
  // The effort counter behind maxIterations: local-search descents plus branch-and-bound nodes. The
  // bound computations have fixed iteration caps of their own (deterministic too).
  let iterations = 0;
  let nodes = 0;

  const finish = (optimal: boolean, infeasible: boolean): GapResult => {
    if (best) {
      if (!gapFeasible(inst, best)) throw new Error('solveGap: internal error, returned assignment is not feasible');
      const check = gapObjective(inst, best);
      if (check !== bestObjective) throw new Error(`solveGap: internal error, objective ${bestObjective} != ${check}`);
    }
    const end = performance.now();
    const stop: StopReason = infeasible
      ? 'infeasible'
      : optimal && best !== null
        ? 'optimal'
        : targetReached()
          ? 'target'
          : iterations >= maxIterations
            ? 'effort'
            : end >= deadline
              ? best !== null && firstAt > deadline
                ? 'first-answer'
                : 'time'
              : 'exhausted';
    return {
      assignment: best,
      objective: bestObjective,
      lowerBound: best && lowerBound > bestObjective ? bestObjective : lowerBound,
      optimal: optimal && best !== null,
      infeasible,
      stats: { seconds: (end - start) / 1000, secondsToBest: (bestAt - start) / 1000, secondsToFirst: (firstAt - start) / 1000, iterations, nodes, stop },
    };
  };
  const proven = (): boolean => {
    if (!best) return false;
    if (integral) return bestObjective - lowerBound < 1 - 1e-9;
    return bestObjective - lowerBound <= tolerance(bestObjective);
  };
  const targetReached = (): boolean => best !== null && targetGap > 0 && (bestObjective - lowerBound) / Math.max(1, Math.abs(bestObjective)) <= targetGap;
  const gapReached = (): boolean => proven() || targetReached();
  const offer = (assignment: Int32Array | null): void => {
    if (!assignment || assignment.length !== n || !gapFeasible(inst, assignment)) return;
    const objective = gapObjective(inst, assignment);
    if (!(objective < bestObjective)) return;
    best = Int32Array.from(assignment);
    bestObjective = objective;
    bestAt = performance.now();
    if (firstAt === Infinity) firstAt = bestAt;
    if (options.onImprove) options.onImprove(objective, lowerBound, (bestAt - start) / 1000);
  };

  // 1. Proofs of infeasibility that need no search.
  const allowed = allowedPairs(inst);
  const fixedLoad = new Float64Array(K * m);
  for (let j = 0; j < n; j++) {
    const f = inst.fixedAgent ? inst.fixedAgent[j] : -1;
    if (f >= 0) {
      if (f >= m || !Number.isFinite(inst.cost[f * n + j])) return finish(false, true);
      for (let k = 0; k < K; k++) fixedLoad[k * m + f] += inst.weight[(k * m + f) * n + j];
      continue;
    }
    if (Number.isFinite(unassignedCostOf(inst, j))) continue;
    let any = false;
    for (let i = 0; i < m && !any; i++) if (allowed[i * n + j]) any = true;
    if (!any) return finish(false, true);
  }
  for (let x = 0; x < K * m; x++) if (fixedLoad[x] > inst.capacity[x] + 1e-9) return finish(false, true);

  if (options.initial) offer(options.initial);
  const raiseBound = (bound: number): void => {
    const rounded = roundBound(bound, integral);
    if (rounded > lowerBound) lowerBound = rounded;
  };

  // 2. Capacity relaxation: LP-strength bound and agent prices, O(mn) per iteration.
  const capacityIterations = GAP_SOLVE_DEFAULTS.capacityIterations;
  const relaxation = capacityRelaxation(inst, allowed, capacityIterations, shareDeadline(GAP_SOLVE_DEFAULTS.capacityShare));
  if (Number.isFinite(relaxation.bound)) raiseBound(relaxation.bound);

  // 3. Regret constructions (priced cost first; more desirabilities on smaller instances).
  // First the relaxation's own solution (each job on its cheapest priced agent) after a greedy repair:
  // near LP-optimal in cost, and O(mn) cheap.
  let fallback: Int32Array | null = greedyRepair(inst, relaxation.assignment, allowed, relaxation.multipliers);
  offer(fallback);
  const small = m * n <= GAP_SOLVE_DEFAULTS.extraConstructionPairs;
  const kinds: Desirability[] = small ? ['pricedCost', 'cost', 'relativeWeight'] : best ? [] : ['pricedCost'];
  for (const kind of kinds) {
    // Past the deadline the first feasible answer is the answer: no further constructions.
    if (best && performance.now() >= deadline) break;
    const assignment = regretConstruct(inst, desirabilityMatrix(inst, kind, relaxation.multipliers), allowed);
    offer(assignment);
    if (!gapFeasible(inst, assignment)) offer(greedyRepair(inst, assignment, allowed, relaxation.multipliers));
  }
  // Relative weight is the feasibility-friendly desirability: use it whenever nothing feasible is known.
  if (!best && !small) offer(regretConstruct(inst, desirabilityMatrix(inst, 'relativeWeight'), allowed));
  if (gapReached()) return finish(proven(), false);

  // Balance instances (convex load penalty, min-max term) have their own bound and search.
  if (inst.balance) {
    const result = solveBalanced(inst, {
      start, deadline, maxIterations, seed, targetGap, allowed,
      incumbent: best ?? fallback, incumbentObjective: bestObjective,
      raiseBound: (bound) => { if (bound > lowerBound) lowerBound = bound; },
      offer,
      gapReached,
    });
    iterations += result.iterations;
    return finish(result.infeasible ? false : proven(), result.infeasible);
  }

  // Tight packings with cost anti-correlated to weight (type D): branch and bound rarely closes those
  // gaps in the time and search does better, so they take the search path (unless very small).
  // (Only the plain path needs it: balance instances left above.)
  const searchOnly = m * n > GAP_SOLVE_DEFAULTS.searchOnlyPairs && costWeightCorrelation(inst, allowed) <= GAP_SOLVE_DEFAULTS.searchOnlyCorrelation;

  // 4. Assignment-relaxation Lagrangian bound (time-boxed), warm-started at the LP dual.
  // On tiny instances branch and bound runs its own root ascent: keep this one short there.
  const lagIterations = m * n <= GAP_SOLVE_DEFAULTS.alwaysExactPairs && !searchOnly ? GAP_SOLVE_DEFAULTS.tinyLagrangianIterations : GAP_SOLVE_DEFAULTS.lagrangianIterations;
  let lag: LagrangianResult | null = null;
  const lagShare = small ? GAP_SOLVE_DEFAULTS.lagrangianShare : GAP_SOLVE_DEFAULTS.largeLagrangianShare;
  const lagDeadline = shareDeadline(lagShare);
  if (lagIterations > 0 && performance.now() < lagDeadline) {
    lag = lagrangianBound(inst, {
      maxIterations: lagIterations,
      deadline: lagDeadline,
      upperBound: bestObjective < Infinity ? bestObjective : undefined,
      initialMultipliers: jobMultipliersFromPrices(inst, allowed, relaxation.multipliers),
    });
    if (lag.lowerBound === Infinity) return finish(false, true);
    raiseBound(lag.lowerBound);
    offer(lag.assignment);
    offer(lagrangianConstruct(inst, lag.relaxed, lag.reducedCost, allowed));
  }
  if (gapReached()) return finish(proven(), false);

  // 4 (end). Reduced-cost fixing shrinks the candidate pairs of local search.
  let removed: Uint8Array | undefined;
  if (lag && bestObjective < Infinity) removed = reducedCostFixing(inst, lag, bestObjective);

  // 5. Penalty local search with ejection chains; on small plain instances it hands over to branch
  // and bound (with the incumbent) once it stalls, and takes the rest of the time if that stops short.
  const exactCandidate = inst.balance === null && m * n <= GAP_SOLVE_DEFAULTS.branchAndBoundPairs && !searchOnly;
  const target = integral
    ? Math.max(lowerBound, targetGap > 0 ? lowerBound + targetGap * Math.max(1, Math.abs(lowerBound)) : lowerBound)
    : lowerBound + Math.max(tolerance(lowerBound), targetGap * Math.max(1, Math.abs(lowerBound)));
  const runLocalSearch = (until: number, stall: number): void => {
    const remaining = Math.max(0, maxIterations - iterations);
    if (remaining <= 0 || performance.now() >= until || (best === null && fallback === null)) return;
    const ls = localSearch(inst, best ?? fallback!, {
      allowed,
      prices: relaxation.multipliers,
      removed,
      seed: seed + iterations,
      deadline: until,
      maxIterations: remaining,
      stallIterations: stall,
      target,
      onImprove: (_objective, assignment) => offer(assignment),
    });
    iterations += ls.iterations;
  };
  // The rest of the time: on plain instances local search alternates with the exact
  // large-neighbourhood search from the best (both effort-bounded per round, so runs under
  // maxIterations stay deterministic); otherwise local search alone.
  const runRest = (until: number): void => {
    if (!exactNeighbourhoodApplies(inst)) {
      runLocalSearch(until, Infinity);
      return;
    }
    // Sub-problem sizes (EXACT_NEIGHBOURHOOD_DEFAULTS.smallJobs): on small instances they grow within
    // a round; on larger ones while rounds stay unsuccessful (a larger neighbourhood to escape with).
    const N = EXACT_NEIGHBOURHOOD_DEFAULTS;
    let failedRounds = 0;
    // Where the duality gap sits says which agents' packings are wrong (see guidedShare).
    const guide = lag ? { relaxed: lag.relaxed, reducedCost: lag.reducedCost } : undefined;
    const reach = N.jobs >= GAP_SOLVE_DEFAULTS.earlyExactShare * n;
    let stall = reach ? GAP_SOLVE_DEFAULTS.alternateStall : GAP_SOLVE_DEFAULTS.firstAlternateStall;
    while (performance.now() < until && iterations < maxIterations && !gapReached()) {
      const before = iterations;
      const lsStart = bestObjective;
      runLocalSearch(until, stall);
      // Where local search did the first round, it keeps the long leash while it finds new bests.
      stall = !reach && bestObjective < lsStart ? GAP_SOLVE_DEFAULTS.firstAlternateStall : GAP_SOLVE_DEFAULTS.alternateStall;
      if (!best) {
        runLocalSearch(until, Infinity);
        return;
      }
      if (gapReached() || iterations >= maxIterations) return;
      const roundStart = bestObjective;
      const lns = exactNeighbourhoodSearch(inst, best, {
        allowed,
        freeJobs: reach ? N.smallJobs : N.largeJobs + N.roundGrowth * Math.min(failedRounds, N.roundGrowthRounds),
        growAfter: reach ? N.growAfter : Infinity,
        prices: relaxation.multipliers,
        guide,
        removed,
        maxTotalNodes: reach ? GAP_SOLVE_DEFAULTS.alternateNodes : Infinity,
        seed: seed + iterations,
        deadline: until,
        maxCalls: Math.min(GAP_SOLVE_DEFAULTS.alternateCalls, maxIterations - iterations),
        onImprove: (_objective, assignment) => offer(assignment),
      });
      iterations += lns.calls;
      failedRounds = bestObjective < roundStart ? 0 : failedRounds + 1;
      if (iterations === before) return; // nothing can run any more
    }
  };
  if (!exactCandidate) {
    runRest(deadline);
    return finish(proven(), false);
  }
  const tiny = m * n <= GAP_SOLVE_DEFAULTS.alwaysExactPairs;
  runLocalSearch(
    shareDeadline(GAP_SOLVE_DEFAULTS.localSearchShare),
    tiny ? GAP_SOLVE_DEFAULTS.tinyLocalSearchStall : GAP_SOLVE_DEFAULTS.localSearchStall,
  );
  if (gapReached() || performance.now() >= deadline) return finish(proven(), false);
  // Branch and bound gets all the remaining time on tiny instances and where the bound is already
  // close, a slice where the gap is a few units (it often closes C-type gaps), and none otherwise
  // (D-type gaps it rarely closes: search does better).
  const relativeGap = (bestObjective - lowerBound) / Math.max(1, Math.abs(bestObjective));
  const allIn = tiny || relativeGap <= GAP_SOLVE_DEFAULTS.exactGap;
  const fewUnits = integral && bestObjective - lowerBound <= GAP_SOLVE_DEFAULTS.exactUnitsPerJob * n;
  if (!allIn && !fewUnits) {
    runRest(deadline);
    return finish(proven(), false);
  }
  const now = performance.now();
  const bbDeadline = allIn ? deadline : phaseDeadline(deadline, now, (deadline - now) / 1000, GAP_SOLVE_DEFAULTS.exactSlice, effortLimited);
  const bb = branchAndBound(inst, {
    incumbent: best ?? undefined,
    deadline: bbDeadline,
    maxNodes: Number.isFinite(maxIterations) ? Math.max(1, maxIterations - iterations) : Infinity,
    onImprove: (_objective, assignment) => offer(assignment),
  });
  nodes += bb.nodes;
  iterations += bb.nodes;
  if (bb.complete) {
    if (bb.assignment) offer(bb.assignment);
    if (!best) return finish(false, true);
    lowerBound = bestObjective;
    return finish(true, false);
  }
  if (Number.isFinite(bb.lowerBound) && bb.lowerBound > lowerBound) lowerBound = bb.lowerBound;
  if (!gapReached()) runRest(deadline);
  return finish(proven(), false);
}
