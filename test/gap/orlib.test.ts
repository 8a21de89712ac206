import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseOrLibrary } from '../../src/gap/orlib.js';

describe('OR-Library reader', () => {
  it('reads the five instances of gap1 with their sizes', () => {
    const list = parseOrLibrary(readFileSync(new URL('../../examples/gap/gap1.txt', import.meta.url), 'utf8'));
    expect(list.map((g) => [g.agents, g.jobs])).toEqual([[5, 15], [5, 15], [5, 15], [5, 15], [5, 15]]);
    expect(list[0].cost[0]).toBe(17);
  });
});
