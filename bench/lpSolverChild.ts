/**
 * Child process for the side-by-side benchmark: javascript-lp-solver on one OR-Library instance.
 * Its time limit is only checked between branch-and-bound nodes, so the parent kills this process
 * if it overruns. Prints one JSON line: { objective | null, status, seconds }.
 *   node --import tsx bench/lpSolverChild.ts FILE INSTANCE(1-based) SECONDS
 */
import { readFileSync } from 'node:fs';
import { parseOrLibrary } from '../src/gap/orlib.js';
import { gapToProgram } from '../src/model/gapProgram.js';
import { solveExact } from '../src/solvers/exact.js';
import { checkGapAssignment } from '../src/gap/check.js';

const [file, instanceText, secondsText] = process.argv.slice(2);
const inst = parseOrLibrary(readFileSync(file, 'utf8'), file)[Number(instanceText) - 1];
const program = gapToProgram(inst);
const r = solveExact(program, { timeLimit: Number(secondsText) });
let objective: number | null = null;
if (r.values) {
  const assignment = new Int32Array(inst.jobs).fill(-1);
  for (let p = 0; p < program.pairUnit.length; p++) if (r.values[p] > 0.5) assignment[program.pairUnit[p]] = program.pairWorker[p];
  const check = checkGapAssignment(inst, assignment);
  objective = check.ok ? check.cost : null;
}
console.log(JSON.stringify({ objective, status: objective === null ? 'no solution' : r.status, seconds: r.seconds }));
