/**
 * Caseload's public surface: allocate and validate problems, and the types that describe them.
 * Everything else is internal.
 */
export { allocate, allocateSync, validate, modelAsLp } from './api.js';
export type { AllocateOptions } from './api.js';
export { InputError } from './input/errors.js';
export type { InputIssue } from './input/errors.js';
export type { Validation } from './input/parse.js';
export { DEFAULT_POLICY } from './input/defaultPolicy.js';
export { problemJsonSchema } from './input/schema.js';
export type { Case, Policy, PolicyPatch, Problem, ProblemInput, Role, Weights, Worker } from './input/schema.js';
export type { Band } from './domain/weights.js';
export type { AllocationResult, WorkerSummary } from './report/result.js';
export { DEFAULT_SOLVE_OPTIONS } from './solvers/team.js';
export type { SolveOptions, SolveStatus, SolverChoice } from './solvers/team.js';
export { solveGap } from './solvers/gap/solve.js';
export type { GapInstance, GapOptions, GapResult } from './solvers/gap/instance.js';
export { parseOrLibrary } from './input/orlib.js';
