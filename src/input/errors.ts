import { CaseloadError } from '../util/errors.js';

/** One problem found in the input: where (a path like `cases[12].currentWorkerId`) and what. */
export interface InputIssue {
  readonly path: string;
  readonly message: string;
}

/** Invalid input. `issues` lists every problem found; the message lists the first few. */
export class InputError extends CaseloadError {
  readonly issues: readonly InputIssue[];
  constructor(issues: readonly InputIssue[]) {
    const shown = issues.slice(0, 20).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
    const more = issues.length > 20 ? `\n… and ${issues.length - 20} more` : '';
    super('INPUT_INVALID', `invalid input (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${shown.join('\n')}${more}`);
    this.name = 'InputError';
    this.issues = issues;
  }
}

/** `cases[12].currentWorkerId` from ['cases', 12, 'currentWorkerId']. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/** A short, safe rendering of an offending value for messages. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
