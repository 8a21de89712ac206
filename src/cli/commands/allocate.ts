import type { CommandModule } from 'yargs';
import { allocate, DEFAULT_WORKFLOW_OPTIONS, modelAsLp } from '../../app/allocate.js';
import { explainCase, tradeoff, type TradeoffRow } from '../../app/advice.js';
import type { Workflow } from '../../domain/workflows.js';
import type { Problem } from '../../input/schema.js';
import { formatCaseExplanation, type CaseExplanation } from '../../report/explain.js';
import { renderHtmlReport } from '../../report/html.js';
import { renderMarkdownSummary } from '../../report/summary.js';
import { formatAllocationCsv } from '../../report/allocationCsv.js';
import { formatTable, grid } from '../../report/table.js';
import { DEFAULT_SOLVE_OPTIONS, type SolverChoice } from '../../solvers/team.js';
import { EXIT, UsageError, type CommandContext } from '../context.js';
import { writeAllAtomic } from '../files.js';
import { inputOptions, readProblem, type InputArgs } from '../inputs.js';
import { progressLine } from '../progress.js';

interface AllocateArgs extends InputArgs {
  timeLimit: number;
  seed: number;
  maxIterations?: number;
  solver: SolverChoice;
  threads?: number;
  json: boolean;
  out?: string;
  writeLp?: string;
  mode: Workflow;
  leaving?: string;
  maxMoves?: number;
  moveCost?: number;
  tradeoff?: string;
  explain?: string[];
  report?: string;
  summary?: string;
}

export function allocateCommand({ io, guard }: CommandContext): CommandModule {
  return {
    command: 'allocate [problem]',
    describe: 'allocate the cases to the workers and report the result',
    builder: (y) =>
      inputOptions(y)
        .option('mode', { choices: ['rebalance', 'intake', 'handover'] as const, default: DEFAULT_WORKFLOW_OPTIONS.mode, describe: 'intake: place only new referrals; handover: move only the leavers\' cases; rebalance: move cases where it pays' })
        .option('leaving', { type: 'string', describe: 'handover: comma-separated ids of the workers who leave, e.g. w03,w07' })
        .option('max-moves', { type: 'number', describe: 'cap on moves away from available current workers (policy.maxMoves)' })
        .option('move-cost', { type: 'number', describe: 'objective cost per move (policy.weights.move)' })
        .option('tradeoff', { type: 'string', describe: 'rebalance under each cap on moves, e.g. 0,5,10,20 (none = no cap), and print the trade-off table' })
        .option('explain', { type: 'string', array: true, describe: 'explain why a case is with its worker (repeatable: --explain c0042)' })
        .option('report', { type: 'string', describe: 'write a self-contained HTML report with charts to this file' })
        .option('summary', { type: 'string', describe: 'write a Markdown summary (for email) to this file' })
        .option('time-limit', { type: 'number', default: DEFAULT_SOLVE_OPTIONS.timeLimit, describe: 'seconds to search' })
        .option('seed', { type: 'number', default: DEFAULT_SOLVE_OPTIONS.seed, describe: 'seed for the search (same seed + effort = same answer)' })
        .option('max-iterations', { type: 'number', describe: 'effort limit, for reproducible runs' })
        .option('solver', { choices: ['auto', 'core', 'exact', 'highs'] as const, default: DEFAULT_SOLVE_OPTIONS.solver, describe: 'backend: core engine, exact (small teams), highs (HiGHS MIP solver), or auto' })
        .option('threads', { type: 'number', describe: 'portfolio size: parallel seeded searches on worker threads, 0 to 4 per core, at most 64 (0 = solve on the main thread)' })
        .option('json', { type: 'boolean', default: false, describe: 'print the result as JSON' })
        .option('out', { type: 'string', describe: 'write one row per case to this CSV file (caseId, workerId, previousWorkerId, moved, caseType, points, reason, then the labels)' })
        .option('write-lp', { type: 'string', describe: 'write the integer program in CPLEX LP format to this file' })
        .check((a) => {
          if (a.mode === 'handover' && !a.leaving) throw new UsageError('--mode handover needs --leaving (e.g. caseload allocate team.json --mode handover --leaving w03,w07)');
          if (a.leaving && a.mode !== 'handover') throw new UsageError('--leaving goes with --mode handover (e.g. --mode handover --leaving w03)');
          if (a.tradeoff !== undefined && parseCaps(a.tradeoff) === null) throw new UsageError(`--tradeoff: expected caps such as 0,5,10,20 or none, got ${JSON.stringify(a.tradeoff)}`);
          if (a.maxMoves !== undefined && !(Number.isInteger(a.maxMoves) && Number(a.maxMoves) >= 0)) throw new UsageError(`--max-moves: expected a whole number ≥ 0, got ${a.maxMoves}`);
          if (a.moveCost !== undefined && !(Number(a.moveCost) >= 0)) throw new UsageError(`--move-cost: expected a number ≥ 0, got ${a.moveCost}`);
          return true;
        })
        .example('$0 allocate examples/team.json', 'allocate the example team')
        .example('$0 allocate examples/team.json --mode intake', 'place only the new referrals')
        .example('$0 allocate examples/team.json --mode handover --leaving w03,w07', 'hand over two leavers\' cases')
        .example('$0 allocate examples/team.json --tradeoff 0,5,10,20', 'what each cap on moves buys')
        .example('$0 allocate examples/team.json --explain c0042 --report report.html --summary summary.md', 'explain a case; write the HTML report and a Markdown summary')
        .example('$0 allocate --workers workers.csv --cases cases.csv --out allocation.csv', 'from spreadsheets'),
    handler: (args) =>
      guard(async () => {
        const a = args as unknown as AllocateArgs;
        const leaving = a.leaving ? a.leaving.split(',').map((s) => s.trim()).filter(Boolean) : [];
        const problem = withPolicyFlags(await readProblem(a, io), a);
        const workflow = { mode: a.mode, leaving };
        const solve = { timeLimit: a.timeLimit, seed: a.seed, maxIterations: a.maxIterations ?? Infinity, solver: a.solver };
        if (a.tradeoff !== undefined) {
          const rows = await tradeoff(problem, parseCaps(a.tradeoff)!, { ...solve, ...workflow });
          io.out(a.json ? `${JSON.stringify(rows, null, 2)}\n` : formatTradeoff(rows));
          // Like allocate: no allocation at all (every cap too tight) is not a success.
          return rows.some((r) => r.status === 'optimal' || r.status === 'feasible') ? EXIT.ok : EXIT.unallocated;
        }
        for (const id of a.explain ?? []) if (!problem.cases.some((c) => c.id === id)) throw new UsageError(`--explain: no case ${JSON.stringify(id)} in the problem`);
        const progress = progressLine(io, a.json);
        const result = await allocate(problem, {
          ...solve,
          ...(a.mode === DEFAULT_WORKFLOW_OPTIONS.mode ? {} : workflow),
          ...(a.threads === undefined ? {} : a.threads === 0 ? { threads: 0 } : { portfolio: a.threads }),
          ...(progress ? { onProgress: progress.update } : {}),
        });
        progress?.done();
        const explanations: CaseExplanation[] = result.status === 'optimal' || result.status === 'feasible' ? (a.explain ?? []).map((id) => explainCase(problem, result, id, workflow)) : [];
        const files: { path: string; text: string }[] = [];
        if (a.out) files.push({ path: a.out, text: formatAllocationCsv(problem, result) });
        if (a.writeLp) files.push({ path: a.writeLp, text: modelAsLp(problem, workflow) });
        const subtitle = `${a.problem ?? `${a.workers} + ${a.cases}`} · mode ${a.mode}${leaving.length ? ` (leaving: ${leaving.join(', ')})` : ''}`;
        if (a.report) files.push({ path: a.report, text: renderHtmlReport(result, { subtitle }) });
        if (a.summary) files.push({ path: a.summary, text: renderMarkdownSummary(result) });
        writeAllAtomic(files);
        if (a.json) io.out(`${JSON.stringify(explanations.length ? { ...result, caseExplanations: explanations } : result, null, 2)}\n`);
        else io.out(formatTable(result) + explanations.map((e) => `\n${formatCaseExplanation(e)}`).join(''));
        const allocated = result.status === 'optimal' || result.status === 'feasible';
        return allocated && result.unallocated.length === 0 && !result.unallocatedCoWorkers?.length ? EXIT.ok : EXIT.unallocated;
      }),
  };
}

function withPolicyFlags(problem: Problem, a: AllocateArgs): Problem {
  if (a.maxMoves === undefined && a.moveCost === undefined) return problem;
  const policy = { ...problem.policy, weights: { ...problem.policy.weights } };
  if (a.maxMoves !== undefined) policy.maxMoves = a.maxMoves;
  if (a.moveCost !== undefined) policy.weights.move = a.moveCost;
  return { ...problem, policy };
}

/** "0,5,10,none" → [0, 5, 10, null]; null when malformed. */
export function parseCaps(text: string): (number | null)[] | null {
  const parts = text.split(',').map((s) => s.trim());
  const caps = parts.map((s) => (s === 'none' ? null : /^\d+$/.test(s) ? Number(s) : NaN));
  return caps.length && caps.every((c) => c === null || Number.isInteger(c)) ? caps : null;
}

export function formatTradeoff(rows: readonly TradeoffRow[]): string {
  const lines = ['Rebalance trade-off: what each cap on moves buys', ''];
  lines.push(
    ...grid(
      ['max moves', 'moves used', 'highest utilisation', 'objective', 'unallocated', 'red', 'amber', 'green', 'blue', 'status'],
      rows.map((r) => {
        const show = (x: number | null | undefined) => (x === null || x === undefined ? '—' : String(x));
        return [r.maxMoves === null ? 'none' : String(r.maxMoves), show(r.moves), r.highestUtilisation === null ? '—' : `${(r.highestUtilisation * 100).toFixed(1)}%`, show(r.objective), show(r.unallocated), show(r.bands?.red), show(r.bands?.amber), show(r.bands?.green), show(r.bands?.blue), r.status];
      }),
      [true, true, true, true, true, true, true, true, true, false],
    ),
  );
  for (const r of rows) if (r.note) lines.push(`  ${r.maxMoves === null ? 'no cap' : `max moves ${r.maxMoves}`}: ${r.note}`);
  return `${lines.join('\n')}\n`;
}
