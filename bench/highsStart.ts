/**
 * Why 'auto' starts HiGHS cold: HiGHS alone on a team's integer program at several time limits, cold,
 * from the core's answer after 0.3 s (what 'auto' had after its core share at 3 s), and from the core's
 * answer after 3 s (a good start). Prints HiGHS's gap (objective − dual bound) / objective per start.
 *   npx tsx bench/highsStart.ts [--teams 0,1,4] [--times 2.2,2.45,2.7,3] [--seed 1]
 */
import { buildTeam } from '../src/domain/team.js';
import { splitByTeam } from '../src/domain/teams.js';
import { parseProblem } from '../src/input/parse.js';
import { overloadedService } from '../src/input/synthetic.js';
import { buildProgram } from '../src/model/program.js';
import { loadHighs, solveHighs, valuesOf } from '../src/solvers/highs.js';
import { solveTeam } from '../src/solvers/team.js';

const arg = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : fallback;
};
const which = arg('teams', '0,1,4').split(',').map(Number);
const times = arg('times', '2.2,2.45,2.7,3').split(',').map(Number);
const highs = await loadHighs();
const teams = splitByTeam(parseProblem(overloadedService(Number(arg('seed', '1')))));
const gap = (r: { objective: number; bound: number | null }): string => (r.bound === null || !Number.isFinite(r.objective) ? '—' : `${((100 * (r.objective - r.bound)) / r.objective).toFixed(2)}%`);

console.log(`| team | core 0.3 s | core 3 s | ${times.map((t) => `HiGHS ${t} s: cold / from core 0.3 s / from core 3 s`).join(' | ')} |`);
console.log(`|---|---|---|${times.map(() => '---').join('|')}|`);
for (const k of which) {
  const team = buildTeam(teams[k].problem);
  const program = buildProgram(team);
  const early = solveTeam(team, { solver: 'core', timeLimit: 0.3, seed: 1 });
  const late = solveTeam(team, { solver: 'core', timeLimit: 3, seed: 1 });
  const row = [teams[k].team, early.objective.toFixed(1), late.objective.toFixed(1)];
  for (const t of times) {
    const cold = solveHighs(highs, program, { timeLimit: t });
    const fromEarly = solveHighs(highs, program, { timeLimit: t, start: valuesOf(program, early.unitWorker!)! });
    const fromLate = solveHighs(highs, program, { timeLimit: t, start: valuesOf(program, late.unitWorker!)! });
    row.push(`${gap(cold)} / ${gap(fromEarly)} / ${gap(fromLate)}`);
  }
  console.log(`| ${row.join(' | ')} |`);
}
