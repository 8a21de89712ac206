/**
 * Fingerprints of effort-limited results: every entry point (the GAP core on OR-Library and generated
 * instances, allocate in each workflow and solver, a move budget, tradeoff, recommend, explainCase,
 * diagnose, a batch) run with a fixed seed and effort and a time limit that never binds, each answer
 * hashed. A refactor that should change no behaviour must leave every line identical:
 *   npx tsx bench/fingerprint.ts > before.txt; …change…; npx tsx bench/fingerprint.ts | diff before.txt -
 * (about 5 minutes on 2 cores; per-step seconds go to stderr).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { allocateSync, allocateBatch, tradeoffSync as tradeoff, diagnoseSync,  recommend, explainCase } from '../src/index.js';
import { parseOrLibrary } from '../src/gap/orlib.js';
import { generateGap } from '../src/gap/generate.js';
import { solveGap } from '../src/gap/solve.js';
import { syntheticProblem } from '../src/input/synthetic.js';

const h = (x: unknown) => createHash('sha256').update(JSON.stringify(x, (_k, v) => (v instanceof Int32Array || v instanceof Float64Array ? Array.from(v) : v))).digest('hex').slice(0, 16);
const out: Record<string, string> = {};
let t0 = performance.now();
const tick = (k: string) => { console.error(k, ((performance.now()-t0)/1000).toFixed(1)); t0 = performance.now(); };
const DATA = new URL('../examples/gap/', import.meta.url).pathname;
for (const [file, idx, it] of [['gap1', 0, 200], ['gap12', 4, 300], ['gapa', 0, 300], ['gapc', 5, 300], ['gapd', 0, 300], ['gapd', 2, 400], ['gapd', 5, 400]] as const) {
  const inst = parseOrLibrary(readFileSync(`${DATA}${file}.txt`, 'utf8'))[idx];
  const r = solveGap(inst, { maxIterations: it, timeLimit: 1000, seed: 3 });
  out[`${file}-${idx + 1}`] = h([r.assignment, r.objective, r.lowerBound, r.optimal, r.stats.iterations]); tick(Object.keys(out).at(-1)!);
}
for (const [t, m, n] of [['C', 10, 100], ['D', 20, 200], ['E', 20, 200], ['D', 40, 400], ['D', 80, 1600]] as const) {
  const r = solveGap(generateGap(t, m, n, 7), { maxIterations: 150, timeLimit: 1000, seed: 2 });
  out[`gen-${t}-${m}x${n}`] = h([r.assignment, r.objective, r.lowerBound, r.stats.iterations]); tick(Object.keys(out).at(-1)!);
}
const team = JSON.parse(readFileSync(new URL('../examples/', import.meta.url).pathname + 'team.json', 'utf8'));
const strip = (r: any) => { const { stats, ...rest } = r; return [rest, stats.iterations]; };
for (const solver of ['core', 'auto'] as const) out[`team-${solver}`] = h(strip(allocateSync(team, { maxIterations: 300, timeLimit: 1000, solver }))); tick(Object.keys(out).at(-1)!);
out['team-intake'] = h(strip(allocateSync(team, { maxIterations: 200, timeLimit: 1000, mode: 'intake' }))); tick(Object.keys(out).at(-1)!);
out['team-handover'] = h(strip(allocateSync(team, { maxIterations: 200, timeLimit: 1000, mode: 'handover', leaving: [team.workers[2].id, team.workers[5].id] }))); tick(Object.keys(out).at(-1)!);
out['team-maxmoves'] = h(strip(allocateSync({ ...team, policy: { ...(team.policy ?? {}), maxMoves: 5 } }, { maxIterations: 300, timeLimit: 1000 }))); tick(Object.keys(out).at(-1)!);
const county = syntheticProblem({ teams: 3, workersPerTeam: 16, casesPerTeam: 300, seed: 99 });
out['county'] = h(strip(allocateSync(county, { maxIterations: 100, timeLimit: 1000 }))); tick(Object.keys(out).at(-1)!);
const rows = tradeoff(team, [0, 5, null], { maxIterations: 100, timeLimit: 1000 });
out['tradeoff'] = h(rows.map((r: any) => { const { seconds, ...rest } = r; return rest; })); tick(Object.keys(out).at(-1)!);
out['recommend'] = h(recommend(team, { id: 'c900', type: 'court', requiredSkills: ['court'] }, { k: 3 })); tick(Object.keys(out).at(-1)!);
const res = allocateSync(team, { maxIterations: 100, timeLimit: 1000 });
out['explain'] = h(explainCase(team, res, team.cases[10].id)); tick(Object.keys(out).at(-1)!);
const tight = { ...team, policy: { ...(team.policy ?? {}), allowUnallocated: false, maxUtilisation: 0.9, targetUtilisation: 0.85 } };
const d: any = diagnoseSync(tight, { maxPairs: 400 }); // the exact checks, as diagnose made them on the calling thread before
out['diagnose'] = h([d.verdict, d.proven, d.groups, d.summary]); tick(Object.keys(out).at(-1)!);
const b = await allocateBatch(JSON.parse(readFileSync(new URL('../examples/', import.meta.url).pathname + 'compare/service.json', 'utf8')), { threads: 0, maxIterations: 60, timeLimit: 1000 });
out['batch'] = h([b.assignments, b.unallocated, b.moves, b.objective, b.bound, b.teams.map((t) => t.result?.status)]); tick(Object.keys(out).at(-1)!);


for (const [k, v] of Object.entries(out)) console.log(`${k} ${v}`);
