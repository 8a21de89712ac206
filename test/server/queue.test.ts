import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QueueFull, SolveQueue } from '../../src/server/queue.js';
import { CaseloadError } from '../../src/util/errors.js';

/** A unit of work the test finishes by hand. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('the bounded solve queue', () => {
  it('property: never more than `concurrency` running; a submission is refused exactly when concurrency + capacity are taken', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 3 }), fc.array(fc.boolean(), { minLength: 1, maxLength: 25 }), async (concurrency, capacity, steps) => {
        const queue = new SolveQueue(concurrency, capacity);
        const gates: ReturnType<typeof gate>[] = [];
        const settled: Promise<unknown>[] = [];
        let running = 0;
        let most = 0;
        let inFlight = 0;
        for (const submit of steps) {
          if (submit) {
            const g = gate();
            const before = inFlight;
            const p = queue.run(async () => {
              running++;
              most = Math.max(most, running);
              await g.opened;
              running--;
            });
            if (before >= concurrency + capacity) {
              await expect(p).rejects.toBeInstanceOf(QueueFull);
            } else {
              inFlight++;
              gates.push(g);
              settled.push(p.then(() => inFlight--));
            }
          } else if (gates.length) gates.shift()!.open();
          await new Promise((r) => setImmediate(r));
          expect(queue.figures().running).toBeLessThanOrEqual(concurrency);
          expect(queue.full()).toBe(inFlight >= concurrency + capacity);
        }
        for (const g of gates) g.open();
        await Promise.all(settled);
        expect(most).toBeLessThanOrEqual(concurrency);
        expect(queue.figures()).toMatchObject({ running: 0, waiting: 0 });
      }),
      { numRuns: 60 },
    );
  });

  it('reports the seconds each waited, and a Retry-After of at least 1 s', async () => {
    const queue = new SolveQueue(1, 1);
    const g = gate();
    const first = queue.run(async (waited) => {
      await g.opened;
      return waited;
    });
    const second = queue.run(async (waited) => waited);
    const refused = queue.run(async () => 0);
    await expect(refused).rejects.toMatchObject({ code: 'QUEUE_FULL' });
    await expect(refused).rejects.toSatisfy((e: QueueFull) => e.retryAfterSeconds >= 1);
    await new Promise((r) => setTimeout(r, 120));
    g.open();
    expect(await first).toBeLessThan(0.05);
    expect(await second).toBeGreaterThanOrEqual(0.1);
  });

  it('an abort while waiting frees the place (SOLVE_ABORTED); close fails the waiting (UNAVAILABLE) and refuses new work', async () => {
    const queue = new SolveQueue(1, 2);
    const g = gate();
    const running = queue.run(() => g.opened);
    const controller = new AbortController();
    const cancelled = queue.run(async () => 'ran', controller.signal);
    const waiting = queue.run(async () => 'ran');
    controller.abort();
    await expect(cancelled).rejects.toMatchObject({ code: 'SOLVE_ABORTED' });
    expect(queue.figures().waiting).toBe(1);
    queue.close();
    await expect(waiting).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(queue.run(async () => 'ran')).rejects.toBeInstanceOf(CaseloadError);
    g.open();
    await running;
    expect(queue.figures().running).toBe(0);
  });
});
