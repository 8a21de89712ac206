/**
 * The HiGHS backend (npm `highs`, the HiGHS MIP solver compiled to WebAssembly, one thread): the
 * integer program passed through HiGHS's model API (no LP text round trip), solved within a time
 * limit, optionally started from an incumbent. It answers a primal solution and HiGHS's proven dual
 * bound. Loading the WebAssembly is asynchronous and costs ~0.1 s, so it is done once per thread
 * (loadHighs caches it); the solve itself is synchronous, like the other backends.
 * "optimal" only where HiGHS says so and its dual bound meets the objective within our tolerance
 * (HiGHS's own "optimal" allows a relative gap of mip_rel_gap, which we set to 0).
 */
import type { Highs, Model, ModelData } from 'highs';
import { Sense, type IntegerProgram } from '../model/integerProgram.js';
import { tolerance } from '../util/numbers.js';

export type HighsStatus = 'optimal' | 'feasible' | 'infeasible' | 'timedout';

export interface HighsResult {
  readonly status: HighsStatus;
  /** Variable values (integers rounded), or null when HiGHS found no feasible solution. */
  readonly values: Float64Array | null;
  readonly objective: number;
  /** HiGHS's proven lower bound (its MIP dual bound; the LP optimum for a relaxation), or null. */
  readonly bound: number | null;
  readonly seconds: number;
  /** Branch-and-bound nodes HiGHS explored. */
  readonly nodes: number;
}

export interface HighsSolveOptions {
  /** Seconds (HiGHS's own clock, presolve included). Default 10. */
  readonly timeLimit?: number;
  /** A starting solution, one value per variable (e.g. the core's incumbent); HiGHS checks it. Default none. */
  readonly start?: Float64Array;
  /** Solve the LP relaxation (integrality dropped) instead: its optimum is a lower bound. Default false. */
  readonly relaxation?: boolean;
  /** HiGHS's random seed. Default 1. */
  readonly seed?: number;
}

export const DEFAULT_HIGHS_OPTIONS: Required<Omit<HighsSolveOptions, 'start'>> = { timeLimit: 10, relaxation: false, seed: 1 };

// The package's types describe an ES module's default export; at run time the CommonJS build may
// hand the loader over as the namespace's default.
type Loader = () => Promise<Highs>;
// Imported on first load, not with this module: every pool thread imports this module, and the
// package's JavaScript cost each thread's start ~15 ms (measured on 2 cores).
const loader = async (): Promise<Highs> => {
  const { default: highsImport } = await import('highs');
  const load: Loader = typeof highsImport === 'function' ? (highsImport as unknown as Loader) : (highsImport as unknown as { default: Loader }).default;
  return load();
};

// One runtime per thread (module instances are per worker thread): the cache is the loaded WASM,
// not solver state — every solve gets its own model, disposed after it.
let loading: Promise<Highs> | null = null;
let loaded: Highs | null = null;

/** Loads the HiGHS runtime once for this thread; later calls return the same one. */
export function loadHighs(): Promise<Highs> {
  loading ??= loader().then((h) => (loaded = h));
  return loading;
}

/** The HiGHS runtime if this thread has loaded it (see loadHighs), else null. */
export function loadedHighs(): Highs | null {
  return loaded;
}

/** The program as HiGHS model data (rows in CSR, as the program stores them). */
export function highsModel(highs: Highs, p: IntegerProgram, relaxation = false): ModelData {
  const rowLower = new Float64Array(p.rows);
  const rowUpper = new Float64Array(p.rows);
  for (let r = 0; r < p.rows; r++) {
    rowLower[r] = p.sense[r] === Sense.LessEqual ? -highs.infinity : p.rhs[r];
    rowUpper[r] = p.sense[r] === Sense.GreaterEqual ? highs.infinity : p.rhs[r];
  }
  const integrality = new Int32Array(p.variables);
  if (!relaxation) for (let v = 0; v < p.variables; v++) integrality[v] = p.integer[v] ? highs.constants.variableType.integer : highs.constants.variableType.continuous;
  return {
    numCols: p.variables,
    numRows: p.rows,
    sense: highs.constants.objectiveSense.minimize,
    colCost: p.objective,
    colLower: p.lower,
    colUpper: Float64Array.from(p.upper, (u) => (Number.isFinite(u) ? u : highs.infinity)),
    rowLower,
    rowUpper,
    matrix: { format: 'csr', numRows: p.rows, numCols: p.variables, starts: p.rowStart, indices: p.column, values: p.value },
    integrality,
  };
}

export function solveHighs(highs: Highs, p: IntegerProgram, options: HighsSolveOptions = {}): HighsResult {
  const o = { ...DEFAULT_HIGHS_OPTIONS, ...options };
  const started = performance.now();
  const model: Model & { dispose(): void } = highs.createModel(highsModel(highs, p, o.relaxation)) as Model & { dispose(): void };
  try {
    model.options.set({
      output_flag: false,
      time_limit: Math.max(0.01, o.timeLimit),
      mip_rel_gap: 0,
      mip_abs_gap: 0,
      random_seed: o.seed,
    });
    if (o.start && !o.relaxation) model.setSolution({ colValue: o.start });
    const status = model.run().modelStatus;
    const seconds = (performance.now() - started) / 1000;
    const info = (name: string): number => Number(model.info.get(name));
    const nodes = o.relaxation ? 0 : info('mip_node_count');
    // 8 infeasible; 9/10 unbounded cannot occur (every variable is bounded below and costs are ≥ 0 in our
    // programs) but would make every bound meaningless.
    if (status === 8) return { status: 'infeasible', values: null, objective: Infinity, bound: Infinity, seconds, nodes };
    const hasPrimal = info('primal_solution_status') === 2;
    let bound: number | null;
    if (o.relaxation) bound = status === 7 ? model.getObjectiveValue() : null;
    else {
      const dual = info('mip_dual_bound');
      bound = Number.isFinite(dual) ? dual : null;
    }
    if (!hasPrimal) return { status: 'timedout', values: null, objective: Infinity, bound, seconds, nodes };
    const values = Float64Array.from(model.getSolution().colValue);
    if (!o.relaxation) for (let v = 0; v < p.variables; v++) if (p.integer[v]) values[v] = Math.round(values[v]);
    let objective = 0;
    for (let v = 0; v < p.variables; v++) objective += p.objective[v] * values[v];
    const proven = status === 7 && bound !== null && objective - bound <= tolerance(objective, 1e-7);
    return { status: proven ? 'optimal' : 'feasible', values, objective, bound, seconds, nodes };
  } finally {
    model.dispose();
  }
}

/**
 * A full variable vector from a choice of worker per job (-1 = unallocated): x and y from the choice,
 * each continuous variable at the least value its rows allow (over, spread and umax are defined by
 * rows "integer terms − v ≤ rhs"). HiGHS is handed it as a start and checks it; null when a job's
 * choice has no variable (an ineligible pair), since such a start could not be feasible.
 */
export function valuesOf(p: IntegerProgram, jobWorker: Int32Array): Float64Array | null {
  const values = new Float64Array(p.variables);
  const placed = new Uint8Array(jobWorker.length);
  for (let q = 0; q < p.pairUnit.length; q++) {
    if (jobWorker[p.pairUnit[q]] === p.pairWorker[q]) {
      values[q] = 1;
      placed[p.pairUnit[q]] = 1;
    }
  }
  for (let u = 0; u < jobWorker.length; u++) {
    if (jobWorker[u] >= 0) {
      if (!placed[u]) return null;
    } else {
      const y = p.unallocatedVariable[u];
      if (y < 0) return null;
      values[y] = 1;
    }
  }
  for (let v = 0; v < p.variables; v++) if (!p.integer[v]) values[v] = p.lower[v];
  for (let r = 0; r < p.rows; r++) {
    if (p.sense[r] !== Sense.LessEqual) continue;
    let activity = 0;
    let free = -1;
    let coefficient = 0;
    for (let e = p.rowStart[r]; e < p.rowStart[r + 1]; e++) {
      const v = p.column[e];
      if (p.integer[v]) activity += p.value[e] * values[v];
      else if (p.value[e] < 0) {
        free = v;
        coefficient = p.value[e];
      }
    }
    if (free >= 0) values[free] = Math.max(values[free], (activity - p.rhs[r]) / -coefficient);
  }
  return values;
}
