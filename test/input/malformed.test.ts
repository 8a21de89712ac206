/**
 * Malformed input never crashes the reader: every input is either accepted or refused with an
 * InputError whose issues each name a field and a value. At least 10,000 inputs per CI run (the
 * count is printed); bench/fuzz.ts runs 100,000 with the same generators.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { issueDefects, malformedCsv, malformedJsonText, malformedProblem, run, type Outcome } from '../support/malformed.js';

let inputs = 0;
const tally = { valid: 0, refused: 0 };

function check(outcome: Outcome): void {
  inputs++;
  tally[outcome.kind]++;
  if (outcome.kind === 'refused') expect(issueDefects(outcome.issues)).toEqual([]);
}

describe('malformed input: only InputError, every issue names a field and a value', () => {
  it('problem objects with wrong types, NaN/Infinity, huge/negative numbers, bad ids, strange keys, deep nesting, long strings', () => {
    fc.assert(fc.property(malformedProblem, (p) => check(run.object(p))), { numRuns: 6000, seed: 20261203 });
  });
  it('JSON text: the same problems, cut short, nested 200,000 deep, or not JSON at all', () => {
    fc.assert(fc.property(malformedJsonText, (t) => check(run.json(t))), { numRuns: 2000, seed: 20261204 });
  });
  it('CSV text: random headers and cells, , ; tab delimiters, CR/CRLF, BOM, binary bytes', () => {
    fc.assert(fc.property(malformedCsv, (t) => check(run.csv(t))), { numRuns: 2500, seed: 20261205 });
  });
  afterAll(() => {
    console.log(`malformed-input suite: ${inputs} inputs run (${tally.refused} refused with InputError, ${tally.valid} accepted), 0 crashes`);
    expect(inputs).toBeGreaterThanOrEqual(10_000);
  });
});
