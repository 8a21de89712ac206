import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allocateSync } from '../../src/app/allocate.js';
import { syntheticProblem } from '../../src/input/synthetic.js';
import { exampleTeam, openApiValidators, startServer, type Running } from '../support/server.js';
import { jsonSchemaValidator, undescribedProperties } from '../support/jsonSchema.js';

let api: Running;
let doc: any;
let contract: ReturnType<typeof openApiValidators>;
const team = exampleTeam();
const effort = { maxIterations: 40, timeLimit: 30, seed: 1 };
const service = syntheticProblem({ teams: 2, workersPerTeam: 6, casesPerTeam: 25, seed: 5 });

beforeAll(async () => {
  api = await startServer({ concurrency: 2, queueSize: 4, bodyLimitBytes: 256 * 1024, maxTimeLimit: 30 });
  doc = (await api.get('/openapi.json')).body;
  contract = openApiValidators(doc);
});
afterAll(() => api.server.close(), 30_000);

/** Posts a body after checking it against the documented request schema (as a generated client would send it). */
async function send(path: string, body: unknown) {
  expect(contract.request(path, 'post', body)).toEqual([]);
  const answer = await api.post(path, body);
  expect(contract.response(path, 'post', answer.status, answer.body)).toEqual([]);
  return answer;
}

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with every operation, and every schema compiles as JSON Schema 2020-12 with every field described', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual(['/allocate', '/batch', '/compare', '/health', '/jobs', '/jobs/{id}', '/openapi.json', '/ready', '/recommend', '/validate']);
    const ajv = jsonSchemaValidator();
    for (const [name, schema] of Object.entries(doc.components.schemas)) expect(() => ajv.compile(schema as object), name).not.toThrow();
    expect(undescribedProperties(doc.components.schemas)).toEqual([]);
    // Every $ref points at a schema that exists.
    const refs = [...JSON.stringify(doc.paths).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]);
    for (const r of refs) expect(doc.components.schemas).toHaveProperty(r);
    expect(doc.components.schemas.AllocateRequest.properties.problem.properties.workers.items.properties.fte.description).toMatch(/Full-time equivalent/);
  });
});

describe('the service, over HTTP', () => {
  it('round-trips a problem: /allocate answers what the library answers (same seed and effort), verified, with queueSeconds', async () => {
    const r = await send('/allocate', { problem: team, options: effort });
    expect(r.status).toBe(200);
    const local = allocateSync(team, effort);
    expect(r.body.assignments).toEqual(local.assignments);
    expect(r.body.objective).toBe(local.objective);
    expect(r.body.stats.verified).toBe(true);
    expect(r.body.stats.queueSeconds).toBeGreaterThanOrEqual(0);
  });

  it('/validate lists every issue (200), under problem.', async () => {
    const ok = await send('/validate', { problem: team });
    expect(ok.body).toEqual({ ok: true, workers: 14, cases: 185, issues: [] });
    // Deliberately invalid (a typed client could not send it): only the answer is checked against the document.
    const bad = await api.post('/validate', { problem: { workers: [{ id: 'w1', fte: 0 }], cases: [{ id: 'c1', type: 'unicorn' }] } });
    expect(contract.response('/validate', 'post', 200, bad.body)).toEqual([]);
    expect(bad.status).toBe(200);
    expect(bad.body.ok).toBe(false);
    expect(bad.body.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['problem.workers[0].fte', 'problem.cases[0].type']));
  });

  it('/recommend ranks the workers for a referral', async () => {
    const r = await send('/recommend', { problem: team, case: { id: 'new-1', type: 'child-in-need' }, k: 3 });
    expect(r.status).toBe(200);
    expect(r.body.workers).toHaveLength(3);
    expect(r.body.workers.map((w: { rank: number }) => w.rank)).toEqual([1, 2, 3]);
    const badCase = await send('/recommend', { problem: team, case: { id: 'new-2', type: 'unicorn' } });
    expect(badCase.status).toBe(400);
    expect(badCase.body.error.issues[0].path).toBe('case.type');
  });

  it('/batch and /compare answer as documented', async () => {
    const batch = await send('/batch', { problem: service, options: effort });
    expect(batch.status).toBe(200);
    expect(batch.body.teams).toHaveLength(2);
    expect(batch.body.stats.queueSeconds).toBeGreaterThanOrEqual(0);
    const comparison = await send('/compare', { problem: service, scenarios: [{ name: 'hire', addWorkers: [{ count: 1, salary: 40000 }] }], options: effort });
    expect(comparison.status).toBe(200);
    expect(comparison.body.scenarios[0].workersAdded).toBe(1);
  });
});

describe('errors carry the stable code', () => {
  it('invalid input: 400 INPUT_INVALID naming field and value', async () => {
    const r = await send('/allocate', { problem: { workers: [{ id: 'w1', fte: 1 }], cases: [{ id: 'c1', type: 'child-in-need', currentWorkerId: 'w-99' }] } });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('INPUT_INVALID');
    expect(r.body.error.issues).toContainEqual({ path: 'problem.cases[0].currentWorkerId', message: expect.stringContaining('w-99') });
  });

  it('an envelope the document does not allow is refused by the server too', async () => {
    const body = { problem: team, options: { timelimit: 3 } };
    expect(contract.request('/allocate', 'post', body)).not.toEqual([]);
    const r = await api.post('/allocate', body);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/unknown field "timelimit"/);
    const missing = await api.post('/allocate', { options: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.error.issues[0].path).toBe('problem');
  });

  it('a time limit over the cap: 400 on options.timeLimit, pointing at /jobs', async () => {
    const r = await send('/allocate', { problem: team, options: { timeLimit: 31 } });
    expect(r.status).toBe(400);
    expect(r.body.error.issues[0]).toEqual({ path: 'options.timeLimit', message: expect.stringMatching(/at most 30 s .*POST \/jobs/) });
  });

  it('malformed JSON 400, wrong media type 415 USAGE, too large 413, unknown route 404 — all JSON with the code', async () => {
    const malformed = await api.post('/allocate', '{"problem": ', {});
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('INPUT_INVALID');
    const res = await fetch(`${api.url}/allocate`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(res.status).toBe(415);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('USAGE');
    const big = await api.post('/allocate', { problem: { ...team, padding: 'x'.repeat(300 * 1024) } });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    const none = await api.get('/nowhere');
    expect(none.status).toBe(404);
    expect(none.body.error.code).toBe('NOT_FOUND');
    for (const e of [malformed, big, none]) expect(contract.schema('Error')(e.body)).toBe(true);
  });

  it('/health and /ready answer as documented', async () => {
    const health = await api.get('/health');
    expect(health).toMatchObject({ status: 200, body: { status: 'ok' } });
    const ready = await api.get('/ready');
    expect(ready.status).toBe(200);
    expect(contract.response('/ready', 'get', 200, ready.body)).toEqual([]);
    expect(ready.body.queue).toMatchObject({ concurrency: 2, capacity: 4 });
  });
});
