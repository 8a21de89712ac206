/**
 * Solves off the main thread on a piscina pool: one shared pool per process (created on first use,
 * closed by closePool — the CLI always closes it). The solver honours its own time limit; the
 * caller's AbortSignal, and a backstop a margin after the time limit, abort the thread (piscina
 * terminates it and starts a fresh one, so the pool stays usable). A thread that crashes or runs out
 * of memory fails its own solve only.
 */
import { availableParallelism } from 'node:os';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { Problem } from '../input/schema.js';
import type { BoundedSolution, BoundedSolveOptions } from '../solvers/bounded.js';
import { DEFAULT_DIAGNOSE_OPTIONS, type DiagnoseOptions, type DiagnosisResult } from '../solvers/diagnose.js';
import { DEFAULT_SOLVE_OPTIONS } from '../solvers/team.js';
import { DECIMAL } from '../input/tables.js';
import { epochNow } from '../util/clock.js';
import { CaseloadError } from '../util/errors.js';
import type { DiagnoseAnswer, DiagnoseTask, MainMessage, ProgressEvent, SolveAnswer, SolveTask, WorkerMessage } from './worker.js';

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
  /** Seconds after the time limit before the backstop aborts the thread. Default 5 + 50% of the limit (a solve: + 20 s per million pairs). */
  readonly backstopSeconds?: number;
  /** For tests: another worker file (same protocol) to run this task on. */
  readonly workerFile?: string;
  /** Wall-clock instant (ms since the epoch, performance.timeOrigin + performance.now()) the answer is due by. */
  readonly dueAt?: number;
  /**
   * A solve: the due time the caller settles on after posting it (it goes on preparing its side while
   * the thread starts). It reaches the thread over the task's port; the thread takes the latest one
   * that has arrived when it has built its model and starts the solve, else dueAt.
   */
  readonly revisedDueAt?: Promise<number>;
  /**
   * Run on a thread of its own (a one-off pool of one, closed after), not the shared pool: for callers
   * that asked for no pool (threads: 0) but need the solve to be abortable.
   */
  readonly dedicated?: boolean;
  /** A solve: called with its answer, with the seconds it waited for a thread to take it up (queue and thread start). */
  readonly onTaken?: (waitedSeconds: number) => void;
}

/** CASELOAD_THREADS as a number: null when unset or blank, NaN when not written as a decimal number. */
export function threadsFromEnv(value = process.env.CASELOAD_THREADS): number | null {
  if (value === undefined || value.trim() === '') return null;
  return DECIMAL.test(value.trim()) ? Number(value) : NaN;
}

/** How many threads the shared pool has: CASELOAD_THREADS (a whole number ≥ 1), else the machine's parallelism. */
export function defaultThreads(): number {
  const fromEnv = threadsFromEnv();
  return fromEnv !== null && Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : Math.max(1, availableParallelism());
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

type Task = SolveTask | DiagnoseTask;
type Answer = SolveAnswer | DiagnoseAnswer;
let shared: Piscina<Task, Answer> | null = null;

/**
 * The heap limit of each solve thread in MB: CASELOAD_WORKER_HEAP_MB, else Node's default. A thread
 * that runs past it is stopped (ERR_WORKER_OUT_OF_MEMORY) and fails its own solve only.
 */
export function workerHeapMb(): number | undefined {
  const fromEnv = Number(process.env.CASELOAD_WORKER_HEAP_MB);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : undefined;
}

/**
 * The Node flags the pool's threads start with: the process's, less those that load a TypeScript
 * loader (tsx). The threads run compiled JavaScript only, and a loader inherited from a tsx-run
 * script cost each thread its start twice over: measured on 2 cores, 2 threads answered a first
 * no-op task in 0.8–1.0 s with tsx's flags, 0.24–0.26 s without (the worker's module graph was
 * also evaluated twice under the loader).
 */
export function workerExecArgv(execArgv: readonly string[] = process.execArgv): string[] {
  const out: string[] = [];
  for (let k = 0; k < execArgv.length; k++) {
    const flag = execArgv[k];
    const [name, inline] = flag.startsWith('--') && flag.includes('=') ? [flag.slice(0, flag.indexOf('=')), flag.slice(flag.indexOf('=') + 1)] : [flag, undefined];
    if (!LOADER_FLAGS.has(name)) {
      out.push(flag);
      continue;
    }
    const value = inline ?? execArgv[k + 1] ?? '';
    if (inline === undefined) k++;
    if (!isTypeScriptLoader(value)) out.push(...(inline === undefined ? [flag, value] : [flag]));
  }
  return out;
}

const LOADER_FLAGS = new Set(['--import', '--require', '-r', '--loader', '--experimental-loader']);

function isTypeScriptLoader(specifier: string): boolean {
  return specifier === 'tsx' || specifier.startsWith('tsx/') || /[\\/]node_modules[\\/]tsx[\\/]/.test(specifier);
}

function newPool(threads: number): Piscina<Task, Answer> {
  const heap = workerHeapMb();
  return new Piscina<Task, Answer>({ filename: workerFile(), minThreads: 0, maxThreads: threads, idleTimeout: 1000, execArgv: workerExecArgv(), ...(heap ? { resourceLimits: { maxOldGenerationSizeMb: heap } } : {}) });
}

/**
 * The shared pool as the rest of the engine sees it. Piscina stays inside this file, so its types are
 * not part of our declarations (a consumer would otherwise need piscina's types to compile).
 */
export interface SolvePool {
  /** The most threads it runs at once. */
  readonly threads: number;
}

let sharedView: SolvePool | null = null;

function sharedPiscina(threads = defaultThreads()): Piscina<Task, Answer> {
  if (!shared) {
    shared = newPool(threads);
    sharedView = { threads };
  }
  return shared;
}

/** The process's pool (created on first use with `threads`, default defaultThreads()). */
export function getPool(threads = defaultThreads()): SolvePool {
  sharedPiscina(threads);
  return sharedView!;
}

/**
 * Runs another worker file's exported function on the shared pool's threads (e.g. the policy lab's
 * replications), so one process keeps one set of threads. `filename` must be compiled JavaScript.
 */
export function runOnPool<T, A>(task: T, filename: string, name: string): Promise<A> {
  return (sharedPiscina() as unknown as Piscina<T, A>).run(task, { filename, name });
}

/** Closes the shared pool (waits for running tasks). Safe to call when there is none. */
export async function closePool(): Promise<void> {
  const pool = shared;
  shared = null;
  if (pool) await pool.destroy();
}

/** Solves one problem with one seed on a pool thread (with its diagnosis there when no allocation is found). */
export async function solveInPool(problem: Problem, options: Omit<BoundedSolveOptions, 'onImprove'>, run: PoolRunOptions = {}): Promise<BoundedSolution> {
  const timeLimit = options.timeLimit ?? DEFAULT_SOLVE_OPTIONS.timeLimit;
  // The core can overrun its limit on large models (phases that do not look at the clock; measured on
  // 400 × 6,000 under load), so the backstop, there to stop hangs, grows with the model: 20 s per
  // million (case, worker) pairs on top of the default margin.
  const sized = { backstopSeconds: 5 + timeLimit * 0.5 + 2e-5 * problem.workers.length * problem.cases.length, ...run };
  const postedAt = epochNow();
  const answer = (await runTask('solve', (port) => ({ problem, options, port, ...(run.dueAt !== undefined ? { dueAt: run.dueAt } : {}) }), timeLimit, sized)) as SolveAnswer;
  if (!answer.ok) throw new SolveFailure('solve-failed', answer.message);
  // A worker file of another protocol (tests) may not say when it began.
  if (typeof answer.begunAt === 'number') run.onTaken?.(Math.max(0, (answer.begunAt - postedAt) / 1000));
  return answer.solution;
}

/** The infeasibility diagnosis of a problem on a pool thread, abortable, stopped by the backstop past its deadline. */
export async function diagnoseInPool(problem: Problem, options: DiagnoseOptions, run: PoolRunOptions = {}): Promise<DiagnosisResult> {
  const deadline = options.deadline ?? DEFAULT_DIAGNOSE_OPTIONS.deadline;
  const answer = (await runTask('diagnose', (port) => ({ problem, options, port }), deadline, run)) as DiagnoseAnswer;
  if (!answer.ok) throw new SolveFailure('solve-failed', answer.message);
  return answer.diagnosis;
}

async function runTask(name: 'solve' | 'diagnose', makeTask: (port: MessagePort) => Task, timeLimit: number, run: PoolRunOptions): Promise<Answer> {
  const pool = run.dedicated ? newPool(1) : sharedPiscina();
  const backstop = new AbortController();
  const margin = run.backstopSeconds ?? 5 + timeLimit * 0.5;
  let timer: NodeJS.Timeout | undefined;
  let finished = false;
  const signal = run.signal ? AbortSignal.any([run.signal, backstop.signal]) : backstop.signal;
  const channel = new MessageChannel();
  channel.port1.on('message', (message: WorkerMessage) => {
    if (message.type === 'started' && !finished) {
      // The backstop counts from when the thread starts the task, not from when it was queued.
      timer = setTimeout(() => backstop.abort(), (timeLimit + margin) * 1000);
      timer.unref();
    } else if (message.type === 'progress') run.onProgress?.({ objective: message.objective, bound: message.bound, seconds: message.seconds });
  });
  channel.port1.unref();
  if (name === 'solve' && run.revisedDueAt) {
    void run.revisedDueAt.then((dueAt) => {
      if (!finished) channel.port1.postMessage({ type: 'dueAt', dueAt } satisfies MainMessage);
    });
  }
  const what = name === 'solve' ? 'solve' : 'diagnosis';
  try {
    return await pool.run(makeTask(channel.port2), { signal, transferList: [channel.port2], name, ...(run.workerFile ? { filename: run.workerFile } : {}) });
  } catch (e) {
    // A thread died (aborted, crashed or out of memory): make the pool start a fresh one, so that what
    // is queued behind it runs (piscina replaces threads only when a task is submitted).
    if (!run.dedicated) void pool.run(null as unknown as Task, { name: 'ping', ...(run.workerFile ? { filename: run.workerFile } : {}) }).catch(() => {});
    if (signal.aborted) {
      const why = run.signal?.aborted ? `the ${what} was aborted` : `the ${what} did not stop within ${Math.round(timeLimit + margin)} s of its ${timeLimit} s limit and was stopped`;
      throw new SolveFailure('aborted', why);
    }
    throw new SolveFailure('crashed', `the ${what}'s worker thread failed: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    finished = true;
    clearTimeout(timer);
    channel.port1.close();
    if (run.dedicated) void pool.destroy();
  }
}
