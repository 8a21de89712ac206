import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleTeam, openApiValidators, startServer, type Running } from '../support/server.js';

let api: Running;
let contract: ReturnType<typeof openApiValidators>;
const team = exampleTeam();

beforeAll(async () => {
  api = await startServer({ concurrency: 1, queueSize: 1 });
  contract = openApiValidators((await api.get('/openapi.json')).body);
});
afterAll(() => api.server.close(), 30_000);

describe('a flooded service', () => {
  it('answers 429 QUEUE_FULL with Retry-After beyond one running and one waiting; the accepted ones finish, the second after queueing', async () => {
    // Six at once against one place and one waiting place (core solver, runs its whole time limit).
    const body = { problem: team, options: { timeLimit: 1.5, solver: 'core' } };
    let refusedOnce!: () => void;
    const firstRefusal = new Promise<void>((resolve) => (refusedOnce = resolve));
    const answers = Promise.all(
      Array.from({ length: 6 }, () =>
        api.post('/allocate', body).then((a) => {
          if (a.status === 429) refusedOnce();
          return a;
        }),
      ),
    );
    // The first refusal means both places are taken (and the solves run 1.5 s).
    await firstRefusal;
    const busy = await api.get('/ready');
    const job = await api.post('/jobs', { kind: 'allocate', ...body });
    const all = await answers;
    const refused = all.filter((a) => a.status === 429);
    const served = all.filter((a) => a.status === 200);
    expect(served).toHaveLength(2);
    expect(refused).toHaveLength(4);
    for (const r of refused) {
      expect(r.body.error.code).toBe('QUEUE_FULL');
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(contract.response('/allocate', 'post', 429, r.body)).toEqual([]);
    }
    for (const s of served) expect(contract.response('/allocate', 'post', 200, s.body)).toEqual([]);
    const [first, second] = [...served].sort((a, b) => a.body.stats.queueSeconds - b.body.stats.queueSeconds).map((s) => s.body.stats);
    expect(first.queueSeconds).toBeLessThan(0.5);
    // The second waited for the first's solve (its own time limit counted from its start: it still ran in full).
    expect(second.queueSeconds).toBeGreaterThan(1);
    // Had its wait (> 1 s) come out of its 1.5 s, it would have solved under 0.5 s: it solves as long as the first
    // (each keeps back a reserve for reading and reporting, measured, so neither is exactly 1.5 s).
    expect(first.seconds).toBeGreaterThan(1);
    expect(second.seconds).toBeGreaterThan(first.seconds - 0.3);
    // While full, readiness says busy, and a job is refused too.
    expect(busy.status).toBe(503);
    expect(busy.body.status).toBe('busy');
    expect(job.status).toBe(429);
    expect(job.body.error.code).toBe('QUEUE_FULL');
    // Once the flood has drained, the service is ready again.
    expect((await api.get('/ready')).status).toBe(200);
  });
});
