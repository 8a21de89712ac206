import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticProblem } from '../../src/input/synthetic.js';
import { exampleTeam, openApiValidators, startServer, type Running } from '../support/server.js';

let api: Running;
let contract: ReturnType<typeof openApiValidators>;
const team = exampleTeam();

beforeAll(async () => {
  api = await startServer({ concurrency: 1, queueSize: 4 });
  contract = openApiValidators((await api.get('/openapi.json')).body);
});
afterAll(() => api.server.close(), 30_000);

/** Polls a job until `done(job)` holds (or fails the test after `seconds`). */
async function until(id: string, done: (job: any) => boolean, seconds = 60): Promise<any> {
  const end = Date.now() + seconds * 1000;
  for (;;) {
    const r = await api.get(`/jobs/${id}`);
    expect(r.status).toBe(200);
    expect(contract.response('/jobs/{id}', 'get', 200, r.body)).toEqual([]);
    if (done(r.body)) return r.body;
    if (Date.now() > end) throw new Error(`job ${id} still ${r.body.status} after ${seconds} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function submit(body: unknown) {
  expect(contract.request('/jobs', 'post', body)).toEqual([]);
  const r = await api.post('/jobs', body);
  expect(r.status).toBe(202);
  expect(contract.response('/jobs', 'post', 202, r.body)).toEqual([]);
  expect(r.headers.get('location')).toBe(`/jobs/${r.body.id}`);
  return r.body;
}

describe('jobs', () => {
  it('an allocate job runs to a verified result, with its queue time and start', async () => {
    const job = await submit({ kind: 'allocate', problem: team, options: { timeLimit: 2, maxIterations: 40 } });
    expect(['queued', 'running']).toContain(job.status);
    const done = await until(job.id, (j) => j.status !== 'queued' && j.status !== 'running');
    expect(done.status).toBe('succeeded');
    expect(done.error).toBeNull();
    expect(contract.schema('AllocationResult')(done.result)).toBe(true);
    expect(done.result.stats.verified).toBe(true);
    expect(done.queueSeconds).toBeGreaterThanOrEqual(0);
    expect(Date.parse(done.startedAt)).toBeGreaterThanOrEqual(Date.parse(done.submittedAt));
    expect(Date.parse(done.finishedAt)).toBeGreaterThanOrEqual(Date.parse(done.startedAt));
  });

  it('a batch job reports team-by-team progress and a batch result', async () => {
    const service = syntheticProblem({ teams: 3, workersPerTeam: 6, casesPerTeam: 20, seed: 2 });
    const job = await submit({ kind: 'batch', problem: service, options: { timeLimit: 3, maxIterations: 30 } });
    const done = await until(job.id, (j) => j.status === 'succeeded' || j.status === 'failed');
    expect(done.status).toBe('succeeded');
    expect(contract.schema('BatchResult')(done.result)).toBe(true);
    expect(done.progress).toMatchObject({ done: 3, total: 3 });
  });

  it('DELETE cancels a running job promptly (its solve aborted), and one still queued before it starts', async () => {
    const long = await submit({ kind: 'allocate', problem: team, options: { timeLimit: 120, solver: 'core' } });
    const queued = await submit({ kind: 'allocate', problem: team, options: { timeLimit: 120, solver: 'core' } });
    const running = await until(long.id, (j) => j.status === 'running' && j.progress !== null);
    expect(running.progress.objective).toBeGreaterThan(0);
    const first = await api.del(`/jobs/${queued.id}`);
    expect(first.body).toMatchObject({ status: 'cancelled', startedAt: null, error: { code: 'SOLVE_ABORTED' } });
    const started = Date.now();
    const second = await api.del(`/jobs/${long.id}`);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(contract.response('/jobs/{id}', 'delete', 200, second.body)).toEqual([]);
    expect(second.body).toMatchObject({ status: 'cancelled', result: null, error: { code: 'SOLVE_ABORTED' } });
    // The place is free again: a new job runs at once.
    const next = await submit({ kind: 'allocate', problem: team, options: { timeLimit: 1, maxIterations: 20 } });
    expect((await until(next.id, (j) => j.status === 'succeeded')).queueSeconds).toBeLessThan(1);
  });

  it('an unknown job: 404 NOT_FOUND; an invalid job body: 400 before anything is queued', async () => {
    for (const r of [await api.get('/jobs/no-such-job'), await api.del('/jobs/no-such-job')]) {
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('NOT_FOUND');
    }
    const wrongKind = await api.post('/jobs', { kind: 'dance', problem: team });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.error.code).toBe('INPUT_INVALID');
    const tooLong = await api.post('/jobs', { kind: 'allocate', problem: team, options: { timeLimit: 601 } });
    expect(tooLong.body.error.issues[0]).toMatchObject({ path: 'options.timeLimit' });
  });
});

describe('job retention', () => {
  it('keeps at most maxJobs: the oldest finished job is forgotten first (404 NOT_FOUND)', async () => {
    const small = await startServer({ concurrency: 1, queueSize: 2, maxJobs: 2 });
    try {
      const tiny = { kind: 'allocate', problem: { workers: [{ id: 'w1', fte: 1 }], cases: [{ id: 'c1', type: 'child-in-need' }] }, options: { timeLimit: 1, maxIterations: 5 } };
      const ids: string[] = [];
      for (let k = 0; k < 3; k++) {
        const r = await small.post('/jobs', tiny);
        expect(r.status).toBe(202);
        ids.push(r.body.id);
        for (let t = 0; t < 200 && (await small.get(`/jobs/${r.body.id}`)).body.status !== 'succeeded'; t++) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect((await small.get(`/jobs/${ids[0]}`)).status).toBe(404);
      expect((await small.get(`/jobs/${ids[1]}`)).body.status).toBe('succeeded');
      expect((await small.get(`/jobs/${ids[2]}`)).body.status).toBe('succeeded');
    } finally {
      await small.server.close();
    }
  });
});
