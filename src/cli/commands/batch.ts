import type { CommandModule } from 'yargs';
import { allocateBatch, type BatchResult } from '../../app/batch.js';
import { grid } from '../../report/table.js';
import { formatAllocationCsv } from '../../report/allocationCsv.js';
import { DEFAULT_SOLVE_OPTIONS } from '../../solvers/team.js';
import { EXIT, type CommandContext } from '../context.js';
import { writeAllAtomic } from '../files.js';
import { inputOptions, readProblem, type InputArgs } from '../inputs.js';
import { progressLine } from '../progress.js';

export function batchCommand({ io, guard }: CommandContext): CommandModule {
  return {
    command: 'batch [problem]',
    describe: 'reallocate a whole service: every team solved in parallel, one combined report',
    builder: (y) =>
      inputOptions(y, 'batch')
        .option('cross-team', { type: 'boolean', default: false, describe: 'let cases move between teams (one service-wide problem)' })
        .option('time-limit', { type: 'number', default: DEFAULT_SOLVE_OPTIONS.timeLimit, describe: "seconds of each team's own solve (every team the same; the batch takes about ⌈teams ÷ threads⌉ times this); with --cross-team, of the service-wide solve" })
        .option('seed', { type: 'number', default: DEFAULT_SOLVE_OPTIONS.seed })
        .option('max-iterations', { type: 'number', describe: 'effort limit per team, for reproducible runs' })
        .option('threads', { type: 'number', describe: '0 = solve on the main thread (default: the worker-thread pool)' })
        .option('json', { type: 'boolean', default: false, describe: 'print the combined result as JSON' })
        .option('out', { type: 'string', describe: 'write caseId,workerId rows for the whole service to this CSV file' })
        .example('$0 batch --workers service-workers.csv --cases service-cases.csv', 'each team in parallel'),
    handler: (args) =>
      guard(async () => {
        const a = args as unknown as { crossTeam: boolean; timeLimit: number; seed: number; maxIterations?: number; threads?: number; json: boolean; out?: string };
        const problem = await readProblem(args as InputArgs, io);
        const progress = progressLine(io, a.json);
        const result = await allocateBatch(problem, {
          crossTeam: a.crossTeam,
          timeLimit: a.timeLimit,
          seed: a.seed,
          maxIterations: a.maxIterations ?? Infinity,
          ...(a.threads === 0 ? { threads: 0 } : {}),
          ...(progress ? { onProgress: progress.update } : {}),
        });
        progress?.done();
        if (a.out) writeAllAtomic([{ path: a.out, text: formatAllocationCsv(problem, result) }]);
        io.out(a.json ? `${JSON.stringify(result, null, 2)}\n` : formatBatch(result));
        return result.status !== 'failed' && result.status !== 'infeasible' && result.status !== 'timedout' && result.unallocated.length === 0 ? EXIT.ok : EXIT.unallocated;
      }),
  };
}

export function formatBatch(r: BatchResult): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const rows = r.teams.map((t) => {
    if (!t.result) return [t.team, 'FAILED', '', '', '', '', '', '', ''];
    const w = t.result.workers.filter((x) => x.available);
    const cases = w.reduce((s, x) => s + x.cases, 0);
    const maxU = Math.max(0, ...w.map((x) => x.utilisation));
    return [
      t.team,
      t.result.status,
      String(w.length),
      String(cases),
      (cases / Math.max(1, w.length)).toFixed(1),
      pct(maxU),
      String(t.result.moves.length),
      String(t.result.unallocated.length),
      t.result.gap === null ? '—' : `${(t.result.gap * 100).toFixed(2)}%`,
    ];
  });
  const s = r.service;
  const lines = [
    `Batch: ${r.status}${r.crossTeam ? ' (cases may cross teams)' : ''} — ${r.teams.length} teams, ${r.stats.seconds} s on ${r.stats.threads} thread${r.stats.threads === 1 ? '' : 's'}; objective ${r.objective ?? '—'}${r.gap === null ? '' : `, gap ${(r.gap * 100).toFixed(2)}%`}`,
    '',
    ...grid(['team', 'status', 'workers', 'cases', 'mean', 'max util', 'moves', 'unallocated', 'gap'], rows, [false, false, true, true, true, true, true, true, true]),
    '',
    `Service: ${s.workers} workers, ${s.allocated} of ${s.cases} cases allocated, ${s.moves} moves; mean ${s.meanCases} cases / ${s.meanPoints} points per worker (max ${s.maxCases} / ${s.maxPoints}); utilisation mean ${pct(s.meanUtilisation)}, max ${pct(s.maxUtilisation)}`,
    `Bands: red ${s.bands.red}, amber ${s.bands.amber}, green ${s.bands.green}, blue ${s.bands.blue}`,
    '',
    r.capacity.headline,
    ...grid(
      ['team', 'demand', 'at target', 'demand/target', 'points short', 'FTE short', 'held above limit', 'waiting'],
      r.capacity.teams.map((t) => [t.team, String(t.demandPoints), String(t.targetPoints), pct(t.demandRatio), String(t.pointsShort), t.fteShort.toFixed(1), String(t.heldAboveLimit.length), String(t.waiting.cases)]),
      [false, true, true, true, true, true, true, true],
    ),
  ];
  for (const t of r.teams) if (t.error) lines.push(`Team ${t.team} failed: ${t.error}`);
  if (r.unallocated.length) {
    lines.push('', 'Unallocated:');
    for (const u of r.unallocated) lines.push(`  ${u.caseId}: ${u.reason}`);
  }
  return `${lines.join('\n')}\n`;
}
