/** Milliseconds since the epoch, comparable across threads (each thread's performance.now() has its own origin). */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}
