/**
 * The GAP core's hot path: the 0-1 knapsacks of the assignment-relaxation Lagrangian (one per agent per
 * subgradient iteration), inside the bound itself and inside branch and bound, on fixed effort.
 *   node --expose-gc --import tsx bench/knapsack.ts
 * Compare versions by running this command on each, one after the other, on a quiet machine.
 */
import { readFileSync } from 'node:fs';
import { Bench } from 'tinybench';
import { parseOrLibrary } from '../src/gap/orlib.js';
import { generateGap } from '../src/gap/generate.js';
import { lagrangianBound } from '../src/gap/bound/lagrangian.js';
import { branchAndBound } from '../src/gap/search/branchAndBound.js';
import { solveKnapsack, KnapsackScratch } from '../src/gap/bound/knapsack.js';
import { Random } from '../src/util/random.js';

const gapd = parseOrLibrary(readFileSync(new URL('../examples/gap/gapd.txt', import.meta.url), 'utf8'), 'gapd');
const d40 = generateGap('D', 40, 400, 20260101);

// Knapsacks shaped like a sub-problem's: 30 items, integer weights 1..100, capacity a third of them.
const random = new Random(7);
const items = 30;
const knapsacks = Array.from({ length: 200 }, () => {
  const weight = Float64Array.from({ length: items }, () => 1 + random.nextInt(100));
  const profit = Float64Array.from({ length: items }, (_, j) => weight[j] * (0.5 + random.nextFloat()) - 20 + 40 * random.nextFloat());
  const capacity = Math.floor(weight.reduce((a, b) => a + b, 0) / 3);
  return { weight, profit, capacity };
});
const scratch = new KnapsackScratch();
const chosen = new Uint8Array(items);

const bench = new Bench({ time: 3000, warmup: true });
bench.add('200 knapsacks of 30 items (capacity a third of the weight)', () => {
  for (const k of knapsacks) solveKnapsack(k.profit, k.weight, items, k.capacity, chosen, scratch);
});
bench.add('Lagrangian bound, D 40x400, 100 iterations', () => void lagrangianBound(d40, { maxIterations: 100 }));
bench.add('Lagrangian bound, gapd-6 (20x200), 200 iterations', () => void lagrangianBound(gapd[5], { maxIterations: 200 }));
bench.add('branch and bound, gapd-3 (10x100), 200 nodes', () => void branchAndBound(gapd[2], { maxNodes: 200 }));
await bench.run();
for (const task of bench.tasks) {
  const r = task.result;
  if (r.state === 'completed') console.log(`${task.name}: median ${r.latency.p50.toFixed(3)} ms (${r.latency.samplesCount} runs)`);
}
