import { phaseDeadline } from '../../util/limits.js';
import { tolerance } from '../../util/numbers.js';
import { balanceBound, type BalanceBoundResult } from './bound.js';
import { balanceSearch, repairAssignment } from './search.js';
import { insertionChains } from './chains.js';
import { gapFeasible, gapObjective, type GapInstance } from '../instance.js';
import { localSearch } from '../search/localSearch.js';

/**
 * solveGap's path for instances with a balance term: the balance Lagrangian bound (balanceBound.ts)
 * and the exact-delta balance search (balanceSearch.ts), interleaved so the bound's Polyak steps
 * use the improving incumbent. When the constructions found nothing feasible, the penalty local
 * search looks for a feasible start first.
 */
export const BALANCE_SOLVE_DEFAULTS = {
  /** Share of the time the first bound round may take. */
  boundShare: 0.25,
  /** Subgradient iterations of the first bound round. */
  boundIterations: 300,
  /** Later bound rounds (between search rounds, warm-started, better upper bound): time share and iterations each. */
  roundShare: 0.1,
  roundIterations: 100,
  /** Time share of one search round while the bound has not converged. */
  searchRoundShare: 0.15,
  /** A later round restarts its Polyak factor at least this high. */
  minRoundTheta: 0.05,
  /** The penalty search takes part only up to this many pairs (m*n). */
  penaltySearchPairs: 1000,
  /** Bound iterations between repairs of the relaxed solution (Lagrangian heuristic). */
  repairEvery: 5,
  /** Descents without a new best before the exact search hands over to the penalty search, and back. */
  searchStall: 40,
  penaltyStall: 40,
} as const;

export interface BalancedContext {
  readonly start: number;
  readonly deadline: number;
  readonly maxIterations: number;
  readonly seed: number;
  readonly targetGap: number;
  readonly allowed: Uint8Array;
  /** Best assignment known (feasible or not: the first construction), or null. */
  readonly incumbent: Int32Array | null;
  readonly incumbentObjective: number;
  readonly raiseBound: (bound: number) => void;
  readonly offer: (assignment: Int32Array | null) => void;
  readonly gapReached: () => boolean;
}

export function solveBalanced(inst: GapInstance, ctx: BalancedContext): { iterations: number; infeasible: boolean } {
  const D = BALANCE_SOLVE_DEFAULTS;
  const total = ctx.deadline - ctx.start;
  // A phase's share of the time from now, as a deadline (none under an effort limit: phaseDeadline).
  const effortLimited = Number.isFinite(ctx.maxIterations);
  const shareDeadline = (share: number): number => phaseDeadline(ctx.deadline, performance.now(), total / 1000, share, effortLimited);
  let iterations = 0;
  let best: Int32Array | null = null;
  let bestObjective = ctx.incumbentObjective;
  if (Number.isFinite(bestObjective) && ctx.incumbent) best = Int32Array.from(ctx.incumbent);
  let lower = -Infinity;
  const offer = (objective: number, assignment: Int32Array): void => {
    if (objective < bestObjective) {
      bestObjective = objective;
      best = Int32Array.from(assignment);
    }
    ctx.offer(assignment);
  };
  const offerAssignment = (assignment: Int32Array): void => {
    if (!gapFeasible(inst, assignment)) return;
    offer(gapObjective(inst, assignment), assignment);
  };
  const bound = (until: number, maxIterations: number, warm: BalanceBoundResult | null): BalanceBoundResult | null => {
    const r = balanceBound(inst, {
      maxIterations,
      deadline: until,
      upperBound: Number.isFinite(bestObjective) ? bestObjective : undefined,
      initialMultipliers: warm?.multipliers,
      initialWeights: warm?.utilisationWeights,
      initialTheta: warm ? Math.max(warm.theta, D.minRoundTheta) : undefined,
      // Lagrangian heuristic: each sampled relaxed solution, repaired to a feasible assignment.
      onRelaxed: (relaxed) => {
        const a = repairAssignment(inst, relaxed, ctx.allowed);
        if (a) offerAssignment(a);
      },
      relaxedEvery: D.repairEvery,
    });
    if (r.lowerBound === Infinity) return null;
    if (r.lowerBound > lower) lower = r.lowerBound;
    ctx.raiseBound(r.lowerBound);
    return r;
  };
  // Past the deadline with a feasible answer: that is the answer (the bound's set-up alone is O(mn)).
  if (best && performance.now() >= ctx.deadline) return { iterations, infeasible: false };
  const first = bound(shareDeadline(D.boundShare), D.boundIterations, null);
  if (!first) return { iterations, infeasible: true };
  if (ctx.gapReached()) return { iterations, infeasible: false };

  const target = (): number => lower + Math.max(tolerance(lower), ctx.targetGap * Math.max(1, Math.abs(lower)));
  if (!best && ctx.incumbent) {
    // Nothing feasible yet: the penalty search walks through infeasible space to a feasible start.
    const ls = localSearch(inst, ctx.incumbent, {
      allowed: ctx.allowed,
      seed: ctx.seed,
      deadline: ctx.deadline,
      maxIterations: Math.max(0, ctx.maxIterations - iterations),
      target: target(),
      onImprove: offer,
      stallIterations: 50,
    });
    iterations += ls.iterations;
  }
  if (!best) return { iterations, infeasible: false };
  // Rounds until the time or effort runs out: the exact-delta search (feasible space), a further
  // bound round (warm-started; its repaired relaxed solutions feed the incumbent) until the ascent
  // has converged, and on smaller instances the penalty search (it crosses infeasible regions,
  // which tight capacities may need). Each search runs until it stalls.
  let last = first;
  const small = inst.agents * inst.jobs <= D.penaltySearchPairs;
  let chainedObjective = Infinity;
  // Their set-up is O(mn): not past the deadline, where the rounds below would not run.
  const chains = performance.now() < ctx.deadline ? insertionChains(inst, ctx.allowed) : null;
  while (iterations < ctx.maxIterations && performance.now() < ctx.deadline && !ctx.gapReached()) {
    const before = iterations;
    // Long insertion chains gather scattered room for jobs left out (see balanceChains.ts); they
    // are deterministic, so they run again only on a new best.
    if (chains && bestObjective < chainedObjective) {
      const result = chains(best!, {
        seed: ctx.seed + iterations,
        deadline: ctx.deadline,
        maxCalls: ctx.maxIterations - iterations,
        target: target(),
        onImprove: offer,
      });
      iterations += result.calls;
      chainedObjective = bestObjective;
      if (iterations >= ctx.maxIterations || performance.now() >= ctx.deadline || ctx.gapReached()) break;
    }
    const b = balanceSearch(inst, best!, {
      allowed: ctx.allowed,
      seed: ctx.seed + iterations,
      // While the bound still ascends, search rounds are time-boxed too (the bound rounds need turns).
      deadline: last.converged ? ctx.deadline : shareDeadline(D.searchRoundShare),
      maxIterations: ctx.maxIterations - iterations,
      stallIterations: D.searchStall,
      target: target(),
      onImprove: offer,
      chains,
    });
    iterations += b.iterations;
    if (iterations >= ctx.maxIterations || performance.now() >= ctx.deadline || ctx.gapReached()) break;
    if (!last.converged) {
      const r = bound(shareDeadline(D.roundShare), D.roundIterations, last);
      if (r) last = r;
      if (performance.now() >= ctx.deadline || ctx.gapReached()) break;
    }
    if (small) {
      const ls = localSearch(inst, best!, {
        allowed: ctx.allowed,
        candidatesPerJob: inst.agents,
        seed: ctx.seed + iterations,
        deadline: ctx.deadline,
        maxIterations: ctx.maxIterations - iterations,
        stallIterations: D.penaltyStall,
        target: target(),
        onImprove: offer,
      });
      iterations += ls.iterations;
    }
    if (iterations === before) break;
  }
  return { iterations, infeasible: false };
}
