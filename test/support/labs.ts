/** Small lab configurations for the policy-lab tests (one team, a few weeks: seconds, not minutes). */
import type { LabInput } from '../../src/input/lab.js';

export function smallLab(overrides: Partial<LabInput> = {}): LabInput {
  return {
    name: 'test',
    synthetic: { teams: 1, workersPerTeam: 10, casesPerTeam: 130, seed: 3 },
    weeks: 10,
    warmupWeeks: 2,
    replications: 2,
    seed: 11,
    effort: 60,
    ...overrides,
  };
}

/** Every built-in policy kind, once. */
export const ALL_KINDS = ['random', 'round-robin', 'least-loaded', 'manager-greedy', 'continuity-first', 'optimised-intake', 'optimised-rebalance', 'handover'] as const;
