/**
 * Spreadsheet input: workers and cases as tables (CSV text or sheets of an .xlsx workbook), one row
 * per record, columns named as the JSON fields. This file turns a table into raw records (cells
 * typed by column) plus where each came from (file, line, id); the schemas validate them after.
 *
 * What spreadsheets really contain, handled here: the delimiter Excel's locale chose (`,` `;` tab,
 * detected from the header), decimal commas in `;` files, trailing blank rows, a BOM, CRLF, and
 * extra columns (a worker's name, notes) which are kept as labels and carried to the output.
 */
import { parse as parseCsvText } from 'csv-parse/sync';
import { showValue, type InputIssue } from './errors.js';
import { RESERVED_KEYS } from './guards.js';

/** List cells hold several values separated by ";" (e.g. `court;disability`; quoted in `;` files). */
const LIST_SEPARATOR = ';';
export type CellKind = 'string' | 'number' | 'integer' | 'boolean' | 'list' | 'nullable';

const WORKER_COLUMNS: Record<string, CellKind> = {
  id: 'string', team: 'string', role: 'string', fte: 'number', skills: 'list', available: 'boolean',
  reductionHours: 'number', reductionPoints: 'number', capacityPoints: 'number', maxCases: 'integer', supportHours: 'number',
};
const CASE_COLUMNS: Record<string, CellKind> = {
  id: 'string', type: 'string', modifiers: 'list', familyId: 'nullable', requiredSkills: 'list', preferredSkills: 'list',
  currentWorkerId: 'nullable', pinned: 'boolean', excludedWorkerIds: 'list', points: 'number', team: 'nullable', coWorked: 'boolean',
};
/** Table columns and how each cell is read; kept equal to the schemas' fields, less `labels` (a test checks this). */
export const CSV_COLUMNS = { workers: WORKER_COLUMNS, cases: CASE_COLUMNS } as const;

/** One sheet or CSV file: its rows of text cells, each with the line (or sheet row) it came from. */
export interface Table {
  /** How messages name it: `cases.csv`, `team.xlsx sheet cases`. */
  readonly source: string;
  readonly rows: readonly { readonly cells: readonly string[]; readonly line: number }[];
  /** `;`-separated CSV: numbers may use a decimal comma (`0,5`). */
  readonly decimalComma: boolean;
}

/** Raw records of one collection, with where each came from, and the warnings found reading them. */
export interface TableRecords {
  readonly records: Record<string, unknown>[];
  /** Per record: the line and the id (null when the id cell is empty). */
  readonly origins: { readonly line: number; readonly id: string | null }[];
  readonly source: string;
}

const DELIMITERS = [',', ';', '\t'] as const;

/** Splits CSV text into a Table. Throws nothing; problems go to `issues`. */
export function readCsvTable(text: string, source: string, issues: InputIssue[]): Table | null {
  const body = text.replace(/^\uFEFF/, '');
  const nul = body.indexOf('\u0000');
  if (nul >= 0) {
    issues.push({ path: source, message: `binary data, not CSV text (a NUL byte at line ${lineAt(body, nul)}); save the sheet as "CSV UTF-8"` });
    return null;
  }
  if (body.trim() === '') {
    issues.push({ path: source, message: `empty file (expected a header row with the column names, got ${showValue(body.slice(0, 20))})` });
    return null;
  }
  const delimiter = detectDelimiter(body);
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parseCsvText(body, { delimiter, skip_empty_lines: true, relax_column_count: true, trim: true, info: true }) as unknown as typeof parsed;
  } catch (e) {
    issues.push({ path: source, message: `not valid CSV: ${(e as Error).message}` });
    return null;
  }
  return { source, rows: parsed.map((p) => ({ cells: p.record, line: p.info.lines })), decimalComma: delimiter === ';' };
}

/** The delimiter used most on the header line (outside quotes): `,`, `;` or tab. */
export function detectDelimiter(body: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) {
      if ([...counts.values()].some((n) => n > 0)) break; // the header ends here (blank leading lines are skipped)
    } else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Plain decimal numbers only: no hex (0x1), no Infinity, no thousands separators, no spaces inside. */
export const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const DECIMAL_COMMA = /^[+-]?\d+,\d+$/;

/**
 * A table's rows → raw records typed by column. The first non-blank row is the header; rows whose
 * cells are all empty are skipped (Excel leaves them after the data). Columns that are not fields
 * become labels (reported as a warning); reserved names (`__proto__`, `constructor`, `prototype`) are errors.
 */
export function tableRecords(table: Table, collection: 'workers' | 'cases', issues: InputIssue[], warnings: InputIssue[]): TableRecords {
  const columns = CSV_COLUMNS[collection];
  const source = table.source;
  const rows = table.rows.filter((r) => r.cells.some((c) => c !== ''));
  const out: TableRecords = { records: [], origins: [], source };
  if (rows.length === 0) {
    issues.push({ path: source, message: `no header row: every row is empty (got ${table.rows.length} row${table.rows.length === 1 ? '' : 's'}; expected columns such as ${Object.keys(columns).join(', ')})` });
    return out;
  }
  const header = rows[0].cells.map((c) => c.trim());
  // Trailing header cells with no name and no data are spreadsheet noise; any other unnamed column is an error.
  let width = header.length;
  while (width > 0 && header[width - 1] === '' && rows.every((r) => (r.cells[width - 1] ?? '') === '')) width--;
  const labelColumns: string[] = [];
  const seen = new Map<string, number>();
  let headerOk = true;
  for (let k = 0; k < width; k++) {
    const col = header[k];
    const at = `${source} line ${rows[0].line} column ${k + 1}`;
    if (col === '') {
      issues.push({ path: at, message: `a column with data has no name in the header row (got "" as its name, and data such as ${showValue(rows.find((r) => (r.cells[k] ?? '') !== '')?.cells[k])})` });
      headerOk = false;
    } else if (RESERVED_KEYS.has(col)) {
      issues.push({ path: at, message: `column name ${showValue(col)} is reserved (it is never data); rename the column` });
      headerOk = false;
    } else if (seen.has(col)) {
      issues.push({ path: at, message: `column ${showValue(col)} appears twice (also column ${seen.get(col)! + 1})` });
      headerOk = false;
    } else if (!Object.hasOwn(columns, col)) labelColumns.push(col);
    seen.set(col, k);
  }
  if (labelColumns.length) {
    warnings.push({
      path: source,
      message: `column${labelColumns.length > 1 ? 's' : ''} ${labelColumns.map((c) => showValue(c)).join(', ')} ${labelColumns.length > 1 ? 'are' : 'is'} not ${collection === 'workers' ? 'a worker' : 'a case'} field: kept as label${labelColumns.length > 1 ? 's' : ''} (carried to the output, not used by the allocation; known fields: ${Object.keys(columns).join(', ')})`,
    });
  }
  if (!headerOk) return out;
  const idCell = header.indexOf('id');
  for (let r = 1; r < rows.length; r++) {
    const { cells, line } = rows[r];
    const index = out.records.length;
    const id = idCell >= 0 && cells[idCell] ? cells[idCell] : null;
    const where = `${source} line ${line}${id === null ? '' : `, ${collection === 'workers' ? 'worker' : 'case'} ${showValue(id)}`}`;
    if (cells.length > width && cells.slice(width).some((c) => c !== '')) {
      issues.push({ path: `${collection}[${index}]`, where, message: `row has ${cells.length} cells but the header names ${width} columns (got ${showValue(cells.slice(width).find((c) => c !== ''))} past the last column)` });
    }
    const record: Record<string, unknown> = {};
    const labels: Record<string, string> = {};
    for (let k = 0; k < width; k++) {
      const col = header[k];
      const cell = (cells[k] ?? '').trim();
      if (cell === '') continue;
      if (!Object.hasOwn(columns, col)) {
        labels[col] = cell;
        continue;
      }
      const path = `${collection}[${index}].${col}`;
      const kind = columns[col];
      switch (kind) {
        case 'string':
        case 'nullable':
          record[col] = cell;
          break;
        case 'list':
          record[col] = cell.split(LIST_SEPARATOR).map((s) => s.trim()).filter((s) => s.length > 0);
          break;
        case 'number':
        case 'integer': {
          const text = table.decimalComma && DECIMAL_COMMA.test(cell) ? cell.replace(',', '.') : cell;
          const v = DECIMAL.test(text) ? Number(text) : NaN;
          if (!Number.isFinite(v)) issues.push({ path, where, message: `not a number: ${showValue(cell)} (plain decimal only, e.g. 0.5${table.decimalComma ? ' or 0,5' : ''})` });
          else if (kind === 'integer' && !Number.isInteger(v)) issues.push({ path, where, message: `not a whole number: ${showValue(cell)}` });
          else record[col] = v;
          break;
        }
        case 'boolean': {
          const v = cell.toLowerCase();
          if (['true', 'yes', 'y', '1'].includes(v)) record[col] = true;
          else if (['false', 'no', 'n', '0'].includes(v)) record[col] = false;
          else issues.push({ path, where, message: `not true/false: ${showValue(cell)}` });
          break;
        }
      }
    }
    if (Object.keys(labels).length) record.labels = labels;
    out.records.push(record);
    out.origins.push({ line, id });
  }
  return out;
}
