import { describe, expect, it } from 'vitest';
import { resultOf } from '../../src/app/pipeline.js';
import { buildTeam } from '../../src/domain/team.js';
import { InputError } from '../../src/input/errors.js';
import { parseProblem } from '../../src/input/parse.js';
import { SolveFailure } from '../../src/pool/pool.js';
import { CaseloadError, ERROR_CODES, errorCode } from '../../src/util/errors.js';
import { CheckFailure } from '../../src/verify/check.js';
import { UsageError } from '../../src/cli/context.js';
import * as library from '../../src/index.js';

describe('CaseloadError', () => {
  it('every deliberate error of the engine is a CaseloadError with its stable code', () => {
    const cases: [Error, string][] = [
      [new InputError([{ path: 'cases[0].type', message: 'no case type "x"' }]), 'INPUT_INVALID'],
      [new UsageError('--leaving goes with --mode handover'), 'USAGE'],
      [new SolveFailure('aborted', 'the solve was aborted'), 'SOLVE_ABORTED'],
      [new SolveFailure('crashed', 'the thread died'), 'SOLVE_FAILED'],
      [new SolveFailure('solve-failed', 'threw'), 'SOLVE_FAILED'],
      [new CheckFailure('internal error: …', ['worker w1: 120 points exceed the limit of 110']), 'CHECK_FAILED'],
    ];
    for (const [e, code] of cases) {
      expect(e).toBeInstanceOf(CaseloadError);
      expect((e as CaseloadError).code).toBe(code);
      expect(errorCode(e)).toBe(code);
      expect(ERROR_CODES).toContain(code);
    }
  });

  it('anything else is INTERNAL', () => {
    expect(errorCode(new Error('boom'))).toBe('INTERNAL');
    expect(errorCode('a string')).toBe('INTERNAL');
    expect(errorCode(new TypeError('x'))).toBe('INTERNAL');
  });

  it('keeps the message and the issues of an InputError', () => {
    const e = new InputError([{ path: 'cases[12].currentWorkerId', message: 'no worker "w-99"' }]);
    expect(e.message).toContain('cases[12].currentWorkerId: no worker "w-99"');
    expect(e.issues).toHaveLength(1);
    expect(e.name).toBe('InputError');
  });

  it('a solver answer that breaks a hard rule raises CheckFailure (CHECK_FAILED), never a result', () => {
    const problem = parseProblem({
      workers: [{ id: 'w1', fte: 1, capacityPoints: 10 }],
      cases: [
        { id: 'c1', type: 'child-in-need', points: 8 },
        { id: 'c2', type: 'child-in-need', points: 8 },
      ],
    });
    const team = buildTeam(problem);
    // Both cases to w1: 16 points against a limit of 11 — a broken answer the checker must catch.
    const bogus = { status: 'feasible' as const, unitWorker: Int32Array.from(team.units, () => 0), objective: 0, bound: null, solver: 'test', seconds: 0, iterations: 0 };
    let thrown: unknown;
    try {
      resultOf(team, bogus);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(CheckFailure);
    expect((thrown as CheckFailure).code).toBe('CHECK_FAILED');
    expect((thrown as CheckFailure).violations.join(' ')).toMatch(/w1: 16 points exceed the limit of 11/);
  });

  it('is part of the public surface', () => {
    expect(library.CaseloadError).toBe(CaseloadError);
    expect(library.CheckFailure).toBe(CheckFailure);
    expect(new library.InputError([])).toBeInstanceOf(library.CaseloadError);
    expect(library.errorCode(new library.SolveFailure('aborted', 'x'))).toBe('SOLVE_ABORTED');
  });
});
