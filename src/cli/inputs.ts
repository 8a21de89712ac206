/** The input options shared by commands that read a problem: a JSON or .xlsx file, or workers + cases CSV / .xlsx. */
import type { Argv } from 'yargs';
import { decodeText } from '../input/encoding.js';
import { InputError, type InputIssue } from '../input/errors.js';
import { jsonOrigins, loadProblemTables, locateIssues, mergePolicy, parseJson, validateProblem, type LoadedProblem } from '../input/parse.js';
import type { Problem } from '../input/schema.js';
import { readCsvTable, type Table } from '../input/tables.js';
import { looksLikeXlsx, pickSheet, readWorkbook } from '../input/workbook.js';
import type { CliIo } from './context.js';
import { UsageError } from './context.js';
import { readBytes, readText } from './files.js';

export interface InputArgs {
  problem?: string;
  workers?: string;
  cases?: string;
  policy?: string;
  json?: boolean;
}

export function inputOptions<T>(y: Argv<T>, command = 'allocate') {
  return y
    .positional('problem', { type: 'string', describe: 'JSON problem file { workers, cases, policy? }, or an .xlsx workbook with sheets "workers" and "cases"' })
    .option('workers', { type: 'string', describe: 'workers CSV or .xlsx file (with --cases)' })
    .option('cases', { type: 'string', describe: 'cases CSV or .xlsx file (with --workers)' })
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

/** Reads the problem; warnings (extra columns kept as labels) go to stderr, as JSON under --json. */
export async function readProblem(args: InputArgs, io?: CliIo): Promise<Problem> {
  const loaded = await loadProblem(args);
  if (io && loaded.warnings.length) io.err(formatWarnings(loaded.warnings, args.json === true));
  return loaded.problem;
}

export function formatWarnings(warnings: readonly InputIssue[], json: boolean): string {
  if (json) return `${JSON.stringify({ warnings })}\n`;
  return warnings.map((w) => `caseload: warning: ${w.path ? `${w.path}: ` : ''}${w.message}\n`).join('');
}

/** Reads and validates the problem the arguments name, with the warnings found. */
export async function loadProblem(args: InputArgs): Promise<LoadedProblem> {
  const policyText = args.policy === undefined ? undefined : readText(args.policy, '--policy');
  if (args.problem !== undefined) {
    const bytes = readBytes(args.problem, 'problem file');
    if (looksLikeXlsx(bytes)) {
      const sheets = await readWorkbook(bytes, args.problem);
      return loadProblemTables(pickSheet(sheets, 'workers', args.problem, false), pickSheet(sheets, 'cases', args.problem, false), policyText, args.policy);
    }
    const text = decodeText(bytes, args.problem);
    const raw = parseJson(text, args.problem);
    const input = policyText === undefined ? raw : withPolicy(raw, parseJson(policyText, args.policy!));
    const v = validateProblem(input);
    if (!v.ok) throw new InputError(locateIssues(v.issues, jsonOrigins(text, args.problem, raw)));
    return { problem: v.problem, warnings: [] };
  }
  const issues: InputIssue[] = [];
  const workers = await readTable(args.workers!, '--workers', 'workers', issues);
  const cases = await readTable(args.cases!, '--cases', 'cases', issues);
  return loadProblemTables(workers, cases, policyText, args.policy ?? 'policy.json', issues);
}

/** --policy applies on top of the file's own policy. */
function withPolicy(raw: unknown, patch: unknown): unknown {
  const file = (raw ?? {}) as { policy?: unknown };
  const base = mergePolicy(file.policy ?? {});
  if (!base.ok) throw new InputError(base.issues);
  const merged = mergePolicy(patch, base.policy);
  if (!merged.ok) throw new InputError(merged.issues);
  return { ...(raw as object), policy: merged.policy };
}

async function readTable(path: string, what: string, sheet: string, issues: InputIssue[]): Promise<Table | null> {
  const bytes = readBytes(path, what);
  if (looksLikeXlsx(bytes)) return pickSheet(await readWorkbook(bytes, path), sheet, path);
  return readCsvTable(decodeText(bytes, path), path, issues);
}
