/**
 * The library's options are checked at its boundary (src/input/options.ts): a wrong option is an
 * InputError naming the option and the value, on every entry point, before any work starts.
 */
import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { allocate, allocateBatch, allocateSync, compare, diagnose, explainCase, InputError, modelAsLp, recommend, tradeoff, tradeoffSync, diagnoseSync, type SolverChoice, type Workflow } from '../../src/index.js';
import { checkOptions, MAX_PORTFOLIO, type CheckedOptions } from '../../src/input/options.js';

const tiny = { workers: [{ id: 'a', fte: 1 }, { id: 'b', fte: 1 }], cases: [{ id: 'c1', type: 'court' }, { id: 'c2', type: 'assessment', currentWorkerId: 'a' }] };

/** The InputError's issues, or a failure when the call does not throw one. */
function issuesOf(f: () => unknown): { path: string; message: string }[] {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return [...e.issues];
    throw e;
  }
  throw new Error('expected an InputError');
}

async function issuesOfAsync(f: () => Promise<unknown>): Promise<{ path: string; message: string }[]> {
  const e = await f().then(
    () => null,
    (x: unknown) => x,
  );
  if (e instanceof InputError) return [...e.issues];
  throw new Error(`expected an InputError, got ${String(e)}`);
}

describe('checkOptions', () => {
  const bad: [Record<string, unknown>, string, string][] = [
    [{ solver: 'fast' }, 'solver', 'expected one of "auto", "core", "exact", "highs", got "fast"'],
    [{ seed: 'x' }, 'seed', 'expected a whole number, got "x"'],
    [{ seed: 1.5 }, 'seed', 'expected a whole number, got 1.5'],
    [{ timeLimit: NaN }, 'timeLimit', 'expected a number of seconds > 0, got NaN'],
    [{ timeLimit: -1 }, 'timeLimit', 'expected a number of seconds > 0, got -1'],
    [{ timeLimit: 0 }, 'timeLimit', 'expected a number of seconds > 0, got 0'],
    [{ timeLimit: Infinity }, 'timeLimit', 'expected a number of seconds > 0, got Infinity'],
    [{ timeLimit: '3' }, 'timeLimit', 'expected a number of seconds > 0, got "3"'],
    [{ maxIterations: 0 }, 'maxIterations', 'expected a whole number ≥ 1 (or Infinity: no effort limit), got 0'],
    [{ maxIterations: 2.5 }, 'maxIterations', 'expected a whole number ≥ 1 (or Infinity: no effort limit), got 2.5'],
    [{ targetGap: -0.1 }, 'targetGap', 'expected a number ≥ 0, got -0.1'],
    [{ threads: -1 }, 'threads', 'expected a whole number ≥ 0 (0 = solve on the calling thread), got -1'],
    [{ portfolio: 0 }, 'portfolio', `expected a whole number from 1 to ${MAX_PORTFOLIO}, got 0`],
    [{ portfolio: 1000 }, 'portfolio', `expected a whole number from 1 to ${MAX_PORTFOLIO}, got 1000`],
    [{ mode: 'swap' }, 'mode', 'expected one of "rebalance", "intake", "handover", got "swap"'],
    [{ leaving: 'w03' }, 'leaving', 'expected an array of worker ids, got "w03"'],
    [{ leaving: ['w03', 7] }, 'leaving[1]', 'expected a worker id (a string), got 7'],
    [{ signal: {} }, 'signal', 'expected an AbortSignal, got {}'],
    [{ onProgress: 'log' }, 'onProgress', 'expected a function, got "log"'],
    [{ crossTeam: 'yes' }, 'crossTeam', 'expected true or false, got "yes"'],
    [{ targetCases: 0 }, 'targetCases', 'expected a number > 0 (cases per worker), got 0'],
    [{ k: 0 }, 'k', 'expected a whole number ≥ 1, got 0'],
  ];
  it.each(bad)('%j → %s: %s', (options, path, message) => {
    expect(issuesOf(() => checkOptions(options))).toEqual([{ path, message }]);
  });

  it('lists every wrong option at once', () => {
    expect(issuesOf(() => checkOptions({ solver: 'fast', seed: 'x', timeLimit: -1 })).map((i) => i.path).sort()).toEqual(['seed', 'solver', 'timeLimit']);
  });

  it('options that are not an object are refused', () => {
    expect(issuesOf(() => checkOptions(5))).toEqual([{ path: 'options', message: 'expected an object of options, got 5' }]);
    expect(issuesOf(() => checkOptions(null))).toEqual([{ path: 'options', message: 'expected an object of options, got null' }]);
    expect(issuesOf(() => checkOptions([]))).toEqual([{ path: 'options', message: 'expected an object of options, got []' }]);
  });

  it('good options come back as the same object, unknown keys and all (nothing stripped or defaulted)', () => {
    const options = { timeLimit: 0.5, seed: -3, maxIterations: Infinity, solver: 'exact', targetGap: 0, threads: 0, portfolio: MAX_PORTFOLIO, signal: new AbortController().signal, onProgress: () => {}, mode: 'handover', leaving: ['a'], somethingNew: 1 };
    const copy = { ...options };
    expect(checkOptions(options)).toBe(options);
    expect(options).toEqual(copy);
    expect(checkOptions(undefined)).toBeUndefined();
    expect(checkOptions({})).toEqual({});
  });

  it('property: any finite time limit > 0 passes; anything else is refused naming timeLimit', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: false }), (t) => {
        const good = Number.isFinite(t) && t > 0;
        if (good) expect(() => checkOptions({ timeLimit: t })).not.toThrow();
        else expect(issuesOf(() => checkOptions({ timeLimit: t })).map((i) => i.path)).toEqual(['timeLimit']);
      }),
    );
  });

  it('property: a seed passes exactly when it is a safe integer', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.double()), (seed) => {
        const ok = (() => {
          try {
            checkOptions({ seed });
            return true;
          } catch {
            return false;
          }
        })();
        expect(ok).toBe(Number.isSafeInteger(seed));
      }),
    );
  });

  it('the enums agree with the types the stages declare', () => {
    expectTypeOf<NonNullable<CheckedOptions['solver']>>().toEqualTypeOf<SolverChoice>();
    expectTypeOf<NonNullable<CheckedOptions['mode']>>().toEqualTypeOf<Workflow>();
  });
});

describe('every entry point checks its options first', () => {
  const wrong = { solver: 'fast' } as never;
  const expected = [{ path: 'solver', message: 'expected one of "auto", "core", "exact", "highs", got "fast"' }];

  it('allocate, allocateBatch and compare (async) reject with an InputError', async () => {
    expect(await issuesOfAsync(() => allocate(tiny, wrong))).toEqual(expected);
    expect(await issuesOfAsync(() => allocate(tiny, { timeLimit: NaN }))).toEqual([{ path: 'timeLimit', message: 'expected a number of seconds > 0, got NaN' }]);
    expect(await issuesOfAsync(() => allocateBatch(tiny, wrong))).toEqual(expected);
    expect(await issuesOfAsync(() => compare(tiny, [], wrong))).toEqual(expected);
    expect(await issuesOfAsync(() => tradeoff(tiny, [0], wrong))).toEqual(expected);
    expect(await issuesOfAsync(() => diagnose(tiny, { timeLimit: -1 }))).toEqual([{ path: 'timeLimit', message: 'expected a number of seconds > 0, got -1' }]);
  });

  it('allocateSync, modelAsLp, tradeoffSync, diagnoseSync, recommend and explainCase throw an InputError', () => {
    expect(issuesOf(() => allocateSync(tiny, wrong))).toEqual(expected);
    expect(issuesOf(() => allocateSync(tiny, { seed: 'x' } as never))).toEqual([{ path: 'seed', message: 'expected a whole number, got "x"' }]);
    expect(issuesOf(() => modelAsLp(tiny, { mode: 'swap' } as never))).toEqual([{ path: 'mode', message: 'expected one of "rebalance", "intake", "handover", got "swap"' }]);
    expect(issuesOf(() => tradeoffSync(tiny, [0], wrong))).toEqual(expected);
    expect(issuesOf(() => diagnoseSync(tiny, { timeLimit: -1 }))).toEqual([{ path: 'timeLimit', message: 'expected a number of seconds > 0, got -1' }]);
    expect(issuesOf(() => recommend(tiny, { id: 'c9', type: 'court' }, { k: 0 }))).toEqual([{ path: 'k', message: 'expected a whole number ≥ 1, got 0' }]);
    const result = allocateSync(tiny, { maxIterations: 5 });
    expect(issuesOf(() => explainCase(tiny, result, 'c1', wrong))).toEqual(expected);
  });

  it('good options still solve', async () => {
    expect(allocateSync(tiny, { maxIterations: 5, solver: 'core', seed: 2 }).assignments).toHaveLength(2);
    expect((await allocate(tiny, { maxIterations: 5, threads: 0 })).assignments).toHaveLength(2);
  });
});
