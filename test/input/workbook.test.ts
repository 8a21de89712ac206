import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { loadProblemTables } from '../../src/input/parse.js';
import { cellText, looksLikeXlsx, pickSheet, readWorkbook } from '../../src/input/workbook.js';

async function workbook(sheets: Record<string, unknown[][]>): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = wb.addWorksheet(name);
    for (const row of rows) sheet.addRow(row);
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('.xlsx workbooks', () => {
  it('reads the workers and cases sheets into the same problem as the CSV form', async () => {
    const bytes = await workbook({
      Workers: [['id', 'fte', 'skills', 'available', 'name'], ['w1', 1, 'court;disability', true, 'Ann'], ['w2', 0.5, null, false, null], [], [null, null]],
      cases: [['id', 'type', 'currentWorkerId', 'points'], ['c1', 'court', 'w1', null], ['c2', 'child-in-need', null, 2.5]],
    });
    expect(looksLikeXlsx(bytes)).toBe(true);
    const sheets = await readWorkbook(bytes, 'team.xlsx');
    const { problem, warnings } = loadProblemTables(pickSheet(sheets, 'workers', 'team.xlsx'), pickSheet(sheets, 'cases', 'team.xlsx'));
    expect(problem.workers).toMatchObject([{ id: 'w1', fte: 1, skills: ['court', 'disability'], available: true, labels: { name: 'Ann' } }, { id: 'w2', fte: 0.5, available: false }]);
    expect(problem.cases).toMatchObject([{ id: 'c1', currentWorkerId: 'w1' }, { id: 'c2', points: 2.5 }]);
    expect(warnings[0].path).toBe('team.xlsx sheet Workers');
  });
  it('errors name the workbook, sheet, row and id', async () => {
    const bytes = await workbook({ workers: [['id', 'fte'], ['w1', 'full'], ['w2', 2]], cases: [['id', 'type'], ['c1', 'unicorn']] });
    const sheets = await readWorkbook(bytes, 'team.xlsx');
    expect(() => loadProblemTables(pickSheet(sheets, 'workers', 'team.xlsx'), pickSheet(sheets, 'cases', 'team.xlsx'))).toThrow(/team\.xlsx sheet workers line 2, worker "w1": workers\[0\]\.fte: not a number: "full"/);
    const fixed = await readWorkbook(await workbook({ workers: [['id', 'fte'], ['w1', 1], ['w2', 2]], cases: [['id', 'type'], ['c1', 'unicorn']] }), 'team.xlsx');
    expect(() => loadProblemTables(pickSheet(fixed, 'workers', 'team.xlsx'), pickSheet(fixed, 'cases', 'team.xlsx'))).toThrow(/team\.xlsx sheet workers line 3, worker "w2": workers\[1\]\.fte: must be at most 1 \(got 2\)/);
  });
  it('a missing sheet is named with the sheets there are; a broken file is an InputError', async () => {
    const sheets = await readWorkbook(await workbook({ staff: [['id']], cases: [['id']] }), 'team.xlsx');
    expect(() => pickSheet(sheets, 'workers', 'team.xlsx')).toThrow(/team\.xlsx: no sheet named "workers" \(got sheets: "staff", "cases"\)/);
    await expect(readWorkbook(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'bad.xlsx')).rejects.toThrow(/bad\.xlsx: not a readable \.xlsx workbook/);
  });
  it('cell values become CSV text', () => {
    expect(cellText(0.5)).toBe('0.5');
    expect(cellText(true)).toBe('true');
    expect(cellText(new Date('2026-05-04T00:00:00Z'))).toBe('2026-05-04');
    expect(cellText({ formula: 'A1*2', result: 4 } as ExcelJS.CellValue)).toBe('4');
    expect(cellText({ richText: [{ text: 'co' }, { text: 'urt' }] } as ExcelJS.CellValue)).toBe('court');
    expect(cellText({ text: 'w1', hyperlink: 'http://x' } as ExcelJS.CellValue)).toBe('w1');
    expect(cellText({ error: '#N/A' } as ExcelJS.CellValue)).toBe('#N/A');
    expect(cellText(null)).toBe('');
  });
});
