/**
 * The policy lab's speed (build first: replications run on the pool, which loads dist/sim/worker.js).
 *   node --import tsx bench/simulate.ts [decision] [smoke] [heuristics] [optimised] [--replications N]
 * decision:   optimised-intake decision for one team-week of a 20-worker team (median over the 52
 *             weeks of a run, each decided repeatedly by tinybench), beside manager-greedy's.
 * smoke:      the CI smoke lab (examples/lab-smoke.json: 14 workers, 12 weeks, 5 replications, all policies).
 * heuristics: the default service (8 teams, 152 workers, 52 weeks, 30 replications), the five
 *             heuristic policies together, on the pool (CASELOAD_THREADS, default the machine's cores).
 * optimised:  the same service, optimised intake weekly and optimised rebalance monthly.
 * Figures are wall-clock on a shared 2-core machine: see bench/RESULTS.md.
 */
import { readFileSync } from 'node:fs';
import { Bench } from 'tinybench';
import { closePool } from '../src/pool/pool.js';
import { resolveLab, runLab } from '../src/sim/lab.js';
import { drawScenario } from '../src/sim/scenario.js';
import { runPolicy } from '../src/sim/engine.js';
import { managerGreedyPolicy, optimisedIntakePolicy } from '../src/sim/policies.js';
import type { WeekView } from '../src/sim/policy.js';

const args = process.argv.slice(2);
const want = (name: string) => args.length === 0 || args.includes(name) || args.every((a) => a.startsWith('--'));
const at = args.indexOf('--replications');
const replications = at >= 0 ? Number(args[at + 1]) : 30;

if (want('decision')) {
  const { lab, problem } = resolveLab({ synthetic: { teams: 1, workersPerTeam: 20, casesPerTeam: 290, seed: 1 }, weeks: 52 });
  const scenario = drawScenario(problem, lab.model, 52, lab.seed, 0);
  const views: WeekView[] = [];
  const greedy = managerGreedyPolicy();
  runPolicy(scenario, problem.policy, { name: 'capture', decide: (v) => (views.push(v), greedy.decide(v)) }, { weeks: 52, warmupWeeks: 0, check: false, detail: false, policySeed: 1 });
  const optimised = optimisedIntakePolicy({ effort: lab.effort, seed: 1 });
  let k = 0;
  let g = 0;
  const bench = new Bench({ time: 3000, warmup: true });
  bench.add('optimised-intake team-week decision (20 workers)', () => void optimised.decide(views[k++ % views.length]));
  bench.add('manager-greedy team-week decision (20 workers)', () => void greedy.decide(views[g++ % views.length]));
  await bench.run();
  const waiting = views.map((v) => v.queue.length).sort((a, b) => a - b);
  for (const t of bench.tasks) if (t.result.state === 'completed') console.log(`${t.name}: median ${t.result.latency.p50.toFixed(2)} ms (p99 ${t.result.latency.p99.toFixed(2)} ms, ${t.result.latency.samplesCount} decisions)`);
  console.log(`  (${views.length} weeks; waiting units a week: median ${waiting[waiting.length >> 1]}, max ${waiting[waiting.length - 1]}; effort ${lab.effort} descents)`);
}

async function timed(name: string, config: unknown): Promise<void> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = await runLab(resolveLab(config));
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const perPolicy = Object.entries(result.effort.milliseconds).map(([p, ms]) => `${p} ${(ms / 1000).toFixed(1)} s`).join(', ');
  console.log(`${name}: wall ${seconds.toFixed(1)} s (main-thread CPU ${((used.user + used.system) / 1e6).toFixed(1)} s); ${result.replications.length} replications, ${result.effort.teamWeeksChecked} team-weeks checked; thread time by policy: ${perPolicy}`);
}

if (want('smoke')) {
  const smoke = JSON.parse(readFileSync(new URL('../examples/lab-smoke.json', import.meta.url), 'utf8'));
  await timed('CI smoke lab (14 workers, 12 weeks, 5 replications, all 8 policies)', smoke);
}
if (want('heuristics')) {
  await timed(`default service, 5 heuristic policies, 52 weeks, ${replications} replications`, { replications, policies: ['random', 'round-robin', 'least-loaded', 'manager-greedy', 'continuity-first'].map((kind) => ({ kind })) });
}
if (want('optimised')) {
  await timed(`default service, optimised intake + rebalance monthly, 52 weeks, ${replications} replications`, { replications, policies: [{ kind: 'optimised-intake' }, { kind: 'optimised-rebalance', rebalanceEvery: 4, moveCap: 3 }] });
}
await closePool();
