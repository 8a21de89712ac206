/**
 * Lagrangian bound quality and branch-and-bound proofs on the OR-Library GAP files.
 * Run: npx tsx bench/gapBound.ts [family ...]   (families: gap1..gap12, gapa, gapb, gapc, gapd; default all)
 * Options via env: BB_LIMIT_S (B&B time limit per instance, default 10), BB_UB ("best" = best_known + 1
 * as upper bound, "none" = B&B finds its own incumbent; default best).
 * `npx tsx bench/gapBound.ts --generated` instead bounds generated C/D/E instances (seed 20260101) with
 * deadlines of 0.2 s and 1 s and prints the bound, iterations, time and the repair heuristic's value.
 */
import { readFileSync } from 'node:fs';
import { parseOrLibrary } from '../src/gap/orlib.js';
import { gapFeasible, gapObjective } from '../src/gap/instance.js';
import { lagrangianBound } from '../src/gap/bound/lagrangian.js';
import { branchAndBound } from '../src/gap/search/branchAndBound.js';
import { generateGap } from '../src/gap/generate.js';

if (process.argv.includes('--generated')) {
  console.log('type  size       budget  bound     iters  ms     heuristic  gap%');
  for (const [m, n] of [[10, 400], [40, 400], [20, 900], [20, 1600], [80, 1600]]) {
    for (const type of ['C', 'D', 'E'] as const) {
      const inst = generateGap(type, m, n, 20260101);
      for (const budget of [200, 1000]) {
        const start = performance.now();
        const lag = lagrangianBound(inst, { deadline: start + budget });
        const ms = performance.now() - start;
        const gap = (100 * (lag.upperBound - lag.lowerBound)) / lag.lowerBound;
        console.log(type.padEnd(5), `${m}x${n}`.padEnd(10), String(budget).padStart(6), String(lag.lowerBound).padStart(8), String(lag.iterations).padStart(6), ms.toFixed(0).padStart(6), String(lag.upperBound).padStart(10), gap.toFixed(3).padStart(7));
      }
    }
  }
  process.exit(0);
}

const dataDir = new URL('../examples/gap/', import.meta.url);
const families = process.argv.length > 2 ? process.argv.slice(2) : ['gap1', 'gap2', 'gap3', 'gap4', 'gap5', 'gap6', 'gap7', 'gap8', 'gap9', 'gap10', 'gap11', 'gap12', 'gapa', 'gapb', 'gapc', 'gapd'];
const limitSeconds = Number(process.env.BB_LIMIT_S ?? 10);
const useBest = (process.env.BB_UB ?? 'best') === 'best';

const best = new Map<string, number>();
for (const line of readFileSync(new URL('best_known.csv', dataDir), 'utf8').split('\n').slice(1)) {
  const f = line.split(',');
  if (f[5] === 'min') best.set(`${f[1]}#${f[2]}`, Number(f[6]));
}

console.log('instance    m   n   best  bound  gap%   lagMs | B&B obj   lb  done nodes   ms');
for (const family of families) {
  const file = `${family}.txt`;
  const list = parseOrLibrary(readFileSync(new URL(file, dataDir), 'utf8'), file);
  let gapSum = 0;
  let timeSum = 0;
  let proven = 0;
  let bbTimeMax = 0;
  let nodeSum = 0;
  list.forEach((inst, p) => {
    const known = best.get(`${file}#${p + 1}`) ?? NaN;
    let t = performance.now();
    const lag = lagrangianBound(inst);
    const lagMs = performance.now() - t;
    const gap = (100 * (known - lag.lowerBound)) / known;
    gapSum += gap;
    timeSum += lagMs;
    t = performance.now();
    const bb = branchAndBound(inst, { upperBound: useBest ? known + 1 : undefined, deadline: t + limitSeconds * 1000 });
    const bbMs = performance.now() - t;
    bbTimeMax = Math.max(bbTimeMax, bbMs);
    nodeSum += bb.nodes;
    if (bb.assignment && (!gapFeasible(inst, bb.assignment) || gapObjective(inst, bb.assignment) !== bb.objective)) throw new Error('invalid B&B solution');
    if (bb.complete && bb.objective === known) proven++;
    if (bb.complete && bb.objective !== known) console.log('!! complete but objective differs from best known');
    console.log(
      `${family}-${p + 1}`.padEnd(10),
      String(inst.agents).padStart(3),
      String(inst.jobs).padStart(4),
      String(known).padStart(6),
      String(lag.lowerBound).padStart(6),
      gap.toFixed(3).padStart(6),
      lagMs.toFixed(1).padStart(7),
      '|',
      String(bb.objective).padStart(6),
      String(bb.lowerBound).padStart(6),
      bb.complete ? ' yes' : '  no',
      String(bb.nodes).padStart(6),
      bbMs.toFixed(1).padStart(8),
    );
  });
  console.log(`== ${family}: mean bound gap ${(gapSum / list.length).toFixed(4)}%, mean bound time ${(timeSum / list.length).toFixed(1)} ms, proven optimal ${proven}/${list.length}, max B&B ${bbTimeMax.toFixed(0)} ms, B&B nodes ${nodeSum}`);
}
