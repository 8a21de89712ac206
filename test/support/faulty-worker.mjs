// A pool worker that misbehaves for teams named 'crash', 'hang' or 'oom' (as a thread that dies,
// never returns, or runs out of memory would) and otherwise delegates to the real worker (dist/).
import { diagnose as realDiagnose, solve as realSolve } from '../../dist/pool/worker.js';
export { ping } from '../../dist/pool/worker.js';

function misbehave(task) {
  const team = task.problem.workers[0]?.team;
  if (team === 'crash' || team === 'hang' || team === 'oom') task.port.postMessage({ type: 'started' }); // as the real worker does first
  if (team === 'crash') process.exit(3);
  if (team === 'hang') for (;;);
  if (team === 'oom') {
    const hoard = [];
    for (;;) hoard.push(new Array(1 << 20).fill(hoard.length + 0.5));
  }
}

export function solve(task) {
  misbehave(task);
  return realSolve(task);
}

export function diagnose(task) {
  misbehave(task);
  return realDiagnose(task);
}
