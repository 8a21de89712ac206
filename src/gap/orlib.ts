import { plainGap, type GapInstance } from './instance.js';

/**
 * Reads OR-Library GAP text. Two forms exist in the wild:
 *  - multi-instance files (gap1..gap12, gapa..gapd): first token = number of instances P, then P blocks;
 *  - single-instance files: `m n` first, exactly 2 + 2·m·n + m tokens.
 * Each block is: m n, then the m×n cost matrix, the m×n resource matrix, then m capacities.
 * Throws an Error naming the position of the first bad token.
 */
export function parseOrLibrary(text: string, source = 'input'): GapInstance[] {
  const tokens = text.replace(/^\uFEFF/, '').split(/\s+/).filter((t) => t.length > 0);
  if (tokens.length === 0) throw new Error(`${source}: empty file (expected an OR-Library GAP instance)`);
  const values = tokens.map((t, at) => {
    const v = Number(t);
    if (!Number.isFinite(v)) throw new Error(`${source}: token ${at + 1} "${t}" is not a number`);
    return v;
  });
  const [a, b] = values;
  if (values.length >= 2 && Number.isInteger(a) && Number.isInteger(b) && a > 0 && b > 0 && values.length === 2 + 2 * a * b + a) {
    return [readBlock(values, 0, source).instance];
  }
  const count = values[0];
  if (!Number.isInteger(count) || count <= 0) throw new Error(`${source}: first token ${count} is neither an instance count nor "m n" of a single instance`);
  const out: GapInstance[] = [];
  let at = 1;
  for (let p = 0; p < count; p++) {
    const { instance, next } = readBlock(values, at, `${source} instance ${p + 1}`);
    out.push(instance);
    at = next;
  }
  if (at !== values.length) throw new Error(`${source}: ${values.length - at} unexpected tokens after ${count} instances`);
  return out;
}

function readBlock(values: number[], start: number, source: string): { instance: GapInstance; next: number } {
  const m = values[start];
  const n = values[start + 1];
  if (!Number.isInteger(m) || !Number.isInteger(n) || m <= 0 || n <= 0) {
    throw new Error(`${source}: agents and jobs must be positive integers, got m=${m} n=${n} at token ${start + 1}`);
  }
  const need = 2 + 2 * m * n + m;
  if (start + need > values.length) {
    throw new Error(`${source}: needs ${need} tokens for m=${m} n=${n}, only ${values.length - start} left`);
  }
  let at = start + 2;
  const cost = Float64Array.from(values.slice(at, at + m * n));
  at += m * n;
  const weight = Float64Array.from(values.slice(at, at + m * n));
  at += m * n;
  const capacity = Float64Array.from(values.slice(at, at + m));
  at += m;
  for (let x = 0; x < weight.length; x++) {
    if (weight[x] < 0) throw new Error(`${source}: negative resource ${weight[x]} for agent ${Math.floor(x / n)}, job ${x % n}`);
  }
  return { instance: plainGap(m, n, cost, weight, capacity), next: at };
}
