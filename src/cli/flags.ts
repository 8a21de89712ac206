/**
 * Checks of the flags several commands share, run by yargs before any command's work starts, so a
 * mistyped number or an output folder that does not exist is a usage error (exit 2) naming the flag
 * and the value as typed, not a solve that times out or a failed write after the solve.
 */
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { UsageError } from './context.js';
import { DECIMAL } from '../input/tables.js';
import { threadsFromEnv } from '../pool/pool.js';
import { STDIN } from './files.js';

/** The most --threads accepted: four searches per core (more only queue), and never above 64. */
export function maxThreads(): number {
  return Math.min(64, Math.max(1, availableParallelism()) * 4);
}

type Rule = (value: number) => string | null;

const positive: Rule = (v) => (Number.isFinite(v) && v > 0 ? null : 'expected a number of seconds > 0');
const wholeAtLeast = (min: number): Rule => (v) => (Number.isSafeInteger(v) && v >= min ? null : `expected a whole number ≥ ${min}`);
const threads: Rule = (v) => (Number.isInteger(v) && v >= 0 && v <= maxThreads() ? null : `expected a whole number from 0 to ${maxThreads()} (0 = solve on the main thread)`);
const seed: Rule = (v) => (Number.isSafeInteger(v) ? null : 'expected a whole number');

/** Numeric flags (camel-case key → rule); each is checked only where the command has it and it is given. */
const NUMBER_FLAGS: Readonly<Record<string, Rule>> = {
  timeLimit: positive,
  threads,
  seed,
  maxIterations: wholeAtLeast(1),
  instance: wholeAtLeast(1),
  targetCases: (v) => (Number.isFinite(v) && v > 0 ? null : 'expected a number > 0'),
};

/** Flags naming files the command writes: their folder must exist. */
const OUTPUT_FLAGS = ['out', 'report', 'summary', 'writeLp'] as const;

/** Flags naming files the command reads, where `-` means standard input (which can be read once). */
const INPUT_FLAGS = ['problem', 'workers', 'cases', 'policy', 'scenario', 'file'] as const;

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** How the user writes the flag of a parsed key: `-k` for a one-letter alias, else `--max-moves`. */
const flagName = (key: string) => (key.length === 1 ? `-${key}` : `--${kebab(key)}`);

/** What the user typed after `--flag` (or `--flag=`), if they gave it by its long name; yargs has already converted it. */
function typedText(argv: readonly string[], key: string): string | undefined {
  const names = new Set([flagName(key), `--${key}`]);
  let found: string | undefined;
  argv.forEach((arg, k) => {
    const eq = arg.indexOf('=');
    if (eq > 0 && names.has(arg.slice(0, eq))) found = arg.slice(eq + 1);
    else if (names.has(arg) && k + 1 < argv.length) found = argv[k + 1];
  });
  return found;
}

/** The value as typed, quoted, for messages. */
function typed(argv: readonly string[], key: string, parsed: unknown): string {
  return JSON.stringify(typedText(argv, key) ?? String(parsed));
}

/** A yargs check (global: it runs for every command) over the parsed arguments. */
export function checkSharedFlags(argv: readonly string[]) {
  return (args: Record<string, unknown>): true => {
    for (const [key, rule] of Object.entries(NUMBER_FLAGS)) {
      const value = args[key];
      if (value === undefined) continue;
      // `--seed 1 --seed 2` gives an array; a flag given twice is a mistake worth naming.
      const why = typeof value === 'number' ? rule(value) : 'expected one number';
      if (why) throw new UsageError(`--${kebab(key)}: ${why}, got ${typed(argv, key, value)}`);
    }
    // The pool's size from the environment (src/pool/pool.ts reads it): the same bounds as --threads.
    const fromEnv = threadsFromEnv();
    if (fromEnv !== null && !(Number.isInteger(fromEnv) && fromEnv >= 1 && fromEnv <= maxThreads())) throw new UsageError(`CASELOAD_THREADS: expected a whole number from 1 to ${maxThreads()}, got ${JSON.stringify(process.env.CASELOAD_THREADS)}`);
    // Every numeric flag the user typed (those above and each command's own, e.g. --max-moves): yargs
    // reads an empty value as 0 and "0x10" as 16, so, as table cells do (input/tables.ts), plain decimals only.
    for (const [key, value] of Object.entries(args)) {
      if (key.includes('-') || typeof value !== 'number') continue;
      const text = typedText(argv, key);
      if (text !== undefined && !DECIMAL.test(text.trim())) throw new UsageError(`${flagName(key)}: expected a decimal number, got ${JSON.stringify(text)}`);
    }
    for (const key of OUTPUT_FLAGS) {
      const path = args[key];
      if (typeof path !== 'string') continue;
      if (path === STDIN) throw new UsageError(`--${kebab(key)}: writing to standard output ("-") is not supported; give a file name`);
      const why = outputProblem(path);
      if (why) throw new UsageError(`--${kebab(key)}: cannot write ${JSON.stringify(path)}: ${why}`);
    }
    const fromStdin = INPUT_FLAGS.flatMap((key) => [args[key]].flat().filter((v) => v === STDIN).map(() => (key === 'problem' || key === 'file' ? 'the problem file' : `--${key}`)));
    if (fromStdin.length > 1) throw new UsageError(`only one input can be read from standard input ("-"), but ${fromStdin.join(' and ')} both ask for it`);
    return true;
  };
}

/** Why a file cannot be written at this path, or null: its folder must exist and be a folder; the path must not be one. */
export function outputProblem(path: string): string | null {
  if (path === '') return 'no file name given';
  const folder = dirname(resolve(path));
  try {
    if (!statSync(folder).isDirectory()) return `${JSON.stringify(dirname(path))} is not a directory`;
  } catch {
    return `directory ${JSON.stringify(dirname(path))} does not exist`;
  }
  try {
    if (statSync(path).isDirectory()) return 'it is a directory';
  } catch {
    // Does not exist yet: it will be created.
  }
  return null;
}
