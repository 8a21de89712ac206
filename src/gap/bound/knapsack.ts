/**
 * Exact 0-1 knapsack (maximise profit subject to one capacity), the subproblem of the GAP Lagrangian
 * relaxation. From reductionMinItems candidates on, a core is extracted first: the break item is found
 * by linear-time selection, items are fixed by the Dembo–Hammer test, and the sorted core is reduced
 * again by Martello–Toth bounds. The core (or the whole problem) is then solved by
 *  - dynamic programming over capacity when the weights become integers after a small scaling
 *    (1, 2, 4, 5, 10, 100) and (items x capacity) is modest; with scratch.wantProfile it runs on all
 *    items and leaves the profile "best profit within capacity c", which reduced-cost fixing reads;
 *  - otherwise a depth-first branch and bound on ratio-sorted items with the Dantzig (LP) bound, with a
 *    node limit past which scratch.upperBound carries a valid bound for the Lagrangian.
 * Items with profit <= 0 are never chosen; items of weight 0 and positive profit always are.
 */
import { tolerance } from '../../util/numbers.js';

/** Tunables of the knapsack solver. */
export const KNAPSACK_DEFAULTS = {
  /** Largest items x (capacity + 1) handled by dynamic programming (bytes of the decision table). */
  maxDynamicProgrammingCells: 1 << 23,
  /** Scalings tried to turn real weights into integers before giving up on dynamic programming. */
  weightScales: [1, 2, 4, 5, 10, 100] as readonly number[],
  /** Node limit of the branch and bound (real weights); past it the answer is a feasible solution plus an upper bound. */
  maxBranchNodes: 200000,
  /** From this many candidate items on, reduce first (fix items by Dantzig bounds against the greedy value). */
  reductionMinItems: 12,
} as const;

/**
 * Reusable buffers; one per thread of work, passed to every call to avoid allocation. The fields
 * that carry real numbers start at -0 (equal to 0, but not a small integer): V8 then stores them as
 * doubles from the first, where a field that starts as an integer and later holds a fraction changes
 * the object's hidden class, and in a fresh process the DP's optimised code deoptimised ~300 times
 * on it (measured with --trace-deopt).
 */
export class KnapsackScratch {
  /** profile[c] = best profit within scaled capacity c, valid for c <= profileCapacity after a DP solve. */
  profile = new Float64Array(0);
  /** Scaled capacity covered by `profile`; -1 when the last solve did not use dynamic programming. */
  profileCapacity = -1;
  /** Scale applied to weights for the profile (integer weight = weight * profileScale). */
  profileScale = 1;
  /**
   * Upper bound on the optimum of the last solve: equal to the returned profit, except when the branch
   * and bound hit its node limit (then the returned profit is that of a feasible, maybe suboptimal,
   * solution and this is its Dantzig bound). Lagrangian bounds must use this value.
   */
  upperBound = -0;
  /** Node limit of the branch and bound for solves with this scratch. */
  branchNodeLimit: number = KNAPSACK_DEFAULTS.maxBranchNodes;
  /** How much the optimum may exceed the returned profit (0 unless the node limit was hit). */
  boundSlack = -0;
  /** Set by callers that read the profile afterwards: forces the DP even when every item fits. */
  wantProfile = false;
  /** Profit of the zero-weight items, included in every profile value. */
  profileBase = -0;
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
  /** Prefix sums of sortedProfit / sortedWeight (length items + 1). */
  prefixProfit = new Float64Array(0);
  prefixWeight = new Float64Array(0);
  /** Items left free by the reduction. */
  coreItems = new Int32Array(0);
  /** Outcome of the last reduction: number of free items and the capacity they share. */
  coreCount = 0;
  coreCapacity = -0;

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
    this.prefixProfit = new Float64Array(size + 1);
    this.prefixWeight = new Float64Array(size + 1);
    this.coreItems = new Int32Array(size);
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
  work.boundSlack = 0;
  const value = solveExactly(profit, weight, count, capacity, chosen, work);
  work.upperBound = value + work.boundSlack;
  return value;
}

function solveExactly(profit: Float64Array, weight: Float64Array, count: number, capacity: number, chosen: Uint8Array, work: KnapsackScratch): number {
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
  // A profile needs the DP on all candidates; when that is impossible, solve normally (no profile).
  let profileWanted = work.wantProfile;
  if (profileWanted) {
    const scale = integerScale(weight, items, candidates, capacity, work);
    const scaledCapacity = Math.min(Math.floor(capacity * scale + 1e-9), work.intWeightSum);
    if (scale === 0 || candidates * (scaledCapacity + 1) > KNAPSACK_DEFAULTS.maxDynamicProgrammingCells) profileWanted = false;
  }
  if (totalWeight <= capacity && !profileWanted) {
    // Everything fits and nobody asked for the capacity profile: take all.
    for (let c = 0; c < candidates; c++) {
      chosen[items[c]] = 1;
      total += profit[items[c]];
    }
    return total;
  }
  const reduce = !profileWanted && candidates >= KNAPSACK_DEFAULTS.reductionMinItems;
  if (reduce) {
    // Fix most items by bound arguments; the rest (the core) is solved exactly below.
    total += reduceItems(profit, weight, candidates, capacity, chosen, work);
    capacity = work.coreCapacity;
    candidates = work.coreCount;
    if (candidates === 0) return total;
    let coreWeight = 0;
    for (let c = 0; c < candidates; c++) coreWeight += weight[items[c]];
    if (coreWeight <= capacity) {
      for (let c = 0; c < candidates; c++) {
        chosen[items[c]] = 1;
        total += profit[items[c]];
      }
      return total;
    }
  }
  const scale = integerScale(weight, items, candidates, capacity, work);
  if (scale > 0) {
    const scaledCapacity = Math.min(Math.floor(capacity * scale + 1e-9), work.intWeightSum);
    if (candidates * (scaledCapacity + 1) <= KNAPSACK_DEFAULTS.maxDynamicProgrammingCells) {
      work.profileBase = total;
      return total + dynamicProgramming(profit, candidates, scaledCapacity, scale, chosen, work, profileWanted);
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

/**
 * 0-1 knapsack DP over integer capacity with decision bits for reconstruction. Without `fullProfile`
 * only capacities that the backtrack from `capacity` can reach are computed: row c needs
 * cap >= capacity - (weight of the items after c).
 */
function dynamicProgramming(profit: Float64Array, candidates: number, capacity: number, scale: number, chosen: Uint8Array, work: KnapsackScratch, fullProfile: boolean): number {
  const stride = capacity + 1;
  work.ensureProfile(capacity, candidates * stride);
  const best = work.profile;
  const decision = work.decision;
  const items = work.items;
  const intWeight = work.intWeight;
  best.fill(0, 0, stride);
  let after = fullProfile ? Infinity : work.intWeightSum;
  for (let c = 0; c < candidates; c++) {
    const p = profit[items[c]];
    const w = intWeight[c];
    after -= w;
    const lowest = Math.max(0, capacity - after);
    const row = c * stride;
    decision.fill(0, row + lowest, row + stride);
    const stop = Math.max(w, lowest);
    for (let cap = capacity; cap >= stop; cap--) {
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
  work.profileCapacity = fullProfile ? capacity : -1;
  work.profileScale = scale;
  return best[capacity];
}

/**
 * Dembo–Hammer reduction around the break item, found by linear-time selection (no full sort).
 * With r the break ratio, the Dantzig bound is U = r·c + sum max(0, p_j - r·w_j), and flipping item j
 * away from its LP value caps every solution at U - |p_j - r·w_j|. With lb a greedy value, items with
 * |p_j - r·w_j| > U - lb are fixed (in when positive, out when negative): every optimal solution
 * agrees. The greedy value is then improved on the sorted core and the core shrunk again.
 * Marks fixed-in items in `chosen`, returns their profit, and leaves the free items in
 * work.items[0..coreCount) with capacity work.coreCapacity.
 */
function reduceItems(profit: Float64Array, weight: Float64Array, candidates: number, capacity: number, chosen: Uint8Array, work: KnapsackScratch): number {
  const order = work.order;
  const items = work.items;
  const key = work.ratio; // key[t] = ratio of order[t], permuted together with order
  for (let c = 0; c < candidates; c++) {
    order[c] = items[c];
    key[c] = profit[items[c]] / weight[items[c]];
  }
  // Selection of the break position: order[0..b) all fit and have ratio >= key of the break item.
  let lo = 0;
  let hi = candidates;
  let left = capacity;
  let b = -1;
  while (b < 0) {
    if (hi - lo <= 16) {
      insertionSortDescending(order, key, lo, hi);
      for (let t = lo; t < hi; t++) {
        const w = weight[order[t]];
        if (w <= left) left -= w;
        else {
          b = t;
          break;
        }
      }
      if (b < 0) b = hi < candidates ? hi : candidates - 1; // cannot happen when the total exceeds capacity
      break;
    }
    const mid = (lo + hi) >> 1;
    const x = key[lo];
    const y = key[mid];
    const z = key[hi - 1];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    // Three-way partition into > pivot | == pivot | < pivot.
    let lt = lo;
    let gt = hi;
    let t = lo;
    while (t < gt) {
      const r = key[t];
      if (r > pivot) {
        swap(order, key, t, lt);
        lt++;
        t++;
      } else if (r < pivot) {
        gt--;
        swap(order, key, t, gt);
      } else t++;
    }
    let greater = 0;
    for (let q = lo; q < lt; q++) greater += weight[order[q]];
    if (greater > left) {
      hi = lt;
      continue;
    }
    left -= greater;
    let found = -1;
    for (let q = lt; q < gt; q++) {
      const w = weight[order[q]];
      if (w <= left) left -= w;
      else {
        found = q;
        break;
      }
    }
    if (found >= 0) {
      b = found;
      break;
    }
    lo = gt;
  }
  const breakRatio = key[b];
  let fitProfit = 0;
  for (let t = 0; t < b; t++) fitProfit += profit[order[t]];
  const upper = fitProfit + left * breakRatio;
  // Greedy value: the items before the break, then whatever else fits, in the order at hand.
  let lower = fitProfit;
  {
    let room = left;
    for (let t = b + 1; t < candidates; t++) {
      const w = weight[order[t]];
      if (w <= room) {
        room -= w;
        lower += profit[order[t]];
      }
    }
  }
  const margin = tolerance(upper);
  let fixedProfit = 0;
  let residual = capacity;
  // Items fixed in are marked and accounted inline, not by a closure: one that updates these two
  // totals keeps them boxed in its context, an allocation per item on this hot path (measured).
  let core = 0;
  let gap = upper - lower;
  for (let t = 0; t < candidates; t++) {
    const item = order[t];
    const reduced = profit[item] - breakRatio * weight[item];
    if (t !== b && Math.abs(reduced) > gap + margin) {
      if (t < b) {
        chosen[item] = 1;
        fixedProfit += profit[item];
        residual -= weight[item];
      }
      continue;
    }
    items[core++] = item;
  }
  if (core > 1) {
    // Better greedy value on the ratio-sorted core, then shrink the core with the smaller gap.
    sortByRatio(profit, weight, core, work);
    let value = fixedProfit;
    let room = residual;
    for (let k = 0; k < core; k++) {
      if (work.sortedWeight[k] <= room) {
        room -= work.sortedWeight[k];
        value += work.sortedProfit[k];
      }
    }
    if (value > lower) {
      lower = value;
      gap = upper - lower;
      let kept = 0;
      for (let k = 0; k < core; k++) {
        const item = items[work.order[k]];
        const reduced = profit[item] - breakRatio * weight[item];
        if (Math.abs(reduced) > gap + margin) {
          if (reduced > 0) {
            chosen[item] = 1;
            fixedProfit += profit[item];
            residual -= weight[item];
          }
          continue;
        }
        work.coreItems[kept++] = item;
      }
      for (let k = 0; k < kept; k++) items[k] = work.coreItems[k];
      core = kept;
    }
  }
  work.coreCount = core;
  work.coreCapacity = Math.max(0, residual);
  if (core >= KNAPSACK_DEFAULTS.reductionMinItems) fixedProfit += reduceByExactBounds(profit, weight, chosen, work);
  return fixedProfit;
}

/**
 * Martello–Toth reduction of the core work.items[0..coreCount) with capacity work.coreCapacity:
 * with the items sorted by ratio and lb the greedy value, an item is fixed in (out) when the exact
 * Dantzig bound of the problem with it excluded (included) is strictly below lb. Tighter than the
 * linear Dembo–Hammer test because it accounts for the capacity the item displaces.
 */
function reduceByExactBounds(profit: Float64Array, weight: Float64Array, chosen: Uint8Array, work: KnapsackScratch): number {
  const candidates = work.coreCount;
  const capacity = work.coreCapacity;
  sortByRatio(profit, weight, candidates, work);
  const sp = work.sortedProfit;
  const sw = work.sortedWeight;
  const P = work.prefixProfit;
  const W = work.prefixWeight;
  P[0] = 0;
  W[0] = 0;
  for (let t = 0; t < candidates; t++) {
    P[t + 1] = P[t] + sp[t];
    W[t + 1] = W[t] + sw[t];
  }
  if (W[candidates] <= capacity) return 0;
  let b = 0;
  while (W[b + 1] <= capacity) b++;
  let lower = P[b];
  let left = capacity - W[b];
  for (let t = b + 1; t < candidates; t++) {
    if (sw[t] <= left) {
      left -= sw[t];
      lower += sp[t];
    }
  }
  const margin = 1e-9 * Math.max(1, lower);
  let fixedProfit = 0;
  let residual = capacity;
  let core = 0;
  const coreItems = work.coreItems;
  for (let t = 0; t < candidates; t++) {
    const item = work.items[work.order[t]];
    if (t < b) {
      // Bound without item t: the items before the break except t, then fill from the break on.
      const skip = sw[t];
      let lo = b;
      let hi = candidates;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (W[mid] - skip <= capacity) lo = mid;
        else hi = mid - 1;
      }
      let bound = P[lo] - sp[t];
      if (lo < candidates) bound += ((capacity - (W[lo] - skip)) * sp[lo]) / sw[lo];
      if (bound < lower - margin) {
        chosen[item] = 1;
        fixedProfit += sp[t];
        residual -= sw[t];
        continue;
      }
    } else if (t > b) {
      // Bound with item t forced in: p_t plus the Dantzig bound of capacity - w_t over items 0..b.
      const room = capacity - sw[t];
      let lo = 0;
      let hi = b;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (W[mid] <= room) lo = mid;
        else hi = mid - 1;
      }
      const bound = sp[t] + P[lo] + ((room - W[lo]) * sp[lo]) / sw[lo];
      if (bound < lower - margin) continue;
    }
    coreItems[core++] = item;
  }
  for (let c = 0; c < core; c++) work.items[c] = coreItems[c];
  work.coreCount = core;
  work.coreCapacity = Math.max(0, residual);
  return fixedProfit;
}

function swap(order: Int32Array, key: Float64Array, a: number, b: number): void {
  const o = order[a];
  order[a] = order[b];
  order[b] = o;
  const k = key[a];
  key[a] = key[b];
  key[b] = k;
}

function sortByRatio(profit: Float64Array, weight: Float64Array, candidates: number, work: KnapsackScratch): void {
  const order = work.order;
  const key = work.ratio; // key[k] = ratio of order[k], permuted together with order
  for (let c = 0; c < candidates; c++) {
    order[c] = c;
    key[c] = profit[work.items[c]] / weight[work.items[c]];
  }
  sortDescending(order, key, 0, candidates);
  for (let k = 0; k < candidates; k++) {
    const j = work.items[order[k]];
    work.sortedProfit[k] = profit[j];
    work.sortedWeight[k] = weight[j];
  }
}

/** In-place quicksort of order[lo..hi) by decreasing key (keys move with their entries). */
function sortDescending(order: Int32Array, key: Float64Array, lo: number, hi: number): void {
  while (hi - lo > 16) {
    const mid = (lo + hi) >> 1;
    const x = key[lo];
    const y = key[mid];
    const z = key[hi - 1];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi - 1;
    while (i <= j) {
      while (key[i] > pivot) i++;
      while (key[j] < pivot) j--;
      if (i <= j) {
        swap(order, key, i, j);
        i++;
        j--;
      }
    }
    // Recurse into the smaller side, loop on the larger (bounded stack depth).
    if (j - lo < hi - i) {
      sortDescending(order, key, lo, j + 1);
      lo = i;
    } else {
      sortDescending(order, key, i, hi);
      hi = j + 1;
    }
  }
  insertionSortDescending(order, key, lo, hi);
}

/** Insertion sort of order[lo..hi) by decreasing key (stable; for the short runs the quicksort and selection leave). */
function insertionSortDescending(order: Int32Array, key: Float64Array, lo: number, hi: number): void {
  for (let a = lo + 1; a < hi; a++) {
    const o = order[a];
    const r = key[a];
    let b = a - 1;
    while (b >= lo && key[b] < r) {
      order[b + 1] = order[b];
      key[b + 1] = key[b];
      b--;
    }
    order[b + 1] = o;
    key[b + 1] = r;
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
  const rootBound = dantzigBound(sp, sw, candidates, capacity);
  const state = { best, nodes: 0 };
  const tie = 1e-12;
  const nodeLimit = work.branchNodeLimit;
  const search = (k: number, left: number, value: number): void => {
    if (value > state.best + tie) {
      state.best = value;
      for (let t = 0; t < candidates; t++) bestTake[t] = t < k ? take[t] : 0;
    }
    if (k === candidates || ++state.nodes > nodeLimit) return;
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
    if (bound <= state.best + tie) return;
    if (sw[k] <= left) {
      take[k] = 1;
      search(k + 1, left - sw[k], value + sp[k]);
      take[k] = 0;
    }
    search(k + 1, left, value);
  };
  search(0, capacity, 0);
  for (let k = 0; k < candidates; k++) if (bestTake[k] === 1) chosen[work.items[work.order[k]]] = 1;
  // Past the node limit the search is incomplete: the optimum is only known to be <= rootBound.
  if (state.nodes > nodeLimit) work.boundSlack = Math.max(0, rootBound - state.best);
  return state.best;
}
