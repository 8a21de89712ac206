import { CaseloadError } from '../util/errors.js';

/** One problem found in the input: where (a path like `cases[12].currentWorkerId`) and what. */
export interface InputIssue {
  readonly path: string;
  readonly message: string;
  /** Where in the user's files: `cases.csv line 14, case "c0013"` (added when the record's origin is known). */
  readonly where?: string;
}

/** Problems of one kind (same field, same mistake), e.g. 487 cases with an unknown type. */
export interface IssueGroup {
  /** `cases[].type: unknown case type`: the path without indices and the message without values. */
  readonly kind: string;
  readonly count: number;
  /** The first few, in input order. */
  readonly examples: readonly InputIssue[];
}

const SHOWN_GROUPS = 20;
const SHOWN_EXAMPLES = 3;

/**
 * Invalid input. `issues` lists every problem found; the message groups them by kind with counts,
 * so one mistake repeated 487 times reads as one group and the other kinds stay visible.
 */
export class InputError extends CaseloadError {
  readonly issues: readonly InputIssue[];
  constructor(issues: readonly InputIssue[]) {
    super('INPUT_INVALID', formatIssues(issues));
    this.name = 'InputError';
    this.issues = issues;
  }
  get groups(): IssueGroup[] {
    return groupIssues(this.issues);
  }
}

/** One issue as a line: `cases.csv line 14, case "c0013": cases[12].type: unknown case type "x"`. */
export function formatIssue(i: InputIssue): string {
  const what = i.path ? `${i.path}: ${i.message}` : i.message;
  return i.where ? `${i.where}: ${what}` : what;
}

export function formatIssues(issues: readonly InputIssue[]): string {
  const groups = groupIssues(issues);
  const head = `invalid input (${issues.length} problem${issues.length === 1 ? '' : 's'}${groups.length > 1 && groups.length < issues.length ? ` of ${groups.length} kinds` : ''}):`;
  const lines = [head];
  for (const g of groups.slice(0, SHOWN_GROUPS)) {
    if (g.count === 1) {
      lines.push(formatIssue(g.examples[0]));
      continue;
    }
    lines.push(`${g.count} × ${g.kind}:`);
    for (const e of g.examples) lines.push(`  ${formatIssue(e)}`);
    if (g.count > g.examples.length) lines.push(`  … and ${g.count - g.examples.length} more like these`);
  }
  if (groups.length > SHOWN_GROUPS) {
    const rest = groups.slice(SHOWN_GROUPS).reduce((n, g) => n + g.count, 0);
    lines.push(`… and ${rest} more problem${rest === 1 ? '' : 's'} of ${groups.length - SHOWN_GROUPS} other kinds`);
  }
  return lines.join('\n');
}

/** Groups issues by kind, in order of first appearance. */
export function groupIssues(issues: readonly InputIssue[]): IssueGroup[] {
  const byKind = new Map<string, { kind: string; count: number; examples: InputIssue[] }>();
  for (const issue of issues) {
    const kind = issueKind(issue);
    let g = byKind.get(kind);
    if (!g) byKind.set(kind, (g = { kind, count: 0, examples: [] }));
    g.count++;
    if (g.examples.length < SHOWN_EXAMPLES) g.examples.push(issue);
  }
  return [...byKind.values()];
}

/** The kind of an issue: its path without indices, its message without the values it quotes. */
export function issueKind(issue: InputIssue): string {
  const path = issue.path.replace(/\[\d+\]/g, '[]').replace(/ line \d+( column \d+)?/g, '');
  const message = issue.message
    .replace(/ \((got|known|first at|also) [^)]*\)/g, '')
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/-?\d+(\.\d+)?(e[+-]?\d+)?/gi, '#')
    .split(/[;(]/)[0]
    .trim();
  return path ? `${path}: ${message}` : message;
}

/** `cases[12].currentWorkerId` from ['cases', 12, 'currentWorkerId']. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    // A key that is empty or holds spaces, dots, brackets or quotes is shown quoted, so the path stays readable.
    else if (typeof key !== 'string' || !/^[^\s.[\]"]+$/.test(key)) out += `[${JSON.stringify(String(key))}]`;
    else out += out ? `.${key}` : key;
  }
  return out;
}

/** A short, safe rendering of an offending value for messages (bounded: never walks a deep or cyclic value). */
export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = shallowJson(value, 2);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** JSON-like text of a value down to `depth` levels (deeper parts shown as […] / {…}), at most ~80 items. */
function shallowJson(value: unknown, depth: number): string {
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (value === null || typeof value === 'boolean') return String(value);
  if (typeof value !== 'object') return typeof value === 'function' ? 'a function' : String(value);
  if (Array.isArray(value)) {
    if (depth <= 0) return value.length ? '[…]' : '[]';
    // By index, not slice/map: a hostile array may carry its own `constructor`, which array methods consult.
    const items: string[] = [];
    for (let k = 0; k < Math.min(8, value.length); k++) items.push(shallowJson(value[k], depth - 1));
    return `[${items.join(',')}${value.length > 8 ? ',…' : ''}]`;
  }
  const keys = Object.keys(value);
  if (depth <= 0) return keys.length ? '{…}' : '{}';
  const items = keys.slice(0, 8).map((k) => `${JSON.stringify(k)}:${shallowJson((value as Record<string, unknown>)[k], depth - 1)}`);
  return `{${items.join(',')}${keys.length > 8 ? ',…' : ''}}`;
}
