/** A one-line progress display on stderr, only when it is a terminal and output is not JSON. */
import type { CliIo } from './context.js';

export interface Progress {
  update(event: { objective: number; bound: number; seconds: number; done?: number; total?: number }): void;
  done(): void;
}

export function progressLine(io: CliIo, json: boolean): Progress | null {
  if (!io.interactive || json) return null;
  const started = Date.now();
  let shown = false;
  return {
    update(e) {
      const gap = Number.isFinite(e.bound) && e.objective > 0 ? ` gap ${(((e.objective - e.bound) / Math.max(1, Math.abs(e.objective))) * 100).toFixed(2)}%` : '';
      const teams = e.total ? `teams ${e.done ?? 0}/${e.total}  ` : '';
      const bound = Number.isFinite(e.bound) ? ` bound ${e.bound.toFixed(1)}` : '';
      io.err(`\r${teams}best ${e.objective.toFixed(1)}${bound}${gap}  ${((Date.now() - started) / 1000).toFixed(1)} s   `);
      shown = true;
    },
    done() {
      if (shown) io.err('\r\x1b[K');
    },
  };
}
