/**
 * The allocation problem as a solver-neutral mixed-integer program, in flat arrays (structured-clone
 * safe, so it can cross to a worker thread). Jobs are the allocation units (cases, sibling groups)
 * then the co-worker allocations (see allocationJobs). Variables, in this order:
 *   x[p]        binary, one per eligible (job, worker) pair p — ineligible pairs are never created
 *   y[u]        binary, job u left unallocated (only where allowed, or where no worker is eligible)
 *   over[i]     continuous >= 0, points of worker i above target
 *   spread[s,i] continuous >= 0, points of worker i above balance threshold s
 *   umax        continuous >= 0, the highest utilisation (fraction) — the min-max balance term
 * Rows: assign[u] (= 1), points[i], cases[i], type[i,t] (<=), overdef[i], spreaddef[s,i], umaxdef[i],
 * moves (<= maxMoves), and apart[c,w] (a co-worker is not the lead). Pinned pairs are fixed by bounds.
 */
import type { Team } from '../domain/team.js';
import { allocationJobs } from '../domain/team.js';
import { RowBuilder, Sense, type IntegerProgram } from './integerProgram.js';

export function buildProgram(team: Team): IntegerProgram {
  const { problem, caseTypes } = team;
  const { policy } = problem;
  const weights = policy.weights;
  const m = problem.workers.length;
  const T = caseTypes.length;
  const S = policy.balanceThresholds.length;
  const jobs = allocationJobs(team);

  let pairs = 0;
  for (const job of jobs) pairs += job.eligible.length;
  const pairUnit = new Int32Array(pairs);
  const pairWorker = new Int32Array(pairs);
  const unallocatedVariable = new Int32Array(jobs.length).fill(-1);
  const yUnits: number[] = [];
  for (let u = 0; u < jobs.length; u++) if (Number.isFinite(jobs[u].unallocatedCost)) yUnits.push(u);
  const yCount = yUnits.length;

  const yStart = pairs;
  const overStart = yStart + yCount;
  const spreadStart = overStart + m;
  const umaxIndex = spreadStart + S * m;
  const variables = umaxIndex + 1;
  const integer = new Uint8Array(variables);
  const lower = new Float64Array(variables);
  const upper = new Float64Array(variables).fill(Infinity);
  const objective = new Float64Array(variables);

  // Pairs grouped by worker make the per-worker rows cheap to emit.
  const pairsOfWorker: number[][] = Array.from({ length: m }, () => []);
  const firstPair = new Int32Array(jobs.length + 1);
  let p = 0;
  let yAt = yStart;
  for (let u = 0; u < jobs.length; u++) {
    const job = jobs[u];
    firstPair[u] = p;
    for (const i of job.eligible) {
      pairUnit[p] = u;
      pairWorker[p] = i;
      integer[p] = 1;
      upper[p] = 1;
      if (job.pinnedWorker === i) lower[p] = 1;
      objective[p] = job.cost(i);
      pairsOfWorker[i].push(p);
      p++;
    }
    if (Number.isFinite(job.unallocatedCost)) {
      unallocatedVariable[u] = yAt;
      integer[yAt] = 1;
      upper[yAt] = 1;
      if (job.eligible.length === 0) lower[yAt] = 1;
      objective[yAt] = job.unallocatedCost;
      yAt++;
    }
  }
  firstPair[jobs.length] = p;
  for (let i = 0; i < m; i++) objective[overStart + i] = weights.overTarget;
  for (let k = 0; k < S * m; k++) objective[spreadStart + k] = weights.spread;
  objective[umaxIndex] = weights.maxUtilisation * 100; // weight is per percentage point

  const rows = new RowBuilder();
  const { column, value } = rows;
  const endRow = (name: string, s: Sense, r: number): void => rows.end(name, s, r);

  // Each job allocated once, or left unallocated.
  p = 0;
  for (let u = 0; u < jobs.length; u++) {
    for (let k = 0; k < jobs[u].eligible.length; k++, p++) {
      column.push(p);
      value.push(1);
    }
    if (unallocatedVariable[u] >= 0) {
      column.push(unallocatedVariable[u]);
      value.push(1);
    }
    endRow(`assign_u${u}`, Sense.Equal, 1);
  }
  for (let i = 0; i < m; i++) {
    const mine = pairsOfWorker[i];
    if (mine.length === 0) continue;
    for (const q of mine) {
      column.push(q);
      value.push(jobs[pairUnit[q]].points);
    }
    endRow(`points_w${i}`, Sense.LessEqual, team.limitPoints[i]);
    for (const q of mine) {
      column.push(q);
      value.push(jobs[pairUnit[q]].count);
    }
    endRow(`cases_w${i}`, Sense.LessEqual, team.maxCases[i]);
    for (let t = 0; t < T; t++) {
      const cap = team.typeCaps[i * T + t];
      if (!Number.isFinite(cap)) continue;
      let any = false;
      for (const q of mine) {
        const count = jobs[pairUnit[q]].typeCounts[t];
        if (count > 0) {
          column.push(q);
          value.push(count);
          any = true;
        }
      }
      if (any) endRow(`type${t}_w${i}`, Sense.LessEqual, cap);
    }
    // points − over ≤ target
    for (const q of mine) {
      column.push(q);
      value.push(jobs[pairUnit[q]].points);
    }
    column.push(overStart + i);
    value.push(-1);
    endRow(`overdef_w${i}`, Sense.LessEqual, team.targetPoints[i]);
    for (let s = 0; s < S; s++) {
      for (const q of mine) {
        column.push(q);
        value.push(jobs[pairUnit[q]].points);
      }
      column.push(spreadStart + s * m + i);
      value.push(-1);
      endRow(`spreaddef${s}_w${i}`, Sense.LessEqual, policy.balanceThresholds[s] * team.capacityPoints[i]);
    }
    // points / capacity − umax ≤ 0 (workers with no capacity have no utilisation to balance)
    const cap = team.capacityPoints[i];
    if (cap > 0) {
      for (const q of mine) {
        column.push(q);
        value.push(jobs[pairUnit[q]].points / cap);
      }
      column.push(umaxIndex);
      value.push(-1);
      endRow(`umaxdef_w${i}`, Sense.LessEqual, 0);
    }
  }
  if (policy.maxMoves !== null) {
    for (let q = 0; q < pairs; q++) {
      const moves = jobs[pairUnit[q]].moves(pairWorker[q]);
      if (moves > 0) {
        column.push(q);
        value.push(moves);
      }
    }
    for (let k = 0; k < yUnits.length; k++) {
      const moves = jobs[yUnits[k]].moves(-1);
      if (moves > 0) {
        column.push(yStart + k);
        value.push(moves);
      }
    }
    endRow('moves', Sense.LessEqual, policy.maxMoves);
  }

  // A co-worker is another worker than the lead: x[lead, w] + x[coworker, w] <= 1.
  for (let c = 0; c < jobs.length; c++) {
    const lead = jobs[c].partner;
    if (lead < 0) continue;
    for (let a = firstPair[c]; a < firstPair[c + 1]; a++) {
      for (let b = firstPair[lead]; b < firstPair[lead + 1]; b++) {
        if (pairWorker[b] !== pairWorker[a]) continue;
        column.push(b, a);
        value.push(1, 1);
        endRow(`apart_u${c}_w${pairWorker[a]}`, Sense.LessEqual, 1);
      }
    }
  }

  return {
    variables,
    integer,
    lower,
    upper,
    objective,
    ...rows.rows(),
    pairUnit,
    pairWorker,
    unallocatedVariable,
    unallocatedUnit: Int32Array.from(yUnits),
    offsets: { y: yStart, over: overStart, spread: spreadStart, umax: umaxIndex },
    balanceThresholds: S,
  };
}
