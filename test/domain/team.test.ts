import { describe, expect, it } from 'vitest';
import { ineligibility } from '../../src/domain/eligibility.js';
import { buildTeam, startingJobs, unitAssignmentCost, unitMoves, unitUnallocatedCost } from '../../src/domain/team.js';
import { parseProblem } from '../../src/input/parse.js';

const problem = () =>
  parseProblem({
    workers: [
      { id: 'senior', role: 'senior', fte: 1, skills: ['court'] },
      { id: 'asye', role: 'asye', fte: 1, skills: ['court'] },
      { id: 'plain', fte: 1 },
      { id: 'away', fte: 1, available: false },
    ],
    cases: [
      { id: 'k1', type: 'court', requiredSkills: ['court'], familyId: 'F', currentWorkerId: 'senior' },
      { id: 'k2', type: 'child-in-need', familyId: 'F', currentWorkerId: 'away', preferredSkills: ['disability'] },
      { id: 'k3', type: 'child-in-need', excludedWorkerIds: ['plain'] },
      { id: 'k4', type: 'assessment', pinned: true, currentWorkerId: 'asye' },
    ],
  });

describe('allocation units and eligibility', () => {
  it('siblings form one unit with summed points and type counts', () => {
    const team = buildTeam(problem());
    expect(team.units).toHaveLength(3);
    expect(team.units[0].cases).toEqual([0, 1]);
    expect(team.units[0].points).toBe(15);
    expect(team.caseUnit).toEqual(Int32Array.from([0, 0, 1, 2]));
  });
  it('a unit is eligible only where every member is: skills, role restriction, availability', () => {
    const team = buildTeam(problem());
    expect(Array.from(team.units[0].eligible)).toEqual([0]); // asye: court is restricted; plain: no court skill; away
    expect(team.units[0].ineligible.get(1)?.reason).toEqual({ rule: 'role-restriction', role: 'asye', caseType: 'court' });
    expect(team.units[0].ineligible.get(2)?.reason).toEqual({ rule: 'missing-skill', skill: 'court' });
    expect(team.units[0].ineligible.get(3)?.reason).toEqual({ rule: 'unavailable' });
  });
  it('excluded workers (conflict of interest) are not eligible', () => {
    const team = buildTeam(problem());
    expect(Array.from(team.units[1].eligible)).toEqual([0, 1]);
    expect(team.units[1].ineligible.get(2)?.reason).toEqual({ rule: 'excluded' });
  });
  it('a pinned unit has only its worker', () => {
    const team = buildTeam(problem());
    expect(team.units[2].pinnedWorker).toBe(1);
    expect(Array.from(team.units[2].eligible)).toEqual([1]);
  });
  it('siblings are separate units when the policy allows splitting', () => {
    const p = problem();
    const team = buildTeam({ ...p, policy: { ...p.policy, keepSiblingsTogether: false } });
    expect(team.units).toHaveLength(4);
  });
  it('moves are charged only away from available current workers; unallocated counts as a move', () => {
    const team = buildTeam(problem());
    const family = team.units[0];
    expect(unitMoves(team, family, 0)).toBe(0); // k1 stays with senior; k2's worker is away (not charged)
    expect(unitMoves(team, family, 2)).toBe(1);
    expect(unitMoves(team, family, -1)).toBe(1);
  });
  it('costs: move 10 per charged move, 2 per missing preferred skill; waiting 1000 × the type priority per case', () => {
    const team = buildTeam(problem());
    expect(unitAssignmentCost(team, team.units[0], 0)).toBe(2); // k2 prefers disability; senior lacks it
    expect(unitAssignmentCost(team, team.units[0], 2)).toBe(12);
    // Keep-held (the default): the family is held by senior, who may keep it, so it never waits.
    expect(unitUnallocatedCost(team, team.units[0])).toBe(Infinity);
    // k3 is a new child-in-need referral (priority 1): 1000 to wait, no move.
    expect(unitUnallocatedCost(team, team.units[1])).toBe(1000);
    // Limit first: k1 (court, priority 4) 4000 + k2 (child in need, 1) 1000 + k1's move away from senior 10.
    const limitFirst = buildTeam(parseProblem({ ...problem(), policy: { overCapacity: 'limit-first' } }));
    expect(unitUnallocatedCost(limitFirst, limitFirst.units[0])).toBe(5010);
  });
  it('pins raise a limit rather than make the problem infeasible', () => {
    const p = parseProblem({
      workers: [{ id: 'a', fte: 1, capacityPoints: 5, maxCases: 0 }],
      cases: [{ id: 'x', type: 'court', pinned: true, currentWorkerId: 'a' }],
    });
    const team = buildTeam(p);
    expect(team.limitPoints[0]).toBe(10);
    expect(team.maxCases[0]).toBe(1);
  });
  it('ineligibility rule order: availability, exclusion, skill, role, type cap', () => {
    const p = problem();
    expect(ineligibility(p.workers[3], p.cases[0], p.policy, 5)).toEqual({ rule: 'unavailable' });
    expect(ineligibility(p.workers[0], p.cases[0], p.policy, 0)).toEqual({ rule: 'type-cap', caseType: 'court' });
    expect(ineligibility(p.workers[0], p.cases[0], p.policy, 5)).toBeNull();
  });
  it('a starting allocation maps to units by their first listed case; unknown cases and workers are ignored', () => {
    const team = buildTeam(problem());
    const jobs = startingJobs(team, {
      assignments: [
        { caseId: 'k2', workerId: 'plain' }, // unit 0 (k1 + k2) goes where its first listed case goes
        { caseId: 'k1', workerId: 'senior' },
        { caseId: 'k4', workerId: 'nobody' },
        { caseId: 'nothing', workerId: 'asye' },
      ],
    });
    expect(Array.from(jobs)).toEqual([2, -1, -1]);
  });
});
