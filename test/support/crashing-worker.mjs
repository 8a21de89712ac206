// A worker that dies mid-task, as a thread that crashes or runs out of memory would.
export function solve() {
  process.exit(3);
}
