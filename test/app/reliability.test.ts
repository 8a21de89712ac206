/**
 * Reliability, measured: the 8 × 29 infeasible team whose diagnosis once ran past 60 s (an exact
 * check whose simplex cycles inside one node), aborts, and faults in a batch's worker threads.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { diagnose, tradeoff } from '../../src/app/advice.js';
import { allocate, allocateSync } from '../../src/app/allocate.js';
import { allocateBatch } from '../../src/app/batch.js';
import { parseProblem } from '../../src/input/parse.js';
import type { ProblemInput } from '../../src/input/schema.js';
import { syntheticProblem } from '../../src/input/synthetic.js';
import { closePool, SolveFailure } from '../../src/pool/pool.js';

// Small heaps for this file's solve threads, so the out-of-memory case dies quickly (set before the pool starts); 256 MB, not less: a thread that loads HiGHS's WebAssembly needs more than 96.
process.env.CASELOAD_WORKER_HEAP_MB = '256';
afterAll(() => closePool());

const stuck = JSON.parse(readFileSync(new URL('../support/fixtures/infeasible-8x29.json', import.meta.url), 'utf8')) as ProblemInput;
const example = parseProblem(JSON.parse(readFileSync(new URL('../../examples/team.json', import.meta.url), 'utf8')));

/** The team under another team name and id prefix, so teams can be put side by side in one service. */
function asTeam(p: ProblemInput, team: string): { workers: object[]; cases: object[] } {
  return {
    workers: p.workers.map((w) => ({ ...w, id: `${team}-${w.id}`, team })),
    cases: p.cases.map((c) => ({ ...c, id: `${team}-${c.id}`, team, familyId: c.familyId ? `${team}-${c.familyId}` : null, currentWorkerId: c.currentWorkerId ? `${team}-${c.currentWorkerId}` : null, excludedWorkerIds: (c.excludedWorkerIds ?? []).map((x) => `${team}-${x}`) })),
  };
}
const healthy = (team: string) => asTeam(syntheticProblem({ workersPerTeam: 6, casesPerTeam: 24, seed: 4 }), team);

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await run();
  return { value, seconds: (performance.now() - started) / 1000 };
}

describe('the 8 × 29 infeasible team (allowUnallocated: false)', () => {
  it('allocate at --time-limit 0.5 answers infeasible with a diagnosis, within seconds (was past 60 s)', async () => {
    const { value: r, seconds } = await timed(() => allocate(stuck, { timeLimit: 0.5 }));
    console.log(`8x29 infeasible team, pooled allocate at 0.5 s: ${seconds.toFixed(2)} s wall, status ${r.status}, stop ${r.stats.stop}`);
    expect(r.status).toBe('infeasible');
    expect(r.diagnosis).toBeDefined();
    expect(r.diagnosis!.summary.length).toBeGreaterThan(0);
    // The limit, the diagnosis backstop (0.1 s + 5 %) and thread start-up on a shared 2-core machine.
    expect(seconds).toBeLessThan(4);
  });

  it('on the calling thread (threads: 0, allocateSync) too', async () => {
    const { value: r, seconds } = await timed(() => allocate(stuck, { timeLimit: 0.5, threads: 0 }));
    console.log(`8x29 infeasible team, in-thread allocate at 0.5 s: ${seconds.toFixed(2)} s wall`);
    expect(r.status).toBe('infeasible');
    expect(seconds).toBeLessThan(3);
    const started = performance.now();
    expect(allocateSync(stuck, { timeLimit: 0.5 }).status).toBe('infeasible');
    expect((performance.now() - started) / 1000).toBeLessThan(3);
  });

  it('diagnose() runs off the calling thread and stops a moment after its deadline; the pool stays usable', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 20);
    const { value: outcome, seconds } = await timed(() => diagnose(stuck, { deadline: 1 }).then((d) => d, (e: unknown) => e));
    clearInterval(timer);
    console.log(`8x29 infeasible team, diagnose() with a 1 s deadline: ${seconds.toFixed(2)} s, event-loop ticks ${ticks}`);
    expect(seconds).toBeLessThan(3);
    // Either an answer or the backstop's clear error; never a hang.
    if (outcome instanceof Error) expect(outcome).toMatchObject({ reason: 'aborted', code: 'SOLVE_ABORTED', message: expect.stringMatching(/diagnosis did not stop within/) });
    else expect(outcome).toMatchObject({ verdict: expect.stringMatching(/infeasible|unknown/) });
    expect(ticks).toBeGreaterThan(10); // the event loop ran meanwhile
    const after = await allocate(example, { maxIterations: 30, timeLimit: 60 });
    expect(after.stats.verified).toBe(true);
  });

  it('a batch reports the healthy teams and the stuck one with its diagnosis, within seconds', async () => {
    const service = { workers: [...asTeam(stuck, 'stuck').workers, ...healthy('healthy').workers], cases: [...asTeam(stuck, 'stuck').cases, ...healthy('healthy').cases], policy: stuck.policy };
    const { value: batch, seconds } = await timed(() => allocateBatch(service, { timeLimit: 1 }));
    console.log(`batch of the 8x29 team and a healthy team at 1 s: ${seconds.toFixed(2)} s`);
    const byTeam = new Map(batch.teams.map((t) => [t.team, t]));
    expect(byTeam.get('healthy')!.result!.stats.verified).toBe(true);
    expect(byTeam.get('stuck')!.result!.status).toBe('infeasible');
    expect(byTeam.get('stuck')!.result!.diagnosis).toBeDefined();
    expect(seconds).toBeLessThan(6);
  });
});

describe('aborts', () => {
  it('threads: 0 honours an AbortSignal (the solve runs on a thread of its own)', async () => {
    const controller = new AbortController();
    const started = performance.now();
    const running = allocate(example, { timeLimit: 60, threads: 0, signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    await expect(running).rejects.toMatchObject({ reason: 'aborted', code: 'SOLVE_ABORTED' });
    expect((performance.now() - started) / 1000).toBeLessThan(10); // far below the 60 s limit
  });

  it('tradeoff() is off the calling thread and abortable', async () => {
    const controller = new AbortController();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 20);
    const running = tradeoff(example, [0, 5, null], { timeLimit: 60, signal: controller.signal });
    setTimeout(() => controller.abort(), 400);
    await expect(running).rejects.toBeInstanceOf(SolveFailure);
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(5);
  });
});

describe('faults in a batch: a thread that crashes, hangs or runs out of memory fails only its own team', () => {
  it('each bad team gets a clear error; the healthy team is reported', async () => {
    const teams = ['crash', 'hang', 'oom', 'fine'].map((t) => healthy(t));
    const service = { workers: teams.flatMap((t) => t.workers), cases: teams.flatMap((t) => t.cases) };
    const faulty = new URL('../support/faulty-worker.mjs', import.meta.url).href;
    const { value: batch, seconds } = await timed(() => allocateBatch(service, { timeLimit: 1 }, { workerFile: faulty, backstopSeconds: 5 }));
    const byTeam = new Map(batch.teams.map((t) => [t.team, t]));
    console.log(`faulty batch: ${seconds.toFixed(2)} s; ${batch.teams.map((t) => `${t.team}: ${t.error ?? t.result?.status}`).join(' | ')}`);
    expect(byTeam.get('fine')!.result!.stats.verified).toBe(true);
    expect(byTeam.get('crash')).toMatchObject({ result: null, error: expect.stringMatching(/worker thread failed/) });
    expect(byTeam.get('hang')).toMatchObject({ result: null, error: expect.stringMatching(/did not stop within/) });
    expect(byTeam.get('oom')).toMatchObject({ result: null, error: expect.stringMatching(/worker thread failed.*memory/i) });
    expect(batch.status).toBe('failed');
    expect(batch.assignments.length + batch.unallocated.length).toBe(24);
    // The pool recovers: a fresh solve afterwards.
    expect((await allocate(example, { maxIterations: 30, timeLimit: 60 })).stats.verified).toBe(true);
  });
});
