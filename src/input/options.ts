/**
 * The options of the library's entry points (allocate, allocateSync, allocateBatch, compare,
 * tradeoff, recommend, explainCase, diagnose, modelAsLp), checked with zod where they come in, so a
 * mistyped option (`solver: 'fast'`, `seed: 'x'`, `timeLimit: NaN`) is an InputError naming the
 * option and its value rather than a silent default or a solve that times out at once.
 *
 * Only the fields are checked, never the set of keys: unknown keys pass (the object is loose), so an
 * option added in a later stage does not have to be listed here first. The caller's object is used
 * as given (nothing is stripped or defaulted here; the defaults live beside each algorithm).
 */
import { z } from 'zod';
import { InputError, formatPath, showValue, type InputIssue } from './errors.js';

/** The backends (solvers/team.ts SolverChoice; a test checks the two agree). */
export const SOLVER_CHOICES = ['auto', 'core', 'exact', 'highs'] as const;
/** The continuity workflows (domain/workflows.ts Workflow; a test checks the two agree). */
export const WORKFLOWS = ['rebalance', 'intake', 'handover'] as const;
/** Most differently seeded searches in one portfolio (more only queue behind the pool's threads). */
export const MAX_PORTFOLIO = 64;

const number = (error: string) => z.number({ error });
const positive = (error: string) => number(error).positive({ error });
const whole = (error: string) => number(error).int({ error });
const EFFORT = 'expected a whole number ≥ 1 (or Infinity: no effort limit)';
const callback = z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', { error: 'expected a function' });

/** The solve options (SolveOptions of solvers/team.ts). */
export const solveOptionsSchema = z
  .object({
    timeLimit: positive('expected a number of seconds > 0').optional(),
    seed: whole('expected a whole number').optional(),
    maxIterations: z.union([z.literal(Infinity), whole(EFFORT).min(1, { error: EFFORT })], { error: EFFORT }).optional(),
    solver: z.enum(SOLVER_CHOICES, { error: `expected one of ${SOLVER_CHOICES.map((s) => `"${s}"`).join(', ')}` }).optional(),
    targetGap: number('expected a number ≥ 0').min(0, { error: 'expected a number ≥ 0' }).optional(),
    onImprove: callback.optional(),
  })
  .loose();

/** The options of allocate and the other use cases built on it (AllocateOptions of app/pipeline.ts, BatchOptions, CompareOptions). */
export const allocateOptionsSchema = solveOptionsSchema
  .extend({
    threads: whole('expected a whole number ≥ 0 (0 = solve on the calling thread)').min(0, { error: 'expected a whole number ≥ 0 (0 = solve on the calling thread)' }).optional(),
    portfolio: whole(`expected a whole number from 1 to ${MAX_PORTFOLIO}`).min(1, { error: `expected a whole number from 1 to ${MAX_PORTFOLIO}` }).max(MAX_PORTFOLIO, { error: `expected a whole number from 1 to ${MAX_PORTFOLIO}` }).optional(),
    signal: z.instanceof(AbortSignal, { error: 'expected an AbortSignal' }).optional(),
    onProgress: callback.optional(),
    mode: z.enum(WORKFLOWS, { error: `expected one of ${WORKFLOWS.map((s) => `"${s}"`).join(', ')}` }).optional(),
    leaving: z.array(z.string({ error: 'expected a worker id (a string)' }), { error: 'expected an array of worker ids' }).optional(),
    crossTeam: z.boolean({ error: 'expected true or false' }).optional(),
    targetCases: positive('expected a number > 0 (cases per worker)').optional(),
    // Diagnosis (DiagnoseOptions) and recommend.
    maxPairs: whole('expected a whole number ≥ 0').min(0, { error: 'expected a whole number ≥ 0' }).optional(),
    deadline: positive('expected a number of seconds > 0').optional(),
    k: whole('expected a whole number ≥ 1').min(1, { error: 'expected a whole number ≥ 1' }).optional(),
  })
  .loose();

/** The options type the schema accepts (a structural check against the interfaces the stages declare). */
export type CheckedOptions = z.infer<typeof allocateOptionsSchema>;

/**
 * Throws InputError listing every option that is wrong (path = the option's name, as in code), or
 * returns the options unchanged. `undefined` is no options.
 */
export function checkOptions<T>(options: T, schema: z.ZodType = allocateOptionsSchema): T {
  if (options === undefined) return options;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new InputError([{ path: 'options', message: `expected an object of options, got ${showOption(options)}` }]);
  }
  const parsed = schema.safeParse(options);
  if (parsed.success) return options;
  const issues: InputIssue[] = parsed.error.issues.map((issue) => {
    const value = issue.path.reduce<unknown>((at, key) => (at as Record<PropertyKey, unknown> | undefined)?.[key], options);
    return { path: formatPath(issue.path), message: `${issue.message}, got ${showOption(value)}` };
  });
  throw new InputError(issues);
}

/** showValue, but NaN and ±Infinity as themselves (JSON would say null). */
function showOption(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'function') return 'a function';
  return showValue(value);
}
