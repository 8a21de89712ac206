/**
 * Command-line conventions: --version, -h, shell completion, `-` for standard input, the built
 * executable, and usage errors (exit 2, naming the flag and the value as typed) for bad numbers and
 * output folders that do not exist. The spawned cases run the built CLI (`npm run build` first).
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { maxThreads } from '../../src/cli/flags.js';
import { STDIN, withStdinArgs } from '../../src/cli/files.js';

const root = new URL('../../', import.meta.url).pathname;
const example = (name: string) => join(root, 'examples', name);
const main = join(root, 'dist/cli/main.js');
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

function spawn(args: string[], input?: string, command = main) {
  const r = spawnSync(command, args, { cwd: root, input, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('--version, -h and completion', () => {
  it('--version prints the package version and exits 0', async () => {
    expect(await cli('--version')).toEqual({ code: 0, out: `${version}\n`, err: '' });
  });

  it('-h is --help: the same text, listing the commands', async () => {
    const short = await cli('-h');
    const long = await cli('--help');
    expect(short.code).toBe(0);
    expect(short.out).toBe(long.out);
    for (const command of ['allocate', 'batch', 'compare', 'validate', 'gap', 'completion']) expect(short.out).toContain(`caseload ${command}`);
    expect(short.out).toMatch(/-h, --help/);
    // A command's help too.
    expect((await cli('allocate', '-h')).out).toContain('--time-limit');
  });

  it('completion prints a bash script that asks caseload for its completions', async () => {
    const r = await cli('completion');
    expect(r.code).toBe(0);
    expect(r.out).toContain('complete -o bashdefault -o default -F _caseload_yargs_completions caseload');
    expect(r.out).toContain('caseload --get-yargs-completions');
  });

  it('the completions it asks for are the commands, then a command’s flags', () => {
    const commands = spawn(['--get-yargs-completions', 'caseload', '']);
    expect(commands.code).toBe(0);
    expect(commands.out.split('\n')).toEqual(expect.arrayContaining(['allocate', 'batch', 'validate']));
    const flags = spawn(['--get-yargs-completions', 'caseload', 'allocate', '--']);
    expect(flags.out.split('\n')).toEqual(expect.arrayContaining(['--time-limit', '--threads', '--out']));
  });
});

describe('the built executable', () => {
  it('dist/cli/main.js is executable and runs by itself (shebang)', () => {
    expect(() => accessSync(main, constants.X_OK)).not.toThrow();
    expect(readFileSync(main, 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
    expect(spawn(['--version'])).toEqual({ code: 0, out: `${version}\n`, err: '' });
  });

  it('npx caseload runs it', () => {
    const r = spawnSync('npx', ['--no-install', 'caseload', '--version'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(r.stdout).toBe(`${version}\n`);
    expect(r.status).toBe(0);
  });
});

describe('- reads standard input', () => {
  it('withStdinArgs swaps each lone - before a --, and nothing else', () => {
    expect(withStdinArgs(['allocate', '-', '--policy', 'p.json', '--', '-'])).toEqual(['allocate', STDIN, '--policy', 'p.json', '--', '-']);
    expect(withStdinArgs(['--workers', '-w', '--x=-'])).toEqual(['--workers', '-w', '--x=-']);
  });

  it('the JSON problem from a pipe: same answer as from the file', () => {
    const effort = ['--json', '--max-iterations', '30', '--time-limit', '60', '--threads', '0'];
    const piped = spawn(['allocate', '-', ...effort], readFileSync(example('team.json'), 'utf8'));
    const file = spawn(['allocate', example('team.json'), ...effort]);
    expect(piped.err).toBe('');
    expect(piped.code).toBe(0);
    expect(JSON.parse(piped.out).assignments).toEqual(JSON.parse(file.out).assignments);
  });

  it('--workers - and --cases - (one at a time) read the CSV from the pipe', () => {
    expect(spawn(['validate', '--workers', '-', '--cases', example('cases.csv')], readFileSync(example('workers.csv'), 'utf8'))).toMatchObject({ code: 0, out: 'valid: 14 workers, 185 cases\n' });
    expect(spawn(['validate', '--workers', example('workers.csv'), '--cases', '-'], readFileSync(example('cases.csv'), 'utf8'))).toMatchObject({ code: 0, out: 'valid: 14 workers, 185 cases\n' });
  });

  it('bad JSON on standard input is an input error (exit 2)', () => {
    const r = spawn(['validate', '-'], '{ not json');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/JSON/i);
  });

  it('two inputs cannot both be standard input', async () => {
    const r = await cli('validate', '--workers', '-', '--cases', '-');
    expect(r.code).toBe(2);
    expect(r.err).toContain('only one input can be read from standard input ("-"), but --workers and --cases both ask for it');
  });

  it('--out - is refused (exit 2), not written into /dev', async () => {
    const r = await cli('allocate', example('team.json'), '--out', '-');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--out: writing to standard output ("-") is not supported');
  });
});

describe('bad numbers are usage errors naming the flag and the value (exit 2)', () => {
  const cases: [string[], string][] = [
    [['allocate', example('team.json'), '--time-limit', 'abc'], '--time-limit: expected a number of seconds > 0, got "abc"'],
    [['allocate', example('team.json'), '--time-limit=NaN'], '--time-limit: expected a number of seconds > 0, got "NaN"'],
    [['allocate', example('team.json'), '--time-limit', '-1'], '--time-limit: expected a number of seconds > 0, got "-1"'],
    [['allocate', example('team.json'), '--time-limit', '0'], '--time-limit: expected a number of seconds > 0, got "0"'],
    [['batch', example('team.json'), '--time-limit', 'soon'], '--time-limit: expected a number of seconds > 0, got "soon"'],
    [['gap', example('gap/gap1.txt'), '--time-limit', 'x'], '--time-limit: expected a number of seconds > 0, got "x"'],
    [['allocate', example('team.json'), '--threads', '-1'], '--threads: expected a whole number from 0 to'],
    [['allocate', example('team.json'), '--threads', '1000'], `--threads: expected a whole number from 0 to ${maxThreads()} (0 = solve on the main thread), got "1000"`],
    [['allocate', example('team.json'), '--threads', '2.5'], '--threads: expected a whole number from 0 to'],
    [['batch', example('team.json'), '--threads', 'many'], '--threads: expected a whole number from 0 to'],
    [['allocate', example('team.json'), '--seed', 'x'], '--seed: expected a whole number, got "x"'],
    [['allocate', example('team.json'), '--seed', '1', '--seed', '2'], '--seed: expected one number'],
    [['allocate', example('team.json'), '--max-iterations', '0'], '--max-iterations: expected a whole number ≥ 1, got "0"'],
    [['compare', example('team.json'), '--scenario', 'x.json', '--target-cases', '-3'], '--target-cases: expected a number > 0, got "-3"'],
    // yargs reads an empty value as 0 and hexadecimal as a number: a budget of 0 moves, silently.
    [['allocate', example('team.json'), '--max-moves', ''], '--max-moves: expected a decimal number, got ""'],
    [['allocate', example('team.json'), '--max-moves=0x10'], '--max-moves: expected a decimal number, got "0x10"'],
    [['allocate', example('team.json'), '--max-moves', 'abc'], '--max-moves: expected a decimal number, got "abc"'],
    [['allocate', example('team.json'), '--move-cost', '0x10'], '--move-cost: expected a decimal number, got "0x10"'],
    [['allocate', example('team.json'), '--seed', ''], '--seed: expected a decimal number, got ""'],
    [['allocate', example('team.json'), '--threads', ''], '--threads: expected a decimal number, got ""'],
    [['allocate', example('team.json'), '--time-limit', '0x1'], '--time-limit: expected a decimal number, got "0x1"'],
    [['recommend', example('team.json'), '--case', '{"id":"r1","type":"court"}', '-k', 'abc'], '-k: expected a decimal number, got "abc"'],
  ];
  it.each(cases)('%j', async (argv, message) => {
    const started = Date.now();
    const r = await cli(...argv);
    expect(r.err).toContain(`caseload: ${message}`);
    expect(r.err).toContain('Run "caseload --help" for usage.');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(Date.now() - started).toBeLessThan(5_000); // refused before any solve starts
  });

  it.each(['1000', '-1', '0', '2.5', 'many', '0x2'])('CASELOAD_THREADS=%s is a usage error naming the variable', async (value) => {
    const before = process.env.CASELOAD_THREADS;
    process.env.CASELOAD_THREADS = value;
    try {
      const r = await cli('validate', example('team.json'));
      expect(r.code).toBe(2);
      expect(r.err).toContain(`caseload: CASELOAD_THREADS: expected a whole number from 1 to ${maxThreads()}, got ${JSON.stringify(value)}`);
    } finally {
      if (before === undefined) delete process.env.CASELOAD_THREADS;
      else process.env.CASELOAD_THREADS = before;
    }
  });

  it('the --threads ceiling is four per core, at most 64', () => {
    expect(maxThreads()).toBe(Math.min(64, availableParallelism() * 4));
  });

  it('sane values still run: --threads at the ceiling is accepted', async () => {
    const r = await cli('allocate', example('team.json'), '--threads', String(Math.min(maxThreads(), 2)), '--max-iterations', '10', '--time-limit', '60', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });
});

describe('output files whose folder does not exist (exit 2, naming the path, nothing written)', () => {
  it.each(['--out', '--report', '--summary', '--write-lp'])('%s into a missing folder', async (flag) => {
    const dir = mkdtempSync(join(tmpdir(), 'caseload-out-'));
    const target = join(dir, 'missing', 'file.txt');
    const r = await cli('allocate', example('team.json'), flag, target, '--max-iterations', '10');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`caseload: ${flag}: cannot write ${JSON.stringify(target)}: directory ${JSON.stringify(join(dir, 'missing'))} does not exist`);
    expect(r.err).not.toMatch(/\.tmp/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('--out naming a folder is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caseload-out-'));
    const r = await cli('allocate', example('team.json'), '--out', dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`--out: cannot write ${JSON.stringify(dir)}: it is a directory`);
  });

  it('--out under a file (not a folder) is refused', async () => {
    const r = await cli('allocate', example('team.json'), '--out', join(example('team.json'), 'x.csv'));
    expect(r.code).toBe(2);
    expect(r.err).toContain(`is not a directory`);
  });

  it('a good --out folder still gets its file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caseload-out-'));
    const r = await cli('allocate', example('team.json'), '--out', join(dir, 'a.csv'), '--max-iterations', '10', '--time-limit', '60', '--threads', '0');
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'a.csv'))).toBe(true);
    expect(readdirSync(dir)).toEqual(['a.csv']);
  });
});
