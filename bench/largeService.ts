/**
 * A large service for size and memory runs: `teams` synthetic teams (src/input/synthetic.ts) side by
 * side, seeded. The default is the 100,000-case service of Part 8: 250 teams × 12 workers × 400
 * cases = 3,000 workers, 100,000 cases.
 *
 *   npx tsx bench/largeService.ts [--teams 250] [--workers 12] [--cases 400] [--seed 1] > service.json
 */
import { syntheticProblem } from '../src/input/synthetic.js';

export interface LargeServiceOptions {
  readonly teams?: number;
  readonly workersPerTeam?: number;
  readonly casesPerTeam?: number;
  readonly seed?: number;
}

export function largeService(options: LargeServiceOptions = {}): ReturnType<typeof syntheticProblem> {
  return syntheticProblem({ teams: options.teams ?? 250, workersPerTeam: options.workersPerTeam ?? 12, casesPerTeam: options.casesPerTeam ?? 400, seed: options.seed ?? 1 });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string, fallback: string): string => {
    const k = process.argv.indexOf(`--${name}`);
    return k >= 0 ? process.argv[k + 1] : fallback;
  };
  const p = largeService({ teams: Number(arg('teams', '250')), workersPerTeam: Number(arg('workers', '12')), casesPerTeam: Number(arg('cases', '400')), seed: Number(arg('seed', '1')) });
  process.stdout.write(JSON.stringify(p));
}
