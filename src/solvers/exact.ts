/**
 * The exact backend: javascript-lp-solver (simplex + branch-and-bound) on the integer program.
 * It is exact on small models and our test oracle, not the workhorse: measured, it finds no integer
 * solution in 10 s on a 10 × 100 tight GAP. Its quirks are wrapped here and never exposed:
 *  - it reports no timeout flag: "proven" is inferred from finishing before the time limit;
 *  - on timeout it can answer feasible with fractional (even negative) values: we accept an answer
 *    only when isIntegral is true and every value is within bounds;
 *  - the answer is a flat object keyed by variable names: we generate our own names, never `result`.
 *  - its time limit is only checked between nodes: never run it on a model it cannot hold
 *    (see EXACT_MAX_PAIRS) unless it runs where it can be stopped.
 */
import { createRequire } from 'node:module';
import type { Model } from 'javascript-lp-solver';
import { Sense, variableName, type IntegerProgram } from '../model/integerProgram.js';

export type ExactStatus = 'optimal' | 'feasible' | 'infeasible' | 'timedout';

export interface ExactResult {
  readonly status: ExactStatus;
  /** Variable values (integral where integer), or null when no integer solution was found. */
  readonly values: Float64Array | null;
  readonly objective: number;
  readonly seconds: number;
}

export interface ExactOptions {
  /** Seconds; checked by the library between branch-and-bound nodes only. Default 10. */
  readonly timeLimit?: number;
}

/** Models above this many assignment pairs are not given to the exact backend inline. */
export const EXACT_MAX_PAIRS = 240;

// A CommonJS package, required on first use: every pool thread imports this module, few solve with
// it, and loading it cost each thread's start ~20-30 ms (measured on 2 cores).
let solverModule: { Solve(model: Model): unknown } | null = null;
const solver = { Solve: (model: Model): unknown => (solverModule ??= createRequire(import.meta.url)('javascript-lp-solver') as { Solve(model: Model): unknown }).Solve(model) };

export function solveExact(p: IntegerProgram, options: ExactOptions = {}): ExactResult {
  const timeLimit = options.timeLimit ?? 10;
  const names = Array.from({ length: p.variables }, (_, v) => variableName(p, v));
  const variables: Record<string, Record<string, number>> = {};
  const ints: Record<string, 1> = {};
  const constraints: Model['constraints'] = {};
  for (let v = 0; v < p.variables; v++) {
    variables[names[v]] = { objective_cost: p.objective[v] };
    if (p.integer[v]) ints[names[v]] = 1;
  }
  for (let r = 0; r < p.rows; r++) {
    const key = `r${r}`;
    for (let e = p.rowStart[r]; e < p.rowStart[r + 1]; e++) variables[names[p.column[e]]][key] = p.value[e];
    constraints[key] = p.sense[r] === Sense.LessEqual ? { max: p.rhs[r] } : p.sense[r] === Sense.Equal ? { equal: p.rhs[r] } : { min: p.rhs[r] };
  }
  // Bounds other than the defaults (x >= 0; binaries' x <= 1 follows from the assignment rows).
  for (let v = 0; v < p.variables; v++) {
    if (p.lower[v] > 0) {
      const key = `lb${v}`;
      variables[names[v]][key] = 1;
      constraints[key] = { min: p.lower[v] };
    }
  }
  const model: Model = { optimize: 'objective_cost', opType: 'min', constraints, variables, ints, options: { timeout: timeLimit * 1000, tolerance: 0 } };
  const started = performance.now();
  const answer = solver.Solve(model) as Record<string, unknown>;
  const seconds = (performance.now() - started) / 1000;
  const finished = seconds < timeLimit * 0.98;

  if (answer.feasible !== true) {
    return { status: finished ? 'infeasible' : 'timedout', values: null, objective: Infinity, seconds };
  }
  const values = new Float64Array(p.variables);
  let ok = answer.isIntegral === true;
  for (let v = 0; v < p.variables && ok; v++) {
    const raw = answer[names[v]];
    const x = typeof raw === 'number' ? raw : 0;
    if (!(x >= p.lower[v] - 1e-6 && x <= p.upper[v] + 1e-6)) ok = false;
    values[v] = p.integer[v] ? Math.round(x) : x;
    if (p.integer[v] && Math.abs(x - values[v]) > 1e-6) ok = false;
  }
  if (!ok) return { status: 'timedout', values: null, objective: Infinity, seconds };
  let objective = 0;
  for (let v = 0; v < p.variables; v++) objective += p.objective[v] * values[v];
  return { status: finished ? 'optimal' : 'feasible', values, objective, seconds };
}
