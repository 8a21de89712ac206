import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../src/input/defaultPolicy.js';
import { CaseSchema, WorkerSchema } from '../../src/input/schema.js';
import { casePoints, utilisationBand, workerCapacityPoints, workerCaseTypeCap, workerHardLimitPoints, workerMaxCases, workerTargetPoints } from '../../src/domain/weights.js';

const P = DEFAULT_POLICY;
const w = (extra: object) => WorkerSchema.parse({ id: 'w', fte: 1, ...extra });
const c = (extra: object) => CaseSchema.parse({ id: 'c', type: 'child-in-need', ...extra });

describe('case points (hand-checked)', () => {
  it('type points alone: child in need = 5, court = 10', () => {
    expect(casePoints(c({}), P)).toBe(5);
    expect(casePoints(c({ type: 'court' }), P)).toBe(10);
  });
  it('modifiers add: child protection 7 + complex 2 + high-risk 2 = 11', () => {
    expect(casePoints(c({ type: 'child-protection', modifiers: ['complex', 'high-risk'] }), P)).toBe(11);
  });
  it('a negative modifier subtracts: child in need 5 + step-down (−1) = 4', () => {
    expect(casePoints(c({ modifiers: ['step-down'] }), P)).toBe(4);
  });
  it('an override replaces type and modifiers', () => {
    expect(casePoints(c({ type: 'court', modifiers: ['complex'], points: 3.5 }), P)).toBe(3.5);
  });
});

describe('worker capacity (hand-checked)', () => {
  it('full-time qualified: (100 − 10) × 1 = 90 points, 20 cases', () => {
    expect(workerCapacityPoints(w({}), P)).toBe(90);
    expect(workerMaxCases(w({}), P)).toBe(20);
  });
  it('ASYE is protected at 90%: 81 points, 18 cases', () => {
    expect(workerCapacityPoints(w({ role: 'asye' }), P)).toBeCloseTo(81, 10);
    expect(workerMaxCases(w({ role: 'asye' }), P)).toBe(18);
  });
  it('part time is pro rata: 0.6 FTE = 54 points, 12 cases; ASYE at 0.5 = 40.5 points, 9 cases', () => {
    expect(workerCapacityPoints(w({ fte: 0.6 }), P)).toBeCloseTo(54, 10);
    expect(workerMaxCases(w({ fte: 0.6 }), P)).toBe(12);
    expect(workerCapacityPoints(w({ fte: 0.5, role: 'asye' }), P)).toBeCloseTo(40.5, 10);
    expect(workerMaxCases(w({ fte: 0.5, role: 'asye' }), P)).toBe(9);
  });
  it('reductions: 7.4 of 37 hours off = 0.8 FTE of case work = 72 points; then 10 reserved points = 62', () => {
    expect(workerCapacityPoints(w({ reductionHours: 7.4 }), P)).toBeCloseTo(72, 10);
    expect(workerCapacityPoints(w({ reductionHours: 7.4, reductionPoints: 10 }), P)).toBeCloseTo(62, 10);
    expect(workerMaxCases(w({ reductionHours: 7.4 }), P)).toBe(16);
  });
  it('never below zero, and overrides replace the calculation', () => {
    expect(workerCapacityPoints(w({ reductionPoints: 500 }), P)).toBe(0);
    expect(workerCapacityPoints(w({ capacityPoints: 40 }), P)).toBe(40);
    expect(workerMaxCases(w({ maxCases: 7 }), P)).toBe(7);
  });
  it('target and hard limit follow the policy fractions: 90 → target 90, limit 99', () => {
    expect(workerTargetPoints(w({}), P)).toBe(90);
    expect(workerHardLimitPoints(w({}), P)).toBeCloseTo(99, 10);
  });
  it('case-type caps: the role cap wins over the policy cap; none = Infinity', () => {
    expect(workerCaseTypeCap(w({}), 'court', P)).toBe(5);
    expect(workerCaseTypeCap(w({}), 'assessment', P)).toBe(Infinity);
    const policy = { ...P, roles: { ...P.roles, senior: { ...P.roles.senior, caseTypeCaps: { court: 8 } } } };
    expect(workerCaseTypeCap(w({ role: 'senior' }), 'court', policy)).toBe(8);
  });
});

describe('bands', () => {
  it('red > 110%, amber 100–110%, green 95–100%, blue < 95%', () => {
    expect(utilisationBand(1.2)).toBe('red');
    expect(utilisationBand(1.1)).toBe('amber');
    expect(utilisationBand(1.05)).toBe('amber');
    expect(utilisationBand(1)).toBe('green');
    expect(utilisationBand(0.95)).toBe('green');
    expect(utilisationBand(0.94)).toBe('blue');
    expect(utilisationBand(0)).toBe('blue');
  });
});

describe('support hours', () => {
  it('3.7 of 37 hours taken on by support staff add 0.1 FTE of case work: 90 → 99 points, 20 → 22 cases', () => {
    expect(workerCapacityPoints(w({ supportHours: 3.7 }), P)).toBeCloseTo(99, 10);
    expect(workerMaxCases(w({ supportHours: 3.7 }), P)).toBe(22);
  });
});
