/** The shipped OR-Library files are the published ones: checksums as recorded, best-known values readable. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseOrLibrary } from '../../src/gap/orlib.js';

const DATA = new URL('../../examples/gap/', import.meta.url);
const readme = readFileSync(new URL('README.md', DATA), 'utf8');
const recorded = [...readme.matchAll(/^([0-9a-f]{64}) {2}(gap\w+\.txt)$/gm)].map((m) => ({ sha: m[1], file: m[2] }));

describe('examples/gap', () => {
  it('holds the 16 OR-Library files byte for byte (sha256 as recorded in its README)', () => {
    expect(recorded).toHaveLength(16);
    for (const { sha, file } of recorded) expect(createHash('sha256').update(readFileSync(new URL(file, DATA))).digest('hex'), file).toBe(sha);
  });

  it('best_known.csv has a min row for every instance of every file', () => {
    const rows = readFileSync(new URL('best_known.csv', DATA), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const min = new Set(rows.filter((r) => r[5] === 'min' && Number.isFinite(Number(r[6]))).map((r) => `${r[1]}#${r[2]}`));
    for (const { file } of recorded) {
      const count = parseOrLibrary(readFileSync(new URL(file, DATA), 'utf8'), file).length;
      for (let p = 1; p <= count; p++) expect(min.has(`${file}#${p}`), `${file} instance ${p}`).toBe(true);
    }
  });
});
