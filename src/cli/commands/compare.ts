import type { CommandModule } from 'yargs';
import { compare, type Comparison } from '../../app/compare.js';
import { parseJson } from '../../input/parse.js';
import { grid } from '../../report/table.js';
import { DEFAULT_SOLVE_OPTIONS } from '../../solvers/team.js';
import { EXIT, UsageError, type CommandContext } from '../context.js';
import { readText } from '../files.js';
import { inputOptions, readProblem, type InputArgs } from '../inputs.js';

export function compareCommand({ io, guard }: CommandContext): CommandModule {
  return {
    command: 'compare [problem]',
    describe: 'compare policy scenarios on the same data, side by side',
    builder: (y) =>
      inputOptions(y, 'compare')
        .option('scenario', { type: 'string', array: true, describe: 'scenario JSON file (repeat for several)' })
        .option('target-cases', { type: 'number', describe: 'target mean caseload (cases per worker); default: the policy target utilisation' })
        .option('cross-team', { type: 'boolean', default: false, describe: 'let cases move between teams' })
        .option('time-limit', { type: 'number', default: DEFAULT_SOLVE_OPTIONS.timeLimit * 2, describe: 'wall-clock seconds per scenario' })
        .option('seed', { type: 'number', default: DEFAULT_SOLVE_OPTIONS.seed })
        .option('max-iterations', { type: 'number', describe: 'effort limit per team, for reproducible runs' })
        .option('json', { type: 'boolean', default: false })
        .example('$0 compare examples/compare/service.json --scenario examples/compare/hire-18.json --scenario examples/compare/support-officers.json --target-cases 21', 'the hiring choice'),
    handler: (args) =>
      guard(async () => {
        const a = args as unknown as { scenario?: string[]; targetCases?: number; crossTeam: boolean; timeLimit: number; seed: number; maxIterations?: number; json: boolean };
        if (!a.scenario?.length) throw new UsageError('name at least one scenario (e.g. caseload compare service.json --scenario hire.json)');
        const problem = await readProblem(args as InputArgs, io);
        const scenarios = a.scenario.map((file) => parseJson(readText(file, '--scenario'), file));
        const result = await compare(problem, scenarios, {
          crossTeam: a.crossTeam,
          timeLimit: a.timeLimit,
          seed: a.seed,
          maxIterations: a.maxIterations ?? Infinity,
          ...(a.targetCases !== undefined ? { targetCases: a.targetCases } : {}),
        });
        io.out(a.json ? `${JSON.stringify(result, null, 2)}\n` : formatComparison(result));
        return EXIT.ok;
      }),
  };
}

export function formatComparison(c: Comparison): string {
  const all = [c.baseline, ...c.scenarios];
  const money = (x: number) => `£${Math.round(x).toLocaleString('en-GB')}`;
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const rowsOf: [string, (o: (typeof all)[number]) => string][] = [
    ['status', (o) => o.status],
    ['workers', (o) => String(o.figures.workers)],
    ['capacity points', (o) => o.capacityPoints.toFixed(0)],
    ['capacity added', (o) => (o.capacityAdded ? `+${o.capacityAdded.toFixed(0)}` : '—')],
    ['mean cases', (o) => o.figures.meanCases.toFixed(1)],
    ['max cases', (o) => String(o.figures.maxCases)],
    ['mean points', (o) => o.figures.meanPoints.toFixed(1)],
    ['max points', (o) => o.figures.maxPoints.toFixed(1)],
    ['mean utilisation', (o) => pct(o.figures.meanUtilisation)],
    ['max utilisation', (o) => pct(o.figures.maxUtilisation)],
    ['red / amber', (o) => `${o.figures.bands.red} / ${o.figures.bands.amber}`],
    ['green / blue', (o) => `${o.figures.bands.green} / ${o.figures.bands.blue}`],
    ['unallocated', (o) => String(o.figures.unallocated)],
    ['moves', (o) => String(o.figures.moves)],
    ['annual cost', (o) => (o.annualCost ? money(o.annualCost) : '—')],
    ['cost per capacity point', (o) => (o.costPerCapacityPoint === null ? '—' : money(o.costPerCapacityPoint))],
    ['reaches target', (o) => (o.reachesTarget ? 'yes' : 'no')],
  ];
  const lines = grid(['', ...all.map((o) => o.name)], rowsOf.map(([label, f]) => [label, ...all.map(f)]), [false, ...all.map(() => true)]);
  const reaching = c.scenarios.filter((o) => o.reachesTarget);
  const cheapest = [...reaching].sort((x, y) => x.annualCost - y.annualCost)[0];
  const verdict = cheapest
    ? `${reaching.map((o) => o.name).join(', ')} reach${reaching.length === 1 ? 'es' : ''} the target (${c.baseline.target}); the cheapest is ${cheapest.name} at ${money(cheapest.annualCost)} a year${cheapest.costPerCapacityPoint !== null ? `, ${money(cheapest.costPerCapacityPoint)} per capacity point` : ''}.`
    : `No scenario reaches the target (${c.baseline.target}).`;
  return `${lines.join('\n')}\n\n${verdict}\n`;
}
