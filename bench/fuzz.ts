/**
 * The malformed-input fuzz run: the generators of the CI property suite (test/support/malformed.ts),
 * at a larger count. Every input must be accepted or refused with an InputError whose issues each
 * name a field and a value; anything else (a thrown TypeError, RangeError, …) is a crash.
 *
 *   npx tsx bench/fuzz.ts [inputs=100000] [seed=1]
 */
import fc from 'fast-check';
import { issueKind } from '../src/input/errors.js';
import { issueDefects, malformedCsv, malformedJsonText, malformedProblem, run, type Outcome } from '../test/support/malformed.js';

const total = Number(process.argv[2] ?? 100_000);
const seed = Number(process.argv[3] ?? 1);
// Objects 60 %, JSON text 20 %, CSV 20 % (the CI suite's mix).
const plan = [
  { name: 'problem objects', arbitrary: malformedProblem as fc.Arbitrary<unknown>, read: run.object as (x: unknown) => Outcome, share: 0.6 },
  { name: 'JSON text', arbitrary: malformedJsonText as fc.Arbitrary<unknown>, read: run.json as (x: unknown) => Outcome, share: 0.2 },
  { name: 'CSV text', arbitrary: malformedCsv as fc.Arbitrary<unknown>, read: run.csv as (x: unknown) => Outcome, share: 0.2 },
];

let crashes = 0;
const defects = new Map<string, string>();
const kinds = new Map<string, number>();
const started = performance.now();
const rows: string[] = [];
for (const [k, part] of plan.entries()) {
  const count = Math.round(total * part.share);
  const t0 = performance.now();
  let refused = 0;
  let done = 0;
  // Sampled in chunks so memory stays flat at any count.
  for (let chunk = 0; done < count; chunk++) {
    const n = Math.min(5000, count - done);
    for (const input of fc.sample(part.arbitrary, { numRuns: n, seed: seed * 1000 + k * 100 + chunk })) {
      try {
        const outcome = part.read(input);
        if (outcome.kind === 'refused') {
          refused++;
          for (const d of issueDefects(outcome.issues)) defects.set(d.slice(0, 120), d.slice(0, 300));
          for (const i of outcome.issues) kinds.set(issueKind(i), (kinds.get(issueKind(i)) ?? 0) + 1);
        }
      } catch (e) {
        crashes++;
        if (crashes <= 5) console.error(`crash on ${part.name}: ${(e as Error).stack?.split('\n').slice(0, 4).join(' | ')}\n  input: ${String(JSON.stringify(input)).slice(0, 300)}`);
      }
    }
    done += n;
  }
  const ms = performance.now() - t0;
  rows.push(`${part.name.padEnd(16)} ${String(count).padStart(7)} inputs  ${String(refused).padStart(7)} refused  ${String(count - refused).padStart(6)} accepted  ${(ms / 1000).toFixed(1).padStart(6)} s  ${((ms * 1000) / count).toFixed(0).padStart(5)} µs/input`);
}
const seconds = (performance.now() - started) / 1000;
console.log(`fuzz: ${total} malformed inputs, seed ${seed}, ${seconds.toFixed(1)} s`);
for (const r of rows) console.log(`  ${r}`);
console.log(`  crashes (anything but InputError): ${crashes}`);
console.log(`  issues failing the field-and-value rule: ${defects.size}`);
for (const d of [...defects.values()].slice(0, 20)) console.log(`    ${d}`);
console.log(`  distinct issue kinds seen: ${kinds.size}; most frequent:`);
for (const [kind, n] of [...kinds].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`    ${String(n).padStart(7)}  ${kind.slice(0, 100)}`);
process.exitCode = crashes || defects.size ? 1 : 0;
