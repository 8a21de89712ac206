import type { CommandModule } from 'yargs';
import { allocate, modelAsLp } from '../../api.js';
import { formatAssignmentsCsv, formatTable } from '../../report/table.js';
import { DEFAULT_SOLVE_OPTIONS, type SolverChoice } from '../../solvers/team.js';
import { EXIT, type CommandContext } from '../context.js';
import { writeAllAtomic } from '../files.js';
import { inputOptions, readProblem, type InputArgs } from '../inputs.js';
import { progressLine } from '../progress.js';

export function allocateCommand({ io, guard }: CommandContext): CommandModule {
  return {
    command: 'allocate [problem]',
    describe: 'allocate the cases to the workers and report the result',
    builder: (y) =>
      inputOptions(y)
        .option('time-limit', { type: 'number', default: DEFAULT_SOLVE_OPTIONS.timeLimit, describe: 'seconds to search' })
        .option('seed', { type: 'number', default: DEFAULT_SOLVE_OPTIONS.seed, describe: 'seed for the search (same seed + effort = same answer)' })
        .option('max-iterations', { type: 'number', describe: 'effort limit, for reproducible runs' })
        .option('solver', { choices: ['auto', 'core', 'exact'] as const, default: DEFAULT_SOLVE_OPTIONS.solver, describe: 'backend: core engine, exact (small teams), or auto' })
        .option('threads', { type: 'number', describe: 'portfolio size: parallel seeded searches on worker threads (0 = solve on the main thread)' })
        .option('json', { type: 'boolean', default: false, describe: 'print the result as JSON' })
        .option('out', { type: 'string', describe: 'write caseId,workerId rows to this CSV file' })
        .option('write-lp', { type: 'string', describe: 'write the integer program in CPLEX LP format to this file' })
        .example('$0 allocate examples/team.json', 'allocate the example team')
        .example('$0 allocate --workers workers.csv --cases cases.csv --out allocation.csv', 'from spreadsheets'),
    handler: (args) =>
      guard(async () => {
        const a = args as unknown as { timeLimit: number; seed: number; maxIterations?: number; solver: SolverChoice; threads?: number; json: boolean; out?: string; writeLp?: string };
        const problem = readProblem(args as InputArgs);
        const progress = progressLine(io, a.json);
        const result = await allocate(problem, {
          timeLimit: a.timeLimit,
          seed: a.seed,
          maxIterations: a.maxIterations ?? Infinity,
          solver: a.solver,
          ...(a.threads === undefined ? {} : a.threads === 0 ? { threads: 0 } : { portfolio: a.threads }),
          ...(progress ? { onProgress: progress.update } : {}),
        });
        progress?.done();
        const files: { path: string; text: string }[] = [];
        if (a.out) files.push({ path: a.out, text: formatAssignmentsCsv(result) });
        if (a.writeLp) files.push({ path: a.writeLp, text: modelAsLp(problem) });
        writeAllAtomic(files);
        io.out(a.json ? `${JSON.stringify(result, null, 2)}\n` : formatTable(result));
        const allocated = result.status === 'optimal' || result.status === 'feasible';
        return allocated && result.unallocated.length === 0 ? EXIT.ok : EXIT.unallocated;
      }),
  };
}
