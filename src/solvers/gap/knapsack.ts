/**
 * Exact 0-1 knapsack (maximise profit subject to one capacity), the subproblem of the GAP Lagrangian
 * relaxation. Two exact methods:
 *  - dynamic programming over capacity when the weights become integers after a small scaling
 *    (1, 2, 4, 5, 10, 100) and (items x capacity) is modest; it leaves the whole profile
 *    "best profit within capacity c" in the scratch, which reduced-cost fixing reads;
 *  - otherwise a depth-first branch and bound on ratio-sorted items with the Dantzig (LP) bound.
 * Items with profit <= 0 are never chosen; items of weight 0 and positive profit always are.
 */

/** Tunables of the knapsack solver. */
export const KNAPSACK_DEFAULTS = {
  /** Largest items x (capacity + 1) handled by dynamic programming (bytes of the decision table). */
  maxDynamicProgrammingCells: 1 << 23,
  /** Scalings tried to turn real weights into integers before giving up on dynamic programming. */
  weightScales: [1, 2, 4, 5, 10, 100] as readonly number[],
} as const;

/** Reusable buffers; one per thread of work, passed to every call to avoid allocation. */
export class KnapsackScratch {
  /** profile[c] = best profit within scaled capacity c, valid for c <= profileCapacity after a DP solve. */
  profile = new Float64Array(0);
  /** Scaled capacity covered by `profile`; -1 when the last solve did not use dynamic programming. */
  profileCapacity = -1;
  /** Scale applied to weights for the profile (integer weight = weight * profileScale). */
  profileScale = 1;
  /** Set by callers that read the profile afterwards: forces the DP even when every item fits. */
  wantProfile = false;
  /** Profit of the zero-weight items, included in every profile value. */
  profileBase = 0;
  /** Sum of the scaled integer weights of the candidates (set with intWeight). */
  intWeightSum = 0;
  /** Decision bits of the DP, items x (capacity + 1). */
  decision = new Uint8Array(0);
  /** Candidate items (indices into the caller's arrays) and their integer weights. */
  items = new Int32Array(0);
  intWeight = new Int32Array(0);
  /** Branch-and-bound working arrays. */
  order = new Int32Array(0);
  sortedProfit = new Float64Array(0);
  sortedWeight = new Float64Array(0);
  take = new Uint8Array(0);
  bestTake = new Uint8Array(0);
  ratio = new Float64Array(0);

  ensureItems(count: number): void {
    if (this.items.length >= count) return;
    const size = Math.max(count, this.items.length * 2, 16);
    this.items = new Int32Array(size);
    this.intWeight = new Int32Array(size);
    this.order = new Int32Array(size);
    this.sortedProfit = new Float64Array(size);
    this.sortedWeight = new Float64Array(size);
    this.take = new Uint8Array(size);
    this.bestTake = new Uint8Array(size);
    this.ratio = new Float64Array(size);
  }

  ensureProfile(capacity: number, cells: number): void {
    if (this.profile.length < capacity + 1) this.profile = new Float64Array(Math.max(capacity + 1, this.profile.length * 2));
    if (this.decision.length < cells) this.decision = new Uint8Array(Math.max(cells, Math.min(this.decision.length * 2, KNAPSACK_DEFAULTS.maxDynamicProgrammingCells)));
  }
}

/**
 * Solves max sum profit[j] x_j s.t. sum weight[j] x_j <= capacity, x binary, for j < count.
 * Fills chosen[0..count) with 0/1 and returns the best profit (0 when nothing is worth taking).
 */
export function solveKnapsack(profit: Float64Array, weight: Float64Array, count: number, capacity: number, chosen: Uint8Array, scratch?: KnapsackScratch): number {
  const work = scratch ?? new KnapsackScratch();
  work.profileCapacity = -1;
  work.ensureItems(count);
  const items = work.items;
  let candidates = 0;
  let total = 0;
  let totalWeight = 0;
  for (let j = 0; j < count; j++) {
    chosen[j] = 0;
    const p = profit[j];
    if (!(p > 0)) continue;
    const w = weight[j];
    if (w <= 0) {
      chosen[j] = 1;
      total += p;
      continue;
    }
    if (w > capacity) continue;
    items[candidates++] = j;
    totalWeight += w;
  }
  if (candidates === 0) {
    if (work.wantProfile) {
      work.ensureProfile(0, 0);
      work.profile[0] = 0;
      work.profileBase = total;
      work.profileScale = 1;
      work.profileCapacity = 0;
    }
    return total;
  }
  const scale = totalWeight <= capacity && !work.wantProfile ? 0 : integerScale(weight, items, candidates, capacity, work);
  if (totalWeight <= capacity && scale === 0) {
    // Everything fits and nobody asked for the capacity profile: take all.
    for (let c = 0; c < candidates; c++) {
      chosen[items[c]] = 1;
      total += profit[items[c]];
    }
    return total;
  }
  if (scale > 0) {
    const scaledCapacity = Math.min(Math.floor(capacity * scale + 1e-9), work.intWeightSum);
    if (candidates * (scaledCapacity + 1) <= KNAPSACK_DEFAULTS.maxDynamicProgrammingCells) {
      work.profileBase = total;
      return total + dynamicProgramming(profit, candidates, scaledCapacity, scale, chosen, work);
    }
  }
  return total + branchAndBoundKnapsack(profit, weight, candidates, capacity, chosen, work);
}

/** Best profit within `capacity` from the profile of the last DP solve in `scratch`; NaN when there is none. */
export function profileValue(scratch: KnapsackScratch, capacity: number): number {
  if (scratch.profileCapacity < 0) return NaN;
  if (capacity < 0) return -Infinity;
  const c = Math.floor(capacity * scratch.profileScale + 1e-9);
  return scratch.profileBase + scratch.profile[Math.min(c, scratch.profileCapacity)];
}

/** Dantzig (LP relaxation) upper bound on max profit within `capacity` over items sorted by decreasing ratio. */
export function dantzigBound(sortedProfit: Float64Array, sortedWeight: Float64Array, count: number, capacity: number): number {
  let bound = 0;
  let left = capacity;
  for (let k = 0; k < count; k++) {
    const w = sortedWeight[k];
    if (w <= left) {
      left -= w;
      bound += sortedProfit[k];
    } else {
      bound += (sortedProfit[k] * left) / w;
      break;
    }
  }
  return bound;
}

/**
 * Sorts the items with profit > 0 and weight > 0 by decreasing profit/weight into
 * scratch.sortedProfit / sortedWeight (for `dantzigBound`) and returns their number.
 */
export function prepareRatioOrder(profit: Float64Array, weight: Float64Array, count: number, scratch: KnapsackScratch): number {
  scratch.ensureItems(count);
  let candidates = 0;
  for (let j = 0; j < count; j++) {
    if (profit[j] > 0 && weight[j] > 0) scratch.items[candidates++] = j;
  }
  sortByRatio(profit, weight, candidates, scratch);
  return candidates;
}

// ---------------------------------------------------------------------------------------------

/** Finds a scale turning all candidate weights into integers; fills scratch.intWeight. 0 = none. */
function integerScale(weight: Float64Array, items: Int32Array, candidates: number, capacity: number, work: KnapsackScratch): number {
  for (const scale of KNAPSACK_DEFAULTS.weightScales) {
    if (capacity * scale > 2e9) return 0;
    let ok = true;
    let sum = 0;
    for (let c = 0; c < candidates; c++) {
      const v = weight[items[c]] * scale;
      const r = Math.round(v);
      if (Math.abs(v - r) > 1e-9 * Math.max(1, v)) {
        ok = false;
        break;
      }
      work.intWeight[c] = r;
      sum += r;
    }
    if (ok) {
      work.intWeightSum = sum;
      return scale;
    }
  }
  return 0;
}

function dynamicProgramming(profit: Float64Array, candidates: number, capacity: number, scale: number, chosen: Uint8Array, work: KnapsackScratch): number {
  const stride = capacity + 1;
  work.ensureProfile(capacity, candidates * stride);
  const best = work.profile;
  const decision = work.decision;
  const items = work.items;
  const intWeight = work.intWeight;
  best.fill(0, 0, stride);
  for (let c = 0; c < candidates; c++) {
    const p = profit[items[c]];
    const w = intWeight[c];
    const row = c * stride;
    decision.fill(0, row, row + stride);
    for (let cap = capacity; cap >= w; cap--) {
      const v = best[cap - w] + p;
      if (v > best[cap]) {
        best[cap] = v;
        decision[row + cap] = 1;
      }
    }
  }
  let cap = capacity;
  for (let c = candidates - 1; c >= 0; c--) {
    if (decision[c * stride + cap] === 1) {
      chosen[items[c]] = 1;
      cap -= intWeight[c];
    }
  }
  work.profileCapacity = capacity;
  work.profileScale = scale;
  return best[capacity];
}

function sortByRatio(profit: Float64Array, weight: Float64Array, candidates: number, work: KnapsackScratch): void {
  const order = work.order;
  const ratio = work.ratio;
  for (let c = 0; c < candidates; c++) {
    order[c] = c;
    ratio[c] = profit[work.items[c]] / weight[work.items[c]];
  }
  // Insertion sort on small arrays, otherwise the typed-array sort on a view of indices.
  if (candidates <= 32) {
    for (let a = 1; a < candidates; a++) {
      const o = order[a];
      const r = ratio[o];
      let b = a - 1;
      while (b >= 0 && ratio[order[b]] < r) {
        order[b + 1] = order[b];
        b--;
      }
      order[b + 1] = o;
    }
  } else {
    order.subarray(0, candidates).sort((x, y) => ratio[y] - ratio[x] || x - y);
  }
  for (let k = 0; k < candidates; k++) {
    const j = work.items[order[k]];
    work.sortedProfit[k] = profit[j];
    work.sortedWeight[k] = weight[j];
  }
}

/** Depth-first branch and bound with the Dantzig bound, items sorted by decreasing ratio. */
function branchAndBoundKnapsack(profit: Float64Array, weight: Float64Array, candidates: number, capacity: number, chosen: Uint8Array, work: KnapsackScratch): number {
  sortByRatio(profit, weight, candidates, work);
  const sp = work.sortedProfit;
  const sw = work.sortedWeight;
  const take = work.take;
  const bestTake = work.bestTake;
  take.fill(0, 0, candidates);
  bestTake.fill(0, 0, candidates);
  // Greedy start for a good first incumbent.
  let best = 0;
  {
    let left = capacity;
    for (let k = 0; k < candidates; k++) {
      if (sw[k] <= left) {
        left -= sw[k];
        best += sp[k];
        bestTake[k] = 1;
      }
    }
  }
  const state = { best };
  const tolerance = 1e-12;
  const search = (k: number, left: number, value: number): void => {
    if (value > state.best + tolerance) {
      state.best = value;
      for (let t = 0; t < candidates; t++) bestTake[t] = t < k ? take[t] : 0;
    }
    if (k === candidates) return;
    // Dantzig bound from item k on.
    let bound = value;
    let room = left;
    for (let t = k; t < candidates; t++) {
      if (sw[t] <= room) {
        room -= sw[t];
        bound += sp[t];
      } else {
        bound += (sp[t] * room) / sw[t];
        break;
      }
    }
    if (bound <= state.best + tolerance) return;
    if (sw[k] <= left) {
      take[k] = 1;
      search(k + 1, left - sw[k], value + sp[k]);
      take[k] = 0;
    }
    search(k + 1, left, value);
  };
  search(0, capacity, 0);
  for (let k = 0; k < candidates; k++) if (bestTake[k] === 1) chosen[work.items[work.order[k]]] = 1;
  return state.best;
}
