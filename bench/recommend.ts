/**
 * `recommend` for one new referral (parse the team, precompute loads, evaluate every
 * worker incrementally, rank) — no re-solve. Targets: ≤ 20 ms median for the example team, ≤ 200 ms for
 * a 150-worker service (syntheticProblem teams 8 × 19 workers × 438 cases, seed 2026).
 *   node --expose-gc --import tsx bench/recommend.ts          (add --quick for a short run)
 * Medians in milliseconds (tinybench); a sanity run before timing; GC between tasks.
 */
import { readFileSync } from 'node:fs';
import { Bench } from 'tinybench';
import { recommend } from '../src/app/advice.js';
import { syntheticProblem } from '../src/input/synthetic.js';

const quick = process.argv.includes('--quick');
const example: unknown = JSON.parse(readFileSync(new URL('../examples/team.json', import.meta.url), 'utf8'));
const service = syntheticProblem({ teams: 8, workersPerTeam: 19, casesPerTeam: 438, seed: 2026 });
const referral = { id: 'bench-new', type: 'child-protection', modifiers: ['complex'], preferredSkills: ['domestic-abuse'] };
const sibling = { id: 'bench-sib', type: 'child-in-need', familyId: String(service.cases.find((c) => c.familyId)?.familyId) };

// Sanity run: a ranked answer for each.
for (const [name, problem, c] of [['example', example, referral], ['service', service, referral], ['service, sibling of a held family', service, sibling]] as const) {
  const r = recommend(problem, c, { k: 5 });
  console.log(`${name}: ${(problem as { workers: unknown[] }).workers.length} workers, ${(problem as { cases: unknown[] }).cases.length} cases; top: ${r.workers.map((w) => `${w.workerId} ${w.scoreChange}`).join(', ')}; ${r.cannot.length} cannot`);
}

const bench = new Bench({ time: quick ? 300 : 2000, warmup: true, setup: () => (globalThis as { gc?: () => void }).gc?.() });
bench
  .add('example team (14 workers, 185 cases): recommend, k 5', () => void recommend(example, referral, { k: 5 }))
  .add('150-worker service (152 workers, 3,504 cases): recommend, k 5', () => void recommend(service, referral, { k: 5 }))
  .add('150-worker service: recommend a sibling of a held family', () => void recommend(service, sibling, { k: 5 }));
await bench.run();
const rows = bench.tasks.map((t) => {
  const r = t.result as { latency?: { p50?: number; samplesCount?: number }; period?: number } | undefined;
  return { task: t.name, 'median ms': Number((r?.latency?.p50 ?? NaN).toFixed(3)), samples: r?.latency?.samplesCount ?? 0 };
});
console.table(rows);
