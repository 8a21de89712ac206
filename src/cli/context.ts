import { CaseloadError } from '../util/errors.js';

/** What every CLI command shares: where output goes, exit codes, and usage errors. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** True when stderr is an interactive terminal (progress is shown only then). */
  readonly interactive?: boolean;
}

/**
 *   0  every case allocated      1  some case unallocated, or no allocation (infeasible / timed out)
 *   2  invalid input or usage    3  internal error (a bug: please report it)
 */
export const EXIT = { ok: 0, unallocated: 1, input: 2, internal: 3 } as const;

/** A mistake in how the command was called (exit 2, with an example of the right way). */
export class UsageError extends CaseloadError {
  constructor(message: string) {
    super('USAGE', message);
    this.name = 'UsageError';
  }
}

/** Runs a command's work and records its exit code; errors become messages and exit codes. */
export type Guard = (work: () => Promise<number> | number) => Promise<void>;

export interface CommandContext {
  readonly io: CliIo;
  readonly guard: Guard;
  /**
   * performance.now() at which the user's clock started: 0 (process start) when the process is the
   * `caseload` executable, else when run() was called (a test or host process that has been up a while).
   */
  readonly startedAt: number;
}
