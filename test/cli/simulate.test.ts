import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { ALL_KINDS, smallLab } from '../support/labs.js';

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const FILES = ['events.csv', 'manifest.json', 'metrics.csv', 'panel.csv', 'report.html', 'summary.csv', 'summary.txt'];
const read = (dir: string) => Object.fromEntries(FILES.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

describe('caseload simulate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'caseload-lab-'));
  const problemFile = join(dir, 'service.json');
  const labFile = join(dir, 'lab.json');
  // A lab that starts from a problem file (relative to the lab file), with every policy.
  writeFileSync(problemFile, readFileSync(new URL('../../examples/team.json', import.meta.url), 'utf8'));
  writeFileSync(labFile, JSON.stringify({ ...smallLab({ weeks: 6, replications: 2, policies: ALL_KINDS.map((kind) => ({ kind, rebalanceEvery: 2 })) }), synthetic: undefined, problem: 'service.json' }));

  it('writes every output, and the same manifest replays byte for byte (on the pool and on this thread)', async () => {
    const first = await cli('simulate', labFile, '--out', join(dir, 'a'), '--threads', '0');
    expect(first.err).toMatch(/2 replications/);
    expect(first.code).toBe(0);
    expect(readdirSync(join(dir, 'a')).sort()).toEqual(FILES);
    expect(first.out).toMatch(/wait_mean_days/);
    const a = read(join(dir, 'a'));
    expect(a['metrics.csv'].split('\n')[0]).toBe('policy,replication,week,metric,value');
    expect(a['panel.csv'].split('\n')[0]).toBe('policy,replication,week,team,worker,role,status,cases,points,capacity,utilisation');
    const manifest = JSON.parse(a['manifest.json']);
    expect(manifest).toMatchObject({ tool: 'caseload simulate', version: expect.any(String), inputHash: expect.stringMatching(/^[0-9a-f]{64}$/), config: { problem: problemFile, weeks: 6 } });
    const replay = await cli('simulate', '--replay', join(dir, 'a', 'manifest.json'), '--out', join(dir, 'b'));
    expect(replay.code).toBe(0);
    expect(read(join(dir, 'b'))).toEqual(a);
  });

  it('a replay refuses a changed problem file; a bad lab names the field (exit 2)', async () => {
    await cli('simulate', labFile, '--out', join(dir, 'c'), '--threads', '0');
    const problem = JSON.parse(readFileSync(problemFile, 'utf8'));
    problem.workers[0].fte = 0.5;
    writeFileSync(problemFile, JSON.stringify(problem));
    const r = await cli('simulate', '--replay', join(dir, 'c', 'manifest.json'), '--out', join(dir, 'd'), '--threads', '0');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/has changed since the run/);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ weeks: 0, policies: [{ kind: 'coin-toss' }] }));
    const b = await cli('simulate', bad, '--out', join(dir, 'e'));
    expect(b.code).toBe(2);
    expect(b.err).toMatch(/weeks/);
    expect(b.err).toMatch(/policies\[0\]\.kind/);
  });
});
