/**
 * Domain-shaped GAP instances (balance term, K >= 2, unassigned allowed): objective, bound, gap and
 * max utilisation of solveGap at given time limits.
 *   npx tsx bench/domainGap.ts [--times 1,5] [--cases team,service0,county0,cross] [--seed 1]
 * team = examples/team.json; serviceK = team K of examples/compare/service.json; countyK = team K of
 * the synthetic county (8 teams x 19 workers x 438 cases, seed 2026, the batch benchmark size);
 * cross = that whole county as one problem (152 workers x 1,854 units).
 */
import { readFileSync } from 'node:fs';
import { buildTeam } from '../src/domain/team.js';
import { splitByTeam } from '../src/domain/teams.js';
import { parseProblem } from '../src/input/parse.js';
import { syntheticProblem } from '../src/input/synthetic.js';
import { teamToGap } from '../src/model/teamGap.js';
import type { GapInstance } from '../src/gap/instance.js';
import { solveGap } from '../src/gap/solve.js';

function arg(name: string, fallback: string): string {
  const k = process.argv.indexOf(`--${name}`);
  return k >= 0 ? process.argv[k + 1] : fallback;
}
const times = arg('times', '1,5').split(',').map(Number);
const which = arg('cases', 'team,service,county').split(',');
const seed = Number(arg('seed', '1'));

function load(name: string): GapInstance {
  if (name === 'team') return teamToGap(buildTeam(parseProblem(JSON.parse(readFileSync('examples/team.json', 'utf8'))))).instance;
  if (name.startsWith('service')) {
    const k = Number(name.slice(7) || '0');
    const teams = splitByTeam(parseProblem(JSON.parse(readFileSync('examples/compare/service.json', 'utf8'))));
    return teamToGap(buildTeam(teams[k].problem)).instance;
  }
  if (name.startsWith('county')) {
    const k = Number(name.slice(6) || '0');
    const raw = syntheticProblem({ teams: 8, workersPerTeam: 19, casesPerTeam: 438, seed: 2026 });
    const teams = splitByTeam(parseProblem(raw));
    return teamToGap(buildTeam(teams[k].problem)).instance;
  }
  if (name === 'cross') {
    const raw = syntheticProblem({ teams: 8, workersPerTeam: 19, casesPerTeam: 438, seed: 2026 });
    return teamToGap(buildTeam(parseProblem(raw))).instance;
  }
  throw new Error(`unknown case ${name}`);
}

function maxUtil(inst: GapInstance, a: Int32Array): number {
  const load = new Float64Array(inst.agents);
  for (let j = 0; j < inst.jobs; j++) if (a[j] >= 0) load[a[j]] += inst.weight[a[j] * inst.jobs + j];
  let u = 0;
  for (let i = 0; i < inst.agents; i++) {
    const ref = inst.balance?.reference ? inst.balance.reference[i] : inst.capacity[i];
    if (ref > 0) u = Math.max(u, load[i] / ref);
  }
  return u;
}

for (const name of which) {
  const inst = load(name);
  for (const t of times) {
    const r = solveGap(inst, { timeLimit: t, seed });
    const gap = (r.objective - r.lowerBound) / Math.max(1, Math.abs(r.objective));
    const unassigned = r.assignment ? r.assignment.reduce((s, x) => s + (x < 0 ? 1 : 0), 0) : -1;
    console.log(
      `${name.padEnd(9)} ${inst.agents}x${inst.jobs} K=${inst.resources} t=${t}s  obj ${r.objective.toFixed(2)}  bound ${r.lowerBound.toFixed(2)}  gap ${(100 * gap).toFixed(2)}%  ` +
        `maxUtil ${r.assignment ? (100 * maxUtil(inst, r.assignment)).toFixed(1) : '-'}%  unassigned ${unassigned}  toBest ${r.stats.secondsToBest.toFixed(2)}s  took ${r.stats.seconds.toFixed(2)}s`,
    );
  }
}
