import { describe, expect, it } from 'vitest';
import { applyScenario } from '../../src/domain/scenario.js';
import { workerCapacityPoints } from '../../src/domain/weights.js';
import { parseProblem } from '../../src/input/parse.js';
import { parseScenario } from '../../src/input/scenario.js';

const base = parseProblem({
  workers: [
    { id: 'full', fte: 1, team: 'a' },
    { id: 'half', fte: 0.5, team: 'b' },
    { id: 'student', fte: 1, role: 'student', team: 'a' },
  ],
  cases: [{ id: 'c1', type: 'child-in-need', currentWorkerId: 'full' }],
  policy: { pointsPerFte: 140 },
});

describe('scenario arithmetic (hand-checked)', () => {
  it('support officers: 2 × 3.7 h = 7.4 h a week, shared by FTE among the named roles: +12 and +6 points at 130 points per FTE', () => {
    const s = applyScenario(base, parseScenario({ name: 'B', supportOfficers: { count: 2, hoursFreedPerWeek: 3.7, salary: 25000 } }));
    expect(s.hoursFreed).toBeCloseTo(7.4, 10);
    expect(s.annualCost).toBe(50000);
    const [full, half, student] = s.problem.workers;
    expect(full.supportHours).toBeCloseTo((7.4 * 1) / 1.5, 10);
    expect(half.supportHours).toBeCloseTo((7.4 * 0.5) / 1.5, 10);
    expect(student.supportHours).toBe(0); // students are not among the default roles
    // (140 − 10) × (1 + 4.9333/37) = 130 × 1.13333 = 147.33; before: 130.
    expect(workerCapacityPoints(full, s.problem.policy) - workerCapacityPoints(base.workers[0], base.policy)).toBeCloseTo(130 * (7.4 / 1.5 / 37), 9);
    expect(workerCapacityPoints(half, s.problem.policy) - workerCapacityPoints(base.workers[1], base.policy)).toBeCloseTo(130 * (3.7 / 1.5 / 37), 9);
  });
  it('new workers: count × salary, spread over the teams in turn, with fresh ids', () => {
    const s = applyScenario(base, parseScenario({ name: 'A', addWorkers: [{ count: 3, salary: 43000 }] }));
    expect(s.annualCost).toBe(129000);
    expect(s.workersAdded).toBe(3);
    expect(s.problem.workers.slice(3).map((w) => [w.id, w.team, w.role, w.fte])).toEqual([
      ['new-1-1', 'a', 'qualified', 1],
      ['new-1-2', 'b', 'qualified', 1],
      ['new-1-3', 'a', 'qualified', 1],
    ]);
  });
  it('leavers become unavailable; a policy patch keeps what it does not mention', () => {
    const s = applyScenario(base, parseScenario({ name: 'C', removeWorkers: ['half'], policy: { weights: { move: 50 } } }));
    expect(s.problem.workers[1].available).toBe(false);
    expect(s.problem.policy.pointsPerFte).toBe(140);
    expect(s.problem.policy.weights.move).toBe(50);
    expect(s.problem.policy.weights.unallocated).toBe(1000);
  });
  it('support officers aimed at one team free time only there', () => {
    const s = applyScenario(base, parseScenario({ name: 'B-a', supportOfficers: { count: 1, hoursFreedPerWeek: 6.5, teams: ['b'] } }));
    const [full, half, student] = s.problem.workers;
    expect([full.supportHours, half.supportHours, student.supportHours]).toEqual([0, 6.5, 0]);
  });
  it('a worker added to, or officers aimed at, a team that does not exist is refused, naming the team', () => {
    expect(() => applyScenario(base, parseScenario({ name: 'F', addWorkers: [{ count: 1, team: 'nowhere' }] }))).toThrow(/scenario "F": addWorkers\[0\]\.team: no team "nowhere" \(teams: "a", "b"\)/);
    expect(() => applyScenario(base, parseScenario({ name: 'G', supportOfficers: { count: 1, hoursFreedPerWeek: 6.5, teams: ['c'] } }))).toThrow(/supportOfficers\.teams\[0\]: no team "c"/);
    expect(() => applyScenario(base, parseScenario({ name: 'H', supportOfficers: { count: 1, hoursFreedPerWeek: 6.5, roles: ['wizard'] } }))).toThrow(/supportOfficers\.roles\[0\]: unknown role "wizard"/);
  });
  it('bad scenarios name the field', () => {
    expect(() => applyScenario(base, parseScenario({ name: 'D', removeWorkers: ['nobody'] }))).toThrow(/removeWorkers\[0\]: no worker "nobody"/);
    expect(() => parseScenario({ name: 'E', supportOfficers: { count: 0, hoursFreedPerWeek: 6.5 } })).toThrow(/supportOfficers\.count/);
    expect(() => parseScenario({ nme: 'typo' })).toThrow(/unknown field "nme"/);
  });
});
