import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parseProblem } from '../../src/input/parse.js';
import { formatAllocationCsv, guardCell } from '../../src/report/allocationCsv.js';

describe('the joinable allocation CSV', () => {
  const problem = parseProblem({
    workers: [{ id: 'w1', fte: 1, labels: { name: 'Ann' } }, { id: 'w2', fte: 1, available: false }, { id: 'w3', fte: 1 }],
    cases: [
      { id: 'c1', type: 'court', modifiers: ['complex'], currentWorkerId: 'w1', labels: { notes: 'hearing 4 May, "urgent"', reason: 'x' } },
      { id: 'c2', type: 'child-in-need', currentWorkerId: 'w2', labels: { notes: '=HYPERLINK("http://evil")' } },
      { id: 'c3', type: 'child-in-need' },
      { id: '-c4', type: 'child-in-need', currentWorkerId: 'w3', labels: { extra: '+1\nline two' } },
      { id: 'c5', type: 'child-in-need', currentWorkerId: 'w1', pinned: true },
    ],
  });
  const result = {
    assignments: [{ caseId: 'c1', workerId: 'w1' }, { caseId: 'c2', workerId: 'w3' }, { caseId: '-c4', workerId: 'w1' }, { caseId: 'c5', workerId: 'w1' }],
    unallocated: [{ caseId: 'c3', reason: 'no worker has capacity' }],
  };
  const text = formatAllocationCsv(problem, result);
  const rows = parse(text) as string[][];

  it('one row per case in input order, with the fixed columns then the labels', () => {
    expect(rows[0]).toEqual(['caseId', 'workerId', 'previousWorkerId', 'moved', 'caseType', 'points', 'reason', 'notes', 'label:reason', 'extra', 'worker.name']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(['c1', 'c2', 'c3', "'-c4", 'c5']);
    // court 10 + complex 2 (the default policy)
    expect(rows[1]).toEqual(['c1', 'w1', 'w1', 'false', 'court', '12', 'stays with current worker', 'hearing 4 May, "urgent"', 'x', '', 'Ann']);
    expect(rows[2][10]).toBe('');
    expect(rows[2].slice(0, 7)).toEqual(['c2', 'w3', 'w2', 'true', 'child-in-need', '5', 'moved from w2 (not available)']);
    expect(rows[3].slice(0, 7)).toEqual(['c3', '', '', 'false', 'child-in-need', '5', 'no worker has capacity']);
    expect(rows[4].slice(0, 7)).toEqual(["'-c4", 'w1', 'w3', 'true', 'child-in-need', '5', 'moved from w3']);
    expect(rows[5][6]).toBe('pinned to current worker');
  });
  it('cells that a spreadsheet would run as formulas are made text', () => {
    expect(rows[2][7]).toBe('\'=HYPERLINK("http://evil")');
    expect(rows[4][9]).toBe("'+1\nline two");
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(guardCell(`${start}x`)).toBe(`'${start}x`);
    expect(guardCell('a=b')).toBe('a=b');
    expect(guardCell('')).toBe('');
  });
  it('quotes commas, quotes and newlines so it parses back', () => {
    expect(text).toContain('"hearing 4 May, ""urgent"""');
    expect(rows.every((r) => r.length === rows[0].length)).toBe(true);
  });
});
