/**
 * The service's bounded solve queue: at most `concurrency` solves run at once (one pool thread each),
 * at most `capacity` more wait; beyond that a submission is refused at once (QUEUE_FULL), so an
 * overloaded service answers 429 with a Retry-After instead of queueing without end. A solve's time
 * limit counts from when it leaves this queue: waiting does not eat into it.
 */
import { CaseloadError } from '../util/errors.js';

/** Refused: the queue is full. `retryAfterSeconds` estimates when a place frees up. */
export class QueueFull extends CaseloadError {
  constructor(readonly retryAfterSeconds: number) {
    super('QUEUE_FULL', `the solve queue is full; retry in about ${retryAfterSeconds} s`);
    this.name = 'QueueFull';
  }
}

interface Waiting {
  readonly start: () => void;
  readonly fail: (e: unknown) => void;
}

export interface QueueFigures {
  readonly running: number;
  readonly waiting: number;
  readonly concurrency: number;
  readonly capacity: number;
}

export class SolveQueue {
  private running = 0;
  private readonly waiting: Waiting[] = [];
  private closed = false;
  /** Smoothed seconds per solve, for Retry-After. */
  private meanSeconds = 1;

  constructor(
    readonly concurrency: number,
    readonly capacity: number,
  ) {}

  figures(): QueueFigures {
    return { running: this.running, waiting: this.waiting.length, concurrency: this.concurrency, capacity: this.capacity };
  }

  /** True when a new submission would be refused. */
  full(): boolean {
    return this.closed || (this.running >= this.concurrency && this.waiting.length >= this.capacity);
  }

  /** Seconds until a place is likely free: the waiting line's share of the running solves' mean time. */
  retryAfterSeconds(): number {
    const ahead = this.waiting.length / Math.max(1, this.concurrency) + 1;
    return Math.min(60, Math.max(1, Math.ceil(this.meanSeconds * ahead)));
  }

  /**
   * Runs `work` when a place is free, passing the seconds it waited. Rejects with QueueFull when the
   * queue is full, with UNAVAILABLE once closed, and with SOLVE_ABORTED when `signal` aborts while waiting.
   */
  async run<T>(work: (queueSeconds: number) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.closed) throw new CaseloadError('UNAVAILABLE', 'the service is shutting down');
    const submitted = performance.now();
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.capacity) throw new QueueFull(this.retryAfterSeconds());
      await this.wait(signal);
    } else this.running++;
    const began = performance.now();
    try {
      return await work((began - submitted) / 1000);
    } finally {
      this.meanSeconds = 0.8 * this.meanSeconds + 0.2 * ((performance.now() - began) / 1000);
      this.release();
    }
  }

  /** Waits for a place (the place is handed over by release, so running stays counted). */
  private wait(signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const entry: Waiting = {
        start: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        fail: (e) => {
          signal?.removeEventListener('abort', onAbort);
          reject(e);
        },
      };
      const onAbort = () => {
        const at = this.waiting.indexOf(entry);
        if (at >= 0) this.waiting.splice(at, 1);
        entry.fail(new CaseloadError('SOLVE_ABORTED', 'cancelled while queued'));
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(entry);
    });
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next.start();
    else this.running--;
  }

  /** Refuses new work and fails everything still waiting (UNAVAILABLE); running solves go on. */
  close(): void {
    this.closed = true;
    for (const w of this.waiting.splice(0)) w.fail(new CaseloadError('UNAVAILABLE', 'the service is shutting down'));
  }
}
