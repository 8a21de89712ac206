import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildTeam } from '../../src/domain/team.js';
import { splitByTeam } from '../../src/domain/teams.js';
import { ineligibility } from '../../src/domain/eligibility.js';
import { workerCaseTypeCap } from '../../src/domain/weights.js';
import { validateProblem } from '../../src/input/parse.js';
import { overloadedService } from '../../src/input/synthetic.js';

/** Case points over available workers' capacity points, per team, from the domain's own rules. */
function teamLoads(input: unknown): { team: string; workers: number; load: number }[] {
  const v = validateProblem(input);
  if (!v.ok) throw new Error(JSON.stringify(v.issues.slice(0, 3)));
  return splitByTeam(v.problem).map((t) => {
    const team = buildTeam(t.problem);
    let capacity = 0;
    t.problem.workers.forEach((w, i) => (capacity += w.available ? team.capacityPoints[i] : 0));
    const points = team.casePoints.reduce((s, p) => s + p, 0);
    return { team: t.team, workers: t.problem.workers.length, load: points / capacity };
  });
}

describe('overloadedService', () => {
  const service = overloadedService(1);
  const parsed = validateProblem(service);

  it('is the same service for the same seed, a different one for another seed', () => {
    expect(overloadedService(1)).toEqual(service);
    expect(overloadedService(2)).not.toEqual(service);
  });

  it('passes the input schema and cross-checks', () => {
    expect(parsed.ok).toBe(true);
  });

  it('has 8 teams of 16–21 workers, each at about 150% of its capacity points', () => {
    const loads = teamLoads(service);
    expect(loads).toHaveLength(8);
    for (const t of loads) {
      expect(t.workers).toBeGreaterThanOrEqual(16);
      expect(t.workers).toBeLessThanOrEqual(21);
      expect(t.load).toBeGreaterThanOrEqual(1.49);
      expect(t.load).toBeLessThanOrEqual(1.56);
    }
  });

  it('valid, ~150% loaded and within the team sizes for any seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const loads = teamLoads(overloadedService(seed, { teams: 2 }));
        expect(loads).toHaveLength(2);
        for (const t of loads) {
          expect(t.workers).toBeGreaterThanOrEqual(16);
          expect(t.workers).toBeLessThanOrEqual(21);
          expect(t.load).toBeGreaterThanOrEqual(1.49);
          expect(t.load).toBeLessThanOrEqual(1.56);
        }
      }),
      { numRuns: 15 },
    );
  });

  it('has every feature of a real service in every team', () => {
    if (!parsed.ok) throw new Error('invalid');
    const { problem } = parsed;
    for (const t of splitByTeam(problem)) {
      const { workers, cases, policy } = t.problem;
      const byId = new Map(workers.map((w) => [w.id, w]));
      expect(workers.filter((w) => w.role === 'senior').length).toBe(1);
      expect(workers.filter((w) => w.role === 'asye').length).toBeGreaterThanOrEqual(2);
      expect(workers.some((w) => w.fte < 1)).toBe(true);
      expect(workers.filter((w) => !w.available).length).toBeGreaterThanOrEqual(1);
      expect(workers.some((w) => w.skills.includes('court'))).toBe(true);
      expect(cases.some((c) => c.familyId !== null)).toBe(true);
      const held = cases.filter((c) => c.currentWorkerId !== null).length;
      expect(held / cases.length).toBeGreaterThan(0.75);
      expect(cases.some((c) => c.currentWorkerId === null)).toBe(true);
      expect(cases.some((c) => c.currentWorkerId !== null && !byId.get(c.currentWorkerId)!.available)).toBe(true);
      const pins = cases.filter((c) => c.pinned);
      expect(pins.length).toBeGreaterThanOrEqual(3);
      for (const c of pins) expect(c.currentWorkerId).not.toBeNull();
      // Pins a rule would refuse: an ASYE on child protection, a worker without the court skill on court.
      const broken = pins.map((c) => ineligibility(byId.get(c.currentWorkerId!)!, c, policy, workerCaseTypeCap(byId.get(c.currentWorkerId!)!, c.type, policy)));
      expect(broken.some((r) => r?.rule === 'role-restriction')).toBe(true);
      expect(broken.some((r) => r?.rule === 'missing-skill')).toBe(true);
      expect(cases.some((c) => c.requiredSkills.length > 0)).toBe(true);
      expect(cases.some((c) => c.preferredSkills.length > 0)).toBe(true);
    }
  });
});
