/**
 * The one small interface every allocation policy of the lab implements, built-in or a user's own:
 * given this week's state of one team (a Problem in which every held case is pinned to its worker and
 * every waiting child is free), the loads, and a seeded random stream, say which worker takes each
 * case. The engine then holds the decision to the same rules for every policy: it passes the
 * independent checker (src/verify/check.ts) with a move budget of moveBudget(week) moves of held cases.
 */
import type { Problem } from '../input/schema.js';
import type { Random } from '../util/random.js';

export interface WeekView {
  readonly week: number;
  readonly team: string;
  /** The team this week: present workers, open cases (held ones pinned, waiting ones free). */
  readonly problem: Problem;
  /** Waiting allocation units (a child, or a sibling group), oldest first: indices into problem.cases. */
  readonly queue: readonly (readonly number[])[];
  /** Worker index holding each case now (-1 = waiting). */
  readonly current: Int32Array;
  /** Per case: points (policy weighting) and type index (into types). */
  readonly casePoints: Float64Array;
  readonly caseType: Int32Array;
  readonly types: readonly string[];
  /** Per worker: capacity points, hard limit points, target points, maximum cases, load now. */
  readonly capacity: Float64Array;
  readonly limit: Float64Array;
  readonly target: Float64Array;
  readonly maxCases: Float64Array;
  readonly points: Float64Array;
  readonly count: Float64Array;
  /** Worker × type (row per worker): cases held of each type, and the cap. */
  readonly typeCount: Float64Array;
  readonly typeCap: Float64Array;
  /** 1 where the worker may take new cases this week (present, not off sick). */
  readonly accepting: Uint8Array;
  /** Worker indices in their last week (leavers). */
  readonly leaving: readonly number[];
  /** The policy's own randomness (a stream separate from arrivals and absences). */
  readonly random: Random;
  /** Memory the policy keeps for this team between weeks (e.g. a round-robin pointer). */
  readonly memory: Map<string, unknown>;
}

export interface AllocationPolicy {
  readonly name: string;
  /** Held cases the policy may move this week (each team); moves away from leavers are free. Default 0. */
  moveBudget?(week: number): number;
  /** Weeks a sick worker is away before their cases are reallocated. Default 2. */
  readonly reallocateAfterWeeks?: number;
  /** Worker index per case of view.problem.cases (-1 = stays waiting). */
  decide(view: WeekView): Int32Array;
}
