/**
 * The service's OpenAPI 3.1 document, generated from the zod schemas (requests: the input contract;
 * responses: the result contract), field descriptions included. OpenAPI 3.1 schemas are JSON Schema
 * 2020-12, the dialect z.toJSONSchema writes, so the schemas go in unchanged.
 */
import { z } from 'zod';
import { AllocationResultSchema, BatchResultSchema, ComparisonSchema, RecommendationSchema, ValidationResultSchema } from '../report/resultSchema.js';
import { DocumentedRequests } from './requests.js';
import { ErrorSchema, HealthSchema, JobSchema, ReadySchema } from './responses.js';

/** The documented schemas by name (names listed once, in SCHEMA_NAMES; typed loosely so the declarations stay small). */
const SCHEMA_NAMES = ['ValidateRequest', 'AllocateRequest', 'RecommendRequest', 'BatchRequest', 'CompareRequest', 'JobRequest', 'ValidationResult', 'AllocationResult', 'Recommendation', 'BatchResult', 'Comparison', 'Job', 'Error', 'Health', 'Ready'] as const;

export type SchemaName = (typeof SCHEMA_NAMES)[number];

const SCHEMAS: Readonly<Record<SchemaName, readonly [z.ZodType, 'input' | 'output']>> = {
  ValidateRequest: [DocumentedRequests.validate, 'input'],
  AllocateRequest: [DocumentedRequests.allocate, 'input'],
  RecommendRequest: [DocumentedRequests.recommend, 'input'],
  BatchRequest: [DocumentedRequests.batch, 'input'],
  CompareRequest: [DocumentedRequests.compare, 'input'],
  JobRequest: [DocumentedRequests.job, 'input'],
  ValidationResult: [ValidationResultSchema, 'output'],
  AllocationResult: [AllocationResultSchema, 'output'],
  Recommendation: [RecommendationSchema, 'output'],
  BatchResult: [BatchResultSchema, 'output'],
  Comparison: [ComparisonSchema, 'output'],
  Job: [JobSchema, 'output'],
  Error: [ErrorSchema, 'output'],
  Health: [HealthSchema, 'output'],
  Ready: [ReadySchema, 'output'],
};

const ref = (name: SchemaName) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: SchemaName, description: string) => ({ description, content: { 'application/json': { schema: ref(name) } } });
const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [String(s), json('Error', ERROR_WORDS[s])]));
const ERROR_WORDS: Record<number, string> = {
  400: 'INPUT_INVALID (every issue listed, paths under problem.) or USAGE.',
  404: 'NOT_FOUND.',
  415: 'USAGE: the body is not application/json.',
  413: 'PAYLOAD_TOO_LARGE: the body is over the server\'s limit.',
  429: 'QUEUE_FULL: retry after the Retry-After header\'s seconds.',
  500: 'SOLVE_FAILED, CHECK_FAILED or INTERNAL.',
  503: 'UNAVAILABLE (shutting down) or SOLVE_ABORTED.',
};
const retryAfter = { 'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } } };
const solveErrors = () => ({ ...errors(400, 413, 415, 500, 503), '429': { ...json('Error', ERROR_WORDS[429]), headers: retryAfter } });
const post = (summary: string, request: SchemaName, response: SchemaName, description: string, extra: Record<string, unknown> = {}) => ({
  post: { summary, description, operationId: summary, requestBody: { required: true, content: { 'application/json': { schema: ref(request) } } }, responses: { '200': json(response, 'The answer.'), ...extra } },
});

/** The OpenAPI 3.1 document (plain JSON; typed loosely so the declarations stay small). */
export function openApiDocument(): Record<string, unknown> {
  const schemas = Object.fromEntries(
    Object.entries(SCHEMAS).map(([name, [schema, io]]) => {
      const { $schema: _dialect, ...body } = z.toJSONSchema(schema, { io, target: 'draft-2020-12' }) as Record<string, unknown>;
      return [name, body];
    }),
  );
  const idParameter = [{ name: 'id', in: 'path', required: true, description: 'The job id from POST /jobs.', schema: { type: 'string' } }];
  return {
    openapi: '3.1.0',
    info: {
      title: 'Caseload',
      version: '0.1.0',
      description:
        "Allocates children's social-care cases to social workers (weighted caseloads, capacity, skills, continuity), every answer verified by an independent checker. Solves run on a worker-thread pool behind a bounded queue: a full queue answers 429 with Retry-After. A solve's time limit counts from when it starts; stats.queueSeconds says how long it waited.",
    },
    paths: {
      '/validate': post('validate', 'ValidateRequest', 'ValidationResult', 'Checks a problem without solving it; the answer lists every issue.', errors(400, 413, 415)),
      '/allocate': post('allocate', 'AllocateRequest', 'AllocationResult', 'Allocates one team and answers in the request (time limit capped; longer solves: POST /jobs).', solveErrors()),
      '/recommend': post('recommend', 'RecommendRequest', 'Recommendation', 'Ranks the workers for one new referral without re-solving the team (no queue place).', errors(400, 413, 415)),
      '/batch': post('batch', 'BatchRequest', 'BatchResult', 'Reallocates a whole service team by team (or cross-team) and answers in the request.', solveErrors()),
      '/compare': post('compare', 'CompareRequest', 'Comparison', 'Solves the same data under several scenarios, side by side.', solveErrors()),
      '/jobs': {
        post: {
          summary: 'submitJob',
          operationId: 'submitJob',
          description: 'Starts a long allocate, batch or compare solve in the background. Poll GET /jobs/{id}; DELETE cancels.',
          requestBody: { required: true, content: { 'application/json': { schema: ref('JobRequest') } } },
          responses: { '202': { ...json('Job', 'Accepted: the job, queued.'), headers: { Location: { description: 'The job\'s URL.', schema: { type: 'string' } } } }, ...solveErrors() },
        },
      },
      '/jobs/{id}': {
        get: { summary: 'getJob', operationId: 'getJob', description: 'The job\'s status, progress and (when done) result or error.', parameters: idParameter, responses: { '200': json('Job', 'The job.'), ...errors(404) } },
        delete: { summary: 'cancelJob', operationId: 'cancelJob', description: 'Cancels a queued or running job (its solve is aborted); a finished job is left as it is.', parameters: idParameter, responses: { '200': json('Job', 'The job, cancelled.'), ...errors(404) } },
      },
      '/health': { get: { summary: 'health', operationId: 'health', description: 'Liveness: 200 while the process runs.', responses: { '200': json('Health', 'Up.') } } },
      '/ready': { get: { summary: 'ready', operationId: 'ready', description: 'Readiness: 200 when accepting solves; 503 when the queue is full or the service is draining.', responses: { '200': json('Ready', 'Ready.'), '503': json('Ready', 'Busy or draining.') } } },
      '/openapi.json': { get: { summary: 'openapi', operationId: 'openapi', description: 'This document.', responses: { '200': { description: 'The OpenAPI 3.1 document.', content: { 'application/json': {} } } } } },
    },
    components: { schemas },
  };
}
