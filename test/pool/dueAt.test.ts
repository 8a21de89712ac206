import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { parseProblemJson } from '../../src/input/parse.js';
import { closePool, solveInPool } from '../../src/pool/pool.js';
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
