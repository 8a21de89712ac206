/**
 * The `caseload` command line: a thin wrapper over the library, one file per command under
 * commands/. `run(argv, io)` is callable in-process (tests do) and returns the exit code (see EXIT).
 */
import yargs from 'yargs';
import { InputError } from '../input/errors.js';
import { closePool } from '../pool/pool.js';
import { allocateCommand } from './commands/allocate.js';
import { batchCommand } from './commands/batch.js';
import { compareCommand } from './commands/compare.js';
import { gapCommand } from './commands/gap.js';
import { recommendCommand } from './commands/recommend.js';
import { schemaCommand, validateCommand } from './commands/validate.js';
import { simulateCommand } from './commands/simulate.js';
import { EXIT, UsageError, type CliIo, type CommandContext } from './context.js';

export { EXIT, type CliIo } from './context.js';

const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  interactive: process.stderr.isTTY === true,
};

export async function run(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let exit: number = EXIT.ok;
  const ctx: CommandContext = {
    io,
    guard: async (work) => {
      try {
        exit = await work();
      } catch (e) {
        exit = report(e, io);
      }
    },
  };
  const parser = yargs([...argv])
    .scriptName('caseload')
    .usage("$0 <command> [options]\n\nAllocates children's social-care cases to social workers: weighted caseloads, capacity, skills and continuity, solved and verified.")
    .command(allocateCommand(ctx))
    .command(recommendCommand(ctx))
    .command(batchCommand(ctx))
    .command(compareCommand(ctx))
    .command(validateCommand(ctx))
    .command(schemaCommand(ctx))
    .command(gapCommand(ctx))
    .command(simulateCommand(ctx))
    .demandCommand(1, 'Name a command: allocate, recommend, batch, compare, validate, schema or gap.')
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
  } finally {
    // The pool's threads must never keep the process alive after a command.
    await closePool();
  }
  return exit;
}

/** The library names its options as in code (`leaving`, `timeLimit`); on the command line they are flags. */
function asFlags(e: InputError): InputError {
  const flag = (path: string) => (/^[a-z][A-Za-z]*$/.test(path) && OPTION_PATHS.has(path) ? `--${path.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}` : path);
  return new InputError(e.issues.map((i) => ({ ...i, path: flag(i.path) })));
}
const OPTION_PATHS = new Set(['leaving', 'mode', 'timeLimit', 'seed', 'maxIterations', 'solver', 'threads', 'portfolio', 'targetGap']);

function report(e: unknown, io: CliIo): number {
  if (e instanceof UsageError || e instanceof InputError) {
    io.err(`caseload: ${(e instanceof InputError ? asFlags(e) : e).message}\n${e instanceof UsageError ? 'Run "caseload --help" for usage.\n' : ''}`);
    return EXIT.input;
  }
  const message = e instanceof Error ? e.message : String(e);
  // yargs reports unknown options and missing arguments as plain errors from its validation.
  if (/Unknown argument|Not enough non-option arguments|Missing required argument|Invalid values|Unknown command|mutually exclusive/i.test(message)) {
    io.err(`caseload: ${message}\nRun "caseload --help" for usage.\n`);
    return EXIT.input;
  }
  io.err(`caseload: ${message}\n`);
  return EXIT.internal;
}
