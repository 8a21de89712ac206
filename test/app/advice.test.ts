import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { caseWorkerOf, coWorkerOf, diagnose, diagnoseSync, explainCase, recommend, tradeoff, tradeoffSync } from '../../src/app/advice.js';
import { closePool } from '../../src/pool/pool.js';
import { allocateSync } from '../../src/app/allocate.js';
import { parseProblem } from '../../src/input/parse.js';
import { syntheticProblem } from '../../src/input/synthetic.js';
import type { Problem, ProblemInput } from '../../src/input/schema.js';
import { formatCaseExplanation } from '../../src/report/explain.js';
import { renderHtmlReport } from '../../src/report/html.js';
import { renderMarkdownSummary } from '../../src/report/summary.js';
import { checkAllocation } from '../../src/verify/check.js';
import { tinyProblemArb } from '../support/problems.js';

const effort = { maxIterations: 300, timeLimit: 20, solver: 'exact' as const };

// a: 10 points capacity holding 15 (150%); c on leave holding two assessments; b has room and the court skill.
// The limit-first policy: these fixtures pin its rules (keep-held, the default, has its own below).
const team: ProblemInput = {
  workers: [
    { id: 'a', fte: 1, capacityPoints: 10 },
    { id: 'b', fte: 1, capacityPoints: 90, skills: ['court'] },
    { id: 'c', fte: 1, available: false },
  ],
  cases: [
    { id: 'a1', type: 'child-in-need', currentWorkerId: 'a' },
    { id: 'a2', type: 'child-in-need', currentWorkerId: 'a' },
    { id: 'a3', type: 'child-in-need', currentWorkerId: 'a' },
    { id: 'c1', type: 'assessment', currentWorkerId: 'c' },
    { id: 'c2', type: 'assessment', currentWorkerId: 'c' },
    { id: 'k', type: 'court', requiredSkills: ['court'], currentWorkerId: 'b' },
    { id: 'new', type: 'assessment' },
  ],
  policy: { skills: ['court'], overCapacity: 'limit-first' },
};

describe('explanations (hand-checked)', () => {
  const result = allocateSync(team, effort);
  const worker = (id: string) => result.workers.find((w) => w.workerId === id)!;

  it('per worker: points by type, cases in and out, and why', () => {
    expect(result.status).toBe('optimal');
    // Balance outweighs a move of 10: a keeps one case (50%), b takes the rest.
    expect(worker('a').notes).toEqual(['gave 2 cases (2 to b)', 'relieved: was 15 points, 150%; now 5 points, 50%']);
    expect(worker('a').pointsByType).toEqual({ 'child-in-need': 5 });
    expect(worker('b').notes).toEqual(['took 2 cases from a (relieving a: 150% before)', 'took 2 cases from c (on leave or leaving)', 'took 1 new referral']);
    expect(worker('b').pointsByType).toEqual({ assessment: 12, court: 10, 'child-in-need': 10 });
    expect(worker('b').casesIn).toEqual(expect.arrayContaining([{ caseId: 'new', from: null }, { caseId: 'c1', from: 'c' }]));
    expect(worker('c').notes).toEqual(['on leave or leaving: handed over 2 cases (2 to b)']);
    expect(worker('c').casesOut).toEqual([{ caseId: 'c1', to: 'b' }, { caseId: 'c2', to: 'b' }]);
  });

  it('per case: alternatives ranked, with "lacks skill" and "no room: short by N points"', () => {
    const k = explainCase(team, result, 'k');
    expect(k.workerId).toBe('b');
    expect(k.alternatives[0]).toMatchObject({ workerId: 'b', current: true, scoreChange: 0 });
    // a holds 5 of its 11-point limit: 10 more points leave it short by 4.
    expect(k.alternatives.find((x) => x.workerId === 'a')!.reasons).toEqual(['lacks skill court', 'no room: short by 4 points']);
    expect(k.alternatives.find((x) => x.workerId === 'c')!.reasons[0]).toBe('not available');
    expect(k.summary).toMatch(/^k is with b \(10 points\): no other worker could take it/);
    const moved = result.assignments.find((x) => x.caseId.startsWith('a') && x.workerId === 'b')!.caseId;
    const e = explainCase(team, result, moved);
    // Back to a (5 → 10 points of 10): continuity −10 but a over its spread thresholds; b is cheaper.
    expect(e.alternatives[0]).toMatchObject({ workerId: 'b', current: true });
    expect(e.alternatives.find((x) => x.workerId === 'a')).toMatchObject({ feasible: true });
    expect(e.alternatives.find((x) => x.workerId === 'a')!.scoreChange).toBeGreaterThan(0);
    expect(e.alternatives.find((x) => x.workerId === 'a')!.deciding.join(' ')).toMatch(/continuity\/moves -10/);
    expect(() => explainCase(team, result, 'nope')).toThrow(/no case "nope"/);
  });

  it('unallocated: capacity reason names workers barred by role', () => {
    const r = allocateSync({ workers: [{ id: 'q', fte: 1, capacityPoints: 5 }, { id: 'n', fte: 1, role: 'asye' }], cases: [{ id: 'x', type: 'child-protection' }] }, effort);
    expect(r.unallocated[0].reason).toBe('no worker who may take it has room: of the 1 who may take it by the rules, 1 has no room (it needs 7 points; the closest is short by 1.5); 1 other: role "asye" may not hold child-protection cases');
  });

  it('an infeasible allocation carries its diagnosis', async () => {
    const input = { workers: [{ id: 'a', fte: 1, capacityPoints: 8 }], cases: [{ id: 'x', type: 'child-protection' }, { id: 'y', type: 'child-protection' }], policy: { allowUnallocated: false } };
    const r = allocateSync(input, effort);
    expect(r.status).toBe('infeasible');
    expect(r.diagnosis).toMatchObject({ proven: true, conflicts: [{ group: 'points:a' }] });
    expect(r.diagnosis!.details[0]).toMatch(/they total 14 points; those workers may carry 8\.8 points in all/);
    expect(diagnoseSync(input).groups.map((g) => g.id)).toEqual(['points:a']);
    // Off the calling thread (the pool), with exact checks: the same minimal set.
    expect((await diagnose(input)).groups.map((g) => g.id)).toEqual(['points:a']);
  });
});

describe('per-case alternatives (property)', () => {
  it('the ranked alternatives’ costs equal the objective change measured by applying the move', () => {
    fc.assert(
      fc.property(tinyProblemArb, (problem) => {
        const result = allocateSync(problem, effort);
        if (result.status !== 'optimal' && result.status !== 'feasible') return;
        const caseWorker = caseWorkerOf(problem, result);
        const coWorker = coWorkerOf(problem, result);
        const base = checkAllocation(problem, caseWorker, coWorker).objective;
        const at = new Map(problem.workers.map((w, i) => [w.id, i]));
        for (const c of problem.cases) {
          const e = explainCase(problem, result, c.id);
          expect(e.alternatives).toHaveLength(problem.workers.length);
          for (const alt of e.alternatives) {
            const moved = Int32Array.from(caseWorker);
            for (const id of e.unit) moved[problem.cases.findIndex((d) => d.id === id)] = at.get(alt.workerId)!;
            const after = checkAllocation(problem, moved, coWorker);
            expect(alt.scoreChange).toBeCloseTo(after.objective - base, 3);
            expect(alt.feasible).toBe(after.ok);
          }
          // A co-worked case: its co-worker's alternatives, the lead staying.
          expect(e.coWorkerAlternatives !== undefined).toBe(c.coWorked);
          const j = problem.cases.indexOf(c);
          for (const alt of e.coWorkerAlternatives ?? []) {
            const moved = Int32Array.from(coWorker);
            moved[j] = at.get(alt.workerId)!;
            const after = checkAllocation(problem, caseWorker, moved);
            expect(alt.scoreChange).toBeCloseTo(after.objective - base, 3);
            expect(alt.feasible).toBe(after.ok);
          }
          if (result.status === 'optimal' && e.coWorkerAlternatives) expect(Math.min(...e.coWorkerAlternatives.filter((a) => a.feasible).map((a) => a.scoreChange))).toBeGreaterThanOrEqual(-1e-6);
          // Optimal: no feasible alternative is better.
          if (result.status === 'optimal') expect(Math.min(...e.alternatives.filter((a) => a.feasible).map((a) => a.scoreChange))).toBeGreaterThanOrEqual(-1e-6);
        }
      }),
      { numRuns: 60, seed: 17 },
    );
  });
});

describe('tradeoff: the fewest moves', () => {
  const overloaded = {
    workers: [
      { id: 'w1', fte: 1, capacityPoints: 10 },
      { id: 'w2', fte: 1, capacityPoints: 10 },
    ],
    // w1 holds 25 points with a limit of 11: at least 3 of the 5-point cases must leave w1.
    cases: ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, type: 'child-in-need', currentWorkerId: 'w1' })),
    policy: { overCapacity: 'limit-first' as const },
  };
  it('hand-checked: a cap below the minimum states the true minimum, proven; a cap at it holds', () => {
    const rows = tradeoffSync(overloaded, [1, 3, null], { maxIterations: 200, timeLimit: 20 });
    expect(rows[0]).toMatchObject({ status: 'infeasible', note: 'the fewest moves that keep every hard rule is 3 (proven); the cap is 1' });
    expect(rows[1]).toMatchObject({ moves: 3 });
    expect(rows[2].moves).toBeGreaterThanOrEqual(3);
  });
  it('the CLI exits 1 when every cap is too tight', async () => {
    const { run } = await import('../../src/cli/run.js');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'caseload-tradeoff-')), 'p.json');
    writeFileSync(file, JSON.stringify(overloaded));
    let out = '';
    expect(await run(['allocate', file, '--tradeoff', '0,1', '--max-iterations', '100'], { out: (t) => (out += t), err: () => {} })).toBe(1);
    expect(out).toMatch(/max moves 0: the fewest moves that keep every hard rule is 3 \(proven\)/);
    expect(await run(['allocate', file, '--tradeoff', '0,3', '--max-iterations', '100'], { out: () => {}, err: () => {} })).toBe(0);
  });
  it("a note on the uncapped row says 'no cap', not 'max moves null'", async () => {
    const { formatTradeoff } = await import('../../src/cli/commands/allocate.js');
    const text = formatTradeoff([{ maxMoves: null, status: 'infeasible', moves: null, highestUtilisation: null, objective: null, unallocated: null, note: '19 allocation units need 90 points' } as unknown as Parameters<typeof formatTradeoff>[0][number]]);
    expect(text).toContain('  no cap: 19 allocation units need 90 points');
    expect(text).not.toContain('null');
  });
});

describe('recommend', () => {
  it('hand-checked: ranks by the score change; the skill and room rules exclude with reasons', () => {
    const r = recommend(team, { id: 'r1', type: 'court', requiredSkills: ['court'] });
    expect(r.workers.map((w) => w.workerId)).toEqual(['b']);
    // Scored on the current allocation (currentWorkerId): b holds k (10 points) → 20.
    expect(r.workers[0]).toMatchObject({ rank: 1, pointsAfter: 20, capacityPoints: 90, bandAfter: 'blue' });
    expect(r.cannot).toEqual(expect.arrayContaining([{ workerId: 'a', reasons: ['lacks skill court', 'no room: short by 14 points'] }, { workerId: 'c', reasons: ['not available'] }]));
    const s = recommend(team, { id: 'r2', type: 'assessment' }, { k: 1 });
    expect(s.workers).toHaveLength(1);
    expect(s.workers[0].workerId).toBe('b');
    expect(() => recommend(team, { id: 'r3', type: 'unicorn' })).toThrow(/case\.type: unknown case type "unicorn"/);
    expect(() => recommend(team, { id: 'a1', type: 'assessment' })).toThrow(/a1/);
  });

  it("a referral for a team is offered only that team's workers; an unknown team is refused", () => {
    const two: ProblemInput = { workers: [{ id: 'n1', fte: 1, team: 'north' }, { id: 's1', fte: 1, team: 'south' }, { id: 's2', fte: 1, team: 'south' }], cases: [] };
    const r = recommend(two, { id: 'r', type: 'assessment', team: 'south' });
    expect(r.workers.map((w) => w.workerId).sort()).toEqual(['s1', 's2']);
    expect(r.cannot.map((c) => c.workerId)).toEqual([]);
    expect(recommend(two, { id: 'r', type: 'assessment' }).workers).toHaveLength(3);
    expect(() => recommend(two, { id: 'r', type: 'assessment', team: 'west' })).toThrow(/team.*"west"/);
  });

  it('a new sibling goes with its family: moving the family is scored', () => {
    const p: ProblemInput = { workers: [{ id: 'a', fte: 1 }, { id: 'b', fte: 1 }], cases: [{ id: 's1', type: 'assessment', familyId: 'f', currentWorkerId: 'a' }] };
    const r = recommend(p, { id: 's2', type: 'assessment', familyId: 'f' });
    expect(r.unit).toEqual(['s1', 's2']);
    expect(r.workers[0].workerId).toBe('a');
    expect(r.workers[0].reasons[0]).toBe('keeps the family together (1 sibling already with a)');
    expect(r.workers[1].terms.moves).toBe(10);
    expect(r.workers[1].reasons[0]).toBe('siblings go together: moves s1 from a');
  });

  it('property: each score change equals the checker’s objective with the referral placed minus before', () => {
    const newCase = fc.record({ type: fc.constantFrom('child-in-need', 'court', 'assessment'), family: fc.constantFrom(null, 'f1'), skill: fc.constantFrom([], ['court']), pref: fc.constantFrom([], ['disability']), coWorked: fc.boolean() });
    fc.assert(
      fc.property(tinyProblemArb, newCase, (problem: Problem, nc) => {
        const referral = { id: 'ref', type: nc.type, familyId: nc.family, requiredSkills: nc.skill, preferredSkills: nc.pref, coWorked: nc.coWorked };
        const r = recommend(problem, referral, { k: 10 });
        const at = new Map(problem.workers.map((w, i) => [w.id, i]));
        const baseline = Int32Array.from(problem.cases, (c) => (c.currentWorkerId === null ? -1 : at.get(c.currentWorkerId)!));
        const before = checkAllocation(problem, baseline).objective;
        const appended = parseProblem({ ...problem, cases: [...problem.cases, referral] });
        for (const w of r.workers) {
          const placed = Int32Array.from([...baseline, -1]);
          for (const id of r.unit) placed[appended.cases.findIndex((c) => c.id === id)] = at.get(w.workerId)!;
          // A co-worked referral: its co-worker beside it (null = none).
          const coPlaced = new Int32Array(appended.cases.length).fill(-1);
          if (nc.coWorked) coPlaced[appended.cases.length - 1] = w.coWorker ? at.get(w.coWorker.workerId)! : -1;
          else expect(w.coWorker).toBeUndefined();
          const after = checkAllocation(appended, placed, coPlaced);
          expect(after.violations.filter((v) => v.includes('ref'))).toEqual([]);
          expect(w.scoreChange).toBeCloseTo(after.objective - before, 3);
        }
        for (let q = 1; q < r.workers.length; q++) expect(r.workers[q].scoreChange).toBeGreaterThanOrEqual(r.workers[q - 1].scoreChange);
        expect(r.workers.length + r.cannot.length).toBe(problem.workers.length);
      }),
      { numRuns: 150, seed: 8 },
    );
  });
});

afterAll(() => closePool());

describe('rebalance trade-off', () => {
  it('one row per cap; each cap holds, or the diagnosis proves it too tight (on the pool, and the same on the calling thread)', async () => {
    const p = syntheticProblem({ teams: 1, workersPerTeam: 6, casesPerTeam: 40, seed: 3 });
    const rows = await tradeoff(p, [0, 2, 5, null], { maxIterations: 200, timeLimit: 30, solver: 'core' });
    expect(tradeoffSync(p, [0, 2, 5, null], { maxIterations: 200, timeLimit: 30, solver: 'core' })).toEqual(rows);
    expect(rows.map((r) => r.maxMoves)).toEqual([0, 2, 5, null]);
    for (const r of rows) {
      if (r.bands === null) {
        // No allocation under this cap: the diagnosis proves the cap too tight.
        expect(r.status).toBe('infeasible');
        expect(r.note).toMatch(/at least 1 move is needed \(w04 must give up at least 1\); the budget is 0/);
        continue;
      }
      if (r.maxMoves !== null) expect(r.moves).toBeLessThanOrEqual(r.maxMoves);
      expect(r.bands.red + r.bands.amber + r.bands.green + r.bands.blue).toBe(p.workers.filter((w) => w.available !== false).length);
    }
    expect(rows[3].status).toMatch(/optimal|feasible/);
  });
});

describe('explainCase after a workflow', () => {
  it('a handover result carries its leavers, so explainCase applies the same pins', () => {
    const p = { workers: [{ id: 'a', fte: 1 }, { id: 'b', fte: 1 }, { id: 'c', fte: 1 }], cases: [{ id: 'x', type: 'assessment', currentWorkerId: 'a' }, { id: 'y', type: 'assessment', currentWorkerId: 'b' }] };
    const r = allocateSync(p, { ...effort, mode: 'handover', leaving: ['a'] });
    expect(r).toMatchObject({ mode: 'handover', leaving: ['a'] });
    const y = explainCase(p, r, 'y');
    expect(y.alternatives.find((x) => x.workerId === 'c')!.reasons).toEqual(['pinned to b']);
    expect(y.alternatives.find((x) => x.workerId === 'a')!.reasons).toEqual(['pinned to b', 'not available']);
  });
});

describe('explanation rules, one fixture each (hand-checked)', () => {
  it('worker notes: unchanged; above target; above the limit only through pins; left unallocated', () => {
    const r = allocateSync(
      {
        workers: [
          { id: 'p', fte: 1, capacityPoints: 10 },
          { id: 'q', fte: 1, capacityPoints: 10 },
          { id: 'idle', fte: 1, capacityPoints: 10 },
        ],
        cases: [
          // p holds 14 pinned points (140%): over the 110% limit only through pins.
          { id: 'pin1', type: 'child-protection', currentWorkerId: 'p', pinned: true },
          { id: 'pin2', type: 'child-protection', currentWorkerId: 'p', pinned: true },
          // q holds one 7-point case; a second new one can only go to q: 10.5 of 11 → above target.
          { id: 'q1', type: 'child-protection', currentWorkerId: 'q', pinned: true },
          { id: 'n1', type: 'assessment', points: 3.5, excludedWorkerIds: ['p', 'idle'] },
          // A 12-point case fits nobody (limit 11): left unallocated, off idle's caseload.
          { id: 'big', type: 'assessment', points: 12, currentWorkerId: 'idle' },
        ],
        policy: { overCapacity: 'limit-first' },
      },
      effort,
    );
    const notes = (id: string) => r.workers.find((w) => w.workerId === id)!.notes;
    expect(notes('p')).toEqual(['above the 110% limit only through pinned cases']);
    // p (140%) is at or above target; idle (0) is not.
    expect(notes('q')).toEqual(['took 1 new referral', 'above target (105%); 1 of the other 2 available workers are at or above target too']);
    expect(notes('idle')).toEqual(['gave 1 case (1 left unallocated)', 'relieved: was 12 points, 120%; now 0 points, 0%']);
    const calm = allocateSync({ workers: [{ id: 'a', fte: 1 }], cases: [{ id: 'x', type: 'assessment', currentWorkerId: 'a' }] }, effort);
    expect(calm.workers[0].notes).toEqual(['unchanged']);
  });

  it('case alternatives: pinned, at the maximum of cases, at a case-type cap, over the move budget', () => {
    const p = {
      workers: [
        { id: 'a', fte: 1 },
        { id: 'full', fte: 1, maxCases: 1 },
        { id: 'capped', fte: 1 },
      ],
      cases: [
        { id: 'k1', type: 'court', currentWorkerId: 'a' },
        { id: 'f1', type: 'assessment', currentWorkerId: 'full', pinned: true },
        ...[1, 2, 3, 4, 5].map((k) => ({ id: `cc${k}`, type: 'court', currentWorkerId: 'capped', pinned: true })),
      ],
      policy: { maxMoves: 0 },
    };
    const r = allocateSync(p, effort);
    expect(r.status).toBe('optimal');
    const k1 = explainCase(p, r, 'k1');
    const why = (id: string) => k1.alternatives.find((x) => x.workerId === id)!.reasons;
    expect(why('full')).toEqual(['at the maximum of 1 case', 'over the move budget of 0 moves']);
    expect(why('capped')).toEqual(['at the cap of 5 court cases', 'over the move budget of 0 moves']);
    const f1 = explainCase(p, r, 'f1');
    expect(f1.alternatives.find((x) => x.workerId === 'a')!.reasons).toEqual(['pinned to full', 'over the move budget of 0 moves']);
  });
});

describe('co-working (hand-checked)', () => {
  // An ASYE may lead a co-worked child-protection case; the co-worker must be able to hold it alone.
  const p: ProblemInput = {
    workers: [
      { id: 'n', fte: 1, role: 'asye' },
      { id: 'q', fte: 1 },
      { id: 's', fte: 1, role: 'student' },
    ],
    cases: [{ id: 'cp', type: 'child-protection', coWorked: true, currentWorkerId: 'n' }],
  };

  it('explainCase of a co-worked case names its co-worker, ranks co-worker alternatives, and bars the lead from its co-worker', () => {
    const r = allocateSync(p, effort);
    expect(r.coWorkers).toEqual([{ caseId: 'cp', workerId: 'q' }]);
    const e = explainCase(p, r, 'cp');
    expect(e.workerId).toBe('n');
    expect(e.coWorkerId).toBe('q');
    expect(e.summary).toMatch(/; co-worked by q \(3\.5 points\); no other worker could co-work it$/);
    // The lead may not move onto q: q co-works it.
    expect(e.alternatives.find((a) => a.workerId === 'q')).toMatchObject({ feasible: false, reasons: ['is the co-worker of cp'] });
    expect(e.coWorkerAlternatives!.find((a) => a.workerId === 'n')!.reasons).toEqual(['is its lead worker', 'role "asye" may not hold child-protection cases']);
    expect(e.coWorkerAlternatives!.find((a) => a.workerId === 's')!.reasons).toEqual(['role "student" may not hold child-protection cases']);
    // q's summary counts the co-worked points and says so.
    const q = r.workers.find((w) => w.workerId === 'q')!;
    expect(q).toMatchObject({ points: 3.5, cases: 1, pointsByType: { 'child-protection': 3.5 } });
    expect(q.notes).toContain('co-works 1 case (cp; 50% of the points each)');
  });

  it('the readable explanation, the summary and the HTML report show co-workers', () => {
    const two: ProblemInput = { ...p, cases: [...p.cases, { id: 'k', type: 'court', coWorked: true, currentWorkerId: 'q', excludedWorkerIds: ['n'] }] };
    const r = allocateSync(two, effort);
    expect(r.unallocatedCoWorkers).toEqual([{ caseId: 'k', reason: 'the only worker who may co-work it is its lead, q' }]);
    expect(formatCaseExplanation(explainCase(two, r, 'cp'))).toMatch(/\nCo-worker \(q\):\n\* q +current/);
    const md = renderMarkdownSummary(r);
    expect(md).toMatch(/1 of 2 co-workers allocated/);
    expect(md).toContain('| cp | n | q |');
    expect(md).toContain('| k | q | (none: the only worker who may co-work it is its lead, q) |');
    expect(md).toMatch(/\| q \| 1 → 2 \| 10 → 13\.5 \|.*co-works 1 case \(cp; 50% of the points each\)/);
    const html = renderHtmlReport(r);
    expect(html).toContain('<h2>Co-worked cases (2)</h2>');
    expect(html).toContain('<tr><td>cp</td><td>n</td><td>q</td><td></td></tr>');
  });

  it('recommend for a new co-worked referral suggests the lead with the best co-worker beside them', () => {
    const r = recommend({ ...p, cases: [] }, { id: 'new', type: 'child-protection', coWorked: true });
    expect(r.coWorked).toBe(true);
    // n (ASYE) may lead it co-worked, with q; q may lead it, with nobody able to co-work (n, s may not hold it alone).
    expect(r.workers.map((w) => [w.workerId, w.coWorker?.workerId ?? null])).toEqual([['n', 'q'], ['q', null]]);
    expect(r.workers[0].reasons).toContain('co-worker: q (3.5 of 90 points after)');
    expect(r.workers[1].reasons.join(' ')).toMatch(/needs a co-worker, but none can co-work it beside q/);
    expect(r.workers[1].terms.unallocated).toBe(1000);
    expect(r.cannot).toEqual([{ workerId: 's', reasons: ['role "student" may not hold child-protection cases'] }]);
    // When it may not go without a co-worker, q alone is no longer an option.
    const strict = recommend({ ...p, cases: [], policy: { allowUnallocated: false } }, { id: 'new', type: 'child-protection', coWorked: true });
    expect(strict.workers.map((w) => w.workerId)).toEqual(['n']);
    expect(strict.cannot.find((c) => c.workerId === 'q')!.reasons[0]).toMatch(/^no worker can co-work it beside q/);
  });
});

