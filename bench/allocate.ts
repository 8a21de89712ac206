/**
 * End-to-end allocation: formulation build and checker time for the example team and a synthetic county
 * (8 teams, 152 workers × 3,504 cases), and end-to-end allocate on the example team.
 *   npx tsx bench/allocate.ts            (add --quick for a short run)
 * Medians in milliseconds (tinybench); a sanity run before timing; GC between tasks.
 */
import { readFileSync } from 'node:fs';
import { Bench } from 'tinybench';
import { allocateSync } from '../src/app/allocate.js';
import { buildTeam } from '../src/domain/team.js';
import { parseProblem, parseProblemJson } from '../src/input/parse.js';
import { syntheticProblem } from '../src/input/synthetic.js';
import { teamToGap } from '../src/model/teamGap.js';
import { buildProgram } from '../src/model/program.js';
import { checkAllocation } from '../src/verify/check.js';

const quick = process.argv.includes('--quick');
const example = parseProblemJson(readFileSync(new URL('../examples/team.json', import.meta.url), 'utf8'));
const county = parseProblem(syntheticProblem({ teams: 8, workersPerTeam: 19, casesPerTeam: 438, seed: 2026 }));

function sizes(name: string, p: typeof example): string {
  const team = buildTeam(p);
  const program = buildProgram(team);
  const nnz = program.rowStart[program.rows];
  return `${name}: ${p.workers.length} workers, ${p.cases.length} cases, ${team.units.length} units, ${program.variables} variables, ${program.rows} rows, ${nnz} nonzeros`;
}
console.log(sizes('example', example));
console.log(sizes('county', county));

// Sanity run (also gives the allocations the checker benchmarks use).
const exampleResult = allocateSync(example, { timeLimit: 3 });
console.log(`example allocate (3 s): status ${exampleResult.status}, objective ${exampleResult.objective}, bound ${exampleResult.bound}, verified ${exampleResult.stats.verified}`);
const caseWorkerOf = (p: typeof example, r: typeof exampleResult) => {
  const at = new Map(p.workers.map((w, i) => [w.id, i]));
  const byCase = new Map(r.assignments.map((a) => [a.caseId, at.get(a.workerId)!]));
  return Int32Array.from(p.cases, (c) => byCase.get(c.id) ?? -1);
};
const exampleAlloc = caseWorkerOf(example, exampleResult);
const countyResult = allocateSync(county, { timeLimit: 10 });
console.log(`county allocate (10 s): status ${countyResult.status}, objective ${countyResult.objective}, bound ${countyResult.bound}, unallocated ${countyResult.unallocated.length}, verified ${countyResult.stats.verified}`);
const countyAlloc = caseWorkerOf(county, countyResult);

const bench = new Bench({ time: quick ? 300 : 2000, warmup: true, setup: () => (globalThis as { gc?: () => void }).gc?.() });
bench
  .add('example: formulation (team + MIP + GAP instance)', () => {
    const team = buildTeam(example);
    buildProgram(team);
    teamToGap(team);
  })
  .add('example: checker', () => void checkAllocation(example, exampleAlloc))
  .add('county: formulation (team + MIP + GAP instance)', () => {
    const team = buildTeam(county);
    buildProgram(team);
    teamToGap(team);
  })
  .add('county: checker', () => void checkAllocation(county, countyAlloc));
await bench.run();

const end = new Bench({ time: quick ? 2000 : 10_000, iterations: 3, setup: () => (globalThis as { gc?: () => void }).gc?.() });
end.add('example: allocate end to end (effort 150)', () => void allocateSync(example, { maxIterations: 150, timeLimit: 60 }));
await end.run();

for (const task of [...bench.tasks, ...end.tasks]) {
  const r = task.result;
  if (r.state === 'completed' || r.state === 'aborted-with-statistics') {
    console.log(`${task.name}: median ${r.latency.p50.toFixed(3)} ms (samples ${r.latency.samplesCount})`);
  } else console.log(`${task.name}: ${r.state}`);
}
