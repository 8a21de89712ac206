/**
 * The HTTP service under load (autocannon): latency percentiles and throughput of /recommend (no
 * solve, on the event loop) and /allocate (a solve on the pool behind the bounded queue) for the
 * example team. The server runs in this process on 127.0.0.1.
 *   npm run build && node --import tsx bench/serve.ts        (add --quick for short runs)
 * Each allocate runs a 1 s time limit (an effort limit takes ~10 s on the shared machine), so its
 * latency is the solve plus the service's overhead and queueing; 429s (queue full) count apart.
 */
import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import { createServer } from '../src/server/app.js';

const quick = process.argv.includes('--quick');
const duration = quick ? 5 : 20;
const team: unknown = JSON.parse(readFileSync(new URL('../examples/team.json', import.meta.url), 'utf8'));
const concurrency = Number(process.env.CASELOAD_THREADS ?? 2);
const server = createServer({ port: 0, concurrency, queueSize: 8 });
const url = await server.listen();

const cases: { name: string; path: string; body: unknown; connections: number }[] = [
  { name: 'recommend (example team, k 5)', path: '/recommend', body: { problem: team, case: { id: 'bench-new', type: 'child-protection', modifiers: ['complex'] }, k: 5 }, connections: 8 },
  { name: `allocate (example team, timeLimit 1 s), ${concurrency} solves at once`, path: '/allocate', body: { problem: team, options: { timeLimit: 1 } }, connections: concurrency },
  { name: `allocate, ${concurrency * 4} connections (all fit the queue of 8: they wait)`, path: '/allocate', body: { problem: team, options: { timeLimit: 1 } }, connections: concurrency * 4 },
  { name: `allocate, ${concurrency * 8} connections (overflow answered 429 at once)`, path: '/allocate', body: { problem: team, options: { timeLimit: 1 } }, connections: concurrency * 8 },
];

// Warm-up: one call each (pool threads started, code paths compiled).
for (const c of cases) {
  const res = await fetch(`${url}${c.path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(c.body) });
  if (res.status !== 200) throw new Error(`${c.path} answered ${res.status}: ${await res.text()}`);
}

const rows = [];
for (const c of cases) {
  const r = await autocannon({ url: `${url}${c.path}`, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(c.body), connections: c.connections, duration, timeout: 60 });
  rows.push({
    task: c.name,
    connections: c.connections,
    'p50 ms': r.latency.p50,
    'p99 ms': r.latency.p99,
    'req/s (mean)': r.requests.average,
    '2xx': r['2xx'],
    '2xx/s': Math.round((r['2xx'] / duration) * 100) / 100,
    non2xx: r.non2xx,
  });
}
console.table(rows);
await server.close();
