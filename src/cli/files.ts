/** File I/O for the CLI: friendly read errors, and atomic writes (temp file + rename). */
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { decodeText } from '../input/encoding.js';
import { InputError } from '../input/errors.js';

/** A file's text: UTF-8 or UTF-16 with a BOM; other encodings are refused with the bad byte located (see input/encoding.ts). */
export function readText(path: string, what: string): string {
  return decodeText(readBytes(path, what), path);
}

export function readBytes(path: string, what: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
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
    throw e;
  }
  for (const s of staged) renameSync(s.temp, s.path);
}
