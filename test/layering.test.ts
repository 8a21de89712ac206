/**
 * The layering rule: util → gap, input → domain → model → solvers → pool → verify → report → app →
 * cli, server → src/index.ts. A stage imports only stages below it (or files of its own folder);
 * gap/ (the assignment core) imports nothing but util, so a researcher can lift it out alone.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = new URL('../src/', import.meta.url).pathname;
/** Floor of each top-level folder; equal floors may not import each other. */
const FLOOR: Record<string, number> = { util: 0, gap: 1, input: 1, domain: 2, model: 3, solvers: 4, pool: 5, verify: 6, report: 7, sim: 7.5, app: 8, cli: 9, server: 9 };
const SURFACE = 10; // src/*.ts

function folder(file: string): string {
  const rel = relative(SRC, file);
  return rel.includes('/') ? rel.split('/')[0] : '';
}

function floor(file: string): number {
  const top = folder(file);
  if (top === '') return SURFACE;
  if (!(top in FLOOR)) throw new Error(`src/${top}/ has no floor in the layering rule: add it to FLOOR`);
  return FLOOR[top];
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+'(\.[^']+)'/g)].map((m) => resolve(dirname(file), m[1].replace(/\.js$/, '.ts')));
}

/** The edges (importer → imported) that break the rule. */
function backEdges(edges: readonly (readonly [string, string])[]): string[] {
  return edges.filter(([file, target]) => folder(target) !== folder(file) && floor(target) >= floor(file)).map(([file, target]) => `${relative(SRC, file)} → ${relative(SRC, target)}`);
}

describe('layering', () => {
  it('no stage imports a later one or one on its own floor', () => {
    expect(backEdges(files(SRC).flatMap((file) => imports(file).map((target) => [file, target] as const)))).toEqual([]);
  });

  it('the assignment core imports nothing outside gap/ and util/', () => {
    const outside = files(join(SRC, 'gap')).flatMap((file) => imports(file).filter((t) => !['gap', 'util'].includes(folder(t))).map((t) => `${relative(SRC, file)} → ${relative(SRC, t)}`));
    expect(outside).toEqual([]);
  });

  it('the rule can fail: made-up back edges and same-floor edges are caught, edges down are not', () => {
    const at = (path: string) => join(SRC, path);
    expect(backEdges([[at('gap/solve.ts'), at('domain/team.ts')], [at('input/parse.ts'), at('gap/orlib.ts')], [at('report/result.ts'), at('app/batch.ts')]])).toHaveLength(3);
    expect(backEdges([[at('app/batch.ts'), at('report/result.ts')], [at('gap/solve.ts'), at('gap/bound/lagrangian.ts')], [at('index.ts'), at('app/allocate.ts')]])).toEqual([]);
  });
});
