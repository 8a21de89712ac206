import { describe, expect, it } from 'vitest';
import { allocateSync } from '../../src/app/allocate.js';
import { pinWarnings } from '../../src/domain/pins.js';
import { parseProblem } from '../../src/input/parse.js';
import { run } from '../../src/cli/run.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const input = (overCapacity: 'keep-held' | 'limit-first') => ({
  workers: [
    { id: 'n', fte: 1, role: 'asye' },
    { id: 'q', fte: 1, skills: ['court'] },
  ],
  cases: [
    // An ASYE may not hold child protection: the pin overrides it.
    { id: 'cp', type: 'child-protection', currentWorkerId: 'n', pinned: true },
    // A held sibling of a pinned case, needing a skill n lacks: the family pin holds it too.
    { id: 'sib', type: 'child-in-need', familyId: 'f', currentWorkerId: 'n', requiredSkills: ['court'] },
    { id: 'pin', type: 'child-in-need', familyId: 'f', currentWorkerId: 'n', pinned: true },
    // A new sibling the pinned worker may not take by the rules: under keep-held it does not join n.
    { id: 'new', type: 'court', familyId: 'f' },
  ],
  policy: { overCapacity },
});

describe('pins that break a rule are loud', () => {
  it('hand-checked: each pinned child breaking a rule is listed with the rule; a new sibling is held only under limit-first', () => {
    const keep = pinWarnings(parseProblem(input('keep-held')));
    expect(keep.map((w) => [w.caseId, w.workerId, w.rule, w.pinnedCaseId])).toEqual([
      ['cp', 'n', 'role-restriction', 'cp'],
      ['sib', 'n', 'missing-skill', 'pin'],
    ]);
    expect(keep[1].words).toBe('sib is pinned with its sibling pin to n, but n lacks the required skill "court": the pin overrides the rule');
    const first = pinWarnings(parseProblem(input('limit-first')));
    expect(first.map((w) => w.caseId)).toEqual(['cp', 'sib', 'new']);
  });

  it('the result lists them, and under keep-held the new sibling waits rather than breaking the rule', () => {
    const r = allocateSync(input('keep-held'), { maxIterations: 100, timeLimit: 20 });
    expect(r.pinWarnings.map((w) => w.caseId)).toEqual(['cp', 'sib']);
    expect(r.unallocated.map((u) => u.caseId)).toEqual(['new']);
  });

  it('validate warns and still succeeds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caseload-pins-'));
    const file = join(dir, 'p.json');
    writeFileSync(file, JSON.stringify(input('keep-held')));
    let out = '';
    const code = await run(['validate', file], { out: (t) => (out += t), err: () => {} });
    expect(code).toBe(0);
    expect(out).toMatch(/^valid: 2 workers, 4 cases; 2 warnings\n/);
    expect(out).toContain('warning: cases[0] cp is pinned to n, but role "asye" may not hold child-protection cases: the pin overrides the rule');
  });
});
