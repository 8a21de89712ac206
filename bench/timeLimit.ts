/**
 * Time-limit adherence: wall-clock time of one `allocate` call (input object → verified result)
 * against its --time-limit, across sizes, and the peak memory of the process. Each (size, limit) runs
 * in a fresh child process, so its peak RSS (worker threads included) is its own. The 100,000-case
 * service is refused by allocate (over MAX_PAIRS_PER_SOLVE) and solved by allocateBatch team by team;
 * there the limit is each team's solve time, so the row's check is the slowest team's solve against
 * the limit, and its wall − limit is the batch's wall against ⌈teams / threads⌉ rounds of the limit.
 * Also a determinism figure: effort-limited runs at threads 0, 1, 2, twice each, compared as bytes.
 *
 *   npm run build && npx tsx bench/timeLimit.ts [--limits 0.5,1,3] [--sizes example,150x3500,400x6000,100k]
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { allocate } from '../src/app/allocate.js';
import { allocateBatch } from '../src/app/batch.js';
import { InputError } from '../src/input/errors.js';
import { syntheticProblem } from '../src/input/synthetic.js';
import { closePool, getPool } from '../src/pool/pool.js';
import { largeService } from './largeService.js';

const arg = (name: string, fallback: string): string => {
  const k = process.argv.indexOf(`--${name}`);
  return k >= 0 ? process.argv[k + 1] : fallback;
};

function problemOf(size: string): unknown {
  if (size === 'example') return JSON.parse(readFileSync(new URL('../examples/team.json', import.meta.url), 'utf8'));
  if (size === '100k') return largeService();
  const [m, n] = size.split('x').map(Number);
  return syntheticProblem({ workersPerTeam: m, casesPerTeam: n, seed: 1 });
}

/** One measurement, in this process: prints a JSON line. */
async function one(size: string, limit: number): Promise<void> {
  const problem = problemOf(size);
  const started = performance.now();
  let how = 'allocate';
  let status: string;
  let stop: string | undefined;
  try {
    const r = await allocate(problem, { timeLimit: limit });
    status = r.status;
    stop = r.stats.stop;
  } catch (e) {
    if (!(e instanceof InputError)) {
      const wall = (performance.now() - started) / 1000;
      await closePool();
      console.log(JSON.stringify({ size, limit, how: 'allocate', status: `error: ${(e as Error).message.slice(0, 90)}`, wall, over: wall - limit, rssMb: process.resourceUsage().maxRSS / 1024 }));
      return;
    }
    // Too large for one solve: the refusal's own time, then the batch.
    const refusedAfter = (performance.now() - started) / 1000;
    how = `allocate refused it in ${refusedAfter.toFixed(2)} s; allocateBatch`;
    const t = performance.now();
    const b = await allocateBatch(problem, { timeLimit: limit });
    const wall = (performance.now() - t) / 1000;
    // A batch's limit is each team's own solve time (README): the batch holds it when every team's
    // solve does; its wall is then about ⌈teams / threads⌉ × limit, which is what `over` compares with.
    const solved = b.teams.filter((o) => o.result !== null);
    const worst = Math.max(...solved.map((o) => o.result!.stats.seconds));
    const rounds = Math.ceil(b.teams.length / b.stats.threads);
    const stops = new Map<string, number>();
    for (const o of solved) stops.set(o.result!.stats.stop ?? '?', (stops.get(o.result!.stats.stop ?? '?') ?? 0) + 1);
    status = `${b.status}, ${b.teams.length} teams (${b.teams.length - solved.length} failed), slowest team's solve ${worst.toFixed(2)} s, ${b.unallocated.length} unallocated; stops ${[...stops].map(([k, v]) => `${k} ${v}`).join(', ')}`;
    how = `${how}, ${b.teams.length} teams on ${b.stats.threads} threads: wall against ${rounds} rounds × ${limit} s`;
    await closePool();
    console.log(JSON.stringify({ size, limit, how, status, wall, over: wall - rounds * limit, overPerTeam: worst - limit, rssMb: process.resourceUsage().maxRSS / 1024 }));
    return;
  }
  const wall = (performance.now() - started) / 1000;
  await closePool();
  console.log(JSON.stringify({ size, limit, how, status, stop, wall, over: wall - limit, rssMb: process.resourceUsage().maxRSS / 1024 }));
}

async function determinism(): Promise<void> {
  const problem = syntheticProblem({ workersPerTeam: 12, casesPerTeam: 190, seed: 1 });
  const effort = { maxIterations: 80, timeLimit: 120, seed: 3 };
  const bytes = (v: unknown) => JSON.stringify(v, (k, x: unknown) => (k === 'seconds' ? 0 : x));
  const runs: string[] = [];
  for (const threads of [0, 1, 2]) {
    await closePool();
    if (threads > 0) getPool(threads);
    for (let k = 0; k < 2; k++) runs.push(bytes(await allocate(problem, threads === 0 ? { ...effort, threads: 0 } : effort)));
  }
  await closePool();
  console.log(`determinism: 12 x 190, effort 80, threads 0/1/2 twice each: ${runs.length} runs, ${new Set(runs).size} distinct result(s) of ${runs[0].length} bytes`);
}

if (process.argv.includes('--one')) {
  await one(arg('size', 'example'), Number(arg('limit', '1')));
} else if (process.argv.includes('--determinism')) {
  await determinism();
} else {
  const limits = arg('limits', '0.5,1,3').split(',').map(Number);
  const sizes = arg('sizes', 'example,150x3500,400x6000,100k').split(',');
  console.log('| size | limit s | wall s | wall − limit s | within 5 % + 0.1 s | peak RSS MB | status (stop) |');
  console.log('|---|---|---|---|---|---|---|');
  for (const size of sizes) {
    for (const limit of limits) {
      const child = spawnSync(process.execPath, [...process.execArgv, new URL(import.meta.url).pathname, '--one', '--size', size, '--limit', String(limit)], { encoding: 'utf8', maxBuffer: 1 << 26 });
      const line = child.stdout.trim().split('\n').pop() ?? '';
      try {
        const r = JSON.parse(line) as { wall: number; over: number; overPerTeam?: number; rssMb: number; status: string; stop?: string; how: string };
        // A batch is judged by its slowest team's solve against the limit; the wall − limit column shows its
        // wall against ⌈teams / threads⌉ rounds of the limit.
        const ok = (r.overPerTeam ?? r.over) <= 0.05 * limit + 0.1;
        console.log(`| ${size}${r.how === 'allocate' ? '' : ` (${r.how})`} | ${limit} | ${r.wall.toFixed(2)} | ${r.over.toFixed(2)} | ${ok ? 'yes' : 'no'} | ${Math.round(r.rssMb)} | ${r.status}${r.stop ? ` (${r.stop})` : ''} |`);
      } catch {
        console.log(`| ${size} | ${limit} | failed: ${(child.stderr || line).slice(-200).replace(/\n/g, ' ')} |`);
      }
    }
  }
  const det = spawnSync(process.execPath, [...process.execArgv, new URL(import.meta.url).pathname, '--determinism'], { encoding: 'utf8' });
  console.log(det.stdout.trim() || det.stderr.slice(-300));
}
