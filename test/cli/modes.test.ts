import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatTradeoff } from '../../src/cli/commands/allocate.js';
import { run } from '../../src/cli/run.js';

const example = new URL('../../examples/team.json', import.meta.url).pathname;
// A small effort limit: these tests check the plumbing, not the quality of the search.
const fast = ['--max-iterations', '30', '--time-limit', '60'];

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('caseload allocate: modes, explanations, diagnosis', () => {
  it('--mode intake: only the absent worker’s cases move; new referrals are placed or have a reason', async () => {
    const r = await cli('allocate', example, '--mode', 'intake', '--json', ...fast);
    const result = JSON.parse(r.out);
    expect(result.mode).toBe('intake');
    const team = JSON.parse(readFileSync(example, 'utf8')) as { workers: { id: string; available?: boolean }[]; cases: { id: string; currentWorkerId?: string | null }[] };
    const away = new Set(team.workers.filter((w) => w.available === false).map((w) => w.id));
    const held = team.cases.filter((c) => c.currentWorkerId && away.has(c.currentWorkerId)).map((c) => c.id).sort();
    // Every move is a case of the absent worker, and all of theirs move.
    expect(result.moves.map((m: { caseId: string }) => m.caseId).sort()).toEqual(held);
    const at = new Map(result.assignments.map((a: { caseId: string; workerId: string }) => [a.caseId, a.workerId]));
    for (const c of team.cases) if (c.currentWorkerId && !away.has(c.currentWorkerId)) expect(at.get(c.id)).toBe(c.currentWorkerId);
    const fresh = team.cases.filter((c) => !c.currentWorkerId);
    expect(fresh.length).toBeGreaterThan(0);
    const reasons = new Map(result.unallocated.map((u: { caseId: string; reason: string }) => [u.caseId, u.reason]));
    for (const c of fresh) expect(at.has(c.id) || typeof reasons.get(c.id) === 'string').toBe(true);
  });

  it('--mode handover --leaving: only the leavers’ (and the absent worker’s) cases move; the leavers end with none', async () => {
    const r = await cli('allocate', example, '--mode', 'handover', '--leaving', 'w03,w07', '--json', ...fast);
    const result = JSON.parse(r.out);
    expect(result.mode).toBe('handover');
    for (const m of result.moves) expect(['w03', 'w07', 'w06']).toContain(m.from);
    for (const id of ['w03', 'w07']) expect(result.workers.find((w: { workerId: string }) => w.workerId === id).cases).toBe(0);
    const w03 = result.workers.find((w: { workerId: string }) => w.workerId === 'w03');
    expect(w03.notes[0]).toMatch(/^on leave or leaving: handed over 8 cases/);
  });

  it('usage: handover needs --leaving; --leaving an unknown worker; bad --tradeoff', async () => {
    expect(await cli('allocate', example, '--mode', 'handover')).toMatchObject({ code: 2, err: expect.stringMatching(/--mode handover needs --leaving/) });
    expect(await cli('allocate', example, '--mode', 'handover', '--leaving', 'w99')).toMatchObject({ code: 2, err: expect.stringMatching(/--leaving: handover: no worker "w99"/) });
    expect(await cli('allocate', example, '--leaving', 'w03')).toMatchObject({ code: 2, err: expect.stringMatching(/--leaving goes with --mode handover/) });
    expect(await cli('allocate', example, '--tradeoff', '0,x')).toMatchObject({ code: 2, err: expect.stringMatching(/--tradeoff: expected caps such as 0,5,10,20/) });
    expect(await cli('allocate', example, '--explain', 'nope', ...fast)).toMatchObject({ code: 2, err: expect.stringMatching(/--explain: no case "nope"/) });
  });

  it('--tradeoff: one row per cap; every cap holds or is proven too tight', async () => {
    // Default policy (keep-held): with no move allowed every worker keeps what they hold, so cap 0 holds.
    const kept = JSON.parse((await cli('allocate', example, '--tradeoff', '0', '--json', ...fast)).out);
    expect(kept[0]).toMatchObject({ maxMoves: 0, moves: 0, status: expect.stringMatching(/^(optimal|feasible)$/) });
    // Limits first: overloaded workers must give up cases, so cap 0 cannot hold (proven by the diagnosis).
    const dir = mkdtempSync(join(tmpdir(), 'caseload-'));
    const file = join(dir, 'limit-first.json');
    const team = JSON.parse(readFileSync(example, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...team, policy: { ...team.policy, overCapacity: 'limit-first' } }));
    const r = await cli('allocate', file, '--tradeoff', '0,20', '--json', ...fast);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.map((row: { maxMoves: number | null }) => row.maxMoves)).toEqual([0, 20]);
    const text = formatTradeoff(json);
    expect(text).toMatch(/max moves\s+moves used\s+highest utilisation\s+objective/);
    expect(text).toMatch(/\n\s+0\s+—\s+—\s+—/);
    expect(json[0]).toMatchObject({ status: 'infeasible', moves: null, note: expect.stringMatching(/^the fewest moves that keep every hard rule is (\d+ \(proven\)|at least \d+ \(proven\) and at most \d+ \(found\)); the cap is 0$/) });
    expect(json[1].moves).toBeLessThanOrEqual(20);
  });

  it('--explain prints the ranked alternatives; with --json they come as caseExplanations', async () => {
    const r = await cli('allocate', example, '--explain', 'c0042', ...fast);
    expect(r.out).toMatch(/\nc0042 is with w\d\d/);
    expect(r.out).toMatch(/What changed and why \(points by case type\):\n {2}w01 \(\d+\/90, \d+% \w+: [a-z-]+ \d+/);
    const j = JSON.parse((await cli('allocate', example, '--explain', 'c0042', '--json', ...fast)).out);
    expect(j.caseExplanations[0]).toMatchObject({ caseId: 'c0042', alternatives: expect.any(Array) });
    expect(j.caseExplanations[0].alternatives).toHaveLength(14);
  });

  it('an infeasible problem: exit 1, the diagnosis in words, no report written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caseload-'));
    const file = join(dir, 'p.json');
    writeFileSync(
      file,
      JSON.stringify({
        workers: [{ id: 'a', fte: 1, skills: ['court'], capacityPoints: 20 }, { id: 'b', fte: 1 }],
        cases: [1, 2, 3].map((k) => ({ id: `k${k}`, type: 'court', requiredSkills: ['court'] })),
        policy: { allowUnallocated: false },
      }),
    );
    const r = await cli('allocate', file, ...fast);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/Status: infeasible/);
    expect(r.out).toMatch(/Why no allocation:\n {2}- a may carry at most 22 points \(110% of 20\)\n {2}- cases needing the court skill go only to workers who hold it/);
    expect(r.out).toMatch(/they total 30 points; those workers may carry 22 points in all \(short by 8\)/);
  });
});

describe('caseload recommend', () => {
  it('lists the top-k with score change and reasons; --json has the documented shape', async () => {
    const r = await cli('recommend', example, '--case', '{"id":"c900","type":"court","requiredSkills":["court"]}', '-k', '3');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Recommendation for c900 \(10 points\)/);
    expect(r.out).toMatch(/Cannot take it \(\d+\):\n {2}w\d\d: /);
    const j = JSON.parse((await cli('recommend', example, '--case', '{"id":"c900","type":"court","requiredSkills":["court"]}', '-k', '3', '--json')).out);
    expect(j.workers).toHaveLength(3);
    expect(j.workers[0]).toMatchObject({ rank: 1, workerId: expect.any(String), scoreChange: expect.any(Number), reasons: expect.any(Array), bandAfter: expect.stringMatching(/red|amber|green|blue/) });
  });
  it('bad case: exit 2 naming the field; missing --case is a usage error', async () => {
    expect(await cli('recommend', example, '--case', '{"id":"c900","type":"unicorn"}')).toMatchObject({ code: 2, err: expect.stringMatching(/case\.type: unknown case type "unicorn"/) });
    expect(await cli('recommend', example, '--case', '{oops')).toMatchObject({ code: 2 });
    expect((await cli('recommend', example)).code).toBe(2);
  });
});

describe('files only when everything succeeded', () => {
  it('a usage error writes no report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caseload-'));
    await cli('allocate', example, '--explain', 'nope', '--report', join(dir, 'r.html'), '--summary', join(dir, 's.md'), ...fast);
    expect(readdirSync(dir)).toEqual([]);
  });
});
