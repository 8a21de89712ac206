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
    expect(csv[0]).toBe('caseId,workerId,previousWorkerId,moved,caseType,points,reason');
    expect(csv).toHaveLength(186);
    expect(csv[1]).toMatch(/^c0001,w\d\d,w08,(true|false),care-leaver,\d+(\.\d+)?,/);
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
  it("the first instance's limit counts from the user's clock start (startedAt), not from the solver's", async () => {
    // gapd-6 (20 × 200) is never proven optimal in a second, so both solves run to their deadline.
    const gapd = new URL('../../examples/gap/gapd.txt', import.meta.url).pathname;
    const solve = async (startedAt?: number) => {
      let out = '';
      const code = await run(['gap', gapd, '--instance', '6', '--json', '--time-limit', '1'], { out: (t) => (out += t), err: () => {} }, [], startedAt);
      expect(code).toBe(0);
      return JSON.parse(out) as { seconds: number; sinceStart: number };
    };
    const late = await solve(performance.now() - 500); // half the second already gone before run()
    expect(late.seconds).toBeLessThan(0.8);
    expect(late.sinceStart).toBeGreaterThanOrEqual(0.95);
    const fresh = await solve();
    expect(fresh.seconds).toBeGreaterThanOrEqual(0.95);
  });
  it('an instance outside the file is a usage error', async () => {
    const r = await cli('gap', gapFile, '--instance', '9');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--instance: 9 is not an instance of .*gap1\.txt \(it holds 5: 1 to 5\)/);
  });
});

describe('spreadsheets and --json errors', () => {
  const team = JSON.parse(readFileSync(example('team.json'), 'utf8'));

  it('validate --json: valid with warnings for extra columns, or errors grouped by kind (exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caseload-'));
    writeFileSync(join(dir, 'w.csv'), 'id;fte;name\nw1;0,5;Ann\n');
    writeFileSync(join(dir, 'c.csv'), 'id;type;notes\nc1;court;x\n');
    const ok = await cli('validate', '--workers', join(dir, 'w.csv'), '--cases', join(dir, 'c.csv'), '--json');
    expect(ok.code).toBe(0);
    const verdict = JSON.parse(ok.out);
    expect(verdict).toMatchObject({ valid: true, workers: 1, cases: 1, errors: [] });
    expect(verdict.warnings.map((w: { path: string }) => w.path)).toEqual([join(dir, 'w.csv'), join(dir, 'c.csv')]);
    writeFileSync(join(dir, 'c.csv'), `id,type\n${Array.from({ length: 40 }, (_, k) => `c${k},courtt`).join('\n')}\n`);
    const bad = await cli('validate', '--workers', join(dir, 'w.csv'), '--cases', join(dir, 'c.csv'), '--json');
    expect(bad.code).toBe(2);
    const refused = JSON.parse(bad.out);
    expect(refused.valid).toBe(false);
    expect(refused.groups).toEqual([{ kind: 'cases[].type: unknown case type "…"', count: 40 }]);
    expect(refused.errors[39]).toMatchObject({ path: 'cases[39].type', where: `${join(dir, 'c.csv')} line 41, case "c39"` });
  });

  it('every command reports errors as one JSON object on stderr under --json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caseload-'));
    writeFileSync(join(dir, 'p.json'), JSON.stringify({ workers: [{ id: 'a', fte: 1 }], cases: [{ id: 'k', type: 'court', currentWorkerId: 'w-99' }] }));
    for (const command of ['allocate', 'batch', 'recommend']) {
      const extra = command === 'recommend' ? ['--case', '{"id":"n1","type":"court"}'] : [];
      const r = await cli(command, join(dir, 'p.json'), '--json', ...extra);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      const { error } = JSON.parse(r.err);
      expect(error).toMatchObject({ type: 'input', exitCode: 2, groups: [{ kind: 'cases[].currentWorkerId: no worker "…"', count: 1 }] });
      expect(error.issues[0]).toMatchObject({ path: 'cases[0].currentWorkerId', message: 'no worker "w-99"', where: `${join(dir, 'p.json')} line 1, case "k"` });
    }
    const usage = await cli('allocate', '--json');
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.err).error).toMatchObject({ type: 'usage', exitCode: 2, message: expect.stringMatching(/no input/) });
  });

  it('deep nesting, prototype keys and huge numbers in a file: exit 2 with the field named', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caseload-'));
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    writeFileSync(join(dir, 'deep.json'), `{"workers":[{"id":"a","fte":1}],"cases":[],"policy":{"skills":${deep}}}`);
    const r = await cli('validate', join(dir, 'deep.json'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/deep\.json line 1 column \d+: nested more than 32 levels deep/);
    writeFileSync(join(dir, 'top.json'), deep);
    expect((await cli('allocate', join(dir, 'top.json'))).code).toBe(2);
    writeFileSync(join(dir, 'proto.json'), '{"workers":[{"id":"a","fte":1}],"cases":[{"id":"c","type":"court","modifiers":["toString"]}],"policy":{"weights":{"unallocated":1e308}}}');
    const p = await cli('validate', join(dir, 'proto.json'));
    expect(p.code).toBe(2);
    expect(p.err).toMatch(/policy\.weights\.unallocated: 1e\+308 is out of bounds/);
    writeFileSync(join(dir, 'proto.json'), '{"workers":[{"id":"a","fte":1}],"cases":[{"id":"c","type":"court","modifiers":["toString"]}]}');
    const q = await cli('validate', join(dir, 'proto.json'));
    expect(q.err).toMatch(/proto\.json line 1, case "c": cases\[0\]\.modifiers\[0\]: unknown modifier "toString"/);
    expect(q.err).not.toMatch(/function/);
  });

  it('a Windows-1252 CSV is refused (exit 2) with the byte located', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caseload-'));
    writeFileSync(join(dir, 'w.csv'), Buffer.concat([Buffer.from('id,fte,name\nw1,1,Zo'), Buffer.from([0xeb]), Buffer.from('\n')]));
    writeFileSync(join(dir, 'c.csv'), 'id,type\nc1,court\n');
    const r = await cli('validate', '--workers', join(dir, 'w.csv'), '--cases', join(dir, 'c.csv'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/w\.csv line 2 column 8: not UTF-8 text \(got byte 0xEB, which in Windows-1252 would be "ë"/);
  });

  it('reads an .xlsx workbook (one file with workers and cases sheets, or one per flag) and writes labels to --out', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('workers');
    ws.addRow(['id', 'role', 'fte', 'skills', 'available', 'name']);
    for (const w of team.workers) ws.addRow([w.id, w.role, w.fte, (w.skills ?? []).join(';'), w.available ?? true, `Worker ${w.id}`]);
    const cs = wb.addWorksheet('cases');
    cs.addRow(['id', 'type', 'modifiers', 'familyId', 'requiredSkills', 'preferredSkills', 'currentWorkerId', 'pinned', 'excludedWorkerIds', 'notes']);
    for (const c of team.cases) cs.addRow([c.id, c.type, (c.modifiers ?? []).join(';'), c.familyId ?? null, (c.requiredSkills ?? []).join(';'), (c.preferredSkills ?? []).join(';'), c.currentWorkerId ?? null, c.pinned ?? false, (c.excludedWorkerIds ?? []).join(';'), c.id === 'c0001' ? '=cmd|calc' : null]);
    const dir = mkdtempSync(join(tmpdir(), 'caseload-'));
    const file = join(dir, 'team.xlsx');
    writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
    const v = await cli('validate', file);
    expect(v).toMatchObject({ code: 0, out: 'valid: 14 workers, 185 cases\n' });
    expect(v.err).toMatch(/warning: .*team\.xlsx sheet workers: column "name" is not a worker field: kept as label/);
    const a = JSON.parse((await cli('allocate', example('team.json'), '--json', ...fast)).out);
    const out = join(dir, 'allocation.csv');
    const b = await cli('allocate', '--workers', file, '--cases', file, '--json', '--out', out, ...fast);
    expect(JSON.parse(b.out).assignments).toEqual(a.assignments);
    const rows = readFileSync(out, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('caseId,workerId,previousWorkerId,moved,caseType,points,reason,notes,worker.name');
    expect(rows[1]).toMatch(/^c0001,(w\d\d),.*,'=cmd\|calc,Worker \1$/);
  });
});

