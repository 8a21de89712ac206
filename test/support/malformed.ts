/**
 * Generators of malformed input for the property suite (test/input/malformed.test.ts) and the
 * larger fuzz run (bench/fuzz.ts): a valid problem with one to four mutations applied — wrong types,
 * NaN/Infinity, huge and negative numbers, duplicate and dangling ids, unknown and prototype keys,
 * deep nesting, long strings — and CSV text with BOM, CRLF, other delimiters and binary bytes.
 */
import fc from 'fast-check';
import { InputError, type InputIssue } from '../../src/input/errors.js';
import { loadProblemCsv, loadProblemJson, validateProblem } from '../../src/input/parse.js';

type Json = unknown;

/** A small valid problem (two workers, three cases, a policy patch) that mutations start from. */
export function baseProblem(): Record<string, Json> {
  return {
    workers: [
      { id: 'w1', fte: 1, role: 'senior', skills: ['court'], team: 'north' },
      { id: 'w2', fte: 0.5, role: 'qualified', available: true, reductionHours: 2 },
    ],
    cases: [
      { id: 'c1', type: 'court', modifiers: ['complex'], currentWorkerId: 'w1', familyId: 'f1' },
      { id: 'c2', type: 'child-in-need', familyId: 'f1', preferredSkills: ['court'], excludedWorkerIds: ['w2'] },
      { id: 'c3', type: 'child-protection', points: 4, pinned: true, currentWorkerId: 'w2' },
    ],
    policy: { weights: { move: 10 }, caseTypes: { respite: { points: 3 } }, modifiers: { urgent: 2 }, maxUtilisation: 1.2 },
  };
}

const deep = (depth: number, leaf: Json, asObject: boolean): Json => {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = asObject ? { a: v } : [v];
  return v;
};

/** Values no field should accept silently. */
export const nastyValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, 1e308, -1e308, 5e-324, -0, -1, 0, 1e9 + 1, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2, 0.1 + 0.2),
  fc.double(),
  fc.integer({ min: -1e6, max: 1e6 }),
  fc.constantFrom('', ' ', 'x', ' padded ', '0x1', '1e999', 'NaN', 'true', 'null', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '\u0000', '\uFEFF', '\u202E', '"', '=cmd'),
  fc.string({ maxLength: 30 }),
  fc.string({ minLength: 0, maxLength: 3 }).map((s) => s.repeat(4000)),
  // Built fresh each time: a shared constant object would be mutated by later samples.
  fc.constantFrom<() => Json>(() => null, () => undefined, () => true, () => false, () => [], () => ({}), () => [[]], () => [null], () => Object.create(null), () => JSON.parse('{"__proto__": {"points": 1}}'), () => ({ constructor: 1 })).map((make) => make()),
  fc.integer({ min: 33, max: 3000 }).chain((d) => fc.boolean().map((o) => deep(d, 1, o))),
  fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.constant(null)), { maxLength: 6 }),
  fc.dictionary(fc.constantFrom('points', 'x', '__proto__', 'toString', 'label'), fc.oneof(fc.integer(), fc.string({ maxLength: 5 })), { maxKeys: 3 }),
);

const WORKER_FIELDS = ['id', 'team', 'role', 'fte', 'skills', 'available', 'reductionHours', 'reductionPoints', 'capacityPoints', 'maxCases', 'supportHours', 'labels'];
const CASE_FIELDS = ['id', 'type', 'modifiers', 'familyId', 'requiredSkills', 'preferredSkills', 'currentWorkerId', 'pinned', 'excludedWorkerIds', 'points', 'team', 'coWorked', 'labels'];
const POLICY_FIELDS = ['caseTypes', 'modifiers', 'skills', 'roles', 'pointsPerFte', 'reservedPointsPerFte', 'hoursPerFte', 'maxCasesPerFte', 'caseTypeCaps', 'targetUtilisation', 'maxUtilisation', 'balanceThresholds', 'weights', 'allowUnallocated', 'coWorkerShare', 'coWorkerCountsAsCase', 'keepSiblingsTogether', 'maxMoves'];
const WEIGHT_FIELDS = ['unallocated', 'overTarget', 'move', 'maxUtilisation', 'spread', 'preferredSkillMissing'];
const STRANGE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'ftee', 'Id', ' id', ''];

type Mutation = (p: Record<string, Json>) => void;
const list = (p: Record<string, Json>, key: string) => (Array.isArray(p[key]) ? p[key] : []) as Record<string, Json>[];
/** Sets a key as an own property, even `__proto__` (as JSON.parse would). */
const define = (o: unknown, key: string, value: Json) => {
  // An earlier mutation may have replaced the target by a non-object: then there is nothing to set.
  if (o !== null && typeof o === 'object') Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
};

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.nat(3), fc.constantFrom(...WORKER_FIELDS), nastyValue).map(([i, f, v]) => (p: Record<string, Json>) => { const w = list(p, 'workers')[i % 2]; if (w) define(w, f, v); }),
  fc.tuple(fc.nat(4), fc.constantFrom(...CASE_FIELDS), nastyValue).map(([i, f, v]) => (p: Record<string, Json>) => { const c = list(p, 'cases')[i % 3]; if (c) define(c, f, v); }),
  fc.tuple(fc.constantFrom(...POLICY_FIELDS), nastyValue).map(([f, v]) => (p: Record<string, Json>) => define(p.policy as object, f, v)),
  fc.tuple(fc.constantFrom(...WEIGHT_FIELDS), nastyValue).map(([f, v]) => (p: Record<string, Json>) => define((p.policy as { weights?: unknown } | null)?.weights, f, v)),
  fc.tuple(fc.constantFrom('caseTypes', 'modifiers', 'roles', 'caseTypeCaps'), fc.constantFrom(...STRANGE_KEYS), nastyValue).map(([rec, k, v]) => (p: Record<string, Json>) => {
    const policy = p.policy as Record<string, Json>;
    if (policy === null || typeof policy !== 'object') return;
    const target = (policy[rec] !== null && typeof policy[rec] === 'object' ? policy[rec] : {}) as object;
    define(target, k, v);
    define(policy, rec, target);
  }),
  fc.tuple(fc.constantFrom('workers', 'cases', 'policy', 'top'), fc.constantFrom(...STRANGE_KEYS), nastyValue).map(([where, k, v]) => (p: Record<string, Json>) => {
    define(where === 'top' ? p : where === 'policy' ? p.policy : list(p, where)[0], k, v);
  }),
  // Duplicate and dangling ids.
  fc.constantFrom<Mutation>(
    (p) => void list(p, 'workers').push({ ...list(p, 'workers')[0] }),
    (p) => void list(p, 'cases').push({ ...list(p, 'cases')[0] }),
    (p) => define(list(p, 'cases')[1], 'currentWorkerId', 'w-99'),
    (p) => define(list(p, 'cases')[0], 'excludedWorkerIds', ['nobody', 'w1']),
    (p) => define(list(p, 'cases')[0], 'pinned', true),
    (p) => define(list(p, 'cases')[2], 'familyId', 'f1'),
    (p) => define(list(p, 'workers')[1], 'available', false),
    (p) => void (p.workers = []),
    (p) => void (p.cases = Array.from({ length: 100 }, (_, k) => ({ id: `d${k}`, type: 'unicorn', currentWorkerId: `x${k % 7}` }))),
    (p) => define(list(p, 'cases')[0], 'modifiers', ['toString', 'constructor', '__proto__']),
    (p) => define(list(p, 'workers')[0], 'role', 'toString'),
    (p) => define(list(p, 'cases')[0], 'type', 'constructor'),
  ),
  // Whole collections replaced by something else.
  fc.tuple(fc.constantFrom('workers', 'cases', 'policy'), nastyValue).map(([k, v]) => (p: Record<string, Json>) => void (p[k] = v)),
  // A record replaced by something else.
  fc.tuple(fc.constantFrom('workers', 'cases'), nastyValue).map(([k, v]) => (p: Record<string, Json>) => { const l = list(p, k); if (l.length) l[0] = v as Record<string, Json>; }),
);

/** A problem object with 1-4 mutations (or, sometimes, a wholly arbitrary value). */
export const malformedProblem: fc.Arbitrary<Json> = fc.oneof(
  { weight: 9, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 4 }).map((ms) => { const p = baseProblem(); for (const m of ms) m(p); return p; }) },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 4 }) },
);

/** JSON text of a malformed problem, sometimes cut short, sometimes nested deep at the top. */
export const malformedJsonText: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: malformedProblem.map((p) => JSON.stringify(p) ?? 'undefined') },
  { weight: 1, arbitrary: fc.tuple(malformedProblem, fc.nat()).map(([p, cut]) => { const t = JSON.stringify(p) ?? ''; return t.slice(0, cut % (t.length + 1)); }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 200_000 }).map((d) => '['.repeat(d) + ']'.repeat(d)) },
  { weight: 1, arbitrary: fc.integer({ min: 33, max: 100_000 }).map((d) => `{"workers":[{"id":"a","fte":1}],"cases":[],"policy":{"skills":${'['.repeat(d)}${']'.repeat(d)}}}`) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
);

const csvCell: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('w1', 'w2', 'c1', 'court', '1', '0,5', '0.5', '0x1', '1e308', '-1', 'yes', 'maybe', '', '"', '""', 'a;b', '=SUM(A1)', '\u0000', '\uFFFD', 'é', '1e999', 'NaN', 'Infinity'),
  fc.string({ maxLength: 12 }),
);
const csvHeader = (fields: string[]) => fc.shuffledSubarray([...fields, 'name', 'notes', '__proto__', 'constructor', 'toString', ''], { minLength: 1, maxLength: 8 });

/** Valid workers and cases tables in any dialect, with one cell (or none) replaced by a nasty one: exercises the accepted path too. */
const nearlyValidCsv: fc.Arbitrary<{ workers: string; cases: string }> = fc
  .record({
    delimiter: fc.constantFrom(',', ';', '\t'),
    eol: fc.constantFrom('\n', '\r\n'),
    bom: fc.boolean(),
    trailingBlankRows: fc.nat(3),
    target: fc.constantFrom('workers', 'cases'),
    row: fc.nat(2),
    column: fc.nat(5),
    cell: fc.option(csvCell, { freq: 3 }),
  })
  .map(({ delimiter, eol, bom, trailingBlankRows, target, row, column, cell }) => {
    const workers = [['id', 'fte', 'role', 'skills', 'available', 'name'], ['w1', '1', 'senior', 'court', 'yes', 'Ann'], ['w2', delimiter === ';' ? '0,5' : '0.5', 'qualified', '', 'true', 'Bo']];
    const cases = [['id', 'type', 'currentWorkerId', 'modifiers', 'pinned', 'notes'], ['c1', 'court', 'w1', 'complex', 'false', 'n'], ['c2', 'child-in-need', '', '', '', '']];
    const table = target === 'workers' ? workers : cases;
    if (cell !== null) table[1 + (row % 2)][column % 6] = cell;
    const quote = (c: string) => (c.includes(delimiter) || c.includes('"') || c.includes('\n') || c.includes('\r') || (delimiter === ';' && c.includes(',')) ? `"${c.replace(/"/g, '""')}"` : c);
    const text = (rows: string[][]) => (bom ? '\uFEFF' : '') + rows.map((r) => r.map(quote).join(delimiter)).join(eol) + eol + `${delimiter.repeat(5)}${eol}`.repeat(trailingBlankRows);
    return { workers: text(workers), cases: text(cases) };
  });

/** Workers and cases CSV text: random headers and cells, random delimiter and line ending, BOM, binary bytes; or nearly valid tables. */
export const malformedCsv: fc.Arbitrary<{ workers: string; cases: string }> = fc.oneof(nearlyValidCsv, randomCsv());

function randomCsv(): fc.Arbitrary<{ workers: string; cases: string }> {
  return fc
  .record({
    wHeader: csvHeader(WORKER_FIELDS.filter((f) => f !== 'labels')),
    cHeader: csvHeader(CASE_FIELDS.filter((f) => f !== 'labels')),
    wRows: fc.array(fc.array(csvCell, { maxLength: 9 }), { maxLength: 6 }),
    cRows: fc.array(fc.array(csvCell, { maxLength: 9 }), { maxLength: 6 }),
    delimiter: fc.constantFrom(',', ';', '\t'),
    eol: fc.constantFrom('\n', '\r\n', '\r'),
    bom: fc.boolean(),
    garbage: fc.option(fc.uint8Array({ maxLength: 40 }).map((b) => String.fromCharCode(...b)), { freq: 4 }),
  })
  .map(({ wHeader, cHeader, wRows, cRows, delimiter, eol, bom, garbage }) => {
    const table = (header: string[], rows: string[][]) => (bom ? '\uFEFF' : '') + [header, ...rows].map((r) => r.join(delimiter)).join(eol) + eol + (garbage ?? '');
    return { workers: table(wHeader, wRows), cases: table(cHeader, cRows) };
  });
}

/** What a malformed input may do: be accepted, or be refused with InputError. Anything else is a crash. */
export type Outcome = { kind: 'valid' } | { kind: 'refused'; issues: readonly InputIssue[] };

export function outcomeOf(f: () => unknown): Outcome {
  try {
    f();
    return { kind: 'valid' };
  } catch (e) {
    if (e instanceof InputError) return { kind: 'refused', issues: e.issues };
    throw e;
  }
}

/** Problems with an issue itself: it must name a field (a path or a file) and say what was wrong in words. */
export function issueDefects(issues: readonly InputIssue[]): string[] {
  const defects: string[] = [];
  if (issues.length === 0) defects.push('refused with no issue');
  for (const i of issues) {
    if (!i.path.trim()) defects.push(`issue without a field: ${i.message}`);
    if (!i.message.trim()) defects.push(`issue without a message at ${i.path}`);
    if (!namesValue(i)) defects.push(`issue names no value: ${i.path}: ${i.message}`);
    if (/function |native code|\[object Object\]|received undefined/.test(i.message)) defects.push(`issue leaks internals: ${i.path}: ${i.message}`);
  }
  return defects;
}

/** A value is named when the message quotes or shows one (`"x"`, a number, `(got …)`, a list, a key). */
function namesValue(i: InputIssue): boolean {
  return /"|\d|\(got |nothing|\[|\{|true|false|null|NaN|Infinity/.test(i.message);
}

export const run = {
  object: (p: Json) => outcomeOf(() => { const v = validateProblem(p); if (!v.ok) throw new InputError(v.issues); }),
  json: (text: string) => outcomeOf(() => loadProblemJson(text, 'fuzz.json')),
  csv: (t: { workers: string; cases: string }) => outcomeOf(() => loadProblemCsv(t.workers, t.cases)),
};
