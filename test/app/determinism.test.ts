/**
 * Determinism: the same seed and effort give byte-identical results (every field but the wall-clock
 * seconds) across thread counts (0: the calling thread; pools of 1 and 2 threads) and across runs.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { allocate } from '../../src/app/allocate.js';
import { allocateBatch } from '../../src/app/batch.js';
import { parseProblem } from '../../src/input/parse.js';
import { syntheticProblem } from '../../src/input/synthetic.js';
import { closePool, getPool } from '../../src/pool/pool.js';

afterAll(() => closePool());
const team = parseProblem(syntheticProblem({ workersPerTeam: 8, casesPerTeam: 80, seed: 9 }));
const service = syntheticProblem({ teams: 2, workersPerTeam: 6, casesPerTeam: 40, seed: 5 });
// Effort-limited: the time limit is far away, so the effort limit decides where every search stops.
const effort = { maxIterations: 50, timeLimit: 120, seed: 7 };

/**
 * The result as bytes, with the wall-clock seconds taken out (they measure the machine: seconds, and
 * a batch's teams' queueSeconds) and the batch's stats.threads (it echoes the configuration under test).
 */
function bytes(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) => (key === 'seconds' || key === 'queueSeconds' || key === 'threads' ? 0 : v));
}

describe('determinism', () => {
  it('allocate: byte-identical across threads 0, 1, 2 and across runs', async () => {
    const runs: string[] = [];
    runs.push(bytes(await allocate(team, { ...effort, threads: 0 })));
    runs.push(bytes(await allocate(team, { ...effort, threads: 0 })));
    for (const threads of [1, 2]) {
      await closePool();
      getPool(threads);
      runs.push(bytes(await allocate(team, effort)));
      runs.push(bytes(await allocate(team, effort)));
    }
    const distinct = new Set(runs).size;
    console.log(`determinism: ${runs.length} runs (threads 0, 1, 2; twice each), ${distinct} distinct result${distinct === 1 ? '' : 's'}, ${runs[0].length} bytes`);
    expect(JSON.parse(runs[0]).stats.stop).toBe('effort');
    for (const r of runs) expect(r).toBe(runs[0]);
  }, 180_000);

  it('a move budget under an effort limit: byte-identical across runs and threads, stopped by the effort', async () => {
    // Each price run of a budget used to get a sixth of the time limit (0.5 s of the default 3 s),
    // which boxed its phases by time: the same seed and effort gave different answers from run to run.
    const example = JSON.parse(readFileSync(new URL('../../examples/team.json', import.meta.url), 'utf8')) as { policy?: Record<string, unknown> };
    const budgeted = { ...example, policy: { ...example.policy, maxMoves: 16 } };
    const options = { maxIterations: 100, seed: 1 };
    const runs = [bytes(await allocate(budgeted, { ...options, threads: 0 })), bytes(await allocate(budgeted, { ...options, threads: 0 }))];
    await closePool();
    getPool(2);
    runs.push(bytes(await allocate(budgeted, options)));
    expect(JSON.parse(runs[0]).stats.stop).toBe('effort');
    for (const r of runs) expect(r).toBe(runs[0]);
  }, 60_000);

  it('batch: byte-identical across threads 0, 1, 2', async () => {
    const runs: string[] = [bytes(await allocateBatch(service, { ...effort, threads: 0 }))];
    for (const threads of [1, 2]) {
      await closePool();
      getPool(threads);
      runs.push(bytes(await allocateBatch(service, effort)));
    }
    console.log(`determinism (batch): ${runs.length} runs, ${new Set(runs).size} distinct`);
    for (const r of runs) expect(r).toBe(runs[0]);
  }, 180_000);
});
