import { describe, expect, it } from 'vitest';
import { allocateSync } from '../../src/app/allocate.js';
import { buildTeam, startingJobs } from '../../src/domain/team.js';
import { parseProblem } from '../../src/input/parse.js';
import { teamToGap } from '../../src/model/teamGap.js';
import { buildProgram } from '../../src/model/program.js';
import { keepApart } from '../../src/solvers/team.js';
import { checkAllocation } from '../../src/verify/check.js';

// An ASYE may lead a child-protection case only when it is co-worked by someone who may hold it alone.
const problem = (coWorked: boolean) =>
  parseProblem({
    workers: [
      { id: 'newbie', role: 'asye', fte: 1 },
      { id: 'qsw', fte: 1 },
      { id: 'other-asye', role: 'asye', fte: 1 },
    ],
    cases: [{ id: 'cp', type: 'child-protection', coWorked, currentWorkerId: 'newbie' }],
  });

describe('co-working (hand-checked)', () => {
  it('a co-worked case opens the lead role to an ASYE; the co-worker must hold it alone', () => {
    const alone = buildTeam(problem(false));
    expect(Array.from(alone.units[0].eligible)).toEqual([1]);
    const team = buildTeam(problem(true));
    expect(Array.from(team.units[0].eligible)).toEqual([0, 1, 2]);
    expect(team.coWork).toHaveLength(1);
    expect(Array.from(team.coWork[0].eligible)).toEqual([1]);
    expect(team.coWork[0].points).toBe(3.5); // half of child protection's 7
  });
  it('the engine keeps the case with its ASYE (continuity) and gives it the qualified co-worker', () => {
    const r = allocateSync(problem(true), { maxIterations: 200, timeLimit: 20 });
    expect(r.assignments).toEqual([{ caseId: 'cp', workerId: 'newbie' }]);
    expect(r.coWorkers).toEqual([{ caseId: 'cp', workerId: 'qsw' }]);
    expect(r.unallocatedCoWorkers).toEqual([]);
    expect(r.workers.find((w) => w.workerId === 'qsw')).toMatchObject({ points: 3.5, cases: 1 });
  });
  it('the checker rejects a co-worker who is the lead, or who may not hold the case alone', () => {
    const p = problem(true);
    expect(checkAllocation(p, Int32Array.from([1]), Int32Array.from([1])).violations.join()).toMatch(/qsw is both its worker and its co-worker/);
    expect(checkAllocation(p, Int32Array.from([0]), Int32Array.from([2])).violations.join()).toMatch(/other-asye may not co-work it \(role-restriction\)/);
    expect(checkAllocation(p, Int32Array.from([0]), Int32Array.from([1])).violations).toEqual([]);
    // No co-worker: counted as unallocated co-working (1000), and the lead still stands.
    const without = checkAllocation(p, Int32Array.from([0]), Int32Array.from([-1]));
    expect(without.violations).toEqual([]);
    expect(without.objective - checkAllocation(p, Int32Array.from([0]), Int32Array.from([1])).objective).toBeGreaterThan(900);
  });
  it('keepApart moves a co-worker off its lead to the best feasible other worker', () => {
    const team = buildTeam(parseProblem({
      workers: [{ id: 'a', fte: 1 }, { id: 'b', fte: 1 }],
      cases: [{ id: 'k', type: 'court', coWorked: true, currentWorkerId: 'a' }],
    }));
    const tg = teamToGap(team);
    expect(Array.from(tg.partner)).toEqual([-1, 0]);
    const repaired = keepApart(tg, Int32Array.from([0, 0]))!;
    expect(Array.from(repaired)).toEqual([0, 1]);
    const untouched = Int32Array.from([0, 1]);
    expect(keepApart(tg, untouched)).toBe(untouched);
  });
  it('the integer program keeps the lead and the co-worker apart (one row per shared worker)', () => {
    const program = buildProgram(buildTeam(problem(true)));
    expect(program.rowName.filter((r) => r.startsWith('apart_'))).toEqual(['apart_u1_w1']);
  });
  it('a starting allocation places co-workers on the co-work jobs after the units', () => {
    const team = buildTeam(problem(true));
    const jobs = startingJobs(team, { assignments: [{ caseId: 'cp', workerId: 'newbie' }], coWorkers: [{ caseId: 'cp', workerId: 'qsw' }] });
    expect(Array.from(jobs)).toEqual([0, 1]);
  });
});
