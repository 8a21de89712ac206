/**
 * The worker-thread side of the pool: solves one problem (or one seed of a portfolio) and answers
 * with plain data — with the infeasibility diagnosis when no allocation is found, so that it too runs
 * here, bounded by the same limit, never on the caller's thread. Errors cross the thread boundary as
 * data ({ ok: false }), since they lose their class on the way. Progress goes back over a MessagePort,
 * when one is given.
 */
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { buildTeam } from '../domain/team.js';
import type { Problem } from '../input/schema.js';
import { solveBounded, type BoundedSolution, type BoundedSolveOptions } from '../solvers/bounded.js';
import { diagnose as diagnoseTeam, type DiagnoseOptions, type DiagnosisResult } from '../solvers/diagnose.js';
import { loadHighs } from '../solvers/highs.js';
import { DEFAULT_SOLVE_OPTIONS, usesHighs } from '../solvers/team.js';
import { epochNow } from '../util/clock.js';

export interface SolveTask {
  readonly problem: Problem;
  readonly options: Omit<BoundedSolveOptions, 'onImprove'>;
  /**
   * Wall-clock instant (ms since the epoch, as performance.timeOrigin + performance.now()) by which the
   * answer is due; building the team here counts against it. Default: timeLimit from when the task starts.
   */
  readonly dueAt?: number;
  /** Where the worker says it has built the model and started the solve (the backstop counts from then) and reports progress. */
  readonly port: MessagePort;
}

export interface DiagnoseTask {
  readonly problem: Problem;
  readonly options: DiagnoseOptions;
  readonly port: MessagePort;
}

export interface ProgressEvent {
  readonly objective: number;
  readonly bound: number;
  readonly seconds: number;
}

export type WorkerMessage = { readonly type: 'started' } | ({ readonly type: 'progress' } & ProgressEvent);
/** From the caller to a solve's thread: the due time it settled on after posting the task (PoolRunOptions.revisedDueAt). */
export type MainMessage = { readonly type: 'dueAt'; readonly dueAt: number };

/** begunAt: when this thread took the task up (ms since the epoch), carried with the answer. */
export type SolveAnswer = { readonly ok: true; readonly solution: BoundedSolution; readonly begunAt: number } | { readonly ok: false; readonly code: string; readonly message: string };
export type DiagnoseAnswer = { readonly ok: true; readonly diagnosis: DiagnosisResult } | { readonly ok: false; readonly code: string; readonly message: string };

export async function solve(task: SolveTask): Promise<SolveAnswer> {
  const { port } = task;
  try {
    const begun = performance.now();
    const begunAt = epochNow();
    const team = buildTeam(task.problem);
    // HiGHS's WebAssembly: loaded once per thread, on the first solve that uses it (solves are synchronous).
    if (usesHighs(team, task.options)) await loadHighs();
    // The backstop counts from here: building the model is bounded work (it cannot hang) but on a
    // large problem it can take seconds, which must not count as a solve overrunning its limit.
    port.postMessage({ type: 'started' } satisfies WorkerMessage);
    const limit = task.options.timeLimit ?? DEFAULT_SOLVE_OPTIONS.timeLimit;
    // The limit covers building the team here (and, with dueAt, the hand-over to this thread).
    const dueAt = latestDueAt(port, task.dueAt);
    const left = dueAt !== undefined ? (dueAt - epochNow()) / 1000 : limit - (performance.now() - begun) / 1000;
    const timeLimit = Math.max(0.01, Math.min(limit, left));
    const onImprove = (objective: number, bound: number, seconds: number) => port.postMessage({ type: 'progress', objective, bound, seconds } satisfies WorkerMessage);
    return { ok: true, solution: solveBounded(team, { ...task.options, timeLimit, onImprove }), begunAt };
  } catch (e) {
    return { ok: false, code: 'solve-failed', message: e instanceof Error ? e.message : String(e) };
  } finally {
    port.close();
  }
}

/** The latest due time the caller has sent over the port (read without waiting), else the task's. */
function latestDueAt(port: MessagePort, dueAt: number | undefined): number | undefined {
  for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
    const message = m.message as MainMessage;
    if (message?.type === 'dueAt') dueAt = message.dueAt;
  }
  return dueAt;
}

export function diagnose(task: DiagnoseTask): DiagnoseAnswer {
  const { port } = task;
  try {
    port.postMessage({ type: 'started' } satisfies WorkerMessage);
    return { ok: true, diagnosis: diagnoseTeam(buildTeam(task.problem), task.options) };
  } catch (e) {
    return { ok: false, code: 'diagnose-failed', message: e instanceof Error ? e.message : String(e) };
  } finally {
    port.close();
  }
}

/**
 * A no-op task. The pool submits one after a thread died (crash, out of memory, backstop): piscina
 * starts replacement threads only when a task is submitted, so without it the tasks already queued
 * could wait for ever (measured: a batch whose threads crashed and hung left the rest queued).
 */
export function ping(): true {
  return true;
}
