/**
 * The worker-thread side of the pool: solves one problem (or one seed of a portfolio) and answers
 * with plain data. Errors cross the thread boundary as data ({ ok: false }), since they lose their
 * class on the way. Progress goes back over a MessagePort, when one is given.
 */
import type { MessagePort } from 'node:worker_threads';
import { buildTeam } from '../domain/team.js';
import type { Problem } from '../input/schema.js';
import { solveTeam, type SolveOptions, type TeamSolution } from '../solvers/team.js';

export interface SolveTask {
  readonly problem: Problem;
  readonly options: Omit<SolveOptions, 'onImprove'>;
  readonly progress?: MessagePort;
}

export interface ProgressEvent {
  readonly objective: number;
  readonly bound: number;
  readonly seconds: number;
}

export type SolveAnswer = { readonly ok: true; readonly solution: TeamSolution } | { readonly ok: false; readonly code: string; readonly message: string };

export function solve(task: SolveTask): SolveAnswer {
  try {
    const port = task.progress;
    const onImprove = port ? (objective: number, bound: number, seconds: number) => port.postMessage({ objective, bound, seconds } satisfies ProgressEvent) : undefined;
    const solution = solveTeam(buildTeam(task.problem), { ...task.options, onImprove });
    port?.close();
    return { ok: true, solution };
  } catch (e) {
    task.progress?.close();
    return { ok: false, code: 'solve-failed', message: e instanceof Error ? e.message : String(e) };
  }
}
