/**
 * Runs javascript-lp-solver on an OR-Library instance in a child process it cannot hang: killed
 * 5 s after its time limit. Used by bench/gap.ts for the side-by-side column.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface LpSolverAnswer {
  readonly objective: number | null;
  readonly status: string;
  readonly seconds: number;
}

export function lpSolverOnInstance(file: string, instance: number, timeLimit: number): LpSolverAnswer {
  const child = fileURLToPath(new URL('./lpSolverChild.ts', import.meta.url));
  const started = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', child, file, String(instance), String(timeLimit)], {
    encoding: 'utf8',
    timeout: (timeLimit + 5) * 1000,
    killSignal: 'SIGKILL',
    maxBuffer: 1 << 20,
  });
  const seconds = (performance.now() - started) / 1000;
  if (r.status === 0) {
    try {
      return JSON.parse(r.stdout.trim().split('\n').pop()!) as LpSolverAnswer;
    } catch {
      /* fall through */
    }
  }
  return { objective: null, status: r.signal ? 'killed (overran its limit)' : `failed (${r.stderr.trim().split('\n').pop() ?? r.status})`, seconds };
}
