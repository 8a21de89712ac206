/**
 * The GAP figures a user reproduces: `caseload gap FILE --instance K --time-limit T --seed S`, one fresh
 * process per instance and seed, exactly as a researcher runs it (start-up, parsing and JIT warm-up
 * inside the limit: the CLI counts the first instance's limit from process start). Side by side in the
 * same run, the in-process path of bench/gap.ts (solveGap called in this process, warm after the first
 * instance) at the same limit and seeds, so the two are measured under the same load.
 *   npm run build && npx tsx bench/gapCli.ts [--files gapd] [--time 1] [--seeds 1,2,3] [--no-in-process]
 * Markdown to stdout (per instance, per seed, mean and spread over seeds), JSON to bench/out/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseOrLibrary } from '../src/gap/orlib.js';
import { solveGap } from '../src/gap/solve.js';

const DATA = new URL('../examples/gap/', import.meta.url);
// The package's bin (what `caseload` runs), not dist/cli/main.js: the one users start.
const MAIN = new URL('../dist/main.js', import.meta.url).pathname;

function arg(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}
const files = (arg('files') ?? 'gapd').split(',').filter((f) => f.length > 0);
const timeLimit = Number(arg('time') ?? 1);
const seeds = (arg('seeds') ?? '1,2,3').split(',').map(Number);
const inProcess = !process.argv.includes('--no-in-process');
if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build first (the CLI runs from dist/)`);

const bestKnown = new Map<string, number>();
for (const line of readFileSync(new URL('best_known.csv', DATA), 'utf8').split('\n').slice(1)) {
  const cols = line.split(',');
  if (cols[5] === 'min') bestKnown.set(`${cols[1].replace('.txt', '')}-${cols[2]}`, Number(cols[6]));
}

interface Run { name: string; family: string; seed: number; path: 'cli' | 'in-process'; objective: number; gap: number; seconds: number; wall: number; stop: string }
const runs: Run[] = [];

for (const file of files) {
  const path = new URL(`${file}.txt`, DATA).pathname;
  const instances = parseOrLibrary(readFileSync(path, 'utf8'), file);
  for (const seed of seeds) {
    for (let k = 1; k <= instances.length; k++) {
      const name = `${file}-${k}`;
      const best = bestKnown.get(name) ?? NaN;
      const t0 = performance.now();
      const child = spawnSync(process.execPath, [MAIN, 'gap', path, '--instance', String(k), '--time-limit', String(timeLimit), '--seed', String(seed), '--json'], { encoding: 'utf8' });
      const wall = (performance.now() - t0) / 1000;
      if (child.status !== 0) throw new Error(`${name} seed ${seed}: exit ${child.status}: ${child.stderr}`);
      const a = JSON.parse(child.stdout);
      runs.push({ name, family: file, seed, path: 'cli', objective: a.objective, gap: (a.objective - best) / best, seconds: a.seconds, wall, stop: a.stop });
      if (inProcess) {
        const w0 = performance.now();
        const r = solveGap(instances[k - 1], { timeLimit, seed });
        runs.push({ name, family: file, seed, path: 'in-process', objective: r.objective, gap: (r.objective - best) / best, seconds: r.stats.seconds, wall: (performance.now() - w0) / 1000, stop: r.stats.stop });
      }
    }
  }
}

// Start-up alone, side by side: bare node, node loading only the GAP core, and the CLI (every
// command's modules) printing its help: the part of a fresh run's limit that no solver sees.
const startup: Record<string, number[]> = { 'node -e 0': [], 'import dist/gap/solve.js': [], 'caseload --help': [] };
for (let r = 0; r < 5; r++) {
  for (const [label, argv] of [
    ['node -e 0', ['-e', '0']],
    ['import dist/gap/solve.js', ['--input-type=module', '-e', `await import(${JSON.stringify(new URL('../dist/gap/solve.js', import.meta.url).href)})`]],
    ['caseload --help', [MAIN, '--help']],
  ] as const) {
    const t0 = performance.now();
    const child = spawnSync(process.execPath, argv, { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`${label}: exit ${child.status}: ${child.stderr}`);
    startup[label].push((performance.now() - t0) / 1000);
  }
}

const pct = (x: number): string => (Number.isFinite(x) ? (100 * x).toFixed(3) : 'inf');
const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const sd = (xs: number[]): number => {
  const m = mean(xs);
  return xs.length > 1 ? Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1)) : 0;
};
const paths = inProcess ? (['cli', 'in-process'] as const) : (['cli'] as const);
const out: string[] = [`## caseload gap, one fresh process per instance and seed, time limit ${timeLimit} s, seeds ${seeds.join(', ')}`, ''];
out.push(`| instance | ${paths.map((p) => `${p} objective per seed | ${p} mean gap %`).join(' | ')} |`, `|---|${paths.map(() => '---|---').join('|')}|`);
for (const name of [...new Set(runs.map((r) => r.name))]) {
  const cells = paths.map((p) => {
    const rs = runs.filter((r) => r.name === name && r.path === p);
    return `${rs.map((r) => r.objective).join(' / ')} | ${pct(mean(rs.map((r) => r.gap)))}`;
  });
  out.push(`| ${name} | ${cells.join(' | ')} |`);
}
out.push('', '| family | path | mean gap % per seed | mean over seeds % | spread (sd, min–max) % | median solve s | median process wall s | stops |', '|---|---|---|---|---|---|---|---|');
for (const family of files) {
  for (const p of paths) {
    const rs = runs.filter((r) => r.family === family && r.path === p);
    const perSeed = seeds.map((s) => mean(rs.filter((r) => r.seed === s).map((r) => r.gap)));
    const stops = [...new Set(rs.map((r) => r.stop))].map((s) => `${s} ${rs.filter((r) => r.stop === s).length}`).join(', ');
    out.push(`| ${family} | ${p} | ${perSeed.map(pct).join(' / ')} | ${pct(mean(perSeed))} | ${pct(sd(perSeed))}, ${pct(Math.min(...perSeed))}–${pct(Math.max(...perSeed))} | ${median(rs.map((r) => r.seconds)).toFixed(3)} | ${median(rs.map((r) => r.wall)).toFixed(3)} | ${stops} |`);
  }
}
out.push('', '| start-up (5 runs each, interleaved) | median s | min–max s |', '|---|---|---|');
for (const [label, xs] of Object.entries(startup)) out.push(`| ${label} | ${median(xs).toFixed(3)} | ${Math.min(...xs).toFixed(3)}–${Math.max(...xs).toFixed(3)} |`);
console.log(out.join('\n'));
mkdirSync(new URL('./out/', import.meta.url), { recursive: true });
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
writeFileSync(new URL(`out/gapCli-${stamp}.json`, import.meta.url), JSON.stringify({ timeLimit, seeds, files, runs, startup }, null, 2));
