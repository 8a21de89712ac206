/**
 * GAP core benchmark.
 *   npx tsx bench/gap.ts [--time 1] [--files gapd,gapa] [--lp-solver] [--generated] [--sizes 10x400,80x1600] [--types C,D,E] [--seed 1]
 * OR-Library: every instance of the chosen files (default all 16) against best_known.csv (min rows).
 * --lp-solver: javascript-lp-solver at the same time limit, side by side, in a child process it cannot hang.
 * --generated: families C, D, E at fixed sizes and committed seeds, gap to the solver's own lower bound.
 * Markdown to stdout, JSON to bench/out/.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseOrLibrary } from '../src/gap/orlib.js';
import { generateGap, type GapFamily } from '../src/gap/generate.js';
import { solveGap } from '../src/gap/solve.js';
import { lpSolverOnInstance, type LpSolverAnswer } from './lpSolverSideBySide.js';

const DATA = new URL('../examples/gap/', import.meta.url);
const ALL_FILES = ['gap1', 'gap2', 'gap3', 'gap4', 'gap5', 'gap6', 'gap7', 'gap8', 'gap9', 'gap10', 'gap11', 'gap12', 'gapa', 'gapb', 'gapc', 'gapd'];
const SIZES: Array<[number, number]> = [[10, 400], [40, 400], [20, 900], [20, 1600], [80, 1600]];
/** Committed seeds of the generated instances (one per family and size). */
const GENERATED_SEED = 20260101;

function arg(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}
const timeLimit = Number(arg('time') ?? 1);
const seed = Number(arg('seed') ?? 1);
const generated = process.argv.includes('--generated');
const sideBySide = process.argv.includes('--lp-solver');
const files = (arg('files') ?? (generated ? '' : ALL_FILES.join(','))).split(',').filter((f) => f.length > 0);
const sizes: Array<[number, number]> = arg('sizes')
  ? arg('sizes')!.split(',').map((s) => s.split('x').map(Number) as [number, number])
  : SIZES;
const types = (arg('types') ?? 'C,D,E').split(',') as GapFamily[];

const bestKnown = new Map<string, number>();
for (const line of readFileSync(new URL('best_known.csv', DATA), 'utf8').split('\n').slice(1)) {
  const cols = line.split(',');
  if (cols[5] === 'min') bestKnown.set(`${cols[1].replace('.txt', '')}-${cols[2]}`, Number(cols[6]));
}

interface Row { name: string; family: string; m: number; n: number; objective: number; best: number; gap: number; lbGap: number; seconds: number; toBest: number; proven: boolean; iterations: number; lp: LpSolverAnswer | null }
const rows: Row[] = [];
const pct = (x: number): string => (Number.isFinite(x) ? (100 * x).toFixed(3) : 'inf');

for (const file of files) {
  const list = parseOrLibrary(readFileSync(new URL(`${file}.txt`, DATA), 'utf8'), file);
  list.forEach((inst, p) => {
    const name = `${file}-${p + 1}`;
    const result = solveGap(inst, { timeLimit, seed });
    const best = bestKnown.get(name) ?? NaN;
    rows.push({
      name, family: file, m: inst.agents, n: inst.jobs, objective: result.objective, best,
      gap: (result.objective - best) / best,
      lbGap: (result.objective - result.lowerBound) / Math.max(1, Math.abs(result.objective)),
      seconds: result.stats.seconds, toBest: result.stats.secondsToBest, proven: result.optimal, iterations: result.stats.iterations,
      lp: sideBySide ? lpSolverOnInstance(new URL(`${file}.txt`, DATA).pathname, p + 1, timeLimit) : null,
    });
  });
}

interface GenRow { name: string; objective: number; lowerBound: number; lbGap: number; seconds: number; toBest: number; iterations: number; msPerIteration: number; rssMB: number }
const genRows: GenRow[] = [];
if (generated) {
  for (const type of types) {
    for (const [m, n] of sizes) {
      const inst = generateGap(type, m, n, GENERATED_SEED + m * 10007 + n);
      globalThis.gc?.();
      let peak = process.memoryUsage().rss;
      const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 5);
      const result = solveGap(inst, { timeLimit, seed });
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      genRows.push({
        name: `${type}-${m}x${n}`, objective: result.objective, lowerBound: result.lowerBound,
        lbGap: (result.objective - result.lowerBound) / Math.max(1, Math.abs(result.objective)),
        seconds: result.stats.seconds, toBest: result.stats.secondsToBest, iterations: result.stats.iterations,
        msPerIteration: (1000 * result.stats.seconds) / Math.max(1, result.stats.iterations), rssMB: peak / 2 ** 20,
      });
    }
  }
}

const out: string[] = [];
if (rows.length > 0) {
  out.push(`## OR-Library, time limit ${timeLimit} s, seed ${seed}`, '');
  const lpHead = sideBySide ? ' javascript-lp-solver | lp gap % |' : '';
  out.push(`| instance | m×n | objective | best known | gap % | LB gap % | time to best s | time s | proven |${lpHead}`, `|---|---|---|---|---|---|---|---|---|${sideBySide ? '---|---|' : ''}`);
  for (const r of rows) {
    const lp = r.lp ? ` ${r.lp.objective ?? r.lp.status} | ${r.lp.objective === null ? '—' : pct((r.lp.objective - r.best) / r.best)} |` : '';
    out.push(`| ${r.name} | ${r.m}×${r.n} | ${r.objective} | ${r.best} | ${pct(r.gap)} | ${pct(r.lbGap)} | ${r.toBest.toFixed(3)} | ${r.seconds.toFixed(3)} | ${r.proven ? 'yes' : 'no'} |${lp}`);
  }
  const lpFamHead = sideBySide ? ' lp-solver: solved / optimal | lp-solver mean gap % (solved) |' : '';
  out.push('', `| family | count | optimal (= best known) | proven | mean gap % | max gap % | max time to best s | max time s |${lpFamHead}`, `|---|---|---|---|---|---|---|---|${sideBySide ? '---|---|' : ''}`);
  for (const family of files) {
    const fr = rows.filter((r) => r.family === family);
    const mean = fr.reduce((s, r) => s + r.gap, 0) / fr.length;
    let lp = '';
    if (sideBySide) {
      const solved = fr.filter((r) => r.lp?.objective !== null && r.lp?.objective !== undefined);
      const lpMean = solved.reduce((s, r) => s + (r.lp!.objective! - r.best) / r.best, 0) / Math.max(1, solved.length);
      lp = ` ${solved.length} / ${fr.filter((r) => r.lp?.status === 'optimal').length} | ${solved.length ? pct(lpMean) : '—'} |`;
    }
    out.push(`| ${family} | ${fr.length} | ${fr.filter((r) => r.objective <= r.best).length} | ${fr.filter((r) => r.proven).length} | ${pct(mean)} | ${pct(Math.max(...fr.map((r) => r.gap)))} | ${Math.max(...fr.map((r) => r.toBest)).toFixed(3)} | ${Math.max(...fr.map((r) => r.seconds)).toFixed(3)} |${lp}`);
  }
}
if (genRows.length > 0) {
  out.push('', `## Generated C/D/E (seed base ${GENERATED_SEED}), time limit ${timeLimit} s`, '');
  out.push('| instance | m·n | objective | lower bound | gap to LB % | time to best s | iterations | ms/iteration | peak RSS MB |', '|---|---|---|---|---|---|---|---|---|');
  for (const r of genRows) {
    const [mm, nn] = r.name.split('-')[1].split('x').map(Number);
    out.push(`| ${r.name} | ${mm * nn} | ${r.objective} | ${r.lowerBound} | ${pct(r.lbGap)} | ${r.toBest.toFixed(3)} | ${r.iterations} | ${r.msPerIteration.toFixed(3)} | ${r.rssMB.toFixed(0)} |`);
  }
}
console.log(out.join('\n'));
mkdirSync(new URL('./out/', import.meta.url), { recursive: true });
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
writeFileSync(new URL(`out/gap-${stamp}.json`, import.meta.url), JSON.stringify({ timeLimit, seed, rows, generated: genRows }, null, 2));
