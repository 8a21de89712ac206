import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/input/errors.js';
import { CSV_COLUMNS, mergePolicy, parseProblem, parseProblemCsv, parseProblemJson, validateProblem } from '../../src/input/parse.js';
import { CaseSchema, WorkerSchema, problemJsonSchema } from '../../src/input/schema.js';

const worker = (id: string, extra: object = {}) => ({ id, fte: 1, ...extra });
const kase = (id: string, extra: object = {}) => ({ id, type: 'child-in-need', ...extra });

function issuesOf(input: unknown): string[] {
  const v = validateProblem(input);
  if (v.ok) return [];
  return v.issues.map((i) => `${i.path}: ${i.message}`);
}

describe('problem validation names the field and the value', () => {
  it('accepts a minimal problem and fills the defaults', () => {
    const p = parseProblem({ workers: [worker('a')], cases: [kase('c1')] });
    expect(p.workers[0]).toMatchObject({ team: 'team', role: 'qualified', skills: [], available: true });
    expect(p.cases[0]).toMatchObject({ familyId: null, currentWorkerId: null, pinned: false, modifiers: [] });
    expect(p.policy.pointsPerFte).toBe(100);
  });
  it('unknown keys', () => {
    expect(issuesOf({ workers: [worker('a', { ftee: 1 })], cases: [] })).toEqual([expect.stringMatching(/^workers\[0\]: unknown field "ftee"/)]);
    expect(issuesOf({ workers: [worker('a')], cases: [], extra: 1 })[0]).toMatch(/\(top level\): unknown field "extra"/);
  });
  it('duplicate ids', () => {
    expect(issuesOf({ workers: [worker('a'), worker('a')], cases: [] })).toEqual(['workers[1].id: duplicate worker id "a" (first at workers[0])']);
    expect(issuesOf({ workers: [worker('a')], cases: [kase('x'), kase('x')] })).toEqual(['cases[1].id: duplicate case id "x" (first at cases[0])']);
  });
  it('unknown references', () => {
    const issues = issuesOf({ workers: [worker('a')], cases: [kase('c0'), kase('c1', { currentWorkerId: 'w-99', excludedWorkerIds: ['zz'] })] });
    expect(issues).toContain('cases[1].currentWorkerId: no worker "w-99"');
    expect(issues).toContain('cases[1].excludedWorkerIds[0]: no worker "zz"');
  });
  it('negative or zero FTE', () => {
    expect(issuesOf({ workers: [worker('a', { fte: 0 })], cases: [] })[0]).toMatch(/^workers\[0\]\.fte: must be greater than 0 \(got 0\)/);
    expect(issuesOf({ workers: [worker('a', { fte: -0.5 })], cases: [] })[0]).toMatch(/^workers\[0\]\.fte: .*\(got -0\.5\)/);
    expect(issuesOf({ workers: [worker('a', { fte: 1.5 })], cases: [] })[0]).toMatch(/^workers\[0\]\.fte: must be at most 1 \(got 1\.5\)/);
  });
  it('unknown case type, modifier, skill and role', () => {
    const issues = issuesOf({
      workers: [worker('a', { role: 'wizard', skills: ['flying'] })],
      cases: [kase('c1', { type: 'unicorn', modifiers: ['sparkly'], requiredSkills: ['court', 'nope'] })],
    });
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^workers\[0\]\.role: unknown role "wizard" \(known: qualified/),
        expect.stringMatching(/^workers\[0\]\.skills\[0\]: unknown skill "flying"/),
        expect.stringMatching(/^cases\[0\]\.type: unknown case type "unicorn"/),
        expect.stringMatching(/^cases\[0\]\.modifiers\[0\]: unknown modifier "sparkly"/),
        expect.stringMatching(/^cases\[0\]\.requiredSkills\[1\]: unknown skill "nope"/),
      ]),
    );
  });
  it('non-numeric numbers', () => {
    expect(issuesOf({ workers: [worker('a', { fte: 'full' })], cases: [] })[0]).toMatch(/^workers\[0\]\.fte: .*expected number.*\(got "full"\)/);
  });
  it('pinned cases need an available current worker, and siblings cannot be pinned apart', () => {
    expect(issuesOf({ workers: [worker('a')], cases: [kase('c', { pinned: true })] })).toEqual(['cases[0].pinned: a pinned case needs a currentWorkerId to stay with (got pinned true, currentWorkerId null)']);
    expect(issuesOf({ workers: [worker('a', { available: false })], cases: [kase('c', { pinned: true, currentWorkerId: 'a' })] })[0]).toMatch(/not available/);
    expect(
      issuesOf({ workers: [worker('a'), worker('b')], cases: [kase('c1', { familyId: 'f', pinned: true, currentWorkerId: 'a' }), kase('c2', { familyId: 'f', pinned: true, currentWorkerId: 'b' })] })[0],
    ).toMatch(/^cases\[1\]\.pinned: siblings in family "f" are pinned to different workers/);
  });
  it('policy mistakes name the policy field', () => {
    expect(issuesOf({ workers: [worker('a')], cases: [], policy: { targetUtilisation: 1.5 } })[0]).toMatch(/^policy\.targetUtilisation: 1\.5 is above policy\.maxUtilisation/);
    expect(issuesOf({ workers: [worker('a')], cases: [], policy: { weights: { move: -1 } } })[0]).toMatch(/^policy\.weights\.move: .*\(got -1\)/);
    expect(issuesOf({ workers: [worker('a')], cases: [], policy: { caseTypeCaps: { nope: 2 } } })[0]).toMatch(/^policy\.caseTypeCaps: unknown case type "nope"/);
  });
  it('merges a policy patch over the defaults', () => {
    const p = parseProblem({ workers: [worker('a')], cases: [], policy: { caseTypes: { 'respite': { points: 3 } }, weights: { move: 50 }, skills: ['welsh'] } });
    expect(p.policy.caseTypes['respite'].points).toBe(3);
    expect(p.policy.caseTypes['court'].points).toBe(10);
    expect(p.policy.weights.move).toBe(50);
    expect(p.policy.weights.unallocated).toBe(1000);
    expect(p.policy.skills).toContain('welsh');
    expect(p.policy.skills).toContain('court');
  });
  it('a patch over a non-default base keeps what it does not mention', () => {
    const council = mergePolicy({ pointsPerFte: 140, weights: { move: 30 } });
    expect(council.ok).toBe(true);
    if (!council.ok) return;
    const patched = mergePolicy({ weights: { overTarget: 5 } }, council.policy);
    expect(patched.ok && patched.policy.pointsPerFte).toBe(140);
    expect(patched.ok && patched.policy.weights).toMatchObject({ move: 30, overTarget: 5, unallocated: 1000 });
  });
  it('throws an InputError that lists every problem', () => {
    expect(() => parseProblem({ workers: [], cases: [] })).toThrow(InputError);
    expect(() => parseProblem({ workers: [], cases: [] })).toThrow(/workers: needs at least one worker/);
  });
  it('JSON: empty files and syntax errors name the source', () => {
    expect(() => parseProblemJson('', 'team.json')).toThrow(/team\.json: empty file/);
    expect(() => parseProblemJson('{"workers": [', 'team.json')).toThrow(/team\.json: not valid JSON/);
    expect(parseProblemJson('\uFEFF{"workers":[{"id":"a","fte":1}],"cases":[]}').workers).toHaveLength(1);
  });
  it('publishes a JSON Schema with the contract field names', () => {
    const schema = problemJsonSchema() as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(schema.properties)).toEqual(['workers', 'cases', 'policy']);
    const text = JSON.stringify(schema);
    for (const field of ['currentWorkerId', 'excludedWorkerIds', 'familyId', 'requiredSkills', 'preferredSkills', 'pinned', 'fte', 'available']) expect(text).toContain(`"${field}"`);
  });
});

describe('CSV input', () => {
  const workersCsv = 'id,team,role,fte,skills,available\nw1,north,senior,1,court;disability,true\nw2,north,asye,0.5,,yes\n';
  const casesCsv = 'id,type,modifiers,familyId,requiredSkills,preferredSkills,currentWorkerId,pinned,excludedWorkerIds\nc1,court,complex,f1,court,,w1,false,\nc2,child-in-need,,f1,,disability,w1,,w2\n';

  it('reads list cells separated by ";" and fills defaults from empty cells', () => {
    const p = parseProblemCsv(workersCsv, casesCsv);
    expect(p.workers[0].skills).toEqual(['court', 'disability']);
    expect(p.workers[1]).toMatchObject({ fte: 0.5, skills: [], available: true, role: 'asye' });
    expect(p.cases[0]).toMatchObject({ modifiers: ['complex'], familyId: 'f1', requiredSkills: ['court'], pinned: false });
    expect(p.cases[1]).toMatchObject({ excludedWorkerIds: ['w2'], preferredSkills: ['disability'], pinned: false });
  });
  it('accepts a BOM and CRLF line endings', () => {
    const p = parseProblemCsv(`\uFEFF${workersCsv.replace(/\n/g, '\r\n')}`, `\uFEFF${casesCsv.replace(/\n/g, '\r\n')}`);
    expect(p.workers.map((w) => w.id)).toEqual(['w1', 'w2']);
    expect(p.cases.map((c) => c.id)).toEqual(['c1', 'c2']);
  });
  it('is the same problem as the JSON form', () => {
    const fromCsv = parseProblemCsv(workersCsv, casesCsv);
    const fromJson = parseProblem({
      workers: [
        { id: 'w1', team: 'north', role: 'senior', fte: 1, skills: ['court', 'disability'], available: true },
        { id: 'w2', team: 'north', role: 'asye', fte: 0.5 },
      ],
      cases: [
        { id: 'c1', type: 'court', modifiers: ['complex'], familyId: 'f1', requiredSkills: ['court'], currentWorkerId: 'w1' },
        { id: 'c2', type: 'child-in-need', familyId: 'f1', preferredSkills: ['disability'], currentWorkerId: 'w1', excludedWorkerIds: ['w2'] },
      ],
    });
    expect(fromCsv).toEqual(fromJson);
  });
  it('non-numbers, bad booleans and empty files are named with file, line and id', () => {
    expect(() => parseProblemCsv('id,fte\nw1,full\n', casesCsv)).toThrow(/workers\.csv line 2, worker "w1": workers\[0\]\.fte: not a number: "full"/);
    expect(() => parseProblemCsv('id,fte,available\nw1,1,maybe\n', casesCsv)).toThrow(/not true\/false: "maybe"/);
    expect(() => parseProblemCsv('', casesCsv)).toThrow(/workers\.csv: empty file/);
    expect(() => parseProblemCsv(workersCsv, '  \n')).toThrow(/cases\.csv: empty file/);
  });
  it('cross-reference errors use the record path', () => {
    expect(() => parseProblemCsv(workersCsv, 'id,type,currentWorkerId\nc1,court,w-99\n')).toThrow(/cases\[0\]\.currentWorkerId: no worker "w-99"/);
  });
  it('has a column for every schema field and no other (labels are the extra columns)', () => {
    const fields = (shape: object) => Object.keys(shape).filter((k) => k !== 'labels').sort();
    expect(Object.keys(CSV_COLUMNS.workers).sort()).toEqual(fields(WorkerSchema.shape));
    expect(Object.keys(CSV_COLUMNS.cases).sort()).toEqual(fields(CaseSchema.shape));
  });
});
