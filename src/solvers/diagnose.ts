/**
 * Infeasibility diagnosis: when the hard rules cannot all hold, a minimal set of conflicting
 * constraint groups in plain words, found by a deletion filter (Chinneck's): start from every group;
 * relax one group at a time and drop it for good if the rest is still infeasible; keep it only if the
 * rest becomes feasible. What remains is an irreducible conflict over groups — removing any one group
 * makes the rest feasible. (Blocks of groups are tried first to save oracle calls; see diagnose().)
 *
 * Groups: each worker's point limit, each worker's case limit, each required skill, each role
 * restriction (role × case type), each worker's case-type cap, each worker's pins, the move budget,
 * and — where the policy does not let cases go without — each co-worked case's need for a co-worker.
 * Availability, conflicts of interest, "a co-worker is another worker than the lead" and the
 * over-capacity rules (a worker above the limit gains nothing; a held family's new siblings join its
 * worker or wait) are facts, never relaxed. Co-worker allocations are jobs of their own (as in allocationJobs): they load their
 * worker's points, cases and type caps, and need the rules for holding the case alone (no waiver). Units no worker may take under the
 * full rules stay out (the engine leaves them unallocated with a reason), so relaxing never removes an
 * option: the oracle is monotone, as a deletion filter needs.
 *
 * The feasibility oracle is sound: "infeasible" only from a proof — an aggregate argument (Hall-type:
 * units whose allowed workers all lie in a set W need more points or cases than W may hold; or the
 * moves that overloaded workers must shed exceed the move budget), or the
 * exact backend finishing without an integer solution on a small model; "feasible" only with an
 * allocation that satisfies every active row. Anything else is "unknown", and the diagnosis says what
 * it could not prove.
 */
import type { Team } from '../domain/team.js';
import { allocationJobs, unitMoves } from '../domain/team.js';
import { RowBuilder, Sense, type IntegerProgram } from '../model/integerProgram.js';
import { solveExact } from './exact.js';
import { roundTo } from '../util/numbers.js';

export type GroupKind = 'points' | 'cases' | 'skill' | 'role' | 'type-cap' | 'pins' | 'moves' | 'co-work';

export interface ConstraintGroup {
  readonly kind: GroupKind;
  /** Stable id, e.g. "points:w03", "skill:court", "role:asye:court". */
  readonly id: string;
  readonly words: string;
}

export type Verdict = 'feasible' | 'infeasible' | 'unknown';

export interface DiagnoseOptions {
  /** Seconds for each exact feasibility check. Default 2. */
  readonly timeLimit?: number;
  /** Models with more (unit, worker) pairs than this get only the aggregate proofs. Default 400. */
  readonly maxPairs?: number;
  /** Seconds for the whole diagnosis; groups not yet tested by then are kept (minimality not proven). Default 10. */
  readonly deadline?: number;
}

export const DEFAULT_DIAGNOSE_OPTIONS: Required<DiagnoseOptions> = { timeLimit: 2, maxPairs: 400, deadline: 10 };

export interface DiagnosisResult {
  /** Verdict on the full rules. */
  readonly verdict: Verdict;
  /** The conflict is proven infeasible and every group in it was shown necessary. */
  readonly proven: boolean;
  /** The irreducible set (empty unless the full rules are infeasible). */
  readonly groups: readonly ConstraintGroup[];
  /** Aggregate facts behind the conflict, in words. */
  readonly details: readonly string[];
  readonly summary: string;
}

interface Relaxable {
  readonly groups: ConstraintGroup[];
  /** Per job (units, then co-worker allocations) × worker: group indices that must be relaxed for the pair; null = never (a fact). */
  readonly blockers: (readonly number[] | null)[];
  /** Per co-worker allocation: its "needs a co-worker" group, or -1 (it may go without anyway). */
  readonly coWorkGroup: Int32Array;
  readonly pointsGroup: Int32Array;
  readonly casesGroup: Int32Array;
  /** Per worker × type: the cap group, or -1 where no cap. */
  readonly capGroup: Int32Array;
  /** Per unit: its pin group, or -1. */
  readonly pinGroup: Int32Array;
  readonly movesGroup: number;
}

function relaxable(team: Team): Relaxable {
  const { workers, cases, policy } = team.problem;
  const m = workers.length;
  const T = team.caseTypes.length;
  const groups: ConstraintGroup[] = [];
  const ids = new Map<string, number>();
  const group = (kind: GroupKind, id: string, words: string): number => {
    let g = ids.get(id);
    if (g === undefined) {
      g = groups.length;
      groups.push({ kind, id, words });
      ids.set(id, g);
    }
    return g;
  };
  const pct = Math.round(policy.maxUtilisation * 100);
  const pointsGroup = Int32Array.from(workers, (w, i) => group('points', `points:${w.id}`, `${w.id} may carry at most ${roundTo(team.limitPoints[i])} points (${pct}% of ${roundTo(team.capacityPoints[i])})`));
  const casesGroup = Int32Array.from(workers, (w, i) => group('cases', `cases:${w.id}`, `${w.id} may hold at most ${team.maxCases[i]} cases`));
  const capGroup = new Int32Array(m * T).fill(-1);
  for (let i = 0; i < m; i++) {
    for (let t = 0; t < T; t++) {
      const cap = team.typeCaps[i * T + t];
      if (Number.isFinite(cap)) capGroup[i * T + t] = group('type-cap', `type-cap:${workers[i].id}:${team.caseTypes[t]}`, `${workers[i].id} may hold at most ${cap} ${team.caseTypes[t]} cases`);
    }
  }
  const pinGroup = new Int32Array(team.units.length).fill(-1);
  const blockers: (readonly number[] | null)[] = [];
  /** The relaxable rules that bar worker i from case j (as lead, where co-working may waive a role restriction, or as co-worker). */
  const rulesFor = (i: number, j: number, asCoWorker: boolean, need: number[]): void => {
    const w = workers[i];
    const c = cases[j];
    for (const s of c.requiredSkills) if (!w.skills.includes(s)) need.push(group('skill', `skill:${s}`, `cases needing the ${s} skill go only to workers who hold it`));
    const role = policy.roles[w.role];
    const waived = c.coWorked && !asCoWorker && role.allowedIfCoWorked.includes(c.type);
    if (role.excludedCaseTypes.includes(c.type) && !waived) need.push(group('role', `role:${w.role}:${c.type}`, `role ${w.role} may not hold ${c.type} cases${team.coWork.length > 0 && role.allowedIfCoWorked.includes(c.type) ? ' alone (they may lead one that is co-worked)' : ''}`));
    const t = team.caseType[j];
    if (team.typeCaps[i * T + t] <= 0) need.push(capGroup[i * T + t]);
  };
  team.units.forEach((unit, u) => {
    if (unit.pinnedWorker >= 0) pinGroup[u] = group('pins', `pins:${workers[unit.pinnedWorker].id}`, `cases pinned to ${workers[unit.pinnedWorker].id} stay there`);
    for (let i = 0; i < m; i++) {
      const w = workers[i];
      if (i === unit.pinnedWorker) {
        blockers.push([]);
        continue;
      }
      // The over-capacity rules (keep-held) are facts, never relaxed: a worker above the limit gains
      // nothing, and the new siblings of a held family go to the family's worker or wait.
      const fact = unit.ineligible.get(i)?.reason.rule;
      let need: number[] | null = fact === 'above-limit' || fact === 'family-worker' ? null : unit.pinnedWorker >= 0 ? [pinGroup[u]] : [];
      for (const j of unit.cases) {
        if (need === null) break;
        const c = cases[j];
        if (!w.available || c.excludedWorkerIds.includes(w.id)) {
          need = null;
          break;
        }
        rulesFor(i, j, false, need);
      }
      blockers.push(need === null ? null : [...new Set(need)]);
    }
  });
  // Co-worker allocations: the rules for holding the case alone (a lead's co-working waiver does not apply).
  const coWorkGroup = new Int32Array(team.coWork.length).fill(-1);
  team.coWork.forEach((cw, k) => {
    const c = cases[cw.caseIndex];
    if (!policy.allowUnallocated && cw.eligible.length > 0) coWorkGroup[k] = group('co-work', `co-work:${c.id}`, `case ${c.id} needs a co-worker besides its lead (the policy does not let it go without)`);
    for (let i = 0; i < m; i++) {
      const w = workers[i];
      if (!w.available || c.excludedWorkerIds.includes(w.id) || cw.ineligible.get(i)?.rule === 'above-limit') {
        blockers.push(null);
        continue;
      }
      const need: number[] = [];
      rulesFor(i, cw.caseIndex, true, need);
      blockers.push([...new Set(need)]);
    }
  });
  const movesGroup = policy.maxMoves === null ? -1 : group('moves', 'moves', `at most ${policy.maxMoves} moves away from current workers`);
  return { groups, blockers, coWorkGroup, pointsGroup, casesGroup, capGroup, pinGroup, movesGroup };
}

interface Oracle {
  (active: readonly boolean[]): { verdict: Verdict; details: string[] };
}

/** `until`: the performance.now() time by which every exact check must have stopped (the diagnosis's deadline). */
function oracle(team: Team, r: Relaxable, o: Required<DiagnoseOptions>, until: number): Oracle {
  const { workers } = team.problem;
  const m = workers.length;
  const T = team.caseTypes.length;
  const units = team.units;
  const U = units.length;
  // Jobs: the units, then the co-worker allocations (job U + k is team.coWork[k]).
  const jobs = allocationJobs(team);
  const J = jobs.length;
  // Jobs that the engine may leave unallocated (finite cost), and those it considers at all.
  const mayLeave = jobs.map((job) => Number.isFinite(job.unallocatedCost));
  const considered = jobs.map((job) => job.eligible.length > 0);
  /** Per job: the jobs that may not share its worker (a unit's co-worker allocations; a co-worker allocation's lead). */
  const apart: number[][] = jobs.map(() => []);
  team.coWork.forEach((cw, k) => {
    apart[U + k].push(cw.leadUnit);
    apart[cw.leadUnit].push(U + k);
  });
  // Units no worker may take stay unallocated; the moves they make away from available workers still count.
  let forcedMoves = 0;
  units.forEach((u, k) => {
    if (!considered[k]) forcedMoves += unitMoves(team, u, -1);
  });
  // Cases each available worker holds now that may move (not pinned there, placeable by someone).
  const held: number[][] = Array.from({ length: m }, () => []);
  team.problem.cases.forEach((_, j) => {
    const cur = team.currentWorker[j];
    const u = team.caseUnit[j];
    if (cur >= 0 && workers[cur].available && considered[u]) held[cur].push(j);
  });
  const heldPoints = held.map((js) => js.reduce((s, j) => s + team.casePoints[j], 0));
  for (const js of held) js.sort((a, b) => team.casePoints[b] - team.casePoints[a]);
  /** Fewest cases worker i must give up to meet its active limits (largest cases first: a lower bound). */
  const mustShed = (i: number, points: boolean, count: boolean): number => {
    let k = 0;
    if (points) {
      let excess = heldPoints[i] - team.limitPoints[i];
      while (excess > 1e-9 && k < held[i].length) excess -= team.casePoints[held[i][k++]];
    }
    if (count) k = Math.max(k, held[i].length - team.maxCases[i]);
    return k;
  };
  const words = Math.ceil(m / 32);
  /** Per unit: the available workers holding some of its cases now. */
  const holders = units.map((unit) => [...new Set(unit.cases.map((j) => team.currentWorker[j]).filter((c) => c >= 0 && workers[c].available))]);
  const budget = team.problem.policy.maxMoves;
  /** Each unit's main current worker: the available worker holding most of its cases, or -1. */
  const currentOf = Int32Array.from(units, (unit) => {
    let best = -1;
    let most = 0;
    for (const c of new Set(unit.cases.map((j) => team.currentWorker[j]))) {
      if (c < 0 || !workers[c].available) continue;
      const k = unit.cases.filter((j) => team.currentWorker[j] === c).length;
      if (k > most) (best = c), (most = k);
    }
    return best;
  });
  /**
   * Greedy: (optionally) units stay with their current worker where allowed and they fit; then the units
   * that must be placed, fewest options first, each to the allowed worker with the most room; the rest
   * are left unallocated. True only if every active rule holds.
   */
  const bySize = units.map((_, u) => u).sort((a, b) => units[a].points / units[a].cases.length - units[b].points / units[b].cases.length);
  const witness = (active: readonly boolean[], allowed: readonly number[][], leaveable: ReadonlySet<number>, stay: boolean): boolean => {
    const pts = new Float64Array(m);
    const cnt = new Float64Array(m);
    const typeCnt = new Float64Array(m * T);
    const place = new Int32Array(J).fill(-1);
    const fits = (x: number, i: number): boolean => {
      const job = jobs[x];
      for (const y of apart[x]) if (place[y] === i) return false;
      if (active[r.pointsGroup[i]] && pts[i] + job.points > team.limitPoints[i] + 1e-9) return false;
      if (active[r.casesGroup[i]] && cnt[i] + job.count > team.maxCases[i]) return false;
      for (let t = 0; t < T; t++) {
        const g = r.capGroup[i * T + t];
        if (job.typeCounts[t] > 0 && g >= 0 && active[g] && typeCnt[i * T + t] + job.typeCounts[t] > team.typeCaps[i * T + t]) return false;
      }
      return true;
    };
    const put = (x: number, i: number): void => {
      place[x] = i;
      pts[i] += jobs[x].points;
      cnt[i] += jobs[x].count;
      for (let t = 0; t < T; t++) typeCnt[i * T + t] += jobs[x].typeCounts[t];
    };
    if (stay) {
      // Smallest units first: a worker over a limit then gives up few, large cases (few moves).
      for (const u of bySize) {
        const c = currentOf[u];
        if (considered[u] && c >= 0 && allowed[u].includes(c) && fits(u, c)) put(u, c);
      }
    }
    const rest: number[] = [];
    for (let x = 0; x < J; x++) if (considered[x] && place[x] < 0 && !leaveable.has(x)) rest.push(x);
    rest.sort((a, b) => allowed[a].length - allowed[b].length || jobs[b].points - jobs[a].points);
    for (const u of rest) {
      let best = -1;
      let room = -Infinity;
      for (const i of allowed[u]) {
        if (!fits(u, i)) continue;
        const free = active[r.pointsGroup[i]] ? team.limitPoints[i] - pts[i] : Infinity;
        if (free > room) (best = i), (room = free);
      }
      if (best < 0) return false;
      put(u, best);
    }
    if (r.movesGroup >= 0 && active[r.movesGroup] && budget !== null) {
      let moves = forcedMoves;
      for (let u = 0; u < units.length; u++) if (considered[u]) moves += unitMoves(team, units[u], place[u]);
      if (moves > budget) return false;
    }
    return true;
  };
  return (active) => {
    const allowed: number[][] = jobs.map(() => []);
    let pairs = 0;
    for (let u = 0; u < J; u++) {
      if (!considered[u]) continue;
      const list = allowed[u];
      for (let i = 0; i < m; i++) {
        const need = r.blockers[u * m + i];
        if (need === null) continue;
        let blocked = false;
        for (let k = 0; k < need.length && !blocked; k++) blocked = active[need[k]];
        if (!blocked) list.push(i);
      }
      pairs += list.length;
    }
    const yUnits: number[] = [];
    for (let x = 0; x < J; x++) {
      if (!considered[x]) continue;
      // A unit pinned (pins active) must be placed; a co-worker allocation may go without where the policy
      // allows it, or where its "needs a co-worker" group is relaxed.
      const leave = x < U ? mayLeave[x] && !(r.pinGroup[x] >= 0 && active[r.pinGroup[x]]) : mayLeave[x] || !active[r.coWorkGroup[x - U]];
      if (leave) yUnits.push(x);
    }
    const leaveable = new Set(yUnits);

    // Aggregate proofs: a job with nowhere to go; a lead and its co-worker confined to one worker;
    // a Hall-type shortage of points or cases.
    const details: string[] = [];
    for (let u = 0; u < J; u++) {
      if (considered[u] && !leaveable.has(u) && allowed[u].length === 0) {
        details.push(`${jobName(team, u)} has no worker it may go to`);
        return { verdict: 'infeasible', details };
      }
    }
    for (let k = 0; k < team.coWork.length; k++) {
      const x = U + k;
      const lead = team.coWork[k].leadUnit;
      if (!considered[x] || leaveable.has(x) || !considered[lead] || leaveable.has(lead)) continue;
      if (allowed[x].length === 1 && allowed[lead].length === 1 && allowed[x][0] === allowed[lead][0]) {
        details.push(`${unitName(team, lead)} and its co-worker may both go only to ${workers[allowed[x][0]].id}, and they must be two different workers`);
        return { verdict: 'infeasible', details };
      }
    }
    // Hall-type check on each distinct set of allowed workers: bitsets make "allowed(v) ⊆ W" a few word ops.
    const must: number[] = [];
    for (let u = 0; u < J; u++) if (considered[u] && !leaveable.has(u)) must.push(u);
    const bits = new Uint32Array(J * words);
    for (const u of must) for (const i of allowed[u]) bits[u * words + (i >>> 5)] |= 1 << (i & 31);
    const seen = new Set<string>();
    for (const u of must) {
      const key = bits.subarray(u * words, (u + 1) * words).join(',');
      if (seen.has(key)) continue;
      seen.add(key);
      let demandPoints = 0;
      let demandCases = 0;
      const inside: number[] = [];
      for (const v of must) {
        let subset = true;
        for (let k = 0; k < words && subset; k++) if ((bits[v * words + k] & ~bits[u * words + k]) !== 0) subset = false;
        if (!subset) continue;
        demandPoints += jobs[v].points;
        demandCases += jobs[v].count;
        inside.push(v);
      }
      const within = new Set(allowed[u]);
      let supplyPoints = 0;
      let supplyCases = 0;
      for (const i of within) {
        supplyPoints += active[r.pointsGroup[i]] ? team.limitPoints[i] : Infinity;
        supplyCases += active[r.casesGroup[i]] ? team.maxCases[i] : Infinity;
      }
      const who = listWorkers(team, [...within]);
      if (demandPoints > supplyPoints + 1e-9) {
        details.push(`${jobCount(team, inside)} may go only to ${who}${reasonOfRestriction(team, r, active, inside, within)}: they total ${roundTo(demandPoints)} points; those workers may carry ${roundTo(supplyPoints)} points in all (short by ${roundTo(demandPoints - supplyPoints)})`);
        return { verdict: 'infeasible', details };
      }
      if (demandCases > supplyCases) {
        details.push(`${demandCases} cases${inside.some((v) => v >= U) ? ' (co-workings counted)' : ''} may go only to ${who}; those workers may hold ${supplyCases} cases in all`);
        return { verdict: 'infeasible', details };
      }
    }
    if (r.movesGroup >= 0 && active[r.movesGroup] && budget !== null && forcedMoves > budget) {
      details.push(`cases no worker may take leave their current workers: ${forcedMoves} moves, over the budget of ${budget}`);
      return { verdict: 'infeasible', details };
    }
    if (r.movesGroup >= 0 && active[r.movesGroup] && budget !== null) {
      // Every case leaving an available worker is a charged move (to anyone, or to nobody). A worker over
      // an active point or case limit must shed at least this many of the cases they hold now.
      let needed = forcedMoves;
      const why: string[] = [];
      for (let i = 0; i < m; i++) {
        const k = mustShed(i, active[r.pointsGroup[i]], active[r.casesGroup[i]]);
        if (k > 0) {
          needed += k;
          why.push(`${workers[i].id} must give up at least ${k}`);
        }
      }
      if (needed > budget) {
        details.push(`at least ${needed} move${needed === 1 ? ' is' : 's are'} needed (${why.join(', ')}${forcedMoves ? `, ${forcedMoves} that no worker may take` : ''}); the budget is ${budget}`);
        return { verdict: 'infeasible', details };
      }
      // Per unit: the fewest charged moves over the places it may go (siblings held by two workers must
      // reunite; a unit whose current worker may no longer hold it must leave).
      let unitNeeded = forcedMoves;
      let split = 0;
      let barred = 0;
      for (let u = 0; u < U; u++) {
        if (!considered[u]) continue;
        // Anywhere but a holder (or nowhere) charges every held case; a holder charges the others.
        let best = leaveable.has(u) || allowed[u].some((i) => !holders[u].includes(i)) ? unitMoves(team, units[u], -1) : Infinity;
        for (const i of holders[u]) if (allowed[u].includes(i)) best = Math.min(best, unitMoves(team, units[u], i));
        if (best > 0 && best < Infinity) {
          unitNeeded += best;
          if (holders[u].length > 1) split += best;
          else barred += best;
        }
      }
      if (unitNeeded > budget) {
        const parts = [split ? `${split} to reunite siblings held by different workers` : '', barred ? `${barred} of cases whose worker may not keep them` : '', forcedMoves ? `${forcedMoves} that no worker may take` : ''].filter(Boolean);
        details.push(`at least ${unitNeeded} move${unitNeeded === 1 ? ' is' : 's are'} needed (${parts.join(', ')}); the budget is ${budget}`);
        return { verdict: 'infeasible', details };
      }
    }
    // A witness: a greedy allocation meeting every active rule proves feasibility at any size.
    if (witness(active, allowed, leaveable, true) || witness(active, allowed, leaveable, false)) return { verdict: 'feasible', details };
    if (pairs > o.maxPairs) return { verdict: 'unknown', details: [`the model is too large for an exact proof (${pairs} pairs > ${o.maxPairs})`] };
    const pairUnit: number[] = [];
    const pairWorker: number[] = [];
    allowed.forEach((list, u) => list.forEach((i) => (pairUnit.push(u), pairWorker.push(i))));

    // Exact check on the feasibility program.
    const P = pairUnit.length;
    const Y = yUnits.length;
    if (P + Y === 0) return { verdict: 'feasible', details }; // nothing to place, and the forced moves fit
    const rows = new RowBuilder();
    const { column, value } = rows;
    const end = (name: string, s: Sense, b: number): void => rows.end(name, s, b);
    const yOf = new Map(yUnits.map((u, k) => [u, P + k]));
    for (let u = 0; u < J; u++) {
      if (!considered[u]) continue;
      for (let q = 0; q < P; q++) if (pairUnit[q] === u) (column.push(q), value.push(1));
      if (yOf.has(u)) (column.push(yOf.get(u)!), value.push(1));
      end(`assign_u${u}`, Sense.Equal, 1);
    }
    for (let i = 0; i < m; i++) {
      const mine: number[] = [];
      for (let q = 0; q < P; q++) if (pairWorker[q] === i) mine.push(q);
      if (!mine.length) continue;
      if (active[r.pointsGroup[i]]) {
        for (const q of mine) (column.push(q), value.push(jobs[pairUnit[q]].points));
        end(`points_w${i}`, Sense.LessEqual, team.limitPoints[i]);
      }
      if (active[r.casesGroup[i]]) {
        for (const q of mine) (column.push(q), value.push(jobs[pairUnit[q]].count));
        end(`cases_w${i}`, Sense.LessEqual, team.maxCases[i]);
      }
      for (let t = 0; t < T; t++) {
        const g = r.capGroup[i * T + t];
        if (g < 0 || !active[g]) continue;
        let any = false;
        for (const q of mine) {
          const k = jobs[pairUnit[q]].typeCounts[t];
          if (k > 0) (column.push(q), value.push(k), (any = true));
        }
        if (any) end(`type${t}_w${i}`, Sense.LessEqual, team.typeCaps[i * T + t]);
      }
    }
    if (r.movesGroup >= 0 && active[r.movesGroup]) {
      for (let q = 0; q < P; q++) {
        const k = jobs[pairUnit[q]].moves(pairWorker[q]);
        if (k > 0) (column.push(q), value.push(k));
      }
      for (const [u, v] of yOf) {
        const k = jobs[u].moves(-1);
        if (k > 0) (column.push(v), value.push(k));
      }
      end('moves', Sense.LessEqual, budget! - forcedMoves);
    }
    // A co-worker is another worker than the lead.
    const pairOf = new Map<number, number>();
    for (let q = 0; q < P; q++) pairOf.set(pairUnit[q] * m + pairWorker[q], q);
    for (let x = U; x < J; x++) {
      const lead = apart[x][0];
      for (const i of allowed[x]) {
        const b = pairOf.get(lead * m + i);
        if (b === undefined) continue;
        column.push(b, pairOf.get(x * m + i)!);
        value.push(1, 1);
        end(`apart_u${x}_w${i}`, Sense.LessEqual, 1);
      }
    }
    const variables = P + Y;
    const program: IntegerProgram = {
      variables,
      integer: new Uint8Array(variables).fill(1),
      lower: new Float64Array(variables),
      upper: new Float64Array(variables).fill(1),
      objective: new Float64Array(variables),
      ...rows.rows(),
      pairUnit: Int32Array.from(pairUnit),
      pairWorker: Int32Array.from(pairWorker),
      unallocatedVariable: Int32Array.from(jobs, (_, u) => yOf.get(u) ?? -1),
      unallocatedUnit: Int32Array.from(yUnits),
      offsets: { y: P, over: variables, spread: variables, umax: variables },
      balanceThresholds: 0,
    };
    // Each check gets its own limit, never past the diagnosis's deadline (a floor of 10 ms keeps a
    // last check meaningful on a tiny model rather than 'unknown' outright).
    const left = (until - performance.now()) / 1000;
    if (left <= 0) return { verdict: 'unknown', details: ['the diagnosis ran out of time before an exact check'] };
    const answer = solveExact(program, { timeLimit: Math.min(o.timeLimit, Math.max(0.01, left)) });
    if (answer.status === 'infeasible') return { verdict: 'infeasible', details: ['the exact backend proved that no allocation satisfies these rules'] };
    if (answer.values && satisfies(program, answer.values)) return { verdict: 'feasible', details };
    return { verdict: 'unknown', details: ['the exact check ran out of time'] };
  };
}

function satisfies(p: IntegerProgram, x: Float64Array): boolean {
  for (let r = 0; r < p.rows; r++) {
    let lhs = 0;
    for (let e = p.rowStart[r]; e < p.rowStart[r + 1]; e++) lhs += p.value[e] * x[p.column[e]];
    const ok = p.sense[r] === Sense.LessEqual ? lhs <= p.rhs[r] + 1e-6 : p.sense[r] === Sense.Equal ? Math.abs(lhs - p.rhs[r]) <= 1e-6 : lhs >= p.rhs[r] - 1e-6;
    if (!ok) return false;
  }
  return x.every((v) => v === 0 || v === 1);
}

/** The deletion filter over constraint groups. */
export function diagnose(team: Team, options: DiagnoseOptions = {}): DiagnosisResult {
  const o = { ...DEFAULT_DIAGNOSE_OPTIONS, ...options };
  const started = performance.now();
  const r = relaxable(team);
  const check = oracle(team, r, o, started + o.deadline * 1000);
  const active = r.groups.map(() => true);
  const full = check(active);
  if (full.verdict === 'feasible') return { verdict: 'feasible', proven: true, groups: [], details: [], summary: 'the hard rules can all hold together: an allocation satisfying every one exists' };
  if (full.verdict === 'unknown') return { verdict: 'unknown', proven: false, groups: [], details: full.details, summary: `could not prove whether the hard rules can all hold (${full.details.join('; ')})` };
  let minimal = true;
  let details = full.details;
  // Deletion filter, in blocks: relax a block of groups at once; if the rest is still infeasible, drop the
  // whole block; otherwise halve the block, down to one group, which is kept only if the rest becomes
  // feasible (or cannot be decided). Blocks only save oracle calls: the result is the same kind of
  // irreducible set as one group at a time (each kept group was necessary when tested, and the set only
  // shrinks afterwards, so by monotonicity it stays necessary).
  const n = r.groups.length;
  let chunk = Math.max(1, Math.ceil(n / 8));
  for (let g = 0; g < n; ) {
    if ((performance.now() - started) / 1000 > o.deadline) {
      minimal = false; // out of time: the groups not yet tested stay in
      break;
    }
    const block: number[] = [];
    for (let k = g; k < n && block.length < chunk; k++) block.push(k);
    for (const k of block) active[k] = false;
    const rest = check(active);
    if (rest.verdict === 'infeasible') {
      details = rest.details; // still in conflict without the block: none of it is needed
      g += block.length;
      chunk *= 2;
      continue;
    }
    for (const k of block) active[k] = true;
    if (block.length > 1) {
      chunk = Math.ceil(block.length / 2);
      continue;
    }
    if (rest.verdict === 'unknown') minimal = false;
    g += 1; // the rest became feasible (or could not be decided): keep this group
  }
  const groups = r.groups.filter((_, g) => active[g]);
  const words = groups.map((g) => g.words);
  const summary = `the hard rules cannot all hold: ${groups.length} rule${groups.length === 1 ? '' : 's'} conflict${groups.length === 1 ? 's' : ''}${minimal ? '' : ' (minimality not proven for every rule)'}: ${words.join('; ')}${details.length ? ` — ${details.join('; ')}` : ''}`;
  return { verdict: 'infeasible', proven: minimal, groups, details, summary };
}

/** For tests and callers: the oracle's verdict with only the named groups active (all others relaxed). */
export function feasibleWithOnly(team: Team, groupIds: readonly string[], options: DiagnoseOptions = {}): Verdict {
  const r = relaxable(team);
  const keep = new Set(groupIds);
  const o = { ...DEFAULT_DIAGNOSE_OPTIONS, ...options };
  return oracle(team, r, o, performance.now() + o.deadline * 1000)(r.groups.map((g) => keep.has(g.id))).verdict;
}

/** "a, b, c" — or, for many, the first few and a count. */
function listWorkers(team: Team, ids: readonly number[]): string {
  const names = ids.map((i) => team.problem.workers[i].id);
  return names.length <= 8 ? names.join(', ') : `${names.slice(0, 6).join(', ')} and ${names.length - 6} others`;
}

function unitName(team: Team, u: number): string {
  const ids = team.units[u].cases.map((j) => team.problem.cases[j].id);
  return ids.length === 1 ? `case ${ids[0]}` : `sibling group ${ids.join(', ')}`;
}

/** A job in words: a unit, or (jobs after the units) the co-worker of a case. */
function jobName(team: Team, x: number): string {
  const U = team.units.length;
  return x < U ? unitName(team, x) : `the co-worker of case ${team.problem.cases[team.coWork[x - U].caseIndex].id}`;
}

/** "3 allocation units (4 cases)", "2 allocation units (1 case, 1 co-working)". */
function jobCount(team: Team, jobs: readonly number[]): string {
  const U = team.units.length;
  const units = jobs.filter((x) => x < U);
  const cases = units.reduce((s, u) => s + team.units[u].cases.length, 0);
  const co = jobs.length - units.length;
  return `${jobs.length} allocation unit${jobs.length === 1 ? '' : 's'} (${cases} case${cases === 1 ? '' : 's'}${co ? `, ${co} co-working${co === 1 ? '' : 's'}` : ''})`;
}

/** Why these units are confined: the active skill / role / pin groups that block them elsewhere. */
function reasonOfRestriction(team: Team, r: Relaxable, active: readonly boolean[], units: readonly number[], within: ReadonlySet<number>): string {
  const m = team.problem.workers.length;
  const why = new Set<string>();
  for (const u of units) {
    for (let i = 0; i < m; i++) {
      if (within.has(i)) continue;
      const need = r.blockers[u * m + i];
      if (need === null) continue;
      for (const g of need) if (active[g]) why.add(shortWords(r.groups[g]));
    }
  }
  return why.size ? ` (${[...why].join('; ')})` : '';
}

function shortWords(g: ConstraintGroup): string {
  const parts = g.id.split(':');
  switch (g.kind) {
    case 'skill': return `they need the ${parts[1]} skill`;
    case 'role': return `role ${parts[1]} may not hold ${parts[2]} cases`;
    case 'pins': return `pinned to ${parts[1]}`;
    case 'type-cap': return `${parts[1]} may hold no ${parts[2]} cases`;
    default: return g.words;
  }
}

