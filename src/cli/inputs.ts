/** The input options shared by commands that read a problem: a JSON file, or workers + cases CSV. */
import type { Argv } from 'yargs';
import { InputError } from '../input/errors.js';
import { mergePolicy, parseJson, parseProblem, parseProblemCsv } from '../input/parse.js';
import type { Problem } from '../input/schema.js';
import { UsageError } from './context.js';
import { readText } from './files.js';

export interface InputArgs {
  problem?: string;
  workers?: string;
  cases?: string;
  policy?: string;
}

export function inputOptions<T>(y: Argv<T>, command = 'allocate') {
  return y
    .positional('problem', { type: 'string', describe: 'JSON problem file { workers, cases, policy? }' })
    .option('workers', { type: 'string', describe: 'workers CSV file (with --cases)' })
    .option('cases', { type: 'string', describe: 'cases CSV file (with --workers)' })
    .option('policy', { type: 'string', describe: 'policy JSON: changes to the default policy' })
    .check((a) => {
      const csv = a.workers !== undefined || a.cases !== undefined;
      const eg = `e.g. caseload ${command} --workers workers.csv --cases cases.csv`;
      if (a.problem !== undefined && csv) throw new UsageError(`give either a JSON problem file or --workers and --cases, not both (${eg})`);
      if (csv && (a.workers === undefined || a.cases === undefined)) throw new UsageError(`--workers and --cases go together (${eg})`);
      if (a.problem === undefined && !csv) throw new UsageError(`no input: give a JSON problem file, or --workers and --cases (e.g. caseload ${command} examples/team.json)`);
      return true;
    });
}

export function readProblem(args: InputArgs): Problem {
  const policyText = args.policy === undefined ? undefined : readText(args.policy, '--policy');
  if (args.problem !== undefined) {
    const raw = parseJson(readText(args.problem, 'problem file'), args.problem);
    if (policyText === undefined) return parseProblem(raw);
    // --policy applies on top of the file's own policy.
    const file = (raw ?? {}) as { policy?: unknown };
    const base = mergePolicy(file.policy ?? {});
    if (!base.ok) throw new InputError(base.issues);
    const merged = mergePolicy(parseJson(policyText, args.policy!), base.policy);
    if (!merged.ok) throw new InputError(merged.issues);
    return parseProblem({ ...(raw as object), policy: merged.policy });
  }
  return parseProblemCsv(readText(args.workers!, '--workers'), readText(args.cases!, '--cases'), policyText, {
    workers: args.workers!,
    cases: args.cases!,
    policy: args.policy ?? 'policy.json',
  });
}
