/**
 * Solves off the main thread on a piscina pool: one shared pool per process (created on first use,
 * closed by closePool — the CLI always closes it). The solver honours its own time limit; the
 * caller's AbortSignal, and a backstop a margin after the time limit, abort the thread (piscina
 * terminates it and starts a fresh one, so the pool stays usable). A thread that crashes or runs out
 * of memory fails its own solve only.
 */
import { availableParallelism } from 'node:os';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { Problem } from '../input/schema.js';
import { DEFAULT_SOLVE_OPTIONS, type SolveOptions, type TeamSolution } from '../solvers/team.js';
import { CaseloadError } from '../util/errors.js';
import type { ProgressEvent, SolveAnswer, SolveTask, WorkerMessage } from './worker.js';

export type { ProgressEvent } from './worker.js';

/**
 * A solve that failed in its thread: crashed, out of memory, aborted, or threw. `code` is the stable
 * code (SOLVE_ABORTED for a cancelled or backstopped solve, SOLVE_FAILED otherwise); `reason` says which.
 */
export class SolveFailure extends CaseloadError {
  constructor(
    readonly reason: 'aborted' | 'crashed' | 'solve-failed',
    message: string,
  ) {
    super(reason === 'aborted' ? 'SOLVE_ABORTED' : 'SOLVE_FAILED', message);
    this.name = 'SolveFailure';
  }
}

export interface PoolRunOptions {
  readonly signal?: AbortSignal;
  /** Called from the main thread when the worker reports a better allocation. */
  readonly onProgress?: (event: ProgressEvent) => void;
  /** Seconds after the time limit before the backstop aborts the thread. Default 5 + 50% of the limit. */
  readonly backstopSeconds?: number;
  /** For tests: another worker file (same protocol) to run this task on. */
  readonly workerFile?: string;
}

/** How many threads the shared pool has: CASELOAD_THREADS, else the machine's parallelism. */
export function defaultThreads(): number {
  const fromEnv = Number(process.env.CASELOAD_THREADS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : Math.max(1, availableParallelism());
}

/**
 * The compiled worker file. Worker threads load JavaScript (tsx's loader does not reach worker
 * threads on Node 20), so when this module runs from its TypeScript source (tests, tsx scripts) it
 * points at the build output: run `npm run build` first (`npm test` does).
 */
export function workerFile(): string {
  const fromSource = import.meta.url.endsWith('.ts');
  return new URL(fromSource ? '../../dist/pool/worker.js' : './worker.js', import.meta.url).href;
}

/**
 * The shared pool as the rest of the engine sees it. Piscina stays inside this file, so its types are
 * not part of our declarations (a consumer would otherwise need piscina's types to compile).
 */
export interface SolvePool {
  /** The most threads it runs at once. */
  readonly threads: number;
}

let shared: { readonly piscina: Piscina<SolveTask, SolveAnswer>; readonly view: SolvePool } | null = null;

function sharedPiscina(threads = defaultThreads()): Piscina<SolveTask, SolveAnswer> {
  if (!shared) {
    const piscina = new Piscina<SolveTask, SolveAnswer>({ filename: workerFile(), minThreads: 0, maxThreads: threads, idleTimeout: 1000 });
    shared = { piscina, view: { threads } };
  }
  return shared.piscina;
}

/** The process's pool (created on first use with `threads`, default defaultThreads()). */
export function getPool(threads = defaultThreads()): SolvePool {
  sharedPiscina(threads);
  return shared!.view;
}

/**
 * Runs another worker file's exported function on the shared pool's threads (e.g. the policy lab's
 * replications), so one process keeps one set of threads. `filename` must be compiled JavaScript.
 */
export function runOnPool<Task, Answer>(task: Task, filename: string, name: string): Promise<Answer> {
  return (sharedPiscina() as unknown as Piscina<Task, Answer>).run(task, { filename, name });
}

/** Closes the shared pool (waits for running tasks). Safe to call when there is none. */
export async function closePool(): Promise<void> {
  const pool = shared;
  shared = null;
  if (pool) await pool.piscina.destroy();
}

/** Solves one problem with one seed on a pool thread. */
export async function solveInPool(problem: Problem, options: Omit<SolveOptions, 'onImprove'>, run: PoolRunOptions = {}): Promise<TeamSolution> {
  const pool = sharedPiscina();
  const timeLimit = options.timeLimit ?? DEFAULT_SOLVE_OPTIONS.timeLimit;
  const backstop = new AbortController();
  const margin = run.backstopSeconds ?? 5 + timeLimit * 0.5;
  let timer: NodeJS.Timeout | undefined;
  let finished = false;
  const signal = run.signal ? AbortSignal.any([run.signal, backstop.signal]) : backstop.signal;
  const channel = new MessageChannel();
  channel.port1.on('message', (message: WorkerMessage) => {
    if (message.type === 'started' && !finished) {
      // The backstop counts from when the thread starts the solve, not from when it was queued.
      timer = setTimeout(() => backstop.abort(), (timeLimit + margin) * 1000);
      timer.unref();
    } else if (message.type === 'progress') run.onProgress?.({ objective: message.objective, bound: message.bound, seconds: message.seconds });
  });
  channel.port1.unref();
  const task: SolveTask = { problem, options, port: channel.port2 };
  try {
    const answer = await pool.run(task, { signal, transferList: [channel.port2], name: 'solve', ...(run.workerFile ? { filename: run.workerFile } : {}) });
    if (!answer.ok) throw new SolveFailure('solve-failed', answer.message);
    return answer.solution;
  } catch (e) {
    if (e instanceof SolveFailure) throw e;
    if (signal.aborted) {
      const why = run.signal?.aborted ? 'the solve was aborted' : `the solve did not stop within ${Math.round(timeLimit + margin)} s of its ${timeLimit} s limit and was stopped`;
      throw new SolveFailure('aborted', why);
    }
    throw new SolveFailure('crashed', `the solve's worker thread failed: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    finished = true;
    clearTimeout(timer);
    channel.port1.close();
  }
}
