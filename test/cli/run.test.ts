import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';

const example = (name: string) => new URL(`../../examples/${name}`, import.meta.url).pathname;
const gapFile = new URL('../../examples/gap/gap1.txt', import.meta.url).pathname;

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

// An effort limit (Lagrangian steps + local-search descents) makes runs reproducible.
const fast = ['--max-iterations', '150', '--time-limit', '60'];

describe('caseload allocate', () => {
  it('allocates the example team from JSON: --json has exactly the documented shape', async () => {
    const r = await cli('allocate', example('team.json'), '--json', ...fast);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.out);
    for (const key of ['status', 'objective', 'bound', 'gap', 'assignments', 'unallocated', 'moves', 'workers', 'stats']) expect(result).toHaveProperty(key);
    expect(['optimal', 'feasible']).toContain(result.status);
    expect(result.assignments).toHaveLength(185);
    expect(result.assignments[0]).toEqual({ caseId: expect.any(String), workerId: expect.any(String) });
    expect(result.workers[0]).toMatchObject({ workerId: 'w01', cases: expect.any(Number), points: expect.any(Number), capacityPoints: 90, utilisation: expect.any(Number), band: expect.stringMatching(/^(red|amber|green|blue)$/) });
    expect(result.moves[0]).toEqual({ caseId: expect.any(String), from: expect.any(String), to: expect.any(String) });
    expect(result.stats).toMatchObject({ solver: expect.any(String), seconds: expect.any(Number), verified: true });
    // The worker on leave ends with nothing.
    expect(result.workers.find((w: { workerId: string }) => w.workerId === 'w06').cases).toBe(0);
  });

  it('the CSV form gives the same allocation as the JSON form (same seed and effort)', async () => {
    const a = JSON.parse((await cli('allocate', example('team.json'), '--json', ...fast)).out);
    const b = JSON.parse((await cli('allocate', '--workers', example('workers.csv'), '--cases', example('cases.csv'), '--json', ...fast)).out);
    expect(b.assignments).toEqual(a.assignments);
    expect(b.objective).toBe(a.objective);
  });

  it('prints a readable table, writes the CSV and the LP model atomically', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caseload-'));
    const r = await cli('allocate', example('team.json'), '--out', join(dir, 'allocation.csv'), '--write-lp', join(dir, 'model.lp'), ...fast);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Status: (optimal|feasible)/);
    expect(r.out).toMatch(/w01\s+senior/);
    expect(r.out).toMatch(/185 of 185 cases allocated/);
    const csv = readFileSync(join(dir, 'allocation.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('caseId,workerId');
    expect(csv).toHaveLength(186);
    const lp = readFileSync(join(dir, 'model.lp'), 'utf8');
    expect(lp).toMatch(/^\\ Caseload allocation model/);
    expect(lp).toMatch(/\nSubject To\n/);
    expect(lp).toMatch(/\nBinaries\n/);
    expect(lp.trimEnd().endsWith('End')).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['allocation.csv', 'model.lp']);
  });

  it('exit 1 when a case is left unallocated, with the reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caseload-'));
    const file = join(dir, 'p.json');
    writeFileSync(file, JSON.stringify({ workers: [{ id: 'a', fte: 1 }], cases: [{ id: 'k', type: 'court', requiredSkills: ['bsl'] }] }));
    const r = await cli('allocate', file, ...fast);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/k: no worker may take it: 1 worker: lacks the required skill "bsl"/);
  });

  it('bad input: exit 2, the field and value named, nothing written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caseload-'));
    const file = join(dir, 'p.json');
    writeFileSync(file, JSON.stringify({ workers: [{ id: 'a', fte: 1 }], cases: [{ id: 'k', type: 'court', currentWorkerId: 'w-99' }] }));
    const out = join(dir, 'out.csv');
    const r = await cli('allocate', file, '--out', out, '--write-lp', join(dir, 'm.lp'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cases\[0\]\.currentWorkerId: no worker "w-99"/);
    expect(readdirSync(dir)).toEqual(['p.json']);
  });

  it('usage errors exit 2 with an example', async () => {
    expect((await cli('allocate')).code).toBe(2);
    expect((await cli('allocate')).err).toMatch(/no input: give a JSON problem file/);
    expect((await cli('allocate', '--workers', 'w.csv')).err).toMatch(/--workers and --cases go together/);
    expect((await cli('allocate', 'x.json', '--bogus')).code).toBe(2);
    expect((await cli('frobnicate')).code).toBe(2);
    expect((await cli()).code).toBe(2);
    const missing = await cli('allocate', '/nonexistent/team.json');
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/cannot read "\/nonexistent\/team\.json": no such file/);
  });
});

describe('caseload validate and schema', () => {
  it('validate reports the counts, or every problem with exit 2', async () => {
    const ok = await cli('validate', '--workers', example('workers.csv'), '--cases', example('cases.csv'));
    expect(ok).toMatchObject({ code: 0, out: 'valid: 14 workers, 185 cases\n' });
    const dir = mkdtempSync(join(tmpdir(), 'caseload-'));
    writeFileSync(join(dir, 'w.csv'), 'id,fte\nw1,0\nw1,1\n');
    writeFileSync(join(dir, 'c.csv'), 'id,type\nc1,unicorn\n');
    const bad = await cli('validate', '--workers', join(dir, 'w.csv'), '--cases', join(dir, 'c.csv'));
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/workers\[0\]\.fte: must be greater than 0 \(got 0\)/);
    expect(bad.err).toMatch(/cases\[0\]\.type: unknown case type "unicorn"/);
  });
  it('schema prints the JSON Schema', async () => {
    const r = await cli('schema');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).properties.workers.type).toBe('array');
  });
});

describe('caseload gap', () => {
  it('--json prints exactly the documented fields, with a verified assignment', async () => {
    const r = await cli('gap', gapFile, '--instance', '1', '--json', '--time-limit', '5');
    expect(r.code).toBe(0);
    const a = JSON.parse(r.out);
    expect(Object.keys(a).sort()).toEqual(['assignment', 'instance', 'lowerBound', 'm', 'n', 'objective', 'optimal', 'seconds', 'sinceStart', 'stop']);
    expect(a).toMatchObject({ instance: 1, m: 5, n: 15, objective: 261, optimal: true, stop: 'optimal' });
    expect(a.assignment).toHaveLength(15);
    expect(a.lowerBound).toBeLessThanOrEqual(261);
  });
  it('an instance outside the file is a usage error', async () => {
    const r = await cli('gap', gapFile, '--instance', '9');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--instance: 9 is not an instance of .*gap1\.txt \(it holds 5: 1 to 5\)/);
  });
});
