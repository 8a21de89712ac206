/**
 * `caseload serve`: the engine as an HTTP JSON API (Fastify). Every solve goes through one bounded
 * queue (queue.ts) onto the worker-thread pool; a full queue answers 429 with Retry-After. Short
 * solves answer in the request (/allocate, /batch, /compare); long ones run as jobs (/jobs) with an
 * id, progress and cancel. Errors are JSON with the stable CaseloadError code. close() drains:
 * new solves are refused, running ones get a grace period to finish, then are cancelled.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import type { z } from 'zod';
import { recommend } from '../app/advice.js';
import { allocate, validate } from '../app/allocate.js';
import { allocateBatch } from '../app/batch.js';
import { compare } from '../app/compare.js';
import { InputError } from '../input/errors.js';
import { zodIssues } from '../input/parse.js';
import { closePool, defaultThreads } from '../pool/pool.js';
import { DEFAULT_SOLVE_OPTIONS } from '../solvers/team.js';
import { CaseloadError, errorCode, type ErrorCode } from '../util/errors.js';
import { openApiDocument } from './openapi.js';
import { QueueFull, SolveQueue } from './queue.js';
import { WireRequests, type JobKind, type JobRequest } from './requests.js';

/** The service's options; every field optional. Defaults: SERVER_DEFAULTS. */
export interface ServerOptions {
  readonly host?: string;
  /** 0 = any free port (tests). */
  readonly port?: number;
  /** Solves running at once (each on a pool thread). Default: the pool's threads. */
  readonly concurrency?: number;
  /** Solves that may wait for a place; one more is refused with 429. */
  readonly queueSize?: number;
  /** Largest request body, in bytes (413 beyond). */
  readonly bodyLimitBytes?: number;
  /** Time limit of a solve that names none, in seconds. */
  readonly defaultTimeLimit?: number;
  /** Largest time limit of an answer-in-the-request solve (/allocate, /batch, /compare). */
  readonly maxTimeLimit?: number;
  /** Largest time limit of a job. */
  readonly maxJobTimeLimit?: number;
  /** On close: seconds running solves get to finish before they are cancelled. */
  readonly shutdownGraceSeconds?: number;
  /** Seconds a finished job stays readable. */
  readonly jobRetentionSeconds?: number;
  /** Most jobs kept (the oldest finished ones go first beyond it). */
  readonly maxJobs?: number;
}

export const SERVER_DEFAULTS = {
  host: '127.0.0.1',
  port: 8080,
  queueSize: 16,
  bodyLimitBytes: 10 * 1024 * 1024,
  defaultTimeLimit: DEFAULT_SOLVE_OPTIONS.timeLimit,
  maxTimeLimit: 60,
  maxJobTimeLimit: 600,
  shutdownGraceSeconds: 10,
  jobRetentionSeconds: 900,
  maxJobs: 1000,
} as const;

/** HTTP status of each stable error code. */
export const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
  INPUT_INVALID: 400,
  USAGE: 400,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  QUEUE_FULL: 429,
  UNAVAILABLE: 503,
  SOLVE_ABORTED: 503,
  SOLVE_FAILED: 500,
  CHECK_FAILED: 500,
  INTERNAL: 500,
};

type Progress = { objective: number; bound: number; seconds: number; done?: number; total?: number };

interface Job {
  readonly id: string;
  readonly kind: JobKind;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  readonly submittedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  queueSeconds: number | null;
  progress: Progress | null;
  result: unknown;
  error: { code: ErrorCode; message: string } | null;
  readonly controller: AbortController;
  /** Resolves once the job has finished (its status final). */
  settled: Promise<void>;
}

/** The service as callers see it (Fastify stays inside, so its types are not part of our declarations). */
export interface CaseloadServer {
  /** Starts listening; resolves to the base URL (http://host:port). */
  listen(): Promise<string>;
  /** Graceful shutdown (idempotent): refuse new solves, let running ones finish within the grace period, cancel the rest, close. */
  close(): Promise<void>;
}

export function createServer(options: ServerOptions = {}): CaseloadServer {
  const o = { ...SERVER_DEFAULTS, concurrency: defaultThreads(), ...options };
  const queue = new SolveQueue(o.concurrency, o.queueSize);
  const jobs = new Map<string, Job>();
  /** Every solve in flight (answer-in-the-request and jobs), to drain on close. */
  const active = new Set<{ controller: AbortController; done: Promise<unknown> }>();
  let draining = false;
  let closing: Promise<void> | null = null;
  const document = openApiDocument();

  const app = Fastify({ bodyLimit: o.bodyLimitBytes, logger: false, requestTimeout: (o.maxTimeLimit * 2 + 30) * 1000, forceCloseConnections: 'idle' });

  // JSON only: a text body is refused (415) rather than parsed as a string.
  app.removeContentTypeParser('text/plain');
  app.setErrorHandler((e: unknown, _request, reply) => sendError(reply, asCaseloadError(e)));
  app.setNotFoundHandler((request, reply) => sendError(reply, new CaseloadError('NOT_FOUND', `no route ${request.method} ${request.url}`)));
  app.addHook('onRequest', async (request, reply) => {
    if (draining && request.method !== 'GET') return sendError(reply, new CaseloadError('UNAVAILABLE', 'the service is shutting down'));
  });

  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/ready', async (_request, reply) => {
    const status = draining ? 'draining' : queue.full() ? 'busy' : 'ready';
    return reply.code(status === 'ready' ? 200 : 503).send({ status, queue: queue.figures() });
  });
  app.get('/openapi.json', async () => document);

  app.post('/validate', async (request) => {
    const { problem } = parse(WireRequests.validate, request.body);
    const v = validate(problem);
    return v.ok ? { ok: true, workers: v.problem.workers.length, cases: v.problem.cases.length, issues: [] } : { ok: false, issues: v.issues.map((i) => ({ ...i, path: underProblem(i.path) })) };
  });

  app.post('/recommend', async (request) => {
    const body = parse(WireRequests.recommend, request.body);
    // An incremental evaluation per worker on the calling thread: no solve, so no queue place.
    return engine(() => recommend(body.problem, body.case, body.k === undefined ? {} : { k: body.k }));
  });

  for (const kind of ['allocate', 'batch', 'compare'] as const) {
    app.post(`/${kind}`, async (request, reply) => {
      const body = { ...parse(WireRequests[kind], request.body), kind } as JobRequest;
      checkTimeLimit(body, o.maxTimeLimit, '; run longer solves as a job (POST /jobs)');
      const controller = new AbortController();
      // The caller hung up before the answer: stop its solve.
      reply.raw.on('close', () => {
        if (!reply.raw.writableFinished) controller.abort();
      });
      return track(controller, queue.run((queueSeconds) => solve(body, controller.signal, () => {}, queueSeconds), controller.signal));
    });
  }

  app.post('/jobs', async (request, reply) => {
    const body = parse(WireRequests.job, request.body);
    checkTimeLimit(body, o.maxJobTimeLimit, '');
    if (queue.full()) throw new QueueFull(queue.retryAfterSeconds());
    const job: Job = { id: randomUUID(), kind: body.kind, status: 'queued', submittedAt: new Date(), startedAt: null, finishedAt: null, queueSeconds: null, progress: null, result: null, error: null, controller: new AbortController(), settled: Promise.resolve() };
    if (jobs.size >= o.maxJobs) forgetOldestFinished();
    jobs.set(job.id, job);
    const { signal } = job.controller;
    const run = queue.run((queueSeconds) => {
      job.status = 'running';
      job.startedAt = new Date();
      job.queueSeconds = queueSeconds;
      return solve(body, signal, (p) => (job.progress = p), queueSeconds);
    }, signal);
    job.settled = track(job.controller, run).then(
      (result) => finish(job, 'succeeded', result, null),
      (e: unknown) => {
        const error = asCaseloadError(e);
        const cancelled = signal.aborted || (draining && error.code === 'UNAVAILABLE');
        finish(job, cancelled ? 'cancelled' : 'failed', null, { code: cancelled ? 'SOLVE_ABORTED' : error.code, message: cancelled ? (draining ? 'cancelled: the service shut down' : 'cancelled') : error.message });
      },
    );
    return reply.code(202).header('location', `/jobs/${job.id}`).send(view(job));
  });

  app.get<{ Params: { id: string } }>('/jobs/:id', async (request) => view(jobOf(request.params.id)));

  app.delete<{ Params: { id: string } }>('/jobs/:id', async (request) => {
    const job = jobOf(request.params.id);
    if (job.status === 'queued' || job.status === 'running') {
      job.controller.abort();
      // Aborting terminates the solve's thread; the job settles within moments.
      await job.settled;
    }
    return view(job);
  });

  function jobOf(id: string): Job {
    const job = jobs.get(id);
    if (!job) throw new CaseloadError('NOT_FOUND', `no job ${JSON.stringify(id)} (finished jobs are kept ${o.jobRetentionSeconds} s)`);
    return job;
  }

  /** Keeps memory bounded under many short jobs: unfinished ones are already bounded by the queue. */
  function forgetOldestFinished(): void {
    for (const [id, j] of jobs) {
      if (j.finishedAt !== null) {
        jobs.delete(id);
        return;
      }
    }
  }

  function finish(job: Job, status: Job['status'], result: unknown, error: Job['error']): void {
    job.status = status;
    job.result = result;
    job.error = error;
    job.finishedAt = new Date();
    setTimeout(() => jobs.delete(job.id), o.jobRetentionSeconds * 1000).unref();
  }

  function track<T>(controller: AbortController, done: Promise<T>): Promise<T> {
    const entry = { controller, done };
    active.add(entry);
    return done.finally(() => active.delete(entry));
  }

  return {
    async listen() {
      return app.listen({ host: o.host, port: o.port });
    },
    close() {
      closing ??= (async () => {
        draining = true;
        queue.close();
        const settled = Promise.allSettled([...active].map((a) => a.done));
        let timer: NodeJS.Timeout | undefined;
        const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, o.shutdownGraceSeconds * 1000)));
        await Promise.race([settled, grace]);
        clearTimeout(timer);
        for (const a of active) a.controller.abort();
        await Promise.allSettled([...active].map((a) => a.done));
        await app.close();
        await closePool();
      })();
      return closing;
    },
  };
}

/** Runs one solve request on the pool (its place in the queue already taken). */
async function solve(body: JobRequest, signal: AbortSignal, onProgress: (p: Progress) => void, queueSeconds: number): Promise<unknown> {
  const answer = await engine(async () => {
    if (body.kind === 'allocate') {
      // One pool thread per place in the queue: the service runs requests side by side, not portfolios.
      const r = await allocate(body.problem, { ...body.options, portfolio: 1, signal, onProgress });
      return { ...r, stats: { ...r.stats, queueSeconds: roundSeconds(queueSeconds) } };
    }
    if (body.kind === 'batch') {
      const r = await allocateBatch(body.problem, { ...body.options, signal, onProgress });
      return { ...r, stats: { ...r.stats, queueSeconds: roundSeconds(queueSeconds) } };
    }
    return compare(body.problem, body.scenarios, { ...body.options, signal });
  });
  // A batch reports a cancelled team as failed rather than throwing; a cancelled request is cancelled.
  if (signal.aborted) throw new CaseloadError('SOLVE_ABORTED', 'the solve was cancelled');
  return answer;
}

/** Runs an engine call, putting its input errors' paths under `problem` (the request's field). */
async function engine<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof InputError) throw new InputError(e.issues.map((i) => ({ ...i, path: underProblem(i.path) })));
    throw e;
  }
}

/** `cases[3].type` → `problem.cases[3].type`; paths of the request's own fields stay as they are. */
function underProblem(path: string): string {
  if (/^(case\b|case$|scenario |options\b|k$)/.test(path)) return path;
  return path ? `problem.${path}` : 'problem';
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  if (body === undefined || body === null) throw new InputError([{ path: '(body)', message: 'expected a JSON object body (Content-Type: application/json)' }]);
  const r = schema.safeParse(body);
  if (!r.success) throw new InputError(zodIssues(r.error.issues, body));
  return r.data;
}

function checkTimeLimit(body: JobRequest, cap: number, hint: string): void {
  const limit = body.options?.timeLimit;
  if (limit !== undefined && limit > cap) throw new InputError([{ path: 'options.timeLimit', message: `at most ${cap} s on this endpoint (got ${limit})${hint}` }]);
}

function roundSeconds(s: number): number {
  return Math.round(s * 1000) / 1000;
}

function view(job: Job) {
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    submittedAt: job.submittedAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
    queueSeconds: job.queueSeconds === null ? null : roundSeconds(job.queueSeconds),
    progress: job.progress,
    result: job.result ?? null,
    error: job.error,
  };
}

/** Any thrown value as a CaseloadError: Fastify's own request errors get their stable code. */
function asCaseloadError(e: unknown): CaseloadError {
  if (e instanceof CaseloadError) return e;
  const status = (e as { statusCode?: number }).statusCode;
  const message = e instanceof Error ? e.message : String(e);
  if (status === 413) return new CaseloadError('PAYLOAD_TOO_LARGE', message);
  if (status === 415) return new RequestError('USAGE', `${message} (send Content-Type: application/json)`, 415);
  if (status === 404) return new CaseloadError('NOT_FOUND', message);
  if (status !== undefined && status >= 400 && status < 500) return new CaseloadError('INPUT_INVALID', message);
  return new CaseloadError(errorCode(e), message, { cause: e });
}

/** An error of the request itself whose HTTP status is more precise than its code's (415 for USAGE). */
class RequestError extends CaseloadError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly status: number,
  ) {
    super(code, message);
  }
}

function sendError(reply: FastifyReply, e: CaseloadError): FastifyReply {
  if (e instanceof QueueFull) reply.header('retry-after', String(e.retryAfterSeconds));
  if (e.code === 'UNAVAILABLE') reply.header('retry-after', '5');
  const issues = e instanceof InputError ? { issues: e.issues } : {};
  return reply.code(e instanceof RequestError ? e.status : HTTP_STATUS[e.code]).send({ error: { code: e.code, message: e.message, ...issues } });
}
