/**
 * The `caseload` command line: a thin wrapper over the library. `run(argv, io)` is callable
 * in-process (tests do) and returns the exit code:
 *   0  every case allocated      1  some case unallocated, or no allocation (infeasible / timed out)
 *   2  invalid input or usage    3  internal error (a bug: please report it)
 */
import yargs from 'yargs';
import { allocateTeam, modelAsLp } from '../api.js';
import { buildTeam } from '../domain/team.js';
import { InputError } from '../input/errors.js';
import { mergePolicy, parseJson, parseProblem, parseProblemCsv } from '../input/parse.js';
import { problemJsonSchema, type Problem } from '../input/schema.js';
import { formatAssignmentsCsv, formatTable } from '../report/table.js';
import { DEFAULT_SOLVE_OPTIONS, type SolverChoice } from '../solvers/team.js';
import { gapCommand } from './gap.js';
import { readText, writeAllAtomic } from './files.js';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};

export const EXIT = { ok: 0, unallocated: 1, input: 2, internal: 3 } as const;

class UsageError extends Error {}

interface InputArgs {
  problem?: string;
  workers?: string;
  cases?: string;
  policy?: string;
}

export async function run(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let exit: number = EXIT.ok;
  const guard = async (work: () => Promise<number> | number): Promise<void> => {
    try {
      exit = await work();
    } catch (e) {
      exit = report(e, io);
    }
  };
  const parser = yargs([...argv])
    .scriptName('caseload')
    .usage('$0 <command> [options]\n\nAllocates children\'s social-care cases to social workers: weighted caseloads, capacity, skills and continuity, solved and verified.')
    .command(
      'allocate [problem]',
      'allocate the cases to the workers and report the result',
      (y) =>
        inputOptions(y)
          .option('time-limit', { type: 'number', default: DEFAULT_SOLVE_OPTIONS.timeLimit, describe: 'seconds to search' })
          .option('seed', { type: 'number', default: DEFAULT_SOLVE_OPTIONS.seed, describe: 'seed for the search (same seed + effort = same answer)' })
          .option('max-iterations', { type: 'number', describe: 'effort limit, for reproducible runs' })
          .option('solver', { choices: ['auto', 'core', 'exact'] as const, default: DEFAULT_SOLVE_OPTIONS.solver, describe: 'backend: core engine, exact (small teams), or auto' })
          .option('json', { type: 'boolean', default: false, describe: 'print the result as JSON' })
          .option('out', { type: 'string', describe: 'write caseId,workerId rows to this CSV file' })
          .option('write-lp', { type: 'string', describe: 'write the integer program in CPLEX LP format to this file' })
          .example('$0 allocate examples/team.json', 'allocate the example team')
          .example('$0 allocate --workers workers.csv --cases cases.csv --out allocation.csv', 'from spreadsheets'),
      (args) =>
        guard(() => {
          const problem = readProblem(args);
          const team = buildTeam(problem);
          const result = allocateTeam(team, {
            timeLimit: args.timeLimit,
            seed: args.seed,
            maxIterations: args.maxIterations ?? Infinity,
            solver: args.solver as SolverChoice,
          });
          const files: { path: string; text: string }[] = [];
          if (args.out) files.push({ path: args.out, text: formatAssignmentsCsv(result) });
          if (args.writeLp) files.push({ path: args.writeLp, text: modelAsLp(problem) });
          writeAllAtomic(files);
          io.out(args.json ? `${JSON.stringify(result, null, 2)}\n` : formatTable(result));
          return result.status === 'optimal' || result.status === 'feasible' ? (result.unallocated.length ? EXIT.unallocated : EXIT.ok) : EXIT.unallocated;
        }),
    )
    .command(
      'validate [problem]',
      'check the input files and report every problem found',
      (y) => inputOptions(y),
      (args) =>
        guard(() => {
          const problem = readProblem(args);
          io.out(`valid: ${problem.workers.length} workers, ${problem.cases.length} cases\n`);
          return EXIT.ok;
        }),
    )
    .command(
      'schema',
      'print the JSON Schema of the problem file',
      (y) => y,
      () =>
        guard(() => {
          io.out(`${JSON.stringify(problemJsonSchema(), null, 2)}\n`);
          return EXIT.ok;
        }),
    )
    .command(
      'gap <file>',
      'solve an OR-Library Generalized Assignment Problem file (minimise cost)',
      (y) =>
        y
          .positional('file', { type: 'string', demandOption: true, describe: 'OR-Library GAP file (multi- or single-instance)' })
          .option('instance', { type: 'number', describe: '1-based instance in a multi-instance file (default: all)' })
          .option('time-limit', { type: 'number', default: 1, describe: 'seconds per instance' })
          .option('seed', { type: 'number', default: 1 })
          .option('max-iterations', { type: 'number', describe: 'effort limit, for reproducible runs' })
          .option('json', { type: 'boolean', default: false, describe: 'print JSON' }),
      (args) => guard(() => gapCommand({ file: args.file!, instance: args.instance, timeLimit: args.timeLimit, seed: args.seed, maxIterations: args.maxIterations, json: args.json }, io)),
    )
    .demandCommand(1, 'Name a command: allocate, validate, schema or gap.')
    .strict()
    .help()
    .version(false)
    .exitProcess(false)
    .fail((message, error) => {
      throw error ?? new UsageError(message);
    })
    .wrap(Math.min(100, process.stdout.columns ?? 100));

  try {
    await parser.parseAsync([...argv], {}, (_err, _args, output) => {
      if (output) io.out(`${output}\n`);
    });
  } catch (e) {
    return report(e, io);
  }
  return exit;
}

function inputOptions<T>(y: import('yargs').Argv<T>) {
  return y
    .positional('problem', { type: 'string', describe: 'JSON problem file { workers, cases, policy? }' })
    .option('workers', { type: 'string', describe: 'workers CSV file (with --cases)' })
    .option('cases', { type: 'string', describe: 'cases CSV file (with --workers)' })
    .option('policy', { type: 'string', describe: 'policy JSON: changes to the default policy' })
    .check((a) => {
      const csv = a.workers !== undefined || a.cases !== undefined;
      if (a.problem !== undefined && csv) throw new UsageError('give either a JSON problem file or --workers and --cases, not both (e.g. caseload allocate --workers workers.csv --cases cases.csv)');
      if (csv && (a.workers === undefined || a.cases === undefined)) throw new UsageError('--workers and --cases go together (e.g. caseload allocate --workers workers.csv --cases cases.csv)');
      if (a.problem === undefined && !csv) throw new UsageError('no input: give a JSON problem file, or --workers and --cases (e.g. caseload allocate examples/team.json)');
      return true;
    });
}

function readProblem(args: InputArgs): Problem {
  const policyText = args.policy === undefined ? undefined : readText(args.policy, '--policy');
  if (args.problem !== undefined) {
    const raw = parseJson(readText(args.problem, 'problem file'), args.problem);
    if (policyText === undefined) return parseProblem(raw);
    // --policy applies on top of the file's own policy.
    const file = (raw ?? {}) as { policy?: unknown };
    const base = mergePolicy(file.policy ?? {});
    if (!base.ok) throw new InputError(base.issues);
    const merged = mergePolicy(parseJson(policyText, args.policy!), base.policy);
    if (!merged.ok) throw new InputError(merged.issues);
    return parseProblem({ ...(raw as object), policy: merged.policy });
  }
  return parseProblemCsv(readText(args.workers!, '--workers'), readText(args.cases!, '--cases'), policyText, {
    workers: args.workers!,
    cases: args.cases!,
    policy: args.policy ?? 'policy.json',
  });
}

function report(e: unknown, io: CliIo): number {
  if (e instanceof UsageError) {
    io.err(`caseload: ${e.message}\nRun "caseload --help" for usage.\n`);
    return EXIT.input;
  }
  if (e instanceof InputError) {
    io.err(`caseload: ${e.message}\n`);
    return EXIT.input;
  }
  const message = e instanceof Error ? e.message : String(e);
  // yargs reports unknown options and missing arguments as plain errors from its validation.
  if (/Unknown argument|Not enough non-option arguments|Missing required argument|Invalid values|Unknown command|Arguments .* are mutually exclusive/i.test(message)) {
    io.err(`caseload: ${message}\nRun "caseload --help" for usage.\n`);
    return EXIT.input;
  }
  io.err(`caseload: ${message}\n`);
  return EXIT.internal;
}
