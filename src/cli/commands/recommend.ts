/** `caseload recommend PROBLEM --case '{…}'`: the top-k workers for one new referral, without re-solving. */
import type { CommandModule } from 'yargs';
import { DEFAULT_RECOMMEND_OPTIONS, recommend, type Recommendation } from '../../app/advice.js';
import { parseJson } from '../../input/parse.js';
import { grid } from '../../report/table.js';
import { EXIT, UsageError, type CommandContext } from '../context.js';
import { inputOptions, readProblem, type InputArgs } from '../inputs.js';

export function recommendCommand({ io, guard }: CommandContext): CommandModule {
  return {
    command: 'recommend [problem]',
    describe: 'rank the workers for one new referral (score change and reasons), given the current allocation',
    builder: (y) =>
      inputOptions(y, 'recommend')
        .option('case', { type: 'string', demandOption: true, describe: 'the new case as JSON, e.g. \'{"id":"c900","type":"child-protection"}\'' })
        .option('k', { alias: 'top', type: 'number', default: DEFAULT_RECOMMEND_OPTIONS.k, describe: 'how many workers to list' })
        .option('json', { type: 'boolean', default: false, describe: 'print the recommendation as JSON' })
        .example('$0 recommend examples/team.json --case \'{"id":"c900","type":"court","requiredSkills":["court"]}\' -k 3', 'who should take a new court case'),
    handler: (args) =>
      guard(async () => {
        const a = args as unknown as InputArgs & { case: string; k: number; json: boolean };
        if (!(Number.isInteger(a.k) && a.k >= 1)) throw new UsageError(`-k: expected a whole number ≥ 1, got ${a.k}`);
        const problem = await readProblem(a, io);
        const r = recommend(problem, parseJson(a.case, '--case'), { k: a.k });
        io.out(a.json ? `${JSON.stringify(r, null, 2)}\n` : formatRecommendation(r));
        return r.workers.length ? EXIT.ok : EXIT.unallocated;
      }),
  };
}

export function formatRecommendation(r: Recommendation): string {
  const family = r.unit.length > 1 ? ` with its siblings ${r.unit.filter((id) => id !== r.caseId).join(', ')}` : '';
  const lines = [`Recommendation for ${r.caseId}${family} (${r.points} points), given the current allocation:`, ''];
  if (!r.workers.length) lines.push('No worker can take it.');
  else lines.push(...grid(['rank', 'worker', 'score change', 'after', 'band', 'why'], r.workers.map((w) => [String(w.rank), w.workerId, `${w.scoreChange > 0 ? '+' : ''}${w.scoreChange}`, `${Math.round(w.utilisationAfter * 100)}%`, w.bandAfter, w.reasons.join('; ')]), [true, false, true, true, false, false]));
  if (r.cannot.length) {
    lines.push('', `Cannot take it (${r.cannot.length}):`);
    for (const c of r.cannot.slice(0, 8)) lines.push(`  ${c.workerId}: ${c.reasons.join('; ')}`);
    if (r.cannot.length > 8) lines.push(`  … ${r.cannot.length - 8} more`);
  }
  return `${lines.join('\n')}\n`;
}
