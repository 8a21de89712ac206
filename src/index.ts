/**
 * Caseload's public surface: allocate and validate problems, and the types that describe them.
 * Everything else is internal.
 */
export { allocate, allocateSync, validate, modelAsLp } from './api.js';
export type { AllocateOptions } from './api.js';
export { DEFAULT_WORKFLOW_OPTIONS } from './api.js';
export { explainCase, recommend, tradeoff, diagnose, DEFAULT_RECOMMEND_OPTIONS } from './advice.js';
export type { Recommendation, RecommendedWorker, RecommendOptions, TradeoffRow } from './advice.js';
export type { Workflow } from './domain/workflows.js';
export type { StartingAllocation } from './domain/team.js';
export type { Alternative, CaseExplanation, WorkerExplanation } from './report/explain.js';
export type { Diagnosis } from './report/result.js';
export { DEFAULT_DIAGNOSE_OPTIONS } from './solvers/diagnose.js';
export type { ConstraintGroup, DiagnoseOptions, DiagnosisResult } from './solvers/diagnose.js';
export { InputError } from './input/errors.js';
export type { InputIssue } from './input/errors.js';
export type { Validation } from './input/parse.js';
export { DEFAULT_POLICY } from './input/defaultPolicy.js';
export { problemJsonSchema } from './input/schema.js';
export type { Case, Policy, PolicyPatch, Problem, ProblemInput, Role, Weights, Worker } from './input/schema.js';
export type { Band } from './domain/weights.js';
export type { AllocationResult, WorkerSummary } from './report/result.js';
export { allocateBatch, BATCH_DEFAULTS } from './batch.js';
export type { BatchOptions, BatchResult, TeamOutcome } from './batch.js';
export { compare } from './compare.js';
export type { Comparison, CompareOptions, ScenarioOutcome } from './compare.js';
export type { Scenario } from './input/scenario.js';
export type { ServiceFigures } from './report/service.js';
export { closePool, SolveFailure } from './pool/pool.js';
export type { ProgressEvent } from './pool/pool.js';
export { DEFAULT_SOLVE_OPTIONS } from './solvers/team.js';
export type { SolveOptions, SolveStatus, SolverChoice } from './solvers/team.js';
export { solveGap } from './solvers/gap/solve.js';
export type { GapInstance, GapOptions, GapResult } from './model/gapInstance.js';
export { parseOrLibrary } from './model/orlib.js';
