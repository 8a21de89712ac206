/**
 * The weekly model: one policy through one replication's scenario. Each week, for each team:
 *  1. the workforce changes (starters, leavers, absences); cases of leavers and of workers away long
 *     enough wait for reallocation;
 *  2. allocated cases advance: a stage ends, the case steps down to another type or closes;
 *  3. referrals arrive and wait;
 *  4. the policy decides; its decision passes the independent checker (or the run stops: a policy bug);
 *  5. the week is measured.
 * Waiting children do not progress (their case starts when a worker takes it), so every waiting spell
 * ends in an allocation and the queue obeys Little's law exactly.
 */
import { ineligibility } from '../domain/eligibility.js';
import { casePoints, workerCapacityPoints, workerCaseTypeCap, workerMaxCases } from '../domain/weights.js';
import type { Case, Policy, Worker } from '../input/schema.js';
import { checkAllocation } from '../verify/check.js';
import { Random } from '../util/random.js';
import type { AllocationPolicy, WeekView } from './policy.js';
import type { ReferredCase, Scenario, WorkerSpell } from './scenario.js';
import { WeekMeasure, type PanelRow, type EventRow, type RunMeasures } from './metrics.js';

export type ChangeReason = 'leaver' | 'absence' | 'rebalance' | 'handover' | 'agency-end';
export const CHANGE_REASONS: readonly ChangeReason[] = ['leaver', 'absence', 'rebalance', 'handover', 'agency-end'];

interface SimCase {
  readonly ref: ReferredCase;
  stage: number;
  left: number;
  type: string;
  holder: string | null;
  /** The last worker who held it (null: never allocated). */
  lastHolder: string | null;
  queuedSince: number;
  queuedFor: ChangeReason | 'referral';
  open: boolean;
  /** Distinct workers while open in the measured window. */
  seen: string[];
  /** Counted among the children measured (open in the window). */
  counted: boolean;
  record: Case | null;
  points: number;
}

export interface EngineOptions {
  readonly weeks: number;
  readonly warmupWeeks: number;
  readonly check: boolean;
  /** Keep the per-worker panel and the per-child event log. */
  readonly detail: boolean;
  readonly policySeed: number;
}

export interface PolicyRun {
  readonly measures: RunMeasures;
  readonly panel: readonly PanelRow[];
  readonly events: readonly EventRow[];
  /** Allocations checked by the independent checker (team-weeks). */
  readonly checked: number;
}

interface Present {
  readonly spell: WorkerSpell;
  readonly record: Worker;
  readonly away: 'none' | 'sick' | 'away';
  readonly leaving: boolean;
}

export function runPolicy(scenario: Scenario, policy: Policy, allocation: AllocationPolicy, options: EngineOptions): PolicyRun {
  const { weeks, warmupWeeks } = options;
  const random = new Random(options.policySeed);
  const reallocateAfter = allocation.reallocateAfterWeeks ?? 2;
  const types = Object.keys(policy.caseTypes);
  const typeIndex = new Map(types.map((t, k) => [t, k]));
  const T = types.length;
  const measure = new WeekMeasure(weeks, warmupWeeks, options.detail);
  const memory = new Map(scenario.teams.map((t) => [t, new Map<string, unknown>()]));
  const spellsByTeam = new Map(scenario.teams.map((t) => [t, scenario.spells.filter((s) => s.team === t)]));
  const open = new Map<string, SimCase[]>(scenario.teams.map((t) => [t, []]));
  const spellById = new Map(scenario.spells.map((s) => [s.record.id, s]));
  /** Points of a case's current record (kept on the case: records change only when the case does). */
  const pointsOf = (c: SimCase) => {
    recordOf(c);
    return c.points;
  };
  const newCase = (ref: ReferredCase, week: number): SimCase => ({ ref, stage: 0, left: ref.stageWeeks[0], type: ref.stageTypes[0], holder: null, lastHolder: null, queuedSince: week, queuedFor: 'referral', open: true, seen: [], counted: false, record: null, points: 0 });
  const firstPresent = new Set(scenario.spells.filter((s) => s.firstWeek === 0).map((s) => s.record.id));
  for (const ref of scenario.initial) {
    const c = newCase(ref, 0);
    const w = ref.initialWorker;
    const spell = w === null ? undefined : spellById.get(w);
    // A case of a worker away at the start waits from week 0, like a new referral.
    if (w !== null && spell && firstPresent.has(w) && !(spell.absences[0]?.first === 0)) {
      c.holder = w;
      c.lastHolder = w;
      c.queuedSince = -1;
    } else if (w !== null) {
      c.lastHolder = w;
      c.queuedFor = 'absence';
    }
    open.get(ref.team)!.push(c);
  }
  // Siblings share a worker: at the start a family goes to the worker of its first held member (a new
  // sibling joins the family's worker, as in the intake workflow).
  if (policy.keepSiblingsTogether) {
    for (const cases of open.values()) {
      const familyHolder = new Map<string, string>();
      for (const c of cases) if (c.holder !== null && c.ref.base.familyId !== null && !familyHolder.has(c.ref.base.familyId)) familyHolder.set(c.ref.base.familyId, c.holder);
      for (const c of cases) {
        const h = c.ref.base.familyId === null ? undefined : familyHolder.get(c.ref.base.familyId);
        if (h !== undefined && c.holder !== h) {
          c.holder = h;
          c.lastHolder = h;
          c.queuedSince = -1;
        }
      }
    }
  }
  for (const cases of open.values()) for (const c of cases) measure.event(0, c.ref.base.id, c.holder === null ? 'waiting' : 'held', c.holder, c.queuedFor === 'referral' ? null : c.queuedFor);
  let checked = 0;
  const excludedTypes = new Map(Object.entries(policy.roles).map(([role, r]) => [role, new Set(r.excludedCaseTypes)]));

  for (let week = 0; week < weeks; week++) {
    measure.startWeek(week);
    for (const team of scenario.teams) {
      // 1. Workforce this week.
      const present: Present[] = [];
      for (const spell of spellsByTeam.get(team)!) {
        if (spell.firstWeek > week || spell.lastWeek < week) continue;
        const absence = spell.absences.find((a) => a.first <= week && week <= a.last);
        const away = !absence ? 'none' : absence.kind === 'long-leave' || week - absence.first + 1 >= reallocateAfter ? 'away' : 'sick';
        const role = spell.asyeUntil >= week ? 'asye' : spell.record.role === 'asye' ? 'qualified' : spell.record.role;
        const record: Worker = { ...spell.record, role, available: away !== 'away', ...(away === 'sick' ? { maxCases: 0 } : {}) };
        present.push({ spell, record, away, leaving: spell.lastWeek === week });
      }
      const status = new Map(present.map((p, i) => [p.record.id, { index: i, p }]));
      const cases = open.get(team)!;
      for (const c of cases) {
        if (c.holder === null) continue;
        const s = status.get(c.holder);
        if (s && s.p.away !== 'away') continue;
        const gone = !s;
        const reason: ChangeReason = gone ? (spellById.get(c.holder)?.agency ? 'agency-end' : 'leaver') : 'absence';
        requeue(c, week, reason);
      }
      // 2. Allocated cases advance; a stage ends in a step down or a closure.
      let closures = 0;
      for (const c of cases) {
        if (c.holder === null) continue;
        if (--c.left > 0) continue;
        c.stage++;
        if (c.stage < c.ref.stageTypes.length) {
          c.type = c.ref.stageTypes[c.stage];
          c.left = c.ref.stageWeeks[c.stage];
          c.record = null;
          measure.event(week, c.ref.base.id, 'type', c.holder, c.type);
        } else {
          c.open = false;
          closures++;
          measure.event(week, c.ref.base.id, 'closed', c.holder, null);
        }
      }
      let openCases = cases.filter((c) => c.open);
      // 3. Referrals.
      let arrivals = 0;
      for (const ref of scenario.arrivals[week]) {
        if (ref.team !== team) continue;
        const c = newCase(ref, week);
        openCases.push(c);
        arrivals++;
        measure.event(week, ref.base.id, 'referred', null, ref.base.familyId);
      }
      open.set(team, openCases);

      // 4. The policy decides on this week's problem.
      const workers = present.map((p) => p.record);
      const records = openCases.map((c) => recordOf(c));
      const problem = { workers, cases: records, policy: { ...policy, maxMoves: 0 } };
      const view = buildView(week, team, problem, openCases, status, present, types, typeIndex, T, pointsOf, random, memory.get(team)!);
      const decision = allocation.decide(view);
      if (decision.length !== records.length) throw new Error(`policy ${allocation.name}: decided ${decision.length} cases of ${records.length}`);
      // The rules of the check: held cases that move lose their pin (with their family), within the budget.
      const budget = allocation.moveBudget?.(week) ?? 0;
      let freeMoves = 0;
      let moved = 0;
      const movedFamilies = new Set<string>();
      const unpin = new Uint8Array(records.length);
      for (let j = 0; j < records.length; j++) {
        const cur = view.current[j];
        if (cur < 0 || decision[j] === cur) continue;
        unpin[j] = 1;
        moved++;
        if (present[cur].leaving) freeMoves++;
        if (policy.keepSiblingsTogether && records[j].familyId !== null) movedFamilies.add(records[j].familyId!);
      }
      if (options.check) {
        const checkCases = moved === 0 ? records : records.map((r, j) => (unpin[j] || (r.familyId !== null && movedFamilies.has(r.familyId)) ? { ...r, pinned: false } : r));
        const result = checkAllocation({ workers, cases: checkCases, policy: { ...policy, maxMoves: budget + freeMoves } }, decision);
        checked++;
        if (!result.ok) throw new Error(`policy ${allocation.name}, week ${week}, team ${team}: the allocation failed the independent check (${result.violations.slice(0, 3).join('; ')})`);
      }

      // 5. Apply and measure.
      let movesCharged = 0;
      let changes = 0;
      for (let j = 0; j < openCases.length; j++) {
        const c = openCases[j];
        const to = decision[j] < 0 ? null : workers[decision[j]].id;
        const cur = view.current[j];
        if (cur >= 0) {
          if (to === c.holder) continue;
          const reason: ChangeReason = present[cur].leaving ? 'handover' : 'rebalance';
          if (reason === 'rebalance') movesCharged++;
          if (to === null) {
            requeue(c, week, reason);
            continue;
          }
          c.holder = to;
          c.lastHolder = to;
          c.record = null;
          changes++;
          measure.change(week, c.ref.base.id, to, reason);
        } else if (to !== null) {
          measure.allocated(week, c.ref.base.id, week - c.queuedSince, to);
          if (c.lastHolder !== null && c.lastHolder !== to && c.queuedFor !== 'referral') {
            changes++;
            measure.change(week, c.ref.base.id, to, c.queuedFor);
          }
          c.holder = to;
          c.lastHolder = to;
          c.queuedSince = -1;
          c.record = null;
        }
      }
      // Loads after the decision.
      const m = workers.length;
      const points = new Float64Array(m);
      const count = new Int32Array(m);
      const excludedHeld = new Uint8Array(m);
      const families = new Map<string, string>();
      let splits = 0;
      const splitFamilies = new Set<string>();
      let waiting = 0;
      for (const c of openCases) {
        if (c.holder === null) {
          waiting++;
          continue;
        }
        const i = status.get(c.holder)!.index;
        points[i] += pointsOf(c);
        count[i]++;
        // A case of a type the holder's role may not hold (it changed type while held): an ASYE breach.
        if (excludedTypes.get(workers[i].role)?.has(c.type)) excludedHeld[i] = 1;
        measure.seen(c, week);
        const f = c.ref.base.familyId;
        if (f !== null) {
          const h = families.get(f);
          if (h === undefined) families.set(f, c.holder);
          else if (h !== c.holder && !splitFamilies.has(f)) {
            splitFamilies.add(f);
            splits++;
          }
        }
      }
      for (let i = 0; i < m; i++) {
        const p = present[i];
        measure.worker(week, team, p.record.id, p.record.role, p.away === 'none' ? (p.leaving ? 'leaving' : 'present') : p.away, count[i], points[i], view.capacity[i], excludedHeld[i] === 1);
      }
      measure.team(week, { arrivals, closures, open: openCases.length, waiting, moves: movesCharged, changes, splits });
    }
    measure.endWeek(week);
  }
  for (const cases of open.values()) for (const c of cases) if (c.holder === null) measure.stillWaiting(weeks - c.queuedSince);
  return { measures: measure.finish(), panel: measure.panel, events: measure.events, checked };

  function requeue(c: SimCase, week: number, reason: ChangeReason): void {
    measure.event(week, c.ref.base.id, 'waiting', null, reason);
    c.holder = null;
    c.queuedSince = week;
    c.queuedFor = reason;
    c.record = null;
  }

  function recordOf(c: SimCase): Case {
    if (c.record) return c.record;
    const base = c.ref.base;
    const type = c.type;
    const typeChanged = type !== base.type;
    c.record = {
      ...base,
      type,
      // Type-specific needs follow the type (a court case needs the court skill).
      requiredSkills: typeChanged ? (type === 'court' ? ['court'] : []) : base.requiredSkills,
      currentWorkerId: c.holder,
      pinned: c.holder !== null,
    };
    c.points = casePoints(c.record, policy);
    return c.record;
  }
}

function buildView(
  week: number, team: string, problem: WeekView['problem'], openCases: readonly SimCase[], status: ReadonlyMap<string, { index: number; p: Present }>,
  present: readonly Present[], types: readonly string[], typeIndex: ReadonlyMap<string, number>, T: number, pointsOf: (c: SimCase) => number, random: Random, memory: Map<string, unknown>,
): WeekView {
  const { workers, cases, policy } = problem;
  const m = workers.length;
  const n = cases.length;
  const capacity = new Float64Array(m);
  const limit = new Float64Array(m);
  const target = new Float64Array(m);
  const maxCases = new Float64Array(m);
  const typeCap = new Float64Array(m * T);
  const accepting = new Uint8Array(m);
  for (let i = 0; i < m; i++) {
    const w = workers[i];
    capacity[i] = workerCapacityPoints(w, policy);
    limit[i] = capacity[i] * policy.maxUtilisation;
    target[i] = capacity[i] * policy.targetUtilisation;
    maxCases[i] = workerMaxCases(w, policy);
    for (let k = 0; k < T; k++) typeCap[i * T + k] = workerCaseTypeCap(w, types[k], policy);
    accepting[i] = present[i].away === 'none' ? 1 : 0;
  }
  const current = new Int32Array(n).fill(-1);
  const casePts = new Float64Array(n);
  const caseType = new Int32Array(n);
  const points = new Float64Array(m);
  const count = new Float64Array(m);
  const typeCount = new Float64Array(m * T);
  const queue: number[][] = [];
  const familyUnit = new Map<string, number[]>();
  for (let j = 0; j < n; j++) {
    const c = cases[j];
    casePts[j] = pointsOf(openCases[j]);
    caseType[j] = typeIndex.get(c.type)!;
    const holder = openCases[j].holder;
    if (holder !== null) {
      const i = status.get(holder)!.index;
      current[j] = i;
      points[i] += casePts[j];
      count[i]++;
      typeCount[i * T + caseType[j]]++;
      continue;
    }
    const f = policy.keepSiblingsTogether ? c.familyId : null;
    if (f !== null) {
      const unit = familyUnit.get(f);
      if (unit) {
        unit.push(j);
        continue;
      }
      const fresh = [j];
      familyUnit.set(f, fresh);
      queue.push(fresh);
    } else queue.push([j]);
  }
  // Oldest first; then by position (stable).
  queue.sort((a, b) => openCases[a[0]].queuedSince - openCases[b[0]].queuedSince || a[0] - b[0]);
  // Pins raise limits to what they hold (as the checker reads them).
  for (let i = 0; i < m; i++) {
    limit[i] = Math.max(limit[i], points[i]);
    maxCases[i] = Math.max(maxCases[i], count[i]);
    for (let k = 0; k < T; k++) typeCap[i * T + k] = Math.max(typeCap[i * T + k], typeCount[i * T + k]);
  }
  const leaving = present.flatMap((p, i) => (p.leaving ? [i] : []));
  return { week, team, problem, queue, current, casePoints: casePts, caseType, types, capacity, limit, target, maxCases, points, count, typeCount, typeCap, accepting, leaving, random, memory };
}

/** May worker i take the whole unit now (rules and room)? Loads are the caller's running loads. */
export function canTake(view: WeekView, unit: readonly number[], i: number, points: Float64Array, count: Float64Array, typeCount: Float64Array): boolean {
  if (!view.accepting[i]) return false;
  const { workers, cases, policy } = view.problem;
  const T = view.types.length;
  let pts = 0;
  for (const j of unit) pts += view.casePoints[j];
  if (points[i] + pts > view.limit[i] + 1e-7) return false;
  if (count[i] + unit.length > view.maxCases[i]) return false;
  for (const j of unit) {
    const k = view.caseType[j];
    let sameType = 0;
    for (const q of unit) if (view.caseType[q] === k) sameType++;
    if (typeCount[i * T + k] + sameType > view.typeCap[i * T + k]) return false;
    // Eligibility reads the policy's cap (pins raise only the count limit), as the checker does.
    if (ineligibility(workers[i], cases[j], policy, workerCaseTypeCap(workers[i], cases[j].type, policy)) !== null) return false;
  }
  return true;
}
