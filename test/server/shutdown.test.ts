import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { exampleTeam, startServer } from '../support/server.js';

const team = exampleTeam();
const main = new URL('../../dist/main.js', import.meta.url).pathname;

describe('graceful shutdown', () => {
  it('refuses new solves while draining (503 UNAVAILABLE), lets a running solve finish within the grace period', async () => {
    const api = await startServer({ concurrency: 1, queueSize: 2, shutdownGraceSeconds: 20 });
    const running = api.post('/allocate', { problem: team, options: { timeLimit: 1.5, solver: 'core' } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const closed = api.server.close();
    const refused = await api.post('/allocate', { problem: team, options: { timeLimit: 1 } });
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toBe('UNAVAILABLE');
    expect(refused.headers.get('retry-after')).not.toBeNull();
    const ready = await api.get('/ready');
    expect(ready).toMatchObject({ status: 503, body: { status: 'draining' } });
    const finished = await running;
    expect(finished.status).toBe(200);
    expect(finished.body.stats.verified).toBe(true);
    await closed;
    await expect(fetch(`${api.url}/health`)).rejects.toThrow();
  });

  it('cancels what is still running after the grace period: the request answers 503 SOLVE_ABORTED, a queued one 503 UNAVAILABLE', async () => {
    const api = await startServer({ concurrency: 1, queueSize: 1, shutdownGraceSeconds: 0.5 });
    const pause = () => new Promise((resolve) => setTimeout(resolve, 300));
    const long = api.post('/allocate', { problem: team, options: { timeLimit: 60, solver: 'core' } });
    await pause();
    const queued = api.post('/allocate', { problem: team, options: { timeLimit: 60, solver: 'core' } });
    await pause();
    const job = await api.post('/jobs', { kind: 'allocate', problem: team, options: { timeLimit: 60, solver: 'core' } });
    expect(job.status).toBe(429); // both places taken
    await new Promise((resolve) => setTimeout(resolve, 500));
    const started = Date.now();
    await api.server.close();
    expect(Date.now() - started).toBeLessThan(15_000);
    const [a, b] = await Promise.all([long, queued]);
    expect(a.status).toBe(503);
    expect(a.body.error.code).toBe('SOLVE_ABORTED');
    expect(b.status).toBe(503);
    expect(b.body.error.code).toBe('UNAVAILABLE');
  });

  it('caseload serve stops on SIGTERM after finishing the solve in flight, exit 0', async () => {
    const child = spawn(process.execPath, [main, 'serve', '--port', '0', '--grace', '20'], { env: { ...process.env, CASELOAD_THREADS: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const m = /serving on (http:\/\/[^ ]+)/.exec(stderr);
        if (m) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`serve exited (${code}): ${stderr}`)));
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const inFlight = fetch(`${url}/allocate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ problem: team, options: { timeLimit: 1.5, solver: 'core' } }) });
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.kill('SIGTERM');
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { stats: { verified: boolean } }).stats.verified).toBe(true);
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/SIGTERM: finishing running solves/);
  });
});
