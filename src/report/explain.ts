/**
 * Explanations a manager can check by hand:
 *  - per worker: points by case type, what changed (cases in and out, from and to whom) and why
 *    ("took 3 cases from w06 (on leave)", "relieved: was 152 points, 169%");
 *  - per case: why this worker — every worker ranked by the objective change of moving the case's
 *    allocation unit there from the final allocation (incremental, proven equal to the checker's
 *    recomputation by a property test), infeasible ones with why ("no room: short by 6 points");
 *    for a co-worked case, also its co-worker and every worker ranked as its co-worker.
 */
import { describeTerms, evaluateCoWorkerMove, evaluateMove, loadState, unitMembers, type LoadState, type MoveEvaluation, type ObjectiveTerms } from '../domain/moveCost.js';
import type { Team } from '../domain/team.js';
import type { Problem } from '../input/schema.js';
import { roundTo } from '../util/numbers.js';

export interface WorkerExplanation {
  /** Points carried per case type (types with none left out). */
  readonly pointsByType: Readonly<Record<string, number>>;
  /** Cases gained, with the worker they came from (null = a new referral or unallocated before). */
  readonly casesIn: readonly { readonly caseId: string; readonly from: string | null }[];
  /** Cases given up, with the worker they went to (null = left unallocated). */
  readonly casesOut: readonly { readonly caseId: string; readonly to: string | null }[];
  /** What changed and why, in words. */
  readonly notes: readonly string[];
}

export interface Alternative {
  readonly workerId: string;
  /** This is the worker the case is with in the allocation. */
  readonly current: boolean;
  readonly feasible: boolean;
  /** Objective change of moving the case's unit here (0 for the current worker); lower is better. */
  readonly scoreChange: number;
  readonly terms: ObjectiveTerms;
  /** The terms that decide it, largest first, e.g. "continuity/moves +10". */
  readonly deciding: readonly string[];
  /** Why not (when infeasible), e.g. "no room: short by 6 points", "lacks skill court". */
  readonly reasons: readonly string[];
}

export interface CaseExplanation {
  readonly caseId: string;
  readonly workerId: string | null;
  /** The allocation unit: the case and the siblings that go with it. */
  readonly unit: readonly string[];
  readonly points: number;
  readonly summary: string;
  /** Every worker: feasible ones by score change (best first), then the infeasible with reasons. */
  readonly alternatives: readonly Alternative[];
  /** Co-worked cases only: the co-worker (null = none), and every worker ranked as its co-worker (the lead staying). */
  readonly coWorkerId?: string | null;
  readonly coWorkerAlternatives?: readonly Alternative[];
}

/** `coWorker`: co-worker per case (-1 = none); co-worked points count in pointsByType and the loads. */
export function explainWorkers(team: Team, caseWorker: Int32Array, coWorker?: Int32Array): WorkerExplanation[] {
  const { workers, cases, policy } = team.problem;
  const m = workers.length;
  const byType: Map<string, number>[] = Array.from({ length: m }, () => new Map());
  const ins: { caseId: string; from: string | null }[][] = Array.from({ length: m }, () => []);
  const outs: { caseId: string; to: string | null }[][] = Array.from({ length: m }, () => []);
  const before = new Float64Array(m);
  const after = new Float64Array(m);
  const coWorks: string[][] = Array.from({ length: m }, () => []);
  cases.forEach((c, j) => {
    const i = caseWorker[j];
    const cur = team.currentWorker[j];
    if (i >= 0) {
      byType[i].set(c.type, (byType[i].get(c.type) ?? 0) + team.casePoints[j]);
      after[i] += team.casePoints[j];
    }
    if (cur >= 0) before[cur] += team.casePoints[j];
    const k = coWorker ? coWorker[j] : -1;
    if (k >= 0) {
      const share = team.casePoints[j] * policy.coWorkerShare;
      byType[k].set(c.type, (byType[k].get(c.type) ?? 0) + share);
      after[k] += share;
      coWorks[k].push(c.id);
    }
    if (i === cur) return;
    if (i >= 0) ins[i].push({ caseId: c.id, from: c.currentWorkerId });
    if (cur >= 0) outs[cur].push({ caseId: c.id, to: i >= 0 ? workers[i].id : null });
  });
  const availableCount = workers.filter((w) => w.available).length;
  let atTarget = 0;
  workers.forEach((w, i) => {
    if (w.available && after[i] >= team.targetPoints[i] - 1e-9) atTarget++;
  });
  const pct = (points: number, i: number) => (team.capacityPoints[i] > 0 ? `${Math.round((100 * points) / team.capacityPoints[i])}%` : 'no capacity');
  return workers.map((w, i) => {
    const notes: string[] = [];
    const from = tally(ins[i].map((x) => x.from));
    for (const [source, k] of from) {
      if (source === null) notes.push(`took ${plural(k, 'new referral')}`);
      else {
        const s = team.workerIndex.get(source)!;
        const why = !workers[s].available ? ' (on leave or leaving)' : before[s] > team.targetPoints[s] + 1e-9 ? ` (relieving ${source}: ${pct(before[s], s)} before)` : '';
        notes.push(`took ${plural(k, 'case')} from ${source}${why}`);
      }
    }
    const to = tally(outs[i].map((x) => x.to));
    const gave = [...to].map(([dest, k]) => (dest === null ? `${k} left unallocated` : `${k} to ${dest}`));
    if (gave.length) notes.push(`${w.available ? 'gave' : 'on leave or leaving: handed over'} ${plural(outs[i].length, 'case')} (${gave.join(', ')})`);
    if (coWorks[i].length) notes.push(`co-works ${plural(coWorks[i].length, 'case')} (${coWorks[i].join(', ')}; ${Math.round(policy.coWorkerShare * 100)}% of the points each)`);
    if (before[i] > team.targetPoints[i] + 1e-9 && after[i] < before[i] - 1e-9) notes.push(`relieved: was ${roundTo(before[i])} points, ${pct(before[i], i)}; now ${roundTo(after[i])} points, ${pct(after[i], i)}`);
    else if (after[i] > before[i] + 1e-9 && after[i] > team.targetPoints[i] + 1e-9) notes.push(`above target (${pct(after[i], i)}); ${atTarget - 1} of the other ${availableCount - 1} available workers are at or above target too`);
    const limit = team.capacityPoints[i] * policy.maxUtilisation;
    if (after[i] > limit + 1e-9) {
      if (team.holdings.keepHeld && team.holdings.aboveLimit[i]) notes.push(`held above the ${Math.round(policy.maxUtilisation * 100)}% limit: keeps what they hold (${roundTo(after[i])} points, ${pct(after[i], i)}, ${roundTo(after[i] - limit)} over) and takes nothing new`);
      else notes.push(`above the ${Math.round(policy.maxUtilisation * 100)}% limit only through pinned cases`);
    }
    if (!notes.length) notes.push('unchanged');
    const pointsByType: Record<string, number> = {};
    for (const [t, p] of [...byType[i]].sort((a, b) => b[1] - a[1])) pointsByType[t] = roundTo(p);
    return { pointsByType, casesIn: ins[i], casesOut: outs[i], notes };
  });
}

/**
 * Why the case is where it is: every worker ranked by the objective change of moving its unit there.
 * `coWorker` (co-worker per case, -1 = none) counts in the loads; a co-worked case also gets its
 * co-worker ranked against every other worker.
 */
export function explainCaseIn(problem: Problem, caseWorker: Int32Array, caseIndex: number, coWorker?: Int32Array): CaseExplanation {
  const state = loadState(problem, caseWorker, coWorker);
  // The siblings that go with it: those with the same worker (under keep-held a family's new siblings may wait apart).
  const at = caseWorker[caseIndex];
  const members = unitMembers(problem, caseIndex).filter((j) => caseWorker[j] === at);
  const alternatives = ranked(state, at, (i) => evaluateMove(state, members, i));
  const c = problem.cases[caseIndex];
  const unit = members.map((j) => problem.cases[j].id);
  const points = roundTo(members.reduce((s, j) => s + state.casePoints[j], 0));
  const family = members.length > 1 ? ` with its siblings (${unit.filter((id) => id !== c.id).join(', ')}; ${points} points together)` : ` (${points} points)`;
  const others = alternatives.filter((a) => a.feasible && !a.current);
  let summary: string;
  if (at < 0) {
    summary = `${c.id} is unallocated${family}; ${others.length ? `the cheapest place would be ${others[0].workerId} at ${signed(others[0].scoreChange)}` : 'no worker can take it'}`;
  } else if (!others.length) {
    summary = `${c.id} is with ${problem.workers[at].id}${family}: no other worker could take it (${alternatives.filter((a) => !a.current).map((a) => `${a.workerId}: ${a.reasons.join(', ')}`).slice(0, 3).join('; ')})`;
  } else {
    const next = others[0];
    const verdict = next.scoreChange >= 0 ? `every other feasible place costs more: the best alternative, ${next.workerId}, would add ${roundTo(next.scoreChange)}` : `moving it to ${next.workerId} would lower the objective by ${roundTo(-next.scoreChange)} (the search stopped before finding that)`;
    summary = `${c.id} is with ${problem.workers[at].id}${family}: ${verdict}${next.deciding.length ? ` (${next.deciding.join(', ')})` : ''}`;
  }
  const base = { caseId: c.id, workerId: at >= 0 ? problem.workers[at].id : null, unit, points, summary, alternatives };
  if (!c.coWorked) return base;
  const co = state.coWorker[caseIndex];
  const coWorkerAlternatives = ranked(state, co, (i) => evaluateCoWorkerMove(state, caseIndex, i));
  const share = roundTo(state.casePoints[caseIndex] * problem.policy.coWorkerShare);
  const coOthers = coWorkerAlternatives.filter((a) => a.feasible && !a.current);
  const coSummary =
    co >= 0
      ? `co-worked by ${problem.workers[co].id} (${share} points)${coOthers.length ? `; the best other co-worker, ${coOthers[0].workerId}, would ${coOthers[0].scoreChange >= 0 ? `add ${roundTo(coOthers[0].scoreChange)}` : `lower the objective by ${roundTo(-coOthers[0].scoreChange)}`}` : '; no other worker could co-work it'}`
      : `it needs a co-worker but has none${coOthers.length ? `; the cheapest would be ${coOthers[0].workerId} at ${signed(coOthers[0].scoreChange)}` : `: no worker can co-work it (${coWorkerAlternatives.slice(0, 3).map((a) => `${a.workerId}: ${a.reasons.join(', ')}`).join('; ')})`}`;
  return { ...base, summary: `${summary}; ${coSummary}`, coWorkerId: co >= 0 ? problem.workers[co].id : null, coWorkerAlternatives };
}

/** Every worker as an alternative, feasible ones by score change (best first), then the infeasible. */
function ranked(state: LoadState, at: number, evaluate: (worker: number) => MoveEvaluation): Alternative[] {
  const alternatives: Alternative[] = state.problem.workers.map((w, i) => {
    const ev = evaluate(i);
    return { workerId: w.id, current: i === at, feasible: ev.feasible || i === at, scoreChange: roundTo(ev.delta, 4), terms: roundTerms(ev.terms), deciding: describeTerms(ev.terms), reasons: i === at ? [] : ev.reasons };
  });
  alternatives.sort((a, b) => Number(b.feasible) - Number(a.feasible) || (a.feasible ? a.scoreChange - b.scoreChange || Number(b.current) - Number(a.current) : 0) || a.workerId.localeCompare(b.workerId));
  return alternatives;
}

/** Readable per-worker lines: points by case type, then what changed and why. */
export function formatWorkerNotes(result: { readonly workers: readonly { readonly workerId: string; readonly points: number; readonly capacityPoints: number; readonly utilisation: number; readonly band: string; readonly pointsByType?: Readonly<Record<string, number>>; readonly notes?: readonly string[] }[] }): string[] {
  return result.workers
    .filter((w) => w.notes)
    .map((w) => {
      const types = Object.entries(w.pointsByType ?? {}).map(([t, p]) => `${t} ${p}`).join(', ');
      return `  ${w.workerId} (${w.points}/${w.capacityPoints}, ${Math.round(w.utilisation * 100)}% ${w.band}${types ? `: ${types}` : ''}): ${w.notes!.join('; ')}`;
    });
}

/** Readable per-case explanation (and, for a co-worked case, its co-worker's alternatives). */
export function formatCaseExplanation(e: CaseExplanation, limit = 10): string {
  const lines = [e.summary, ''];
  const list = (alternatives: readonly Alternative[]): void => {
    const shown = alternatives.slice(0, limit);
    for (const a of shown) {
      const mark = a.current ? '*' : ' ';
      if (a.feasible) lines.push(`${mark} ${a.workerId.padEnd(10)} ${a.current ? 'current'.padStart(9) : signed(a.scoreChange).padStart(9)}  ${a.current ? '' : a.deciding.join(', ')}`);
      else lines.push(`  ${a.workerId.padEnd(10)} ${'—'.padStart(9)}  ${a.reasons.join('; ')}`);
    }
    if (alternatives.length > shown.length) lines.push(`  … ${alternatives.length - shown.length} more`);
  };
  list(e.alternatives);
  if (e.coWorkerAlternatives) {
    lines.push('', `Co-worker (${e.coWorkerId ?? 'none'}):`);
    list(e.coWorkerAlternatives);
  }
  return `${lines.join('\n')}\n`;
}

function tally<T>(xs: readonly T[]): Map<T, number> {
  const out = new Map<T, number>();
  for (const x of xs) out.set(x, (out.get(x) ?? 0) + 1);
  return out;
}

function plural(k: number, word: string): string {
  return `${k} ${word}${k === 1 ? '' : 's'}`;
}

function signed(x: number): string {
  return `${x > 0 ? '+' : ''}${roundTo(x)}`;
}

function roundTerms(t: ObjectiveTerms): ObjectiveTerms {
  return { unallocated: roundTo(t.unallocated, 4), moves: roundTo(t.moves, 4), preferences: roundTo(t.preferences, 4), overTarget: roundTo(t.overTarget, 4), spread: roundTo(t.spread, 4), maxUtilisation: roundTo(t.maxUtilisation, 4) };
}

