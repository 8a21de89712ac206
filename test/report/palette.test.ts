/** The report's colours: WCAG AA contrast, and bands that stay apart with colour-vision deficiencies. */
import { describe, expect, it } from 'vitest';
import { BAND_COLOURS, BAND_FILLS, MARK_COLOURS } from '../../src/report/html.js';
import { contrast, DEFICIENCIES, seenDifference, type Deficiency } from '../support/colour.js';

const WHITE = '#ffffff';
const bands = Object.entries(BAND_COLOURS);
/** Smallest ΔE (CIE76) between any two bands, as seen with each deficiency; 10 is a clearly visible difference. */
const MIN_DIFFERENCE = 15;

function closestPair(palette: Record<string, string>, deficiency: Deficiency): number {
  const colours = Object.values(palette);
  let min = Infinity;
  for (let i = 0; i < colours.length; i++) for (let j = i + 1; j < colours.length; j++) min = Math.min(min, seenDifference(colours[i], colours[j], deficiency));
  return min;
}

describe('report palette', () => {
  it('contrast arithmetic matches known values (black on white 21:1, the old amber badge 2.4:1)', () => {
    expect(contrast('#000000', WHITE)).toBeCloseTo(21, 5);
    expect(contrast(WHITE, WHITE)).toBeCloseTo(1, 5);
    expect(contrast('#ef8f00', WHITE)).toBeCloseTo(2.44, 2);
    expect(contrast('#767676', WHITE)).toBeCloseTo(4.54, 2);
  });

  it.each(bands)('white badge text on %s (%s) is at least 4.5:1 (WCAG AA, small text)', (_band, colour) => {
    expect(contrast(WHITE, colour)).toBeGreaterThanOrEqual(4.5);
  });

  it.each(Object.entries(MARK_COLOURS))('the %s marks (%s) are at least 3:1 against the white page (WCAG 1.4.11)', (_mark, colour) => {
    expect(contrast(colour, WHITE)).toBeGreaterThanOrEqual(3);
  });

  it.each(['none', ...Object.keys(DEFICIENCIES)] as Deficiency[])('bands stay apart with %s (every pair ΔE ≥ 15)', (deficiency) => {
    expect(closestPair(BAND_COLOURS, deficiency)).toBeGreaterThanOrEqual(MIN_DIFFERENCE);
  });

  it('the check can fail: two greens are too close, and a red/green pair collapses under deuteranopia', () => {
    expect(closestPair({ a: '#2e7d32', b: '#33823a' }, 'none')).toBeLessThan(MIN_DIFFERENCE);
    expect(seenDifference('#d32f2f', '#689f38', 'deuteranopia')).toBeLessThan(seenDifference('#d32f2f', '#689f38', 'none') / 3);
  });

  it('colour is not the only cue: every band but the target band has a pattern', () => {
    expect(BAND_FILLS).toEqual({ red: 'url(#band-red)', amber: 'url(#band-amber)', green: BAND_COLOURS.green, blue: 'url(#band-blue)' });
  });
});
