/** Faults: a process killed (SIGKILL) while writing leaves the target whole — the old version or the new one, never part of one. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'caseload-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const writer = new URL('../support/write-forever.mjs', import.meta.url).pathname;

/** Starts the writer, waits for its first whole write, kills it `afterMs` later with SIGKILL. */
function killMidWrite(target: string, size: number, afterMs: number, mode: 'atomic' | 'plain' = 'atomic'): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writer, target, String(size), mode], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.once('data', () => setTimeout(() => child.kill('SIGKILL'), afterMs));
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`writer exited without being killed (${signal})`))));
  });
}

/** Is the file one whole version? */
function isWhole(text: string, size: number): boolean {
  const head = /^v(\d+) (\d+)\n/.exec(text);
  return head !== null && text.length === head[0].length + size + `\nend v${head[1]}\n`.length && text.endsWith(`\nend v${head[1]}\n`);
}

describe('atomic writes under SIGKILL', () => {
  it('control: the same kills on a plain in-place write do leave partial files (so the test can fail)', async () => {
    const size = 32 << 20;
    let partial = 0;
    for (let k = 0; k < 12 && partial === 0; k++) {
      const target = join(dir, `plain-${k}.json`);
      await killMidWrite(target, size, 5 + ((k * 37) % 120), 'plain');
      if (!isWhole(readFileSync(target, 'utf8'), size)) partial++;
    }
    console.log(`atomic writes (control): plain writes killed until one was partial: ${partial} partial`);
    expect(partial).toBeGreaterThan(0);
  }, 120_000);

  it('each of 8 kills mid-write leaves a whole version at the target', async () => {
    const size = 16 << 20; // 16 MB: a write takes long enough to be interrupted
    const kills = 8;
    let whole = 0;
    for (let k = 0; k < kills; k++) {
      const target = join(dir, `allocation-${k}.json`);
      await killMidWrite(target, size, 5 + ((k * 37) % 120));
      const text = readFileSync(target, 'utf8');
      const head = /^v(\d+) (\d+)\n/.exec(text);
      expect(head, 'the target starts with a version header').not.toBeNull();
      expect(text.length).toBe(head![0].length + size + `\nend v${head![1]}\n`.length);
      expect(text.endsWith(`\nend v${head![1]}\n`)).toBe(true);
      whole++;
    }
    // Killed writes may leave their temp files (named .<target>.<random>.tmp), never a partial target.
    const leftovers = readdirSync(dir).filter((f) => f.endsWith('.tmp')).length;
    console.log(`atomic writes: ${kills} SIGKILLs mid-write, ${whole} targets whole, ${leftovers} temp files left beside them`);
    expect(whole).toBe(kills);
  }, 120_000);
});
