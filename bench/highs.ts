/**
 * Caseload's team solver beside HiGHS alone, on every team of overloadedService(1) (8 teams of 16–21
 * workers at ~150% of capacity), each team solved on its own as `caseload batch` solves it (one
 * thread per team). Side by side in one run, per team:
 *   LP      the LP relaxation's optimum (HiGHS, integrality dropped): every valid bound should reach it;
 *   core    our core alone (solver 'core') at the short limit;
 *   ours    solver 'auto' (the core for AUTO_CORE_SHARE of the time, then HiGHS cold) at each limit;
 *   HiGHS   HiGHS alone, cold, on the same integer program (what `--write-lp` exports) at each limit.
 * Gap = (objective − bound) / objective. Every 'ours' answer is checked by src/verify (allocateTeam).
 *   npx tsx bench/highs.ts [--times 3,10] [--teams 0,1,2,3,4,5,6,7] [--seed 1] [--share AUTO_CORE_SHARE]
 */
import { allocateTeam } from '../src/app/pipeline.js';
import { buildTeam } from '../src/domain/team.js';
import { splitByTeam } from '../src/domain/teams.js';
import { parseProblem } from '../src/input/parse.js';
import { overloadedService } from '../src/input/synthetic.js';
import { buildProgram } from '../src/model/program.js';
import { loadHighs, solveHighs } from '../src/solvers/highs.js';
import { AUTO_CORE_SHARE, solveTeam } from '../src/solvers/team.js';

function arg(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : fallback;
}
const times = arg('times', '3,10').split(',').map(Number);
const which = arg('teams', '0,1,2,3,4,5,6,7').split(',').map(Number);
const seed = Number(arg('seed', '1'));
const coreShare = Number(arg('share', String(AUTO_CORE_SHARE)));

const highs = await loadHighs();
const teams = splitByTeam(parseProblem(overloadedService(seed)));
const f = (x: number | null): string => (x === null || !Number.isFinite(x) ? '—' : x.toFixed(1));
const gap = (objective: number | null, bound: number | null): string =>
  objective === null || bound === null || !Number.isFinite(objective) || !Number.isFinite(bound) ? '—' : `${((100 * (objective - bound)) / Math.max(1, Math.abs(objective))).toFixed(2)}%`;

const header = ['team', 'workers×cases', 'LP', `core ${times[0]} s obj / bound`];
for (const t of times) header.push(`ours ${t} s obj / bound (gap)`, `HiGHS ${t} s obj / bound (gap)`);
console.log(`auto: the core for ${coreShare} of the time, then HiGHS\n`);
console.log(`| ${header.join(' | ')} |`);
console.log(`|${header.map(() => '---').join('|')}|`);
for (const k of which) {
  const problem = teams[k].problem;
  const team = buildTeam(problem);
  const program = buildProgram(team);
  const lp = solveHighs(highs, program, { relaxation: true, timeLimit: 60 });
  const core = solveTeam(team, { solver: 'core', timeLimit: times[0], seed: 1 });
  const row = [teams[k].team, `${problem.workers.length}×${problem.cases.length}`, f(lp.bound), `${f(core.objective)} / ${f(core.bound)}`];
  for (const t of times) {
    const ours = allocateTeam(team, { solver: 'auto', timeLimit: t, seed: 1, coreShare });
    const alone = solveHighs(highs, program, { timeLimit: t });
    const notes = [ours.bound !== null && alone.bound !== null && ours.bound < alone.bound - 1e-6 ? 'bound<HiGHS' : '', ours.objective !== null && ours.objective > alone.objective + 1e-6 ? 'obj>HiGHS' : '', ours.bound !== null && lp.bound !== null && ours.bound < lp.bound - 1e-6 ? 'bound<LP' : ''].filter(Boolean);
    row.push(
      `${f(ours.objective)} / ${f(ours.bound)} (${gap(ours.objective, ours.bound)}) ${ours.status} ${ours.stats.seconds.toFixed(1)} s${notes.length ? ` **${notes.join(', ')}**` : ''}`,
      `${f(alone.values ? alone.objective : null)} / ${f(alone.bound)} (${gap(alone.values ? alone.objective : null, alone.bound)}) ${alone.status} ${alone.seconds.toFixed(1)} s`,
    );
  }
  console.log(`| ${row.join(' | ')} |`);
}
