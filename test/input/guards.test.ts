import { describe, expect, it } from 'vitest';
import { InputError, showValue } from '../../src/input/errors.js';
import { inspectInput, jsonRecordLines, jsonTooDeep } from '../../src/input/guards.js';
import { loadProblemJson, parseProblemJson, validateProblem } from '../../src/input/parse.js';
import { parseScenario } from '../../src/input/scenario.js';

const workers = [{ id: 'a', fte: 1 }];
const issuesOf = (input: unknown) => {
  const v = validateProblem(input);
  return v.ok ? [] : v.issues.map((i) => `${i.path}: ${i.message}`);
};
const nested = (depth: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
};

describe('hostile shapes give InputErrors, not stack overflows', () => {
  it('JSON text nested 100,000 deep, at the top or inside a field', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(() => parseProblemJson(deep, 'top.json')).toThrow(/top\.json line 1 column 33: nested more than 32 levels deep/);
    expect(() => parseProblemJson(`{"workers":[{"id":"a","fte":1}],"cases":[],\n"policy":{"skills":${deep}}}`, 'f.json')).toThrow(InputError);
    expect(() => parseProblemJson(`{"workers":[{"id":"a","fte":1}],"cases":[],\n"policy":{"skills":${deep}}}`, 'f.json')).toThrow(/f\.json line 2 column \d+: nested more than 32/);
    // Brackets inside strings are text, not nesting.
    expect(jsonTooDeep(`{"a":"${'['.repeat(1000)}"}`)).toBeNull();
  });
  it('an object nested 100,000 deep passed to the library', () => {
    const issues = issuesOf({ workers, cases: [], policy: { skills: nested(100_000) } });
    expect(issues).toEqual([expect.stringMatching(/^policy\.skills\[0\]\[0\]…\(32 levels down\): nested more than 32 levels deep/)]);
    expect(issuesOf({ workers: [{ id: 'a', fte: nested(100_000) }], cases: [] })[0]).toMatch(/^workers\[0\]\.fte\[0\]…\(32 levels down\): nested more than 32/);
  });
  it('cycles and non-JSON values', () => {
    const loop: Record<string, unknown> = { id: 'a', fte: 1 };
    loop.self = loop;
    expect(issuesOf({ workers: [loop], cases: [] })).toEqual(['workers[0].self: refers back to itself (a cycle, got {…} that contains itself); input must be a tree of JSON data']);
    expect(issuesOf({ workers: [{ id: 'a', fte: 10n }], cases: [] })).toEqual(['workers[0].fte: a bigint is not JSON data (got 10n)']);
    // An array carrying its own `constructor` would break array methods downstream (found by bench/fuzz.ts at 100,000).
    const hostile = Object.defineProperty([null], 'constructor', { value: 1, enumerable: true });
    expect(issuesOf({ workers: [hostile], cases: [] })).toEqual(['workers[0]: a list with named properties is not JSON data (got "constructor")']);
    expect(issuesOf({ workers: [{ id: 'a', fte: 1, ' ': 1e12 }], cases: [] })).toEqual(['workers[0][" "]: 1000000000000 is out of bounds: numbers must be at most 1e+9 in size']);
    // One array shared by two records is not a cycle.
    const skills = ['court'];
    expect(issuesOf({ workers: [{ id: 'a', fte: 1, skills }, { id: 'b', fte: 1, skills }], cases: [] })).toEqual([]);
  });
  it('showValue never walks a deep or cyclic value', () => {
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(showValue(nested(100_000))).toBe('[[[…]]]');
    expect(showValue(loop)).toBe('{"self":{"self":{…}}}');
    expect(showValue(Infinity)).toBe('Infinity');
    expect(showValue('x'.repeat(10_000)).length).toBeLessThanOrEqual(60);
  });
});

describe('prototype keys and built-in names', () => {
  it('policy records reject __proto__, constructor, prototype (JSON.parse makes them own keys)', () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const raw = JSON.parse(`{"workers":[{"id":"a","fte":1}],"cases":[],"policy":{"caseTypes":{"${key}":{"points":3}}}}`);
      expect(issuesOf(raw)).toEqual([`policy.caseTypes: reserved key "${key}" is not allowed (it is never data)`]);
    }
    expect(({} as Record<string, unknown>).points).toBeUndefined();
  });
  it('policy record keys may not be Object.prototype members (toString, valueOf, …)', () => {
    expect(issuesOf({ workers, cases: [], policy: { modifiers: { toString: 1 } } })[0]).toMatch(/^policy\.modifiers\.toString: "toString" is a reserved name/);
    expect(issuesOf({ workers, cases: [], policy: { roles: { valueOf: { capacityFactor: 1 } } } })[0]).toMatch(/^policy\.roles\.valueOf: "valueOf" is a reserved name/);
  });
  it('a case naming a built-in as its modifier is an unknown modifier, not "40function toString()…"', () => {
    const issues = issuesOf({ workers, cases: [{ id: 'c', type: 'court', modifiers: ['toString', 'constructor'] }] });
    expect(issues).toEqual([expect.stringMatching(/^cases\[0\]\.modifiers\[0\]: unknown modifier "toString"/), expect.stringMatching(/^cases\[0\]\.modifiers\[1\]: unknown modifier "constructor"/)]);
    expect(issues.join('\n')).not.toMatch(/function|native code/);
    expect(issuesOf({ workers: [{ id: 'a', fte: 1, role: 'toString' }], cases: [{ id: 'c', type: 'hasOwnProperty' }] })).toEqual([
      expect.stringMatching(/^workers\[0\]\.role: unknown role "toString"/),
      expect.stringMatching(/^cases\[0\]\.type: unknown case type "hasOwnProperty"/),
    ]);
  });
  it('label keys: built-in names are fine as labels, reserved keys are not', () => {
    const v = validateProblem({ workers: [{ id: 'a', fte: 1, labels: { toString: 'x', name: 'Ann' } }], cases: [] });
    expect(v.ok && v.problem.workers[0].labels).toEqual({ toString: 'x', name: 'Ann' });
    expect(issuesOf(JSON.parse('{"workers":[{"id":"a","fte":1,"labels":{"__proto__":"x"}}],"cases":[]}'))).toEqual(['workers[0].labels: reserved key "__proto__" is not allowed (it is never data)']);
  });
});

describe('numbers that would overflow are refused with a bound', () => {
  it('1e308 weights, Infinity and NaN from the library, and tiny non-zero values', () => {
    expect(issuesOf({ workers, cases: [], policy: { weights: { unallocated: 1e308 } } })).toEqual(['policy.weights.unallocated: 1e+308 is out of bounds: numbers must be at most 1e+9 in size']);
    expect(issuesOf({ workers: [{ id: 'a', fte: Infinity }], cases: [] })).toEqual(['workers[0].fte: Infinity is out of bounds: numbers must be at most 1e+9 in size']);
    expect(issuesOf({ workers: [{ id: 'a', fte: NaN }], cases: [] })).toEqual(['workers[0].fte: not a number (got NaN)']);
    expect(issuesOf({ workers, cases: [], policy: { pointsPerFte: 1e-300 } })).toEqual(['policy.pointsPerFte: 1e-300 is out of bounds: a non-zero number must be at least 1e-9 in size']);
    expect(issuesOf({ workers, cases: [{ id: 'c', type: 'court', points: -1e12 }] })[0]).toMatch(/^cases\[0\]\.points: -1000000000000 is out of bounds/);
    expect(issuesOf({ workers, cases: [], policy: { weights: { unallocated: 1e9 } } })).toEqual([]);
  });
  it('very long strings are refused, shown by their start', () => {
    expect(issuesOf({ workers: [{ id: 'a', fte: 1, team: 'x'.repeat(20_000) }], cases: [] })).toEqual([expect.stringMatching(/^workers\[0\]\.team: text of 20000 characters is too long/)]);
  });
  it('scenarios get the same guards', () => {
    expect(() => parseScenario({ name: 'x', policy: { weights: { move: 1e308 } } }, 'hire.json')).toThrow(/hire\.json: policy\.weights\.move: 1e\+308 is out of bounds/);
    expect(() => parseScenario(JSON.parse('{"name":"x","__proto__":{}}'), 'hire.json')).toThrow(/hire\.json: \(top level\): reserved key "__proto__"/);
  });
  it('inspectInput is quiet on a good problem', () => {
    expect(inspectInput({ workers, cases: [{ id: 'c', type: 'court', modifiers: ['complex'] }], policy: { weights: { move: 10 } } })).toEqual([]);
  });
});

describe('JSON errors name the file, line and id', () => {
  it('locates each record by the line it starts on', () => {
    const text = '{\n  "workers": [\n    {"id": "a", "fte": 1},\n    {"id": "b",\n     "fte": 2}\n  ],\n  "cases": [{"id": "c1", "type": "court"}, {"id": "c2", "type": "x"}]\n}\n';
    expect(jsonRecordLines(text)).toEqual({ workers: [3, 4], cases: [7, 7] });
    let message = '';
    try {
      loadProblemJson(text, 'team.json');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/team\.json line 4, worker "b": workers\[1\]\.fte: must be at most 1 \(got 2\)/);
    expect(message).toMatch(/team\.json line 7, case "c2": cases\[1\]\.type: unknown case type "x"/);
  });
});
