/**
 * The worker-thread side of the pool: solves one problem (or one seed of a portfolio) and answers
 * with plain data. Errors cross the thread boundary as data ({ ok: false }), since they lose their
 * class on the way. Progress goes back over a MessagePort, when one is given.
 */
import type { MessagePort } from 'node:worker_threads';
import { buildTeam } from '../domain/team.js';
import type { Problem } from '../input/schema.js';
import { loadHighs } from '../solvers/highs.js';
import { solveTeam, usesHighs, type SolveOptions, type TeamSolution } from '../solvers/team.js';

export interface SolveTask {
  readonly problem: Problem;
  readonly options: Omit<SolveOptions, 'onImprove'>;
  /** Where the worker says it has started (so the backstop counts from then) and reports progress. */
  readonly port: MessagePort;
}

export interface ProgressEvent {
  readonly objective: number;
  readonly bound: number;
  readonly seconds: number;
}

export type WorkerMessage = { readonly type: 'started' } | ({ readonly type: 'progress' } & ProgressEvent);

export type SolveAnswer = { readonly ok: true; readonly solution: TeamSolution } | { readonly ok: false; readonly code: string; readonly message: string };

export async function solve(task: SolveTask): Promise<SolveAnswer> {
  const { port } = task;
  try {
    port.postMessage({ type: 'started' } satisfies WorkerMessage);
    const onImprove = (objective: number, bound: number, seconds: number) => port.postMessage({ type: 'progress', objective, bound, seconds } satisfies WorkerMessage);
    const team = buildTeam(task.problem);
    // HiGHS's WebAssembly: loaded once per thread, on the first solve that uses it (solves are synchronous).
    if (usesHighs(team, task.options)) await loadHighs();
    return { ok: true, solution: solveTeam(team, { ...task.options, onImprove }) };
  } catch (e) {
    return { ok: false, code: 'solve-failed', message: e instanceof Error ? e.message : String(e) };
  } finally {
    port.close();
  }
}
