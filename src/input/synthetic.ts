/**
 * Synthetic children's-services teams, deterministic in their seed: for the shipped example, tests,
 * benchmarks and policy studies. The mix follows what published team data describes: mostly
 * qualified workers with a senior (court skills), ASYEs on protected caseloads, part-timers, someone
 * on leave; children in sibling groups; most cases already held by a worker, some workers overloaded.
 */
import { Random } from '../util/random.js';
import { DEFAULT_POLICY } from './defaultPolicy.js';
import type { ProblemInput } from './schema.js';

export interface SyntheticOptions {
  /** Number of teams. Default 1. */
  readonly teams?: number;
  /** Workers per team (at least 6). Default 12. */
  readonly workersPerTeam?: number;
  /** Children's cases per team. Default 190. */
  readonly casesPerTeam?: number;
  /** Share of families that are new referrals (no current worker). Default 0.12. */
  readonly newReferrals?: number;
  readonly seed?: number;
}

const TYPES: readonly (readonly [string, number])[] = [
  ['child-in-need', 0.32],
  ['child-protection', 0.18],
  ['looked-after', 0.16],
  ['assessment', 0.16],
  ['disability', 0.07],
  ['care-leaver', 0.07],
  ['court', 0.04],
];
const OTHER_SKILLS = ['domestic-abuse', 'substance-misuse', 'exploitation', 'disability'];

type WorkerRecord = Exclude<ProblemInput['workers'][number], undefined>;
type CaseRecord = Exclude<ProblemInput['cases'][number], undefined>;

export function syntheticProblem(options: SyntheticOptions = {}): { workers: WorkerRecord[]; cases: CaseRecord[] } {
  const teams = options.teams ?? 1;
  const perTeam = Math.max(6, options.workersPerTeam ?? 12);
  const casesPerTeam = options.casesPerTeam ?? 190;
  const newShare = options.newReferrals ?? 0.12;
  const random = new Random(options.seed ?? 1);
  const workers: WorkerRecord[] = [];
  const cases: CaseRecord[] = [];

  for (let t = 0; t < teams; t++) {
    const team = teams === 1 ? 'district-north' : `team-${String(t + 1).padStart(2, '0')}`;
    const prefix = teams === 1 ? 'w' : `t${t + 1}-w`;
    const teamWorkers: { rec: WorkerRecord; weight: number }[] = [];
    for (let k = 0; k < perTeam; k++) {
      // Position k decides the role mix: senior, two ASYE, two part-time, one on leave, the rest qualified.
      const role = k === 0 ? 'senior' : k <= 2 ? 'asye' : 'qualified';
      const fte = k === 3 ? 0.6 : k === 4 ? 0.8 : 1;
      const skills = new Set<string>();
      if (k === 0 || (role === 'qualified' && random.nextFloat() < 0.35)) skills.add('court');
      for (const s of OTHER_SKILLS) if (random.nextFloat() < 0.25) skills.add(s);
      const rec: WorkerRecord = { id: `${prefix}${String(k + 1).padStart(2, '0')}`, team, role, fte, skills: [...skills].sort(), available: k !== 5 };
      workers.push(rec);
      // Some workers carry far more than others today: that is what reallocation fixes.
      teamWorkers.push({ rec, weight: fte * (role === 'asye' ? 0.8 : 1) * (0.6 + random.nextFloat() * 0.9) });
    }
    let made = 0;
    let family = 0;
    while (made < casesPerTeam) {
      family++;
      const r = random.nextFloat();
      const size = Math.min(casesPerTeam - made, r < 0.5 ? 1 : r < 0.75 ? 2 : r < 0.9 ? 3 : 4);
      const familyType = drawType(random);
      const isNew = random.nextFloat() < newShare;
      const holder = isNew ? null : drawWorker(random, teamWorkers, (w) => mayHold(w, familyType));
      const familyId = size > 1 ? `${teams === 1 ? '' : `t${t + 1}-`}f${String(family).padStart(3, '0')}` : null;
      for (let s = 0; s < size; s++) {
        const { type, modifiers, requiredSkills, preferredSkills } = drawChild(random, familyType, size);
        const current = holder !== null && mayHold(holder, type) ? holder.id : null;
        // A rare conflict of interest with someone other than the current worker.
        const excluded = random.nextFloat() < 0.02 ? [pick(random, teamWorkers.filter((w) => w.rec.id !== current)).rec.id] : [];
        cases.push({
          id: `${teams === 1 ? '' : `t${t + 1}-`}c${String(made + 1).padStart(4, '0')}`,
          type,
          modifiers,
          familyId,
          requiredSkills,
          preferredSkills,
          currentWorkerId: current,
          pinned: false,
          excludedWorkerIds: excluded,
          ...(teams > 1 ? { team } : {}),
        });
        made++;
      }
    }
  }
  return { workers, cases };
}

function drawType(random: Random): string {
  let r = random.nextFloat();
  for (const [type, share] of TYPES) {
    if (r < share) return type;
    r -= share;
  }
  return TYPES[0][0];
}

function drawWorker(random: Random, list: readonly { rec: WorkerRecord; weight: number }[], may: (w: WorkerRecord) => boolean): WorkerRecord | null {
  const allowed = list.filter((w) => may(w.rec));
  const total = allowed.reduce((s, w) => s + w.weight, 0);
  let r = random.nextFloat() * total;
  for (const w of allowed) {
    if (r < w.weight) return w.rec;
    r -= w.weight;
  }
  return allowed.length ? allowed[allowed.length - 1].rec : null;
}

export interface OverloadedServiceOptions {
  /** Number of teams. Default 8. */
  readonly teams?: number;
  /** Fewest and most workers per team (drawn per team). Default 16 and 21. */
  readonly minWorkers?: number;
  readonly maxWorkers?: number;
  /** Case points the teams hold, as a share of their available workers' capacity points. Default 1.5. */
  readonly load?: number;
  /** Share of families that are new referrals (no current worker). Default 0.12. */
  readonly newReferrals?: number;
  /** Share of held families whose cases a manager has pinned to their worker. Default 0.04. */
  readonly pinned?: number;
}

/** Every field of OverloadedServiceOptions, filled in (the defaults live here, and only here). */
export const OVERLOADED_SERVICE_DEFAULTS: Required<OverloadedServiceOptions> = {
  teams: 8,
  minWorkers: 16,
  maxWorkers: 21,
  load: 1.5,
  newReferrals: 0.12,
  pinned: 0.04,
};

/**
 * A service over capacity, as the services we serve are: teams of 16–21 workers whose children carry
 * about 150% of the team's capacity points under the default policy. Each team has a senior, two or
 * three ASYEs, part-timers, someone on a duty rota, one or two workers away (their children must
 * move); most children are held already, unevenly; new referrals have no worker; a few cases are
 * pinned, including a few pins a rule would refuse (an ASYE pinned a child-protection case, a court
 * case pinned to a worker without the court skill) — managers do this, and the engine must cope.
 * Deterministic in its seed.
 */
export function overloadedService(seed: number, options: OverloadedServiceOptions = {}): ProblemInput & { workers: WorkerRecord[]; cases: CaseRecord[] } {
  const o = { ...OVERLOADED_SERVICE_DEFAULTS, ...options };
  const random = new Random(seed);
  const workers: WorkerRecord[] = [];
  const cases: CaseRecord[] = [];
  const policy = DEFAULT_POLICY;
  const perFte = policy.pointsPerFte - policy.reservedPointsPerFte;
  const pointsOf = (type: string, modifiers: readonly string[]) => modifiers.reduce((s, m) => s + (policy.modifiers[m] ?? 0), policy.caseTypes[type].points);

  for (let t = 0; t < o.teams; t++) {
    const team = `team-${String(t + 1).padStart(2, '0')}`;
    const size = o.minWorkers + random.nextInt(o.maxWorkers - o.minWorkers + 1);
    const asyes = 2 + random.nextInt(2);
    const away = 1 + (random.nextFloat() < 0.4 ? 1 : 0);
    const teamWorkers: { rec: WorkerRecord; weight: number }[] = [];
    let capacity = 0;
    for (let k = 0; k < size; k++) {
      // Position decides the role mix: senior first, then the ASYEs, then qualified workers.
      const role = k === 0 ? 'senior' : k <= asyes ? 'asye' : 'qualified';
      const r = random.nextFloat();
      const fte = role === 'asye' ? 1 : r < 0.1 ? 0.5 : r < 0.2 ? 0.6 : r < 0.3 ? 0.8 : 1;
      const skills = new Set<string>();
      if (k === 0 || (role === 'qualified' && random.nextFloat() < 0.35)) skills.add('court');
      for (const s of OTHER_SKILLS) if (random.nextFloat() < 0.25) skills.add(s);
      // The last workers of the team are away (leave, sickness): everything they hold must move.
      const available = k < size - away;
      const reductionHours = available && role === 'qualified' && random.nextFloat() < 0.15 ? 7.4 : 0;
      const rec: WorkerRecord = { id: `t${t + 1}-w${String(k + 1).padStart(2, '0')}`, team, role, fte, skills: [...skills].sort(), available, ...(reductionHours ? { reductionHours } : {}) };
      workers.push(rec);
      if (available) capacity += Math.max(0, perFte * (fte - reductionHours / policy.hoursPerFte) * policy.roles[role].capacityFactor);
      // Uneven holdings today: some workers far above capacity, ASYEs protected a little.
      teamWorkers.push({ rec, weight: fte * (role === 'asye' ? 0.8 : 1) * (0.6 + random.nextFloat() * 0.9) });
    }
    const demand = o.load * capacity;
    let points = 0;
    let made = 0;
    let family = 0;
    while (points < demand) {
      family++;
      const r = random.nextFloat();
      const siblings = r < 0.5 ? 1 : r < 0.75 ? 2 : r < 0.9 ? 3 : 4;
      const familyType = drawType(random);
      const isNew = random.nextFloat() < o.newReferrals;
      const holder = isNew ? null : drawWorker(random, teamWorkers, (w) => mayHold(w, familyType));
      const familyId = siblings > 1 ? `t${t + 1}-f${String(family).padStart(3, '0')}` : null;
      // One pin per family at most, on the family's first child (a pin holds the whole sibling group).
      const pinFamily = holder !== null && holder.available !== false && random.nextFloat() < o.pinned;
      for (let s = 0; s < siblings; s++) {
        const { type, modifiers, requiredSkills, preferredSkills } = drawChild(random, familyType, siblings);
        const current = holder !== null && mayHold(holder, type) ? holder.id : null;
        const excluded = random.nextFloat() < 0.02 ? [pick(random, teamWorkers.filter((w) => w.rec.id !== current)).rec.id] : [];
        cases.push({
          id: `t${t + 1}-c${String(made + 1).padStart(4, '0')}`,
          type,
          modifiers,
          familyId,
          requiredSkills,
          preferredSkills,
          currentWorkerId: current,
          pinned: pinFamily && s === 0 && current !== null,
          excludedWorkerIds: excluded,
          team,
        });
        points += pointsOf(type, modifiers);
        made++;
      }
    }
    // A few pins that break a rule, as managers make them: an ASYE keeps a child-protection case she
    // knows (the family stays with her), and a court case stays with a worker who lacks the court skill.
    const teamCases = cases.filter((c) => c.team === team && c.familyId === null && !c.pinned);
    const asye = teamWorkers.find((w) => w.rec.role === 'asye' && w.rec.available !== false)!.rec;
    const cp = teamCases.find((c) => c.type === 'child-protection');
    if (cp) Object.assign(cp, { currentWorkerId: asye.id, pinned: true, excludedWorkerIds: [] });
    const noCourt = teamWorkers.find((w) => w.rec.role === 'qualified' && w.rec.available !== false && !(w.rec.skills ?? []).includes('court'));
    const court = teamCases.find((c) => c.type === 'court');
    if (court && noCourt) Object.assign(court, { currentWorkerId: noCourt.rec.id, pinned: true, excludedWorkerIds: [] });
  }
  return { workers, cases };
}

/** May this worker hold a case of this type under the default policy (ASYE restriction, court skill)? */
function mayHold(w: WorkerRecord, type: string): boolean {
  return !((w.role === 'asye' && (type === 'child-protection' || type === 'court')) || (type === 'court' && !(w.skills ?? []).includes('court')));
}

/** One child of a family: its type (mostly the family's), modifiers and skills — the same draws, in order, for both generators. */
function drawChild(random: Random, familyType: string, siblings: number): { type: string; modifiers: string[]; requiredSkills: string[]; preferredSkills: string[] } {
  const type = random.nextFloat() < 0.8 ? familyType : drawType(random);
  const modifiers: string[] = [];
  if (random.nextFloat() < 0.1) modifiers.push('complex');
  if (type === 'child-protection' && random.nextFloat() < 0.25) modifiers.push('high-risk');
  if (type === 'looked-after' && random.nextFloat() < 0.3) modifiers.push('out-of-area');
  if (random.nextFloat() < 0.04) modifiers.push('interpreter');
  if (siblings >= 4) modifiers.push('large-sibling-group');
  const requiredSkills = type === 'court' ? ['court'] : [];
  const preferredSkills = type === 'disability' ? ['disability'] : random.nextFloat() < 0.12 ? [pick(random, ['domestic-abuse', 'substance-misuse', 'exploitation'])] : [];
  return { type, modifiers, requiredSkills, preferredSkills };
}

function pick<T>(random: Random, list: readonly T[]): T {
  return list[random.nextInt(list.length)];
}
