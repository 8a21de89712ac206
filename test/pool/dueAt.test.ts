import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { parseProblemJson } from '../../src/input/parse.js';
import { allocate } from '../../src/app/allocate.js';
import { closePool, defaultThreads, getPool, solveInPool } from '../../src/pool/pool.js';
import { epochNow } from '../../src/util/clock.js';

const example = parseProblemJson(readFileSync(new URL('../../examples/team.json', import.meta.url), 'utf8'));

afterAll(() => closePool());

describe('a solve posted before its due time is settled', () => {
  it('starts its search with the revised due time sent after it (generous bound: 30 s given, 0.3 s settled)', async () => {
    let settle!: (dueAt: number) => void;
    const revisedDueAt = new Promise<number>((resolve) => (settle = resolve));
    const started = epochNow();
    const solving = solveInPool(example, { timeLimit: 30, solver: 'core', noDiagnosis: true }, { dueAt: started + 30_000, revisedDueAt });
    settle(started + 300);
    const solution = await solving;
    expect(solution.unitWorker).not.toBeNull();
    expect((epochNow() - started) / 1000).toBeLessThan(10);
  });
});

describe('a portfolio under a short limit', () => {
  it('is one seed where the limit is too short for a second to search (under 0.3 s + 10 × the reading time), the default portfolio otherwise', async () => {
    await closePool();
    getPool(2);
    const short = await allocate(example, { timeLimit: 0.25, solver: 'core' });
    expect(short.stats.solver).toBe('core');
    expect(short.stats.verified).toBe(true);
    const long = await allocate(example, { timeLimit: 3, solver: 'core' });
    const seeds = Math.min(defaultThreads(), 4);
    expect(long.stats.solver).toBe(seeds > 1 ? `core×${seeds}` : 'core');
    const asked = await allocate(example, { timeLimit: 0.25, solver: 'core', portfolio: 2 });
    expect(asked.stats.solver).toBe('core×2');
  });
});
