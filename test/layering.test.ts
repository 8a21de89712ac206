/** The layering rule: input → domain → model → solvers → pool → verify → report → cli/api; no stage imports a later one. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = new URL('../src/', import.meta.url).pathname;
const ORDER = ['util', 'input', 'domain', 'model', 'solvers', 'pool', 'verify', 'report', 'cli'];

function stage(file: string): number {
  const rel = relative(SRC, file);
  const top = rel.includes('/') ? rel.split('/')[0] : null;
  if (top === null) return ORDER.length; // src/*.ts: the library surface, last
  return ORDER.indexOf(top);
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}


describe('layering', () => {
  it('no stage imports a later one', () => {
    const broken: string[] = [];
    for (const file of files(SRC)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+'(\.[^']+)'/g)) {
        const target = resolve(dirname(file), m[1].replace(/\.js$/, '.ts'));
        // The CLI and the library surface may import each other (both are the last stage).
        const edge = `${relative(SRC, file)} → ${relative(SRC, target)}`;
        if (stage(target) > stage(file) && !(stage(file) >= ORDER.indexOf('cli') && stage(target) >= ORDER.indexOf('cli'))) broken.push(edge);
      }
    }
    expect(broken).toEqual([]);
  });
});
