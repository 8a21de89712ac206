import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/input/errors.js';
import { loadProblemCsv, parseProblemCsv } from '../../src/input/parse.js';
import { detectDelimiter } from '../../src/input/tables.js';

const cases = 'id,type\nc1,court\n';
const errorOf = (f: () => unknown): InputError => {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
};

describe('spreadsheet CSV: what Excel really writes', () => {
  it('detects the delimiter from the header: comma, semicolon, tab', () => {
    expect(detectDelimiter('id,fte\nw1,1\n')).toBe(',');
    expect(detectDelimiter('id;fte;skills\nw1;1;"a,b"\n')).toBe(';');
    expect(detectDelimiter('id\tfte\nw1\t1\n')).toBe('\t');
    expect(detectDelimiter('"a;b",c\n')).toBe(',');
  });
  it('reads `;` files with decimal commas and quoted list cells', () => {
    const p = parseProblemCsv('id;fte;skills\nw1;0,5;"court;disability"\nw2;1;\n', 'id;type;points\nc1;court;2,5\n');
    expect(p.workers[0]).toMatchObject({ id: 'w1', fte: 0.5, skills: ['court', 'disability'] });
    expect(p.workers[1].fte).toBe(1);
    expect(p.cases[0].points).toBe(2.5);
  });
  it('reads tab-separated files (Excel "Unicode text")', () => {
    expect(parseProblemCsv('id\tfte\nw1\t0.8\n', 'id\ttype\nc1\tcourt\n').workers[0].fte).toBe(0.8);
  });
  it('a decimal comma in a comma-separated file is not silently read', () => {
    // "0,5" there is two cells, and the extra cell is reported.
    expect(() => parseProblemCsv('id,fte\nw1,0,5\n', cases)).toThrow(/workers\.csv line 2, worker "w1": workers\[0\]: row has 3 cells but the header names 2 columns/);
  });
  it('skips blank and all-empty trailing rows, and empty trailing header cells', () => {
    const p = parseProblemCsv('id,fte,,\r\nw1,1,,\r\n,,,\r\n\r\n,,,\r\n', `${cases},\n,\n`);
    expect(p.workers.map((w) => w.id)).toEqual(['w1']);
    expect(p.cases).toHaveLength(1);
  });
  it('only plain decimals: 0x1, 1e999, Infinity, 1_000 and 1 000 are refused, naming the cell', () => {
    for (const bad of ['0x1', '0b1', 'Infinity', '1_0', '1 0', '1e999', '.']) {
      expect(() => parseProblemCsv(`id,fte\nw1,${bad}\n`, cases)).toThrow(new RegExp(`workers\\[0\\]\\.fte: not a number: "${bad.replace('.', '\\.')}"`));
    }
    expect(parseProblemCsv('id,fte\nw1,.5\n', cases).workers[0].fte).toBe(0.5);
    expect(parseProblemCsv('id,fte\nw1,5e-1\n', cases).workers[0].fte).toBe(0.5);
  });
  it('unknown columns are kept as labels with a warning naming them, not rejected or dropped', () => {
    const r = loadProblemCsv('id,fte,name,notes\nw1,1,Ann Smith,part time from May\nw2,1,,\n', 'id,type,notes\nc1,court,"=HYPERLINK(""x"")"\n');
    expect(r.problem.workers[0].labels).toEqual({ name: 'Ann Smith', notes: 'part time from May' });
    expect(r.problem.workers[1].labels).toBeUndefined();
    expect(r.problem.cases[0].labels).toEqual({ notes: '=HYPERLINK("x")' });
    expect(r.warnings.map((w) => `${w.path}: ${w.message}`)).toEqual([
      expect.stringMatching(/^workers\.csv: columns "name", "notes" are not a worker field: kept as labels/),
      expect.stringMatching(/^cases\.csv: column "notes" is not a case field: kept as label/),
    ]);
  });
  it('columns named like Object.prototype members are labels or errors, never dropped', () => {
    const r = loadProblemCsv('id,fte,toString,hasOwnProperty\nw1,1,x,y\n', cases);
    expect(r.problem.workers[0].labels).toEqual({ toString: 'x', hasOwnProperty: 'y' });
    expect(r.warnings[0].message).toMatch(/"toString", "hasOwnProperty"/);
    for (const reserved of ['__proto__', 'constructor', 'prototype']) {
      expect(() => parseProblemCsv(`id,fte,${reserved}\nw1,1,x\n`, cases)).toThrow(new RegExp(`workers\\.csv line 1 column 3: column name "${reserved}" is reserved`));
    }
  });
  it('refuses binary data and names the line', () => {
    expect(() => parseProblemCsv('id,fte\nw1,1\nw2\u0000,1\n', cases)).toThrow(/workers\.csv: binary data, not CSV text \(a NUL byte at line 3\)/);
  });
  it('duplicate and unnamed columns are errors', () => {
    expect(() => parseProblemCsv('id,fte,fte\nw1,1,1\n', cases)).toThrow(/column "fte" appears twice/);
    expect(() => parseProblemCsv('id,,fte\nw1,x,1\n', cases)).toThrow(/workers\.csv line 1 column 2: a column with data has no name/);
  });
});

describe('errors grouped by kind, each located by file, line and id', () => {
  it('one mistake repeated 487 times is one group with its count; the other kinds stay visible', () => {
    const rows = Array.from({ length: 487 }, (_, k) => `c${k},courtt`).join('\n');
    const e = errorOf(() => parseProblemCsv('id,fte\nw1,1.5\nw2,1\n', `id,type,currentWorkerId\n${rows}\nz1,court,w-99\n`));
    expect(e.issues).toHaveLength(489);
    expect(e.groups.map((g) => [g.kind, g.count])).toEqual([
      ['workers[].fte: must be at most #', 1],
      ['cases[].type: unknown case type "…"', 487],
      ['cases[].currentWorkerId: no worker "…"', 1],
    ]);
    const lines = e.message.split('\n');
    expect(lines[0]).toBe('invalid input (489 problems of 3 kinds):');
    expect(lines).toContain('workers.csv line 2, worker "w1": workers[0].fte: must be at most 1 (got 1.5)');
    expect(lines).toContain('487 × cases[].type: unknown case type "…":');
    expect(lines.some((l) => l.startsWith('  cases.csv line 2, case "c0": cases[0].type: unknown case type "courtt"'))).toBe(true);
    expect(lines).toContain('  … and 484 more like these');
    expect(lines).toContain('cases.csv line 489, case "z1": cases[487].currentWorkerId: no worker "w-99"');
    expect(lines.length).toBeLessThan(12);
  });

  it("a cell that cannot be read does not hide the other files' problems (validate reports them all)", () => {
    // fte "0x1" is a read error in workers.csv; the unknown case type in cases.csv is a rule's. Both show.
    const e = errorOf(() => parseProblemCsv('id,fte\nw1,0x1\nw2,1\n', 'id,type\nc1,courtt\n'));
    const paths = e.issues.map((i) => i.path);
    expect(paths).toContain('workers[0].fte');
    expect(paths).toContain('cases[0].type');
    // The unreadable cell is reported once, as it was written, not again as missing.
    expect(paths.filter((p) => p === 'workers[0].fte')).toHaveLength(1);
    expect(e.message).toContain('"0x1"');
  });

  it('a workers file with no rows is named in the error', () => {
    const e = errorOf(() => parseProblemCsv('id,fte\n', 'id,type\nc1,court\n', undefined, { workers: 'garbage.xlsx', cases: 'cases.csv', policy: 'policy.json' }));
    expect(e.message).toContain('workers: needs at least one worker: garbage.xlsx has no worker rows (got none');
    expect(e.issues.filter((i) => i.path === 'workers')).toHaveLength(1);
  });

  it('a header that cannot be read stops there: no false findings about the rows or the other file', () => {
    const e = errorOf(() => parseProblemCsv('id,fte,fte\nw1,1,1\n', 'id,type,currentWorkerId\nc1,court,w1\nc2,court,w1\n'));
    expect(e.issues).toHaveLength(1);
    expect(e.message).not.toContain('no worker rows');
    expect(e.message).not.toContain('no worker "w1"');
  });
});
