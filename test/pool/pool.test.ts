import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { allocate, allocateSync } from '../../src/app/allocate.js';
import { parseProblemJson } from '../../src/input/parse.js';
import { closePool, getPool, SolveFailure, solveInPool } from '../../src/pool/pool.js';

const example = parseProblemJson(readFileSync(new URL('../../examples/team.json', import.meta.url), 'utf8'));
const effort = { maxIterations: 60, timeLimit: 120 };

afterAll(() => closePool());

describe('solves on the worker-thread pool', () => {
  it('a pooled solve gives the same verified answer as an inline one (same seed and effort)', async () => {
    const inline = allocateSync(example, effort);
    const pooled = await allocate(example, effort);
    expect(pooled.assignments).toEqual(inline.assignments);
    expect(pooled.objective).toBe(inline.objective);
    expect(pooled.stats.verified).toBe(true);
  });

  it('threads: 0 solves inline', async () => {
    const r = await allocate(example, { ...effort, threads: 0 });
    expect(r.objective).toBe(allocateSync(example, effort).objective);
  });

  it('an effort-limited portfolio gives the same answer whatever the thread count', async () => {
    await closePool();
    getPool(1);
    const one = await allocate(example, { ...effort, portfolio: 2 });
    await closePool();
    getPool(2);
    const two = await allocate(example, { ...effort, portfolio: 2 });
    expect(two.assignments).toEqual(one.assignments);
    expect(two.objective).toBe(one.objective);
    expect(one.stats.solver).toMatch(/×2$/);
  });

  it('abort mid-solve rejects promptly with a SolveFailure and leaves the pool usable', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const running = allocate(example, { timeLimit: 60, signal: controller.signal, portfolio: 1 });
    setTimeout(() => controller.abort(), 300);
    await expect(running).rejects.toThrow(SolveFailure);
    await expect(running).rejects.toMatchObject({ code: 'SOLVE_ABORTED', reason: 'aborted' });
    expect(Date.now() - started).toBeLessThan(30_000); // far below the 60 s limit
    const after = await allocate(example, effort);
    expect(after.stats.verified).toBe(true);
  });

  it('a crashing worker fails only its own solve', async () => {
    const crashing = new URL('../support/crashing-worker.mjs', import.meta.url).href;
    const [bad, good] = await Promise.allSettled([solveInPool(example, effort, { workerFile: crashing }), allocate(example, effort)]);
    expect(bad.status).toBe('rejected');
    expect((bad as PromiseRejectedResult).reason).toMatchObject({ code: 'SOLVE_FAILED', reason: 'crashed' });
    expect(good.status).toBe('fulfilled');
    const again = await allocate(example, effort);
    expect(again.stats.verified).toBe(true);
  });

  it('reports progress from the worker thread', async () => {
    const events: number[] = [];
    await allocate(example, { ...effort, onProgress: (e) => events.push(e.objective) });
    expect(events.length).toBeGreaterThan(0);
    for (let k = 1; k < events.length; k++) expect(events[k]).toBeLessThan(events[k - 1]);
  });
});
