/**
 * Caseload's public surface: allocate and validate problems, and the types that describe them.
 * Everything else is internal.
 */
export { allocate, allocateSync, validate, modelAsLp } from './app/allocate.js';
export type { AllocateOptions } from './app/allocate.js';
export { DEFAULT_WORKFLOW_OPTIONS } from './app/allocate.js';
export { explainCase, recommend, tradeoff, tradeoffSync, diagnose, diagnoseSync, DEFAULT_RECOMMEND_OPTIONS } from './app/advice.js';
export type { Recommendation, RecommendedWorker, RecommendOptions, TradeoffRow } from './app/advice.js';
export type { Workflow } from './domain/workflows.js';
export type { StartingAllocation } from './domain/team.js';
export type { Alternative, CaseExplanation, WorkerExplanation } from './report/explain.js';
export type { Diagnosis } from './report/result.js';
export { DEFAULT_DIAGNOSE_OPTIONS } from './solvers/diagnose.js';
export type { ConstraintGroup, DiagnoseOptions, DiagnosisResult } from './solvers/diagnose.js';
export { CaseloadError, ERROR_CODES, errorCode } from './util/errors.js';
export type { ErrorCode } from './util/errors.js';
export { CheckFailure } from './verify/check.js';
export { InputError } from './input/errors.js';
export type { InputIssue } from './input/errors.js';
export type { Validation } from './input/parse.js';
export { DEFAULT_POLICY } from './input/defaultPolicy.js';
export { problemJsonSchema } from './input/schema.js';
export type { Case, Policy, PolicyPatch, Problem, ProblemInput, Role, Weights, Worker } from './input/schema.js';
export type { Band } from './domain/weights.js';
export type { AllocationResult, WorkerSummary } from './report/result.js';
export { AllocationResultSchema, BatchResultSchema, ComparisonSchema, RecommendationSchema, resultJsonSchema } from './report/resultSchema.js';
export { allocateBatch, BATCH_DEFAULTS } from './app/batch.js';
export type { BatchOptions, BatchResult, TeamOutcome } from './app/batch.js';
export { compare } from './app/compare.js';
export type { Comparison, CompareOptions, ScenarioOutcome } from './app/compare.js';
export type { Scenario } from './input/scenario.js';
export type { ServiceFigures } from './report/service.js';
export { closePool, SolveFailure } from './pool/pool.js';
export { createServer, SERVER_DEFAULTS } from './server/app.js';
export type { CaseloadServer, ServerOptions } from './server/app.js';
export type { ProgressEvent } from './pool/pool.js';
export { DEFAULT_SOLVE_OPTIONS } from './solvers/team.js';
export { prepareHighs as loadHighs } from './solvers/prepareHighs.js';
export type { SolveOptions, SolveStatus, SolverChoice } from './solvers/team.js';
export { solveGap } from './gap/solve.js';
export type { GapInstance, GapOptions, GapResult } from './gap/instance.js';
export { parseOrLibrary } from './gap/orlib.js';
export { loadProblemCsv, loadProblemJson } from './input/parse.js';
export type { LoadedProblem } from './input/parse.js';
export type { IssueGroup } from './input/errors.js';
export { INPUT_LIMITS } from './input/guards.js';
export { formatAllocationCsv } from './report/allocationCsv.js';
export { simulate, labFiles, type LabResult, type SimulateOptions, type AllocationPolicy, type WeekView } from './app/simulate.js';
