import { describe, expect, it } from 'vitest';
import { quantileSorted, spreadOf } from '../../src/sim/metrics.js';
import { num } from '../../src/sim/outputs.js';

describe('spread of utilisation', () => {
  it('equal loads have no spread', () => {
    expect(spreadOf([0.9, 0.9, 0.9, 0.9])).toEqual({ sd: 0, gini: 0, p90: 0.9, max: 0.9 });
  });

  it('hand-checked: [0, 0, 0, 4] has SD √3, Gini 0.75, p90 4, max 4', () => {
    const s = spreadOf([0, 0, 0, 4]);
    expect(s.sd).toBeCloseTo(Math.sqrt(3), 12);
    expect(s.gini).toBeCloseTo(0.75, 12);
    expect(s.p90).toBe(4);
    expect(s.max).toBe(4);
    expect(spreadOf([])).toEqual({ sd: 0, gini: 0, p90: 0, max: 0 });
  });

  it('nearest-rank quantiles', () => {
    const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(quantileSorted(ten, 0.9)).toBe(9);
    expect(quantileSorted(ten, 0.5)).toBe(5);
    expect(quantileSorted(ten, 1)).toBe(10);
    expect(quantileSorted([], 0.9)).toBe(0);
  });

  it('numbers are written the same way everywhere (6 decimals, no -0)', () => {
    expect(num(1 / 3)).toBe('0.333333');
    expect(num(-0)).toBe('0');
    expect(num(-1e-9)).toBe('0');
    expect(num(2)).toBe('2');
    expect(num(NaN)).toBe('');
  });
});
