/**
 * Infeasibility diagnosis (deletion filter) timings on the example team and the 150-worker
 * service, under policies that make them infeasible. Few, slow runs: median of 3 wall-clock times.
 *   node --import tsx bench/diagnose.ts
 */
import { readFileSync } from 'node:fs';
import { buildTeam } from '../src/domain/team.js';
import { parseProblem } from '../src/input/parse.js';
import { syntheticProblem } from '../src/input/synthetic.js';
import { diagnose } from '../src/solvers/diagnose.js';

const example = JSON.parse(readFileSync(new URL('../examples/team.json', import.meta.url), 'utf8')) as { policy?: object };
const service = syntheticProblem({ teams: 8, workersPerTeam: 19, casesPerTeam: 438, seed: 2026 });
const policies = [{ allowUnallocated: false }, { maxMoves: 0 }, { maxMoves: 10, allowUnallocated: false }];
for (const [name, input] of [['example team', example], ['150-worker service', service]] as const) {
  for (const patch of policies) {
    const team = buildTeam(parseProblem({ ...input, policy: { ...((input as { policy?: object }).policy ?? {}), ...patch } }));
    const times: number[] = [];
    let last = diagnose(team);
    for (let k = 0; k < 3; k++) {
      const t = performance.now();
      last = diagnose(team);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    console.log(`${name} ${JSON.stringify(patch)}: median ${times[1].toFixed(0)} ms — ${last.verdict}${last.verdict === 'infeasible' ? `, ${last.groups.length} groups, minimal ${last.proven ? 'proven' : 'not proven'}` : ''}`);
  }
}
