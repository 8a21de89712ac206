/** The service's own answers (jobs, errors, health), as zod schemas for the OpenAPI document. */
import { z } from 'zod';
import { AllocationResultSchema, BatchResultSchema, ComparisonSchema } from '../report/resultSchema.js';
import { ERROR_CODES } from '../util/errors.js';

export const ErrorSchema = z
  .object({
    error: z
      .object({
        code: z.enum(ERROR_CODES).describe('The stable error code: branch on this, not on the message.'),
        message: z.string().describe('What went wrong, in words, naming the field and value where there is one.'),
        issues: z
          .array(z.object({ path: z.string().describe('Where, e.g. problem.cases[12].currentWorkerId.'), message: z.string().describe('What is wrong there.') }))
          .optional()
          .describe('INPUT_INVALID: every problem found in the request.'),
      })
      .describe('The error.'),
  })
  .describe('An error answer (every non-2xx status).');

export const JobStatusSchema = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']).describe('queued: waiting for a solve place; running; succeeded: result present; failed: error present; cancelled: by DELETE or shutdown.');

export const JobSchema = z
  .object({
    id: z.string().describe('The job id (GET /jobs/{id}).'),
    kind: z.enum(['allocate', 'batch', 'compare']).describe('What the job solves.'),
    status: JobStatusSchema,
    submittedAt: z.string().describe('When the job was submitted (ISO 8601).'),
    startedAt: z.string().nullable().describe('When its solve started (ISO 8601), or null while queued.'),
    finishedAt: z.string().nullable().describe('When it finished (ISO 8601), or null.'),
    queueSeconds: z.number().nullable().describe('Seconds between submission and the solve starting, or null while queued.'),
    progress: z
      .object({
        objective: z.number().describe('The best objective found so far.'),
        bound: z.number().describe('The best lower bound so far.'),
        seconds: z.number().describe('Seconds since the solve started.'),
        done: z.number().int().optional().describe('batch: teams finished.'),
        total: z.number().int().optional().describe('batch: teams in all (plus one for the service-wide solve with crossTeam).'),
      })
      .nullable()
      .describe('The latest progress report, or null before the first.'),
    result: z.union([AllocationResultSchema, BatchResultSchema, ComparisonSchema]).nullable().describe('succeeded: the answer (of the kind\'s endpoint), else null.'),
    error: ErrorSchema.shape.error.nullable().describe('failed or cancelled: why, else null.'),
  })
  .describe('A long solve run in the background.');

export const HealthSchema = z.object({ status: z.literal('ok').describe('The process is up.') }).describe('Liveness.');

export const ReadySchema = z
  .object({
    status: z.enum(['ready', 'busy', 'draining']).describe('ready: accepting solves; busy: the queue is full (429 until a place frees); draining: shutting down.'),
    queue: z
      .object({
        running: z.number().int().describe('Solves running now.'),
        waiting: z.number().int().describe('Solves waiting for a place.'),
        concurrency: z.number().int().describe('Solves that may run at once.'),
        capacity: z.number().int().describe('Solves that may wait.'),
      })
      .describe('The solve queue.'),
  })
  .describe('Readiness: 200 when accepting solves, 503 otherwise.');
