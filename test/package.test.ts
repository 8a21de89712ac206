/**
 * The published package: what `npm pack` would put in the tarball (the built dist only, no source
 * maps pointing at sources that are not shipped, a small example, the licence), that CommonJS can
 * require it, and that its public declarations name no third-party types but zod's.
 * Needs the build (`npm run build`; `npm test` does it first).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { license: string; bin: Record<string, string>; exports: Record<string, Record<string, string>>; dependencies: Record<string, string> };

interface PackedFile {
  readonly path: string;
  readonly size: number;
  readonly mode: number;
}
const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' })) as [{ size: number; unpackedSize: number; files: PackedFile[] }];
const tarball = packed[0];
const paths = tarball.files.map((f) => f.path);

/** Budget for the tarball (gzipped): it measured 197 kB with the three small examples. */
// Set at 197 kB packed with room to grow; raised to 400 kB when the service, the policy lab and the HiGHS backend landed (328 kB):
// still far below what a shipped large example or source maps add (the 946 kB example alone was 42 % of 2.2 MB).
const MAX_PACKED_BYTES = 400_000;

describe('npm pack', () => {
  it('ships the build, the licence, the README and the small example, and nothing else', () => {
    for (const path of ['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js', 'dist/pool/worker.js', 'examples/team.json', 'examples/workers.csv', 'examples/cases.csv']) expect(paths).toContain(path);
    const unexpected = paths.filter((p) => !/^dist\/.+\.(js|d\.ts)$/.test(p) && !['package.json', 'README.md', 'LICENSE', 'examples/team.json', 'examples/workers.csv', 'examples/cases.csv'].includes(p));
    expect(unexpected).toEqual([]);
  });

  it('no source maps, and no built file points at one', () => {
    expect(paths.filter((p) => p.endsWith('.map'))).toEqual([]);
    const pointing = paths.filter((p) => p.startsWith('dist/') && /\/\/# sourceMappingURL=/.test(readFileSync(join(root, p), 'utf8')));
    expect(pointing).toEqual([]);
  });

  it('every shipped dist file comes from a source file that still exists (no stale build output)', () => {
    const stale = paths.filter((p) => p.startsWith('dist/')).filter((p) => !existsSync(join(root, p.replace(/^dist\//, 'src/').replace(/(\.d)?\.js$|\.d\.ts$/, '.ts'))));
    expect(stale).toEqual([]);
  });

  it(`is lean: under ${MAX_PACKED_BYTES / 1000} kB packed, no large example`, () => {
    expect(tarball.size).toBeLessThan(MAX_PACKED_BYTES);
    const big = tarball.files.filter((f) => f.path.startsWith('examples/') && f.size > 100_000);
    expect(big).toEqual([]);
  });

  it('the bin is in the tarball and executable', () => {
    const bin = tarball.files.find((f) => f.path === pkg.bin.caseload.replace(/^\.\//, ''));
    expect(bin).toBeDefined();
    expect(bin!.mode & 0o111).toBe(0o111);
  });

  it("the bin counts its own start-up in gap's time limit (the user's clock starts with the process)", () => {
    const bin = join(root, pkg.bin.caseload);
    const r = spawnSync(process.execPath, [bin, 'gap', join(root, 'examples/gap/gapd.txt'), '--instance', '6', '--time-limit', '1', '--json'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    const a = JSON.parse(r.stdout) as { seconds: number; sinceStart: number };
    // sinceStart is measured from process start: start-up (module loading, reading the file) is inside it.
    expect(a.sinceStart - a.seconds).toBeGreaterThan(0.05);
    expect(a.sinceStart).toBeLessThan(1.1);
  });

  it('the licence is the MIT licence package.json names', () => {
    expect(pkg.license).toBe('MIT');
    const text = readFileSync(join(root, 'LICENSE'), 'utf8');
    expect(text).toMatch(/^MIT License\n/);
    expect(text).toContain('Permission is hereby granted, free of charge');
  });
});

describe('CommonJS', () => {
  it('exports has require and default conditions beside import', () => {
    expect(pkg.exports['.']).toMatchObject({ types: './dist/index.d.ts', import: './dist/index.js', require: './dist/index.js', default: './dist/index.js' });
  });

  it("require('caseload') from a .cjs script loads the library and solves (no top-level await in its graph)", () => {
    const r = spawnSync(process.execPath, [join(root, 'test/support/require-caseload.cjs')], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).not.toMatch(/ERR_|Error/);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { exports: string[]; status: string; assignments: unknown[]; inputError: string | null };
    expect(out.exports).toEqual(expect.arrayContaining(['allocate', 'allocateSync', 'allocateBatch', 'compare', 'validate', 'InputError', 'DEFAULT_SOLVE_OPTIONS']));
    expect(out.status).toBe('optimal');
    expect(out.assignments).toEqual([{ caseId: 'c1', workerId: 'a' }]);
    // Bad options fail there as they do in ESM: an InputError naming the option.
    expect(out.inputError).toMatch(/solver/);
  });
});

describe('public declarations', () => {
  /** Every .d.ts reachable from dist/index.d.ts, with the bare (package) specifiers each imports. */
  function publicDeclarations(): Map<string, string[]> {
    const seen = new Map<string, string[]>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      const text = readFileSync(file, 'utf8');
      const specifiers = [...text.matchAll(/(?:from\s+|import\()\s*["']([^"']+)["']/g)].map((m) => m[1]);
      seen.set(file, specifiers.filter((s) => !s.startsWith('.')));
      for (const s of specifiers.filter((s) => s.startsWith('.'))) visit(resolve(dirname(file), s.replace(/\.js$/, '.d.ts')));
    };
    visit(join(root, 'dist/index.d.ts'));
    return seen;
  }

  it('name no third-party package but zod (a dependency that ships its types)', () => {
    const files = publicDeclarations();
    expect(files.size).toBeGreaterThan(10);
    const external = [...files].flatMap(([file, specs]) => specs.filter((s) => !s.startsWith('node:') && s !== 'zod' && !s.startsWith('zod/')).map((s) => `${file.slice(root.length)} → ${s}`));
    expect(external).toEqual([]);
    expect(Object.keys(pkg.dependencies)).toContain('zod');
  });

  it('dist/pool/pool.d.ts wraps piscina: it imports nothing from it', () => {
    const text = readFileSync(join(root, 'dist/pool/pool.d.ts'), 'utf8');
    expect(text).not.toMatch(/from\s+["']piscina["']|import\(["']piscina["']\)/);
    expect(text).toMatch(/getPool\(threads\?: number\): SolvePool/);
  });

  it('the walk can fail: it finds the import it is looking for in a declaration that has one', () => {
    // dist/cli/inputs.d.ts (not public) imports yargs' types; the same regular expression must see it.
    const text = readFileSync(join(root, 'dist/cli/inputs.d.ts'), 'utf8');
    expect([...text.matchAll(/(?:from\s+|import\()\s*["']([^"']+)["']/g)].map((m) => m[1])).toContain('yargs');
  });
});
