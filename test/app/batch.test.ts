import { afterAll, describe, expect, it } from 'vitest';
import { allocateSync } from '../../src/app/allocate.js';
import { allocateBatch } from '../../src/app/batch.js';
import { compare } from '../../src/app/compare.js';
import { splitByTeam } from '../../src/domain/teams.js';
import { parseProblem } from '../../src/input/parse.js';
import { overloadedService, syntheticProblem } from '../../src/input/synthetic.js';
import { closePool, getPool } from '../../src/pool/pool.js';

afterAll(() => closePool());
const service = parseProblem(syntheticProblem({ teams: 3, workersPerTeam: 8, casesPerTeam: 60, seed: 11 }));
const effort = { maxIterations: 40, timeLimit: 60 };

describe('batch reallocation', () => {
  it('the batch report equals the per-team results (same seed and effort)', async () => {
    const batch = await allocateBatch(service, effort);
    expect(batch.teams.map((t) => t.team)).toEqual(['team-01', 'team-02', 'team-03']);
    for (const t of splitByTeam(service)) {
      const alone = allocateSync(t.problem, effort);
      const inBatch = batch.teams.find((o) => o.team === t.team)!.result!;
      expect(inBatch.assignments).toEqual(alone.assignments);
      expect(inBatch.objective).toBe(alone.objective);
    }
    expect(batch.assignments.length + batch.unallocated.length).toBe(service.cases.length);
    expect(batch.service.workers).toBe(service.workers.filter((w) => w.available).length);
    const sum = batch.teams.reduce((s, t) => s + (t.result!.objective ?? 0), 0);
    expect(batch.objective).toBeCloseTo(sum, 5);
  });

  it('inline (threads: 0) and pooled batches agree', async () => {
    const pooled = await allocateBatch(service, effort);
    const inline = await allocateBatch(service, { ...effort, threads: 0 });
    expect(inline.assignments).toEqual(pooled.assignments);
  });

  it('cross-team: one service-wide problem started from the teams solved apart, reported per team', async () => {
    const batch = await allocateBatch(service, { ...effort, crossTeam: true });
    expect(batch.crossTeam).toBe(true);
    expect(batch.assignments.length + batch.unallocated.length).toBe(service.cases.length);
    // The same effort gives the same teams apart; their allocations start the service-wide solve,
    // so cases cross teams only where that does better.
    const apart = await allocateBatch(service, effort);
    expect(batch.objective!).toBeLessThanOrEqual(apart.objective! + 1e-6);
    const whole = allocateSync(service, { ...effort, initial: { assignments: apart.assignments } });
    expect(batch.objective).toBe(whole.objective);
  });

  it("a pooled team's seconds are its own solve's; its wait for a thread is its queueSeconds", async () => {
    // Three teams of 16-21 workers on one thread, at a limit too short for a proof: each runs to its
    // limit in turn, so the last waits for the other two. Its seconds used to include that wait.
    await closePool();
    getPool(1);
    const limit = 0.6;
    const started = performance.now();
    const batch = await allocateBatch(overloadedService(2, { teams: 3 }), { timeLimit: limit });
    const wall = (performance.now() - started) / 1000;
    await closePool();
    const stats = batch.teams.map((o) => o.result!.stats);
    for (const s of stats) {
      expect(s.queueSeconds).toBeGreaterThanOrEqual(0);
      expect(s.seconds + s.queueSeconds!).toBeLessThanOrEqual(wall + 0.05);
      // Its own solve: the limit and a margin, never another team's turn as well (≥ 2 × 0.6 s).
      expect(s.seconds).toBeLessThan(limit + 0.5);
    }
    const waited = stats.map((s) => s.queueSeconds!).sort((a, b) => a - b);
    const ran = stats.map((s) => s.seconds).sort((a, b) => a - b);
    expect(waited[2]).toBeGreaterThanOrEqual(ran[0] + ran[1] - 0.2);
    // Inline (threads 0) the teams run in turn on this thread: the same accounting.
    const inline = (await allocateBatch(overloadedService(2, { teams: 3 }), { timeLimit: limit, threads: 0 })).teams.map((o) => o.result!.stats);
    for (const s of inline) expect(s.seconds).toBeLessThan(limit + 0.5);
    expect(inline[2].queueSeconds!).toBeGreaterThanOrEqual(inline[0].seconds + inline[1].seconds - 0.1);
  });

  it('a case with no team and no current worker is an input error when there are several teams', async () => {
    const cases = service.cases.map((c, j) => (j === 4 ? { ...c, team: null, currentWorkerId: null } : c));
    await expect(allocateBatch({ ...service, cases })).rejects.toThrow(/cases\[4\]\.team: needed: the case has no current worker/);
  });
});

describe('policy comparison', () => {
  it('adds capacity, costs and the target verdict per scenario', async () => {
    const result = await compare(
      service,
      [
        { name: 'hire', addWorkers: [{ count: 3, salary: 40000 }] },
        { name: 'support', supportOfficers: { count: 2, hoursFreedPerWeek: 6.5, salary: 25000 } },
      ],
      { ...effort, targetCases: 9 },
    );
    expect(result.scenarios.map((s) => s.name)).toEqual(['hire', 'support']);
    const [hire, support] = result.scenarios;
    expect(hire.annualCost).toBe(120000);
    expect(hire.capacityAdded).toBeCloseTo(3 * 90, 6);
    expect(hire.costPerCapacityPoint).toBeCloseTo(120000 / 270, 2);
    expect(support.annualCost).toBe(50000);
    // 13 hours a week shared by FTE; each hour is 90/37 points of a full-time worker, × 0.9 for an ASYE.
    const shared = service.workers.filter((w) => w.available && ['qualified', 'senior', 'asye'].includes(w.role));
    const factor = shared.reduce((s, w) => s + w.fte * (w.role === 'asye' ? 0.9 : 1), 0) / shared.reduce((s, w) => s + w.fte, 0);
    expect(support.capacityAdded).toBeCloseTo((13 / 37) * 90 * factor, 1);
    expect(hire.figures.workers).toBe(result.baseline.figures.workers + 3);
    expect(hire.figures.meanCases).toBeLessThan(result.baseline.figures.meanCases);
    for (const o of [result.baseline, hire, support]) expect(o.reachesTarget).toBe(o.figures.meanCases <= 9 && o.figures.unallocated === 0);
  });
});
