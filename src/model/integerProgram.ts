/**
 * The solver-neutral mixed-integer program in flat arrays (structured-clone safe, so it can cross to a
 * worker thread): variables with bounds and integrality, rows in compressed sparse form, and the
 * (job, worker) meaning of each assignment variable. The team's program (program.ts) and the plain
 * GAP's (gapProgram.ts) are built into this shape; the exact backends and the LP writer read it.
 */
/** Row senses as stored in IntegerProgram.sense. */
export const Sense = { LessEqual: -1, Equal: 0, GreaterEqual: 1 } as const;
export type Sense = (typeof Sense)[keyof typeof Sense];

export interface IntegerProgram {
  readonly variables: number;
  /** Per variable: 1 binary, 0 continuous. */
  readonly integer: Uint8Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly objective: Float64Array;
  /** Rows in compressed sparse form: row r has entries rowStart[r] .. rowStart[r+1]-1. */
  readonly rows: number;
  readonly rowStart: Int32Array;
  readonly column: Int32Array;
  readonly value: Float64Array;
  readonly sense: Int8Array;
  readonly rhs: Float64Array;
  readonly rowName: readonly string[];
  /** x variables: the pair's job (unit, then co-worker allocations) and worker. */
  readonly pairUnit: Int32Array;
  readonly pairWorker: Int32Array;
  /** Per unit: index of its y variable, or -1. */
  readonly unallocatedVariable: Int32Array;
  /** Per y variable (in order): its unit. */
  readonly unallocatedUnit: Int32Array;
  /** Where each variable family starts (for names). */
  readonly offsets: { readonly y: number; readonly over: number; readonly spread: number; readonly umax: number };
  readonly balanceThresholds: number;
}

/** A generated, solver-safe variable name (never one a solver reserves, such as `result`). */
export function variableName(p: IntegerProgram, v: number): string {
  const { y, over, spread, umax } = p.offsets;
  if (v < y) return `x_u${p.pairUnit[v]}_w${p.pairWorker[v]}`;
  if (v < over) return `y_u${p.unallocatedUnit[v - y]}`;
  if (v < spread) return `over_w${v - over}`;
  if (v < umax) {
    const k = v - spread;
    const m = (umax - spread) / Math.max(1, p.balanceThresholds);
    return `spread${Math.floor(k / m)}_w${k % m}`;
  }
  return 'umax';
}

/** Collects constraint rows in compressed sparse form: push a row's entries, then end() it. */
export class RowBuilder {
  readonly column: number[] = [];
  readonly value: number[] = [];
  private readonly rowStart: number[] = [0];
  private readonly sense: number[] = [];
  private readonly rhs: number[] = [];
  private readonly rowName: string[] = [];

  /** Closes the row made of the entries pushed since the previous one. */
  end(name: string, sense: Sense, rhs: number): void {
    this.rowName.push(name);
    this.sense.push(sense);
    this.rhs.push(rhs);
    this.rowStart.push(this.column.length);
  }

  /** The rows as the fields of an IntegerProgram. */
  rows(): Pick<IntegerProgram, 'rows' | 'rowStart' | 'column' | 'value' | 'sense' | 'rhs' | 'rowName'> {
    return {
      rows: this.rowName.length,
      rowStart: Int32Array.from(this.rowStart),
      column: Int32Array.from(this.column),
      value: Float64Array.from(this.value),
      sense: Int8Array.from(this.sense),
      rhs: Float64Array.from(this.rhs),
      rowName: this.rowName,
    };
  }
}
