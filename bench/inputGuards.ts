/**
 * Cost of the input guards on a whole service: the structural walk (inspectInput) beside the full
 * validation it is part of, and the JSON depth scan beside JSON.parse. Median of 7 runs each, side by side.
 *
 *   npx tsx bench/inputGuards.ts
 */
import { inspectInput, jsonTooDeep } from '../src/input/guards.js';
import { validateProblem } from '../src/input/parse.js';
import { syntheticProblem } from '../src/input/synthetic.js';

const problem = syntheticProblem({ teams: 8, workersPerTeam: 19, casesPerTeam: 438, seed: 2026 });
const text = JSON.stringify(problem);
const median = (f: () => unknown, n = 7): string => {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return `${times[n >> 1].toFixed(1)} ms`;
};
console.log(`service: ${problem.workers.length} workers, ${problem.cases.length} cases, ${(text.length / 1e6).toFixed(2)} MB of JSON`);
console.log(`  inspectInput (structural walk)  ${median(() => inspectInput(problem))}`);
console.log(`  validateProblem (all of it)     ${median(() => validateProblem(problem))}`);
console.log(`  jsonTooDeep (depth scan)        ${median(() => jsonTooDeep(text))}`);
console.log(`  JSON.parse                      ${median(() => JSON.parse(text))}`);
