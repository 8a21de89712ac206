/**
 * A plain GAP instance (no balance term) as the solver-neutral integer program: x[p] for every
 * allowed (job, agent) pair, y[j] where a job may stay unassigned, one row per job (= 1) and one per
 * agent and resource (<= capacity). Used to run the exact backend on OR-Library instances and to
 * write them in LP format.
 */
import type { GapInstance } from '../gap/instance.js';
import { RowBuilder, Sense, type IntegerProgram } from './integerProgram.js';

export function gapToProgram(inst: GapInstance): IntegerProgram {
  if (inst.balance) throw new Error('gapToProgram: the balance term is not linear; use buildProgram on the team');
  const { agents: m, jobs: n, resources: K } = inst;
  const pairUnit: number[] = [];
  const pairWorker: number[] = [];
  const objective: number[] = [];
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < m; i++) {
      const c = inst.cost[i * n + j];
      if (!Number.isFinite(c)) continue;
      if (inst.fixedAgent && inst.fixedAgent[j] >= 0 && inst.fixedAgent[j] !== i) continue;
      pairUnit.push(j);
      pairWorker.push(i);
      objective.push(c);
    }
  }
  const pairs = pairUnit.length;
  const yUnits: number[] = [];
  for (let j = 0; j < n; j++) if (inst.unassignedCost && Number.isFinite(inst.unassignedCost[j]) && !(inst.fixedAgent && inst.fixedAgent[j] >= 0)) yUnits.push(j);
  const variables = pairs + yUnits.length + 1; // + an unused umax so names and offsets match buildProgram's
  const unallocatedVariable = new Int32Array(n).fill(-1);
  yUnits.forEach((j, k) => {
    unallocatedVariable[j] = pairs + k;
    objective.push(inst.unassignedCost![j]);
  });
  objective.push(0);
  const integer = new Uint8Array(variables).fill(1);
  integer[variables - 1] = 0;
  const lower = new Float64Array(variables);
  const upper = new Float64Array(variables).fill(1);
  upper[variables - 1] = 0;

  const rows = new RowBuilder();
  const { column, value } = rows;
  const byJob: number[][] = Array.from({ length: n }, () => []);
  const byAgent: number[][] = Array.from({ length: m }, () => []);
  for (let p = 0; p < pairs; p++) {
    byJob[pairUnit[p]].push(p);
    byAgent[pairWorker[p]].push(p);
  }
  for (let j = 0; j < n; j++) {
    for (const p of byJob[j]) {
      column.push(p);
      value.push(1);
    }
    if (unallocatedVariable[j] >= 0) {
      column.push(unallocatedVariable[j]);
      value.push(1);
    }
    rows.end(`assign_u${j}`, Sense.Equal, 1);
  }
  for (let k = 0; k < K; k++) {
    for (let i = 0; i < m; i++) {
      for (const p of byAgent[i]) {
        column.push(p);
        value.push(inst.weight[(k * m + i) * n + pairUnit[p]]);
      }
      rows.end(`cap${k}_w${i}`, Sense.LessEqual, inst.capacity[k * m + i]);
    }
  }
  return {
    variables,
    integer,
    lower,
    upper,
    objective: Float64Array.from(objective),
    ...rows.rows(),
    pairUnit: Int32Array.from(pairUnit),
    pairWorker: Int32Array.from(pairWorker),
    unallocatedVariable,
    unallocatedUnit: Int32Array.from(yUnits),
    offsets: { y: pairs, over: pairs + yUnits.length, spread: pairs + yUnits.length, umax: variables - 1 },
    balanceThresholds: 0,
  };
}
