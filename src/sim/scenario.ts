/**
 * The policy-independent half of one replication: who works where and when (starters, leavers,
 * sickness, long leave, agency cover) and which children are referred when, with the whole course of
 * each case (types and weeks in each) drawn at referral. It is drawn from its own two seeded streams
 * (workforce, arrivals) before any policy runs, so every policy of a replication sees exactly the same
 * arrivals and absences: common random numbers by construction.
 */
import type { Case, Problem, Worker } from '../input/schema.js';
import type { LabModel } from '../input/lab.js';
import { workerCapacityPoints } from '../domain/weights.js';
import { Random } from '../util/random.js';

/** A worker's time in one post. Weeks are inclusive; lastWeek = Infinity while they stay. */
export interface WorkerSpell {
  readonly record: Worker;
  readonly team: string;
  readonly firstWeek: number;
  readonly lastWeek: number;
  /** Week their notice starts (Infinity: no notice in the run). */
  readonly noticeWeek: number;
  /** Weeks (inclusive) they are on ASYE; after it they are 'qualified'. -1 = not ASYE. */
  readonly asyeUntil: number;
  readonly agency: boolean;
  /** Absences: [first, last] inclusive weeks, kind. */
  readonly absences: readonly Absence[];
}

export interface Absence {
  readonly first: number;
  readonly last: number;
  readonly kind: 'sickness' | 'long-leave';
}

/** A child's case: its fields, and the course it will take once allocated. */
export interface ReferredCase {
  readonly base: Case;
  readonly team: string;
  /** Type index per stage and weeks in it (a case closes after its last stage). */
  readonly stageTypes: readonly string[];
  readonly stageWeeks: readonly number[];
  /** Worker id holding it at week 0 (initial cases), else null. */
  readonly initialWorker: string | null;
}

export interface Scenario {
  readonly teams: readonly string[];
  readonly spells: readonly WorkerSpell[];
  /** Cases open at week 0. */
  readonly initial: readonly ReferredCase[];
  /** Per week: referrals (families arrive together). */
  readonly arrivals: readonly (readonly ReferredCase[])[];
  /** Children expected per team-week at the seasonal mean (for checks and Little's law). */
  readonly meanArrivals: ReadonlyMap<string, number>;
}

/** Seed of one stream: the lab seed, the replication and the stream's number, mixed. */
export function streamSeed(seed: number, replication: number, stream: number): number {
  let h = Math.imul((seed | 0) ^ 0x2545f491, 0x9e3779b1);
  h = Math.imul(h ^ (replication + 0x7f4a7c15), 0x85ebca6b);
  h = Math.imul(h ^ (stream * 0x27d4eb2d), 0xc2b2ae35);
  return (h ^ (h >>> 15)) >>> 0;
}

export const STREAM = { workforce: 1, arrivals: 2, policy: 3 } as const;

/** Weeks in a stage with this mean (geometric on 1, 2, …). */
function geometric(random: Random, mean: number): number {
  if (mean <= 1) return 1;
  const u = 1 - random.nextFloat();
  return 1 + Math.floor(Math.log(u) / Math.log(1 - 1 / mean));
}

function poisson(random: Random, mean: number): number {
  // Knuth's product method: team-week means are small (a few families).
  const limit = Math.exp(-mean);
  let k = 0;
  let p = random.nextFloat();
  while (p > limit) {
    k++;
    p *= random.nextFloat();
  }
  return k;
}

function drawFrom(random: Random, entries: readonly (readonly [string, number])[]): string {
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let r = random.nextFloat() * total;
  for (const [key, w] of entries) {
    if (r < w) return key;
    r -= w;
  }
  return entries[entries.length - 1][0];
}

/** Expected weeks a child referred as this type is open (its stage and the stages it steps down to). */
export function expectedLife(model: LabModel, type: string, depth = 0): number {
  const mean = model.meanWeeks[type] ?? 26;
  const next = model.stepDown[type];
  if (!next || depth > 10) return mean;
  return mean + next.probability * expectedLife(model, next.to, depth + 1);
}

function courseOf(random: Random, model: LabModel, type: string): { stageTypes: string[]; stageWeeks: number[] } {
  const stageTypes: string[] = [];
  const stageWeeks: number[] = [];
  let t: string | null = type;
  while (t !== null && stageTypes.length < 10) {
    stageTypes.push(t);
    stageWeeks.push(geometric(random, model.meanWeeks[t] ?? 26));
    const next: { to: string; probability: number } | undefined = model.stepDown[t];
    t = next && random.nextFloat() < next.probability ? next.to : null;
  }
  return { stageTypes, stageWeeks };
}

function caseRecord(id: string, type: string, familyId: string | null, team: string, random: Random): Case {
  const modifiers: string[] = [];
  if (random.nextFloat() < 0.1) modifiers.push('complex');
  if (random.nextFloat() < 0.04) modifiers.push('interpreter');
  const preferredSkills = type === 'disability' ? ['disability'] : random.nextFloat() < 0.12 ? [['domestic-abuse', 'substance-misuse', 'exploitation'][random.nextInt(3)]] : [];
  return {
    id, type, modifiers, familyId, team,
    requiredSkills: type === 'court' ? ['court'] : [],
    preferredSkills, currentWorkerId: null, pinned: false, excludedWorkerIds: [], coWorked: false,
  };
}

const NEW_SKILLS = ['domestic-abuse', 'substance-misuse', 'exploitation', 'disability'];

/**
 * Draws one replication's scenario. `weeks`: the run length. The initial service is `problem`: its
 * workers fill posts, vacant posts are added to reach the model's vacancy rate, and its cases are open
 * at week 0 (new referrals among them wait for allocation).
 */
export function drawScenario(problem: Problem, model: LabModel, weeks: number, seed: number, replication: number): Scenario {
  const workforce = new Random(streamSeed(seed, replication, STREAM.workforce));
  const arrivalsRandom = new Random(streamSeed(seed, replication, STREAM.arrivals));
  const teams = [...new Set(problem.workers.map((w) => w.team))];
  const spells: WorkerSpell[] = [];
  const pLeave = 1 - Math.pow(1 - model.turnover, 1 / 52);
  // A spell starts with this weekly probability, so that sicknessRate of weeks are lost on average.
  const pSick = model.sicknessRate / (model.meanSicknessWeeks * Math.max(1e-9, 1 - model.sicknessRate));
  const pLong = model.longLeavePerYear / 52;

  const fteByTeam = new Map<string, number>();
  for (const team of teams) {
    const members = problem.workers.filter((w) => w.team === team);
    fteByTeam.set(team, members.reduce((s, w) => s + (workerCapacityPoints(w, problem.policy) > 0 ? w.fte : 0), 0));
    let starters = 0;
    let agencies = 0;
    /** Follows one post from `week` with its first occupant (null = vacant), appending spells. */
    const runPost = (occupant: Worker | null, asyeUntil: number, initialAbsence: Absence | null) => {
      let week = 0;
      let current = occupant;
      let asye = asyeUntil;
      let pendingAbsence = initialAbsence;
      while (week < weeks) {
        if (current === null) {
          const vacant = geometric(workforce, model.vacancyWeeks);
          const starterWeek = week + vacant;
          if (model.agencyCover && vacant > model.agencyWeeks + 1) {
            const from = week + model.agencyWeeks;
            const agent: Worker = { id: `${team}-a${++agencies}`, team, role: 'qualified', fte: 1, skills: drawSkills(workforce, 'qualified'), available: true, reductionHours: 0, reductionPoints: 0, supportHours: 0 };
            if (from < weeks) spells.push(occupy(agent, from, starterWeek - 1 >= weeks ? Infinity : starterWeek - 1, Infinity, -1, true, workforce));
          }
          week = starterWeek;
          if (week >= weeks) break;
          const isAsye = workforce.nextFloat() < model.asyeShareOfStarters;
          const role = isAsye ? 'asye' : 'qualified';
          current = { id: `${team}-s${++starters}`, team, role, fte: 1, skills: drawSkills(workforce, role), available: true, reductionHours: 0, reductionPoints: 0, supportHours: 0 };
          asye = isAsye ? week + model.asyeWeeks - 1 : -1;
        }
        // Find when this occupant gives notice.
        let notice = week;
        while (notice < weeks && workforce.nextFloat() >= pLeave) notice++;
        const lastWeek = notice >= weeks ? Infinity : notice + model.noticeWeeks;
        const spell = occupy(current, week, lastWeek, notice >= weeks ? Infinity : notice, asye, false, workforce, pendingAbsence);
        spells.push(spell);
        pendingAbsence = null;
        if (lastWeek === Infinity) break;
        week = lastWeek + 1;
        current = null;
      }
    };
    const occupy = (record: Worker, firstWeek: number, lastWeek: number, noticeWeek: number, asyeUntil: number, agency: boolean, random: Random, initial: Absence | null = null): WorkerSpell => {
      const absences: Absence[] = initial ? [initial] : [];
      const end = Math.min(lastWeek, weeks - 1);
      let w = initial ? initial.last + 1 : firstWeek;
      while (w <= end) {
        const u = random.nextFloat();
        if (u < pLong) {
          const last = w + model.longLeaveWeeks - 1;
          absences.push({ first: w, last, kind: 'long-leave' });
          w = last + 1;
        } else if (u < pLong + pSick) {
          const last = w + geometric(random, model.meanSicknessWeeks) - 1;
          absences.push({ first: w, last, kind: 'sickness' });
          w = last + 1;
        } else w++;
      }
      return { record: { ...record, available: true }, team, firstWeek, lastWeek, noticeWeek, asyeUntil, agency, absences };
    };
    for (const w of members) {
      const away = w.available ? null : ({ first: 0, last: workforce.nextRange(0, model.longLeaveWeeks - 1), kind: 'long-leave' } as const);
      runPost(w, w.role === 'asye' ? workforce.nextRange(0, model.asyeWeeks - 1) : -1, away);
    }
    const vacant = Math.round((members.length * model.vacancyRate) / Math.max(1e-9, 1 - model.vacancyRate));
    for (let k = 0; k < vacant; k++) runPost(null, -1, null);
  }

  // Initial cases: each child's remaining course (stages are memoryless, so drawn as from referral).
  const initial: ReferredCase[] = problem.cases.map((c) => {
    const team = c.team ?? problem.workers.find((w) => w.id === c.currentWorkerId)?.team ?? teams[0];
    const { stageTypes, stageWeeks } = courseOf(arrivalsRandom, model, c.type);
    return { base: { ...c, team, pinned: false }, team, stageTypes, stageWeeks, initialWorker: c.currentWorkerId };
  });

  const mixEntries = Object.entries(model.arrivalMix).filter(([t, w]) => w > 0 && t in problem.policy.caseTypes);
  const meanLife = mixEntries.reduce((s, [t, w]) => s + w * expectedLife(model, t), 0) / mixEntries.reduce((s, [, w]) => s + w, 0);
  const sizes = model.siblingSizes.map((s, k) => [String(k + 1), s] as const);
  const meanSize = model.siblingSizes.reduce((s, p, k) => s + p * (k + 1), 0) / model.siblingSizes.reduce((s, p) => s + p, 0);
  const meanArrivals = new Map<string, number>();
  // Little's law: open cases = referral rate × weeks open; the rate that keeps casesPerFte per filled FTE.
  for (const team of teams) meanArrivals.set(team, (model.casesPerFte * (fteByTeam.get(team) ?? 0)) / meanLife);
  const arrivals: ReferredCase[][] = [];
  let family = 0;
  for (let week = 0; week < weeks; week++) {
    const list: ReferredCase[] = [];
    const season = 1 + model.seasonalAmplitude * Math.cos((2 * Math.PI * (week - model.seasonalPeakWeek)) / 52);
    for (const team of teams) {
      const families = poisson(arrivalsRandom, (meanArrivals.get(team)! * season) / meanSize);
      for (let f = 0; f < families; f++) {
        const size = Number(drawFrom(arrivalsRandom, sizes));
        const familyType = drawFrom(arrivalsRandom, mixEntries);
        const familyId = size > 1 ? `r${replication}-f${++family}` : null;
        if (size === 1) family++;
        for (let s = 0; s < size; s++) {
          const type = arrivalsRandom.nextFloat() < 0.8 ? familyType : drawFrom(arrivalsRandom, mixEntries);
          const id = `${team}-r${week}-${family}-${s + 1}`;
          const { stageTypes, stageWeeks } = courseOf(arrivalsRandom, model, type);
          list.push({ base: caseRecord(id, type, familyId, team, arrivalsRandom), team, stageTypes, stageWeeks, initialWorker: null });
        }
      }
    }
    arrivals.push(list);
  }
  return { teams, spells, initial, arrivals, meanArrivals };
}

function drawSkills(random: Random, role: string): string[] {
  const skills = new Set<string>();
  if (role === 'qualified' && random.nextFloat() < 0.35) skills.add('court');
  for (const s of NEW_SKILLS) if (random.nextFloat() < 0.25) skills.add(s);
  return [...skills].sort();
}
