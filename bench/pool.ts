/**
 * Worker-thread pool: throughput, pooled latency and a service batch (build first: the pool loads dist/pool/worker.js).
 *   node --expose-gc --import tsx bench/pool.ts [--quick] [--threads 1,2,4,8,16]
 * 1. Throughput of team solves (example-team size, fixed effort) on pools of 1, 2, … threads,
 *    side by side in one run: solves per second and the speed-up over 1 thread.
 * 2. Latency a calling system sees: a pooled solve of a tiny problem against an inline one.
 * 3. A synthetic service (152 workers × 3,504 cases, 8 teams): batch within a 5 s budget, and the
 *    cross-team problem in 30 s — wall time and each gap to its bound.
 */
import { readFileSync } from 'node:fs';
import { Bench } from 'tinybench';
import { allocate, allocateSync } from '../src/app/allocate.js';
import { allocateBatch } from '../src/app/batch.js';
import { parseProblem, parseProblemJson } from '../src/input/parse.js';
import { syntheticProblem } from '../src/input/synthetic.js';
import { closePool, getPool } from '../src/pool/pool.js';

const quick = process.argv.includes('--quick');
const at = process.argv.indexOf('--threads');
const threadCounts = (at >= 0 ? process.argv[at + 1] : '1,2').split(',').map(Number);
const example = parseProblemJson(readFileSync(new URL('../examples/team.json', import.meta.url), 'utf8'));
const effort = { maxIterations: 150, timeLimit: 600, portfolio: 1 };

// 1. Throughput.
const solves = quick ? 8 : 16;
const rates: number[] = [];
for (const threads of threadCounts) {
  await closePool();
  getPool(threads);
  await Promise.all(Array.from({ length: threads }, () => allocate(example, { ...effort, maxIterations: 1 }))); // start the threads
  const started = performance.now();
  await Promise.all(Array.from({ length: solves }, (_, k) => allocate(example, { ...effort, seed: k + 1 })));
  const seconds = (performance.now() - started) / 1000;
  rates.push(solves / seconds);
  console.log(`throughput, ${threads} thread${threads === 1 ? '' : 's'}: ${solves} solves in ${seconds.toFixed(2)} s = ${(solves / seconds).toFixed(2)} solves/s, speed-up ${(solves / seconds / rates[0]).toFixed(2)}×`);
}

// 2. Latency of a tiny pooled solve against inline.
await closePool();
getPool(2);
const tiny = parseProblem({ workers: [{ id: 'a', fte: 1 }, { id: 'b', fte: 1 }], cases: [{ id: 'c1', type: 'court' }, { id: 'c2', type: 'child-in-need', currentWorkerId: 'a' }, { id: 'c3', type: 'assessment' }] });
const tinyOptions = { solver: 'core' as const, maxIterations: 5, timeLimit: 10 };
await allocate(tiny, { ...tinyOptions, portfolio: 1 });
const latency = new Bench({ time: quick ? 500 : 3000, warmup: true });
latency.add('tiny problem, inline', () => void allocateSync(tiny, tinyOptions));
latency.add('tiny problem, pooled', async () => void (await allocate(tiny, { ...tinyOptions, portfolio: 1 })));
await latency.run();
const medians = latency.tasks.map((t) => (t.result.state === 'completed' ? t.result.latency.p50 : NaN));
latency.tasks.forEach((t, k) => console.log(`latency, ${t.name}: median ${medians[k].toFixed(3)} ms`));
console.log(`latency, pool overhead: ${(medians[1] - medians[0]).toFixed(3)} ms (median pooled − median inline)`);

// 3. The synthetic service.
if (!process.argv.includes('--no-service')) {
  const service = parseProblem(syntheticProblem({ teams: 8, workersPerTeam: 19, casesPerTeam: 438, seed: 2026 }));
  let started = performance.now();
  const batch = await allocateBatch(service, { timeLimit: 5 });
  const gaps = batch.teams.map((t) => t.result?.gap ?? Infinity);
  console.log(`service batch (5 s budget, ${batch.stats.threads} threads): wall ${((performance.now() - started) / 1000).toFixed(2)} s, worst team gap ${(Math.max(...gaps) * 100).toFixed(2)}%, gaps ${gaps.map((g) => (g * 100).toFixed(2)).join(' ')} %`);
  if (!quick) {
    started = performance.now();
    const cross = await allocateBatch(service, { timeLimit: 30, crossTeam: true });
    const g = cross.teams[0].result?.gap ?? Infinity;
    console.log(`service cross-team (30 s): wall ${((performance.now() - started) / 1000).toFixed(2)} s, gap ${(g * 100).toFixed(2)}%, unallocated ${cross.unallocated.length}`);
  }
}
await closePool();
