/**
 * Synthetic children's-services teams, deterministic in their seed: for the shipped example, tests,
 * benchmarks and policy studies. The mix follows what published team data describes: mostly
 * qualified workers with a senior (court skills), ASYEs on protected caseloads, part-timers, someone
 * on leave; children in sibling groups; most cases already held by a worker, some workers overloaded.
 */
import { Random } from '../util/random.js';
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
  const pick = <T>(list: readonly T[]): T => list[random.nextInt(list.length)];

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
      const mayHold = (w: WorkerRecord, type: string) => !((w.role === 'asye' && (type === 'child-protection' || type === 'court')) || (type === 'court' && !(w.skills ?? []).includes('court')));
      const holder = isNew ? null : drawWorker(random, teamWorkers, (w) => mayHold(w, familyType));
      const familyId = size > 1 ? `${teams === 1 ? '' : `t${t + 1}-`}f${String(family).padStart(3, '0')}` : null;
      for (let s = 0; s < size; s++) {
        const type = random.nextFloat() < 0.8 ? familyType : drawType(random);
        const modifiers: string[] = [];
        if (random.nextFloat() < 0.1) modifiers.push('complex');
        if (type === 'child-protection' && random.nextFloat() < 0.25) modifiers.push('high-risk');
        if (type === 'looked-after' && random.nextFloat() < 0.3) modifiers.push('out-of-area');
        if (random.nextFloat() < 0.04) modifiers.push('interpreter');
        if (size >= 4) modifiers.push('large-sibling-group');
        const requiredSkills = type === 'court' ? ['court'] : [];
        const preferredSkills = type === 'disability' ? ['disability'] : random.nextFloat() < 0.12 ? [pick(['domestic-abuse', 'substance-misuse', 'exploitation'])] : [];
        const current = holder !== null && mayHold(holder, type) ? holder.id : null;
        // A rare conflict of interest with someone other than the current worker.
        const excluded = random.nextFloat() < 0.02 ? [pick(teamWorkers.filter((w) => w.rec.id !== current)).rec.id] : [];
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
