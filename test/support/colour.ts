/**
 * Colour arithmetic for the report's tests: WCAG 2 contrast ratios, and colour-vision deficiency
 * simulated with the Machado, Oliveira & Fernandes (2009) matrices at full severity on linear RGB,
 * compared by CIE76 ΔE in CIELAB (D65).
 */
type Rgb = readonly [number, number, number];

function channels(hex: string): Rgb {
  const h = hex.replace('#', '');
  return [0, 2, 4].map((k) => parseInt(h.slice(k, k + 2), 16) / 255) as unknown as Rgb;
}

const linear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);

/** WCAG 2 relative luminance. */
export function luminance(hex: string): number {
  const [r, g, b] = channels(hex).map(linear);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio, 1 to 21. */
export function contrast(a: string, b: string): number {
  const [lo, hi] = [luminance(a), luminance(b)].sort((x, y) => x - y);
  return (hi + 0.05) / (lo + 0.05);
}

export const DEFICIENCIES = {
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.1476],
    [0.004733, 0.691367, 0.3039],
  ],
} as const;
export type Deficiency = keyof typeof DEFICIENCIES | 'none';

function lab(rgbLinear: readonly number[]): Rgb {
  const [r, g, b] = rgbLinear.map((c) => Math.min(1, Math.max(0, c)));
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

/** CIE76 colour difference between two colours as seen with a deficiency. */
export function seenDifference(a: string, b: string, deficiency: Deficiency): number {
  const seen = (hex: string) => {
    const c = channels(hex).map(linear);
    if (deficiency === 'none') return lab(c);
    const m = DEFICIENCIES[deficiency];
    return lab(m.map((row) => row[0] * c[0] + row[1] * c[1] + row[2] * c[2]));
  };
  const [p, q] = [seen(a), seen(b)];
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}
