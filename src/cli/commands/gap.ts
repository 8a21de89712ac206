/** `caseload gap FILE`: the research entry point on OR-Library GAP files (minimisation). */
import type { CommandModule } from 'yargs';
import { InputError } from '../../input/errors.js';
import { parseOrLibrary } from '../../gap/orlib.js';
import { solveGap } from '../../gap/solve.js';
import { checkGapAssignment } from '../../gap/check.js';
import type { CommandContext } from '../context.js';
import { readText } from '../files.js';
import { tolerance, roundTo, OBJECTIVE_AGREEMENT } from '../../util/numbers.js';
import { TIME_SHARES, deadlineAfter, type StopReason } from '../../util/limits.js';
import { CheckFailure } from '../../verify/check.js';

export function gapCommand({ io, guard, startedAt }: CommandContext): CommandModule {
  return {
    command: 'gap <file>',
    describe: 'solve an OR-Library Generalized Assignment Problem file (minimise cost)',
    builder: (y) =>
      y
        .positional('file', { type: 'string', demandOption: true, describe: 'OR-Library GAP file (multi- or single-instance)' })
        .option('instance', { type: 'number', describe: '1-based instance in a multi-instance file (default: all)' })
        .option('time-limit', { type: 'number', default: 1, describe: 'seconds per instance; the first counts from process start, so start-up is inside it' })
        .option('seed', { type: 'number', default: 1 })
        .option('max-iterations', { type: 'number', describe: 'effort limit, for reproducible runs' })
        .option('json', { type: 'boolean', default: false, describe: 'print JSON' })
        .example('$0 gap gapd.txt --instance 1 --time-limit 10 --json', 'solve gapd instance 1 for 10 s'),
    handler: (args) => guard(() => solveGapFile(args as unknown as GapCommandArgs, io, startedAt)),
  };
}

export interface GapCommandArgs {
  readonly file: string;
  readonly instance?: number;
  readonly timeLimit: number;
  readonly seed: number;
  readonly maxIterations?: number;
  readonly json: boolean;
}

export interface GapAnswer {
  /** 1-based position of the instance in its file. */
  readonly instance: number;
  readonly m: number;
  readonly n: number;
  readonly objective: number | null;
  readonly lowerBound: number | null;
  readonly optimal: boolean;
  /** 0-based agent per job. */
  readonly assignment: number[];
  /** Seconds the solve took (the first instance's limit also covered start-up: see sinceStart). */
  readonly seconds: number;
  /** Seconds from the user's clock start (process start, for the executable) to the end of this instance's solve. */
  readonly sinceStart: number;
  /** Why the solve stopped (GapStats.stop). */
  readonly stop: StopReason;
}

/** `startedAt`: performance.now() at which the user's clock started (the first instance's limit counts from it). */
export function solveGapFile(args: GapCommandArgs, io: { out(text: string): void }, startedAt = performance.now()): number {
  const instances = parseOrLibrary(readText(args.file, 'file'), args.file);
  if (args.instance !== undefined && (!Number.isInteger(args.instance) || args.instance < 1 || args.instance > instances.length)) {
    throw new InputError([{ path: '--instance', message: `${args.instance} is not an instance of ${args.file} (it holds ${instances.length}: 1 to ${instances.length})` }]);
  }
  const chosen = args.instance === undefined ? instances.map((_, k) => k) : [args.instance - 1];
  const answers: GapAnswer[] = [];
  let allSolved = true;
  for (const [position, k] of chosen.entries()) {
    const inst = instances[k];
    // The user's clock starts when they run the command, not when the solver is entered: the first
    // instance's limit counts from startedAt (process start for the executable), so loading the code,
    // reading and parsing the file come out of it as they do out of the user's wait (but the solve
    // keeps TIME_SHARES.minimumSolve of it when start-up was slower than that).
    const now = performance.now();
    const deadline = position === 0 ? Math.max(deadlineAfter(startedAt, args.timeLimit), deadlineAfter(now, args.timeLimit, TIME_SHARES.minimumSolve)) : deadlineAfter(now, args.timeLimit);
    const r = solveGap(inst, {
      deadline,
      seed: args.seed,
      maxIterations: args.maxIterations ?? Infinity,
    });
    let objective: number | null = null;
    if (r.assignment) {
      const check = checkGapAssignment(inst, r.assignment);
      if (!check.ok || Math.abs(check.cost - r.objective) > tolerance(check.cost, OBJECTIVE_AGREEMENT)) {
        throw new CheckFailure(`internal error: the answer to instance ${k + 1} failed the independent check (${check.violations.slice(0, 3).join('; ') || `cost ${check.cost} ≠ ${r.objective}`})`, check.violations);
      }
      objective = check.cost;
    } else allSolved = false;
    answers.push({
      instance: k + 1,
      m: inst.agents,
      n: inst.jobs,
      objective,
      lowerBound: Number.isFinite(r.lowerBound) ? r.lowerBound : null,
      optimal: r.optimal,
      assignment: r.assignment ? Array.from(r.assignment) : [],
      seconds: roundTo(r.stats.seconds, 3),
      sinceStart: roundTo((performance.now() - startedAt) / 1000, 3),
      stop: r.stats.stop,
    });
  }
  if (args.json) {
    io.out(`${JSON.stringify(answers.length === 1 ? answers[0] : answers)}\n`);
  } else {
    for (const a of answers) {
      const gap = a.objective !== null && a.lowerBound !== null ? ` gap ${(((a.objective - a.lowerBound) / Math.max(1, Math.abs(a.objective))) * 100).toFixed(3)}%` : '';
      io.out(`instance ${a.instance} (${a.m}×${a.n}): objective ${a.objective ?? 'none'}, lower bound ${a.lowerBound ?? 'none'}${gap}${a.optimal ? ' (optimal)' : ''}, ${a.seconds} s, stopped: ${a.stop}\n`);
    }
  }
  return allSolved ? 0 : 1;
}
