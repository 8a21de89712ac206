/**
 * The `caseload` command line: a thin wrapper over the library, one file per command under
 * commands/. `run(argv, io)` is callable in-process (tests do) and returns the exit code (see EXIT).
 */
import yargs, { type CommandModule } from 'yargs';
import { InputError } from '../input/errors.js';
import { closePool } from '../pool/pool.js';
import { EXIT, UsageError, type CliIo, type CommandContext } from './context.js';
import { withStdinArgs } from './files.js';
import { checkSharedFlags } from './flags.js';
import { packageVersion } from './version.js';

export { EXIT, type CliIo } from './context.js';

type CommandFactory = (ctx: CommandContext) => CommandModule;

/**
 * The commands, each loaded only when it runs: `caseload gap` (or any one command) then starts
 * without loading the others' code — start-up counts against the user's time limit.
 */
const COMMANDS: Readonly<Record<string, () => Promise<readonly CommandFactory[]>>> = {
  allocate: async () => [(await import('./commands/allocate.js')).allocateCommand],
  recommend: async () => [(await import('./commands/recommend.js')).recommendCommand],
  batch: async () => [(await import('./commands/batch.js')).batchCommand],
  compare: async () => [(await import('./commands/compare.js')).compareCommand],
  validate: async () => [(await import('./commands/validate.js')).validateCommand],
  schema: async () => [(await import('./commands/validate.js')).schemaCommand],
  gap: async () => [(await import('./commands/gap.js')).gapCommand],
  simulate: async () => [(await import('./commands/simulate.js')).simulateCommand],
};

/** The CLI's own commands (the executable adds `serve`). */
export const COMMAND_NAMES: readonly string[] = Object.keys(COMMANDS);

/** The named command's factory alone, or every command (help, completion, a typo). */
async function commandsFor(argv: readonly string[]): Promise<CommandFactory[]> {
  const first = argv.find((a) => !a.startsWith('-'));
  const load = first !== undefined ? COMMANDS[first] : undefined;
  if (load && Object.hasOwn(COMMANDS, first!)) return [...(await load())];
  return (await Promise.all(Object.values(COMMANDS).map((l) => l()))).flat();
}

const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  interactive: process.stderr.isTTY === true,
};

/**
 * `extra`: commands from above the CLI's floor (the executable adds `serve`, src/main.ts).
 * `startedAt`: see CommandContext (the executables pass 0: their start-up is inside the user's limit).
 */
export async function run(argv: readonly string[], io: CliIo = processIo, extra: readonly ((ctx: CommandContext) => CommandModule)[] = [], startedAt = performance.now()): Promise<number> {
  let exit: number = EXIT.ok;
  const ctx: CommandContext = {
    io,
    startedAt,
    guard: async (work) => {
      try {
        exit = await work();
      } catch (e) {
        exit = report(e, io, argv.includes('--json'));
      }
    },
  };
  argv = withStdinArgs(argv);
  const parser = yargs([...argv])
    .scriptName('caseload')
    .usage("$0 <command> [options]\n\nAllocates children's social-care cases to social workers: weighted caseloads, capacity, skills and continuity, solved and verified.")
    .command((await commandsFor(argv)).map((command) => command(ctx)))
    .command(extra.map((command) => command(ctx)))
    .demandCommand(1, 'Name a command: allocate, recommend, batch, compare, validate, schema or gap.')
    .completion('completion', 'print a bash/zsh completion script (e.g. caseload completion >> ~/.bashrc)')
    .check(checkSharedFlags(argv))
    .strict()
    .help()
    .alias('h', 'help')
    .version(packageVersion())
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
    return report(e, io, argv.includes('--json'));
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

function report(e: unknown, io: CliIo, json = false): number {
  if (json) return reportJson(e, io);
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

/**
 * Under --json every error is one JSON object on stderr, for calling systems:
 * { error: { type: 'input' | 'usage' | 'internal', exitCode, message, issues?, groups? } }.
 */
function reportJson(e: unknown, io: CliIo): number {
  const message = e instanceof Error ? e.message : String(e);
  const usage = e instanceof UsageError || (!(e instanceof InputError) && USAGE_MESSAGE.test(message));
  const type = e instanceof InputError ? 'input' : usage ? 'usage' : 'internal';
  const exitCode = type === 'internal' ? EXIT.internal : EXIT.input;
  const detail = e instanceof InputError ? { issues: asFlags(e).issues, groups: e.groups.map((g) => ({ kind: g.kind, count: g.count })) } : {};
  io.err(`${JSON.stringify({ error: { type, exitCode, message: e instanceof InputError ? asFlags(e).message : message, ...detail } })}\n`);
  return exitCode;
}
const USAGE_MESSAGE = /Unknown argument|Not enough non-option arguments|Missing required argument|Invalid values|Unknown command|mutually exclusive/i;
