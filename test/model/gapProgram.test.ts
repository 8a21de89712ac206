import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseOrLibrary } from '../../src/gap/orlib.js';
import { gapToProgram } from '../../src/model/gapProgram.js';
import { solveExact } from '../../src/solvers/exact.js';
import type { GapInstance } from '../../src/gap/instance.js';
import { bruteForce } from '../support/gap.js';

const gap1 = parseOrLibrary(readFileSync(new URL('../../examples/gap/gap1.txt', import.meta.url), 'utf8'));

const tinyArb = fc.record({ m: fc.integer({ min: 1, max: 3 }), n: fc.integer({ min: 1, max: 5 }), seed: fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 80, maxLength: 80 }), unassigned: fc.boolean() }).map(({ m, n, seed, unassigned }) => {
  const at = (k: number) => seed[k % seed.length];
  const cost = Float64Array.from({ length: m * n }, (_, x) => (at(x) === 0 ? Infinity : at(x)));
  const weight = Float64Array.from({ length: 2 * m * n }, (_, x) => 1 + (at(x + 7) % 6));
  const capacity = Float64Array.from({ length: 2 * m }, (_, x) => 3 + (at(x + 3) % 8));
  const unassignedCost = unassigned ? Float64Array.from({ length: n }, (_, j) => 30 + at(j + 11)) : null;
  return { agents: m, jobs: n, resources: 2, cost, weight, capacity, unassignedCost, fixedAgent: null, balance: null } satisfies GapInstance;
});

describe('the GAP as an integer program, solved by the exact backend', () => {
  it('proves gap1 instance 1 at its known optimum, 261', () => {
    const r = solveExact(gapToProgram(gap1[0]), { timeLimit: 20 });
    expect(r.status).toBe('optimal');
    expect(r.objective).toBe(261);
  });
  it('equals brute force on tiny instances (2 resources, forbidden pairs, unassigned jobs)', () => {
    fc.assert(
      fc.property(tinyArb, (inst) => {
        const oracle = bruteForce(inst);
        const r = solveExact(gapToProgram(inst), { timeLimit: 20 });
        if (oracle === Infinity) expect(r.status).toBe('infeasible');
        else {
          expect(r.status).toBe('optimal');
          expect(r.objective).toBeCloseTo(oracle, 6);
        }
      }),
      { numRuns: 60, seed: 5 },
    );
  });
});
