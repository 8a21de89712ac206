/**
 * .xlsx workbooks → Tables (see tables.ts), read with exceljs: team managers keep caseloads in
 * Excel, and exporting each sheet to CSV by hand loses the encoding and the decimal format.
 * Cells are turned into text exactly as a CSV export would hold them, so both paths share one reader.
 */
import ExcelJS from 'exceljs';
import { InputError } from './errors.js';
import type { Table } from './tables.js';

/** The zip signature every .xlsx starts with. */
export function looksLikeXlsx(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** Every sheet of the workbook as a Table, by sheet name. */
export async function readWorkbook(bytes: Uint8Array, source: string): Promise<Map<string, Table>> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch (e) {
    throw new InputError([{ path: source, message: `not a readable .xlsx workbook (got ${bytes.length} bytes: ${(e as Error).message})` }]);
  }
  const tables = new Map<string, Table>();
  workbook.eachSheet((sheet) => {
    const rows: { cells: string[]; line: number }[] = [];
    sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: string[] = [];
      for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value));
      rows.push({ cells, line: rowNumber });
    });
    tables.set(sheet.name, { source: `${source} sheet ${sheet.name}`, rows, decimalComma: false });
  });
  return tables;
}

/** The sheet named `name` (any case), else the only sheet; an InputError listing the sheets otherwise. */
export function pickSheet(tables: Map<string, Table>, name: string, source: string, allowOnly = true): Table {
  for (const [sheet, table] of tables) if (sheet.trim().toLowerCase() === name) return table;
  if (allowOnly && tables.size === 1) return [...tables.values()][0];
  throw new InputError([{ path: source, message: `no sheet named "${name}" (got sheets: ${[...tables.keys()].map((s) => JSON.stringify(s)).join(', ') || 'none'})` }]);
}

/** A cell as CSV text: numbers in plain decimal, booleans as true/false, formulas by their result, dates as ISO dates. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('error' in value) return String(value.error);
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as { result?: ExcelJS.CellValue }).result ?? null);
  if ('text' in value) return String(value.text);
  return '';
}
