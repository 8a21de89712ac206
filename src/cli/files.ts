/** File I/O for the CLI: friendly read errors, `-` for standard input, and atomic writes (temp file + rename). */
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { decodeText } from '../input/encoding.js';
import { InputError } from '../input/errors.js';

/** What a `-` file argument stands for (yargs reads a lone `-` as an empty option, so run() swaps it first). */
export const STDIN = '/dev/stdin';

/** The arguments with each lone `-` (up to a `--`) replaced by STDIN. */
export function withStdinArgs(argv: readonly string[]): string[] {
  const end = argv.indexOf('--');
  return argv.map((a, k) => (a === '-' && (end < 0 || k < end) ? STDIN : a));
}

/** A file's text: UTF-8 or UTF-16 with a BOM; other encodings are refused with the bad byte located (see input/encoding.ts). `-` (STDIN) reads standard input. */
export function readText(path: string, what: string): string {
  return decodeText(readBytes(path, what), path);
}

export function readBytes(path: string, what: string): Uint8Array {
  const stdin = path === '-' || path === STDIN;
  try {
    // File descriptor 0 rather than opening /dev/stdin: it works for pipes, files and sockets alike.
    return readFileSync(stdin ? 0 : path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (stdin) throw new InputError([{ path: what, message: `cannot read standard input: ${(e as Error).message}` }]);
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    throw new InputError([{ path: what, message: `cannot read ${JSON.stringify(path)}: ${why}` }]);
  }
}

/**
 * Writes every file or none: each goes to a temp file beside its target first; only when all are
 * written are they renamed into place (a rename is atomic within a directory).
 */
export function writeAllAtomic(files: readonly { readonly path: string; readonly text: string }[]): void {
  const staged: { temp: string; path: string }[] = [];
  try {
    for (const f of files) {
      const temp = join(dirname(f.path), `.${basename(f.path)}.${randomBytes(6).toString('hex')}.tmp`);
      staged.push({ temp, path: f.path });
      writeFileSync(temp, f.text, { flag: 'wx' });
    }
  } catch (e) {
    for (const s of staged) rmSync(s.temp, { force: true });
    // Name the file the user asked for, not the temporary one beside it.
    const target = staged[staged.length - 1]?.path ?? '';
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? `directory ${JSON.stringify(dirname(target))} does not exist` : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOTDIR' ? `${JSON.stringify(dirname(target))} is not a directory` : null;
    if (why) throw new InputError([{ path: '', message: `cannot write ${JSON.stringify(target)}: ${why}` }]);
    throw e;
  }
  for (const s of staged) renameSync(s.temp, s.path);
}
