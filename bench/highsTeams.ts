/**
 * Reference answers for the synthetic county's teams (the batch benchmark's service) from HiGHS (npm
 * `highs`, WebAssembly, one thread) on the integer program `--write-lp` writes, beside Caseload's
 * answer and proven bound at the batch's per-team time. It tells what a per-team gap can be: a gap
 * that HiGHS's best also leaves is the bound's (the relaxation's), not the search's.
 *   npx tsx bench/highsTeams.ts [--time 120] [--teams 0,1,2,3,4,5,6,7] [--ours 1.125] [--seed 1]
 * HiGHS's allocation is mapped back to units and its objective recomputed by the core's own
 * objective function, so the two are compared on the same terms.
 */
import highsImport, { type Highs } from 'highs';
import { allocateSync, modelAsLp } from '../src/app/allocate.js';
import { buildTeam } from '../src/domain/team.js';
import { splitByTeam } from '../src/domain/teams.js';
import { parseProblem } from '../src/input/parse.js';
import { syntheticProblem } from '../src/input/synthetic.js';
import { teamToGap } from '../src/model/teamGap.js';
import { gapFeasible, gapObjective } from '../src/gap/instance.js';

function arg(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : fallback;
}
const highsTime = Number(arg('time', '120'));
const oursTime = Number(arg('ours', '1.125'));
const seed = Number(arg('seed', '1'));
const which = arg('teams', '0,1,2,3,4,5,6,7').split(',').map(Number);

// The package's types describe a CommonJS module; loaded as ESM, the loader is the default export itself.
type Loader = () => Promise<Highs>;
const loadHighs: Loader = typeof highsImport === 'function' ? (highsImport as unknown as Loader) : (highsImport as unknown as { default: Loader }).default;
const highs = await loadHighs();
const teams = splitByTeam(parseProblem(syntheticProblem({ teams: 8, workersPerTeam: 19, casesPerTeam: 438, seed: 2026 })));
const pct = (x: number): string => `${(100 * x).toFixed(3)}%`;
console.log(`| team | Caseload bound | Caseload ${oursTime} s (gap) | HiGHS ${highsTime} s (gap to Caseload's bound) | HiGHS status |`);
console.log('|---|---|---|---|---|');
for (const k of which) {
  const problem = teams[k].problem;
  const ours = allocateSync(problem, { timeLimit: oursTime, seed });
  const started = performance.now();
  const solution = highs.solve(modelAsLp(problem), { time_limit: highsTime, mip_rel_gap: 1e-6 });
  const seconds = (performance.now() - started) / 1000;
  // x_u<U>_w<W> = 1: unit U on worker W; recompute the objective with the core's function.
  const team = buildTeam(problem);
  const { instance } = teamToGap(team);
  const unitWorker = new Int32Array(instance.jobs).fill(-1);
  for (const [name, column] of Object.entries(solution.Columns as Record<string, { Primal: number }>)) {
    const match = /^x_u(\d+)_w(\d+)$/.exec(name);
    if (match && column.Primal > 0.5) unitWorker[Number(match[1])] = Number(match[2]);
  }
  const feasible = gapFeasible(instance, unitWorker);
  const highsObjective = gapObjective(instance, unitWorker);
  const bound = ours.bound ?? NaN;
  console.log(
    `| ${k} | ${bound.toFixed(2)} | ${ours.objective!.toFixed(2)} (${pct(ours.gap ?? NaN)}) | ${feasible ? `${highsObjective.toFixed(2)} (${pct((highsObjective - bound) / highsObjective)})` : 'none'} | ${solution.Status}, ${seconds.toFixed(0)} s |`,
  );
}
