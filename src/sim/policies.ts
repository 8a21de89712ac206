/**
 * The built-in allocation policies of the lab. Heuristics place the waiting units one at a time, oldest
 * first, each on a worker who may take it and has room (loads updated after every pick); a unit nobody
 * can take keeps waiting. The optimised ones solve the team's week with the engine's core solver under
 * an effort limit (so results do not depend on the machine), warm-started from the manager-greedy answer.
 */
import { buildTeam, startingJobs } from '../domain/team.js';
import { balanceSearch } from '../gap/balance/search.js';
import { allowedPairs } from '../gap/construct.js';
import { gapFeasible, gapObjective } from '../gap/instance.js';
import { teamToGap, withMovePrice } from '../model/teamGap.js';
import type { PolicySpec } from '../input/lab.js';
import type { Case, Policy, Problem } from '../input/schema.js';
import { keepApart } from '../solvers/team.js';
import { canTake } from './engine.js';
import type { AllocationPolicy, WeekView } from './policy.js';

type Chooser = (view: WeekView, unit: readonly number[], candidates: readonly number[], points: Float64Array) => number;

/** Places waiting units one by one with `choose` among the workers who may take them now. */
export function placeOneByOne(view: WeekView, choose: Chooser): Int32Array {
  const decision = Int32Array.from(view.current);
  const points = Float64Array.from(view.points);
  const count = Float64Array.from(view.count);
  const typeCount = Float64Array.from(view.typeCount);
  const T = view.types.length;
  const m = view.problem.workers.length;
  const candidates: number[] = [];
  for (const unit of view.queue) {
    candidates.length = 0;
    for (let i = 0; i < m; i++) if (canTake(view, unit, i, points, count, typeCount)) candidates.push(i);
    if (candidates.length === 0) continue;
    const i = choose(view, unit, candidates, points);
    for (const j of unit) {
      decision[j] = i;
      points[i] += view.casePoints[j];
      count[i]++;
      typeCount[i * T + view.caseType[j]]++;
    }
  }
  return decision;
}

const byUtilisation: Chooser = (view, _unit, candidates, points) => {
  let best = candidates[0];
  let bestU = Infinity;
  for (const i of candidates) {
    const u = view.capacity[i] > 0 ? points[i] / view.capacity[i] : Infinity;
    if (u < bestU - 1e-12) {
      bestU = u;
      best = i;
    }
  }
  return best;
};

/** The objective change of adding a unit to worker i (the engine's weights), as a manager's best single pick. */
function addCost(view: WeekView, unit: readonly number[], i: number, points: Float64Array, teamMax: number): number {
  const policy = view.problem.policy;
  const w8 = policy.weights;
  let pts = 0;
  let missing = 0;
  const skills = view.problem.workers[i].skills;
  for (const j of unit) {
    pts += view.casePoints[j];
    for (const s of view.problem.cases[j].preferredSkills) if (!skills.includes(s)) missing++;
  }
  const cap = view.capacity[i];
  const before = points[i];
  const after = before + pts;
  let cost = w8.preferredSkillMissing * missing + w8.overTarget * (Math.max(0, after - view.target[i]) - Math.max(0, before - view.target[i]));
  for (const t of policy.balanceThresholds) cost += w8.spread * (Math.max(0, after - t * cap) - Math.max(0, before - t * cap));
  if (cap > 0) cost += w8.maxUtilisation * 100 * Math.max(0, after / cap - teamMax);
  return cost;
}

const managerGreedy: Chooser = (view, unit, candidates, points) => {
  let teamMax = 0;
  for (let i = 0; i < points.length; i++) if (view.capacity[i] > 0) teamMax = Math.max(teamMax, points[i] / view.capacity[i]);
  let best = candidates[0];
  let bestCost = Infinity;
  let bestU = Infinity;
  for (const i of candidates) {
    const cost = addCost(view, unit, i, points, teamMax);
    const u = view.capacity[i] > 0 ? points[i] / view.capacity[i] : Infinity;
    // Ties (e.g. everyone under every threshold) go to the least utilised.
    if (cost < bestCost - 1e-9 || (Math.abs(cost - bestCost) <= 1e-9 && u < bestU - 1e-12)) {
      bestCost = cost;
      bestU = u;
      best = i;
    }
  }
  return best;
};

/** Random eligible worker with room. */
export function randomPolicy(name = 'random'): AllocationPolicy {
  return { name, decide: (view) => placeOneByOne(view, (v, _u, c) => c[v.random.nextInt(c.length)]) };
}

/** Round robin: the next worker after the last one given a case (by position in the team) who may take it. */
export function roundRobinPolicy(name = 'round-robin'): AllocationPolicy {
  return {
    name,
    decide: (view) =>
      placeOneByOne(view, (v, _unit, candidates) => {
        // Workers come and go: the pointer is the id of the last worker chosen, continued in id order.
        const last = (v.memory.get('last') as string | undefined) ?? '';
        const ids = v.problem.workers.map((w) => w.id);
        let after = -1;
        let first = candidates[0];
        for (const i of candidates) {
          if (ids[i] < ids[first]) first = i;
          if (ids[i] > last && (after < 0 || ids[i] < ids[after])) after = i;
        }
        const chosen = after >= 0 ? after : first;
        v.memory.set('last', ids[chosen]);
        return chosen;
      }),
  };
}

export function leastLoadedPolicy(name = 'least-loaded'): AllocationPolicy {
  return { name, decide: (view) => placeOneByOne(view, byUtilisation) };
}

export function managerGreedyPolicy(name = 'manager-greedy'): AllocationPolicy {
  return { name, decide: (view) => placeOneByOne(view, managerGreedy) };
}

/** Continuity first: as manager-greedy, but a sick worker's cases wait for them for 4 weeks before they move. */
export function continuityFirstPolicy(name = 'continuity-first', reallocateAfterWeeks = 4): AllocationPolicy {
  return { name, reallocateAfterWeeks, decide: (view) => placeOneByOne(view, managerGreedy) };
}

export interface OptimisedOptions {
  /** Core iterations per team-week solve. */
  readonly effort: number;
  readonly seed: number;
}

/** Descents without a new best before a week's search stops (most weeks settle within a few). */
const SEARCH_STALL = 10;

/** The case type of the stand-in for a worker's fixed load in a reduced problem. */
const HELD = '(held)';

/**
 * The week's problem as small as the solver needs it: every pinned case of a worker becomes one pinned
 * stand-in carrying their pinned points, and their case-count and per-type limits shrink by what the
 * pins use (a per-worker copy of their role carries the remaining type caps). Points, targets, hard
 * limits and the team's highest utilisation are unchanged, so the solver faces the same choices on a
 * few dozen jobs instead of hundreds. The answer is checked on the full problem by the engine.
 */
export function reducedProblem(view: WeekView, problem: Problem): { problem: Problem; caseOf: Int32Array } {
  const { policy, workers, cases } = problem;
  const T = view.types.length;
  const m = workers.length;
  const heldPoints = new Float64Array(m);
  const heldCount = new Float64Array(m);
  const heldTypes = new Float64Array(m * T);
  const keep: number[] = [];
  cases.forEach((c, j) => {
    const i = c.pinned && c.currentWorkerId !== null ? view.current[j] : -1;
    if (i < 0) {
      keep.push(j);
      return;
    }
    heldPoints[i] += view.casePoints[j];
    heldCount[i]++;
    heldTypes[i * T + view.caseType[j]]++;
  });
  const roles: Policy['roles'] = { ...policy.roles };
  const reducedWorkers = workers.map((w, i) => {
    if (heldCount[i] === 0) return w;
    const caps: Record<string, number> = {};
    for (let k = 0; k < T; k++) {
      const cap = view.typeCap[i * T + k];
      if (Number.isFinite(cap)) caps[view.types[k]] = Math.max(0, cap - heldTypes[i * T + k]);
    }
    const role = `${w.role}#${i}`;
    roles[role] = { ...policy.roles[w.role], caseTypeCaps: caps };
    return { ...w, role, maxCases: Math.max(1, view.maxCases[i] - heldCount[i] + 1) };
  });
  const stand: Case[] = [];
  for (let i = 0; i < m; i++) {
    if (heldCount[i] === 0) continue;
    stand.push({ id: `${HELD}${i}`, type: HELD, modifiers: [], familyId: null, requiredSkills: [], preferredSkills: [], currentWorkerId: workers[i].id, pinned: true, excludedWorkerIds: [], points: heldPoints[i], team: null, coWorked: false });
  }
  const caseTypes = { ...policy.caseTypes, [HELD]: { points: 1, priority: 1 } };
  const reduced: Problem = { workers: reducedWorkers, cases: [...keep.map((j) => cases[j]), ...stand], policy: { ...policy, roles, caseTypes, caseTypeCaps: Object.fromEntries(Object.entries(policy.caseTypeCaps)) } };
  return { problem: reduced, caseOf: Int32Array.from(keep) };
}

/**
 * Solves a week's (reduced) problem with the core's search, without the bound: a simulation needs a
 * good decision each week, not a proof. The balance search (exact objective deltas over moves, swaps
 * and insertion chains) starts from the greedy answer and stops after `effort` descents, so the result
 * does not depend on the machine. A move budget is met by pricing moves (as the core does), raising
 * the price until it holds; where it never holds the greedy answer stands.
 */
function solveWeek(view: WeekView, problem: Problem, start: Int32Array, options: OptimisedOptions): Int32Array {
  if (view.queue.length === 0 && problem === view.problem) return start;
  const { problem: reduced, caseOf } = reducedProblem(view, problem);
  const team = buildTeam(reduced);
  const workers = problem.workers;
  const assignments: { caseId: string; workerId: string }[] = [];
  caseOf.forEach((j) => {
    if (start[j] >= 0) assignments.push({ caseId: problem.cases[j].id, workerId: workers[start[j]].id });
  });
  // The stand-ins stay with their workers.
  for (let k = caseOf.length; k < reduced.cases.length; k++) assignments.push({ caseId: reduced.cases[k].id, workerId: reduced.cases[k].currentWorkerId! });
  const tg = teamToGap(team);
  const initial = startingJobs(team, { assignments });
  const allowed = allowedPairs(tg.instance);
  const budget = problem.policy.maxMoves;
  const n = tg.instance.jobs;
  const movesOf = (a: Int32Array) => {
    let moves = 0;
    for (let j = 0; j < n; j++) moves += a[j] < 0 ? tg.unassignedMoves[j] : tg.pairMoves[a[j] * n + j];
    return moves;
  };
  let found: Int32Array | null = null;
  for (let price = 0, tries = 0; tries < 4 && found === null; price = price === 0 ? 10 : price * 8, tries++) {
    const inst = withMovePrice(tg, price);
    if (!gapFeasible(inst, initial)) break;
    const r = balanceSearch(inst, initial, { allowed, seed: options.seed + view.week, maxIterations: options.effort, stallIterations: SEARCH_STALL });
    const a = r.assignment ? keepApart(tg, r.assignment) : null;
    if (a && gapFeasible(tg.instance, a) && (budget === null || movesOf(a) <= budget) && gapObjective(tg.instance, a) <= gapObjective(tg.instance, initial) + 1e-9) found = a;
  }
  if (found === null) return start;
  const decision = Int32Array.from(start);
  caseOf.forEach((j, k) => (decision[j] = found![team.caseUnit[k]]));
  return decision;
}

/** Optimised weekly intake: the week's waiting children placed by the solver (every held case stays). */
export function optimisedIntakePolicy(options: OptimisedOptions, name = 'optimised-intake'): AllocationPolicy {
  return {
    name,
    decide: (view) => {
      const greedy = placeOneByOne(view, managerGreedy);
      return solveWeek(view, view.problem, greedy, options);
    },
  };
}

/**
 * Optimised rebalance: weekly intake as above; every `every` weeks the cases of the moveCap + 1
 * workers furthest above their target (and within their hard limit) may also move, at most `moveCap`
 * per team, at the move weight.
 */
export function optimisedRebalancePolicy(options: OptimisedOptions & { readonly every: number; readonly moveCap: number }, name = 'optimised-rebalance'): AllocationPolicy {
  const isRebalanceWeek = (week: number) => week > 0 && week % options.every === 0;
  return {
    name,
    moveBudget: (week) => (isRebalanceWeek(week) ? options.moveCap : 0),
    decide: (view) => {
      const greedy = placeOneByOne(view, managerGreedy);
      if (!isRebalanceWeek(view.week) || options.moveCap === 0) return solveWeek(view, view.problem, greedy, options);
      const { policy, workers } = view.problem;
      // With at most moveCap moves, cases need only leave the moveCap + 1 workers furthest above
      // target (within their hard limit, at work): a small week problem instead of every held case.
      const over = workers.map((_, i) => i).filter((i) => view.points[i] > view.target[i] + 1e-9 && view.points[i] <= view.capacity[i] * policy.maxUtilisation + 1e-9 && view.accepting[i] === 1);
      over.sort((a, b) => view.points[b] / view.capacity[b] - view.points[a] / view.capacity[a] || a - b);
      const movable = new Uint8Array(workers.length);
      for (const i of over.slice(0, options.moveCap + 1)) movable[i] = 1;
      const families = new Set<string>();
      view.problem.cases.forEach((c, j) => {
        if (view.current[j] >= 0 && !movable[view.current[j]] && c.familyId !== null) families.add(c.familyId);
      });
      // A family stays pinned if any of its members is with a worker who is not movable.
      const cases = view.problem.cases.map((c, j) => (view.current[j] >= 0 && movable[view.current[j]] && !(c.familyId !== null && families.has(c.familyId)) ? { ...c, pinned: false } : c));
      const problem: Problem = { ...view.problem, cases, policy: { ...policy, maxMoves: options.moveCap } };
      return solveWeek(view, problem, greedy, options);
    },
  };
}

/** Handover: optimised intake; in a leaver's last week their cases are handed over (planned, free moves). */
export function handoverPolicy(options: OptimisedOptions, name = 'handover'): AllocationPolicy {
  return {
    name,
    decide: (view) => {
      const greedy = placeOneByOne(view, managerGreedy);
      if (view.leaving.length === 0) return solveWeek(view, view.problem, greedy, options);
      const gone = new Set(view.leaving.map((i) => view.problem.workers[i].id));
      const workers = view.problem.workers.map((w) => (gone.has(w.id) ? { ...w, available: false } : w));
      const cases = view.problem.cases.map((c) => (c.currentWorkerId !== null && gone.has(c.currentWorkerId) ? { ...c, pinned: false } : c));
      const problem: Problem = { ...view.problem, workers, cases };
      // Start: the leavers' cases unallocated (the greedy answer keeps them with the leaver).
      const start = Int32Array.from(greedy, (w, j) => (view.current[j] >= 0 && gone.has(view.problem.workers[view.current[j]].id) ? -1 : w));
      return solveWeek(view, problem, start, options);
    },
  };
}

/** The policy a lab spec names. */
export function policyFromSpec(spec: PolicySpec, options: OptimisedOptions): AllocationPolicy {
  const name = spec.name ?? spec.kind;
  const withThreshold = (p: AllocationPolicy): AllocationPolicy => (spec.reallocateAfterWeeks === undefined ? p : { ...p, reallocateAfterWeeks: spec.reallocateAfterWeeks });
  switch (spec.kind) {
    case 'random': return withThreshold(randomPolicy(name));
    case 'round-robin': return withThreshold(roundRobinPolicy(name));
    case 'least-loaded': return withThreshold(leastLoadedPolicy(name));
    case 'manager-greedy': return withThreshold(managerGreedyPolicy(name));
    case 'continuity-first': return withThreshold(continuityFirstPolicy(name));
    case 'optimised-intake': return withThreshold(optimisedIntakePolicy(options, name));
    case 'optimised-rebalance': return withThreshold(optimisedRebalancePolicy({ ...options, every: spec.rebalanceEvery, moveCap: spec.moveCap }, name));
    case 'handover': return withThreshold(handoverPolicy(options, name));
  }
}
