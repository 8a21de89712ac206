/**
 * The acceptance test of Part 5 on the generated over-capacity service (8 teams × 16–21 workers at
 * ~150 % of capacity, siblings, pins including rule-breaking ones, skills, ASYE and part-time workers):
 * under the default policy no child held by an available worker who may keep them waits, no worker
 * above the limit gains a case, every waiting case's reason is true (no profitable feasible placement
 * exists), and the headline states the shortfall. Effort-limited, so the figures do not depend on the
 * machine.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { allocateBatch, type BatchResult } from '../../src/app/batch.js';
import { holdings, mayKeep } from '../../src/domain/holding.js';
import { splitByTeam } from '../../src/domain/teams.js';
import { parseProblem } from '../../src/input/parse.js';
import type { Problem } from '../../src/input/schema.js';
import { overloadedService } from '../../src/input/synthetic.js';
import { closePool } from '../../src/pool/pool.js';
import { checkAllocation } from '../../src/verify/check.js';

let service: Problem;
let batch: BatchResult;

beforeAll(async () => {
  service = parseProblem(overloadedService(1));
  batch = await allocateBatch(service, { threads: 0, maxIterations: 40, timeLimit: 60 });
  await closePool();
}, 300_000);

describe('an over-capacity service under the default policy (keep-held)', () => {
  it('every team is solved and verified; the service is well over capacity', () => {
    expect(batch.teams).toHaveLength(8);
    for (const t of batch.teams) expect(t.error).toBeNull();
    expect(batch.stats.verified).toBe(true);
    expect(batch.capacity.demandRatio).toBeGreaterThan(1.3);
  });

  it('no child held by an available worker who may keep them is unallocated; no worker above the limit gains a case', () => {
    const at = new Map(batch.assignments.map((a) => [a.caseId, a.workerId]));
    let heldKept = 0;
    let aboveLimit = 0;
    for (const team of splitByTeam(service)) {
      const p = team.problem;
      const h = holdings(p);
      aboveLimit += h.aboveLimit.reduce((s, x) => s + x, 0);
      p.cases.forEach((c, j) => {
        const holder = h.heldBy[j];
        if (holder >= 0 && !h.splitFamily[j] && mayKeep(p, holder, c)) {
          heldKept++;
          expect(at.get(c.id), `${c.id} held by ${p.workers[holder].id}`).toBeDefined();
        }
        const to = at.get(c.id);
        if (to !== undefined) {
          const i = p.workers.findIndex((w) => w.id === to);
          if (h.aboveLimit[i]) expect(holder, `${to} is above the limit and gained ${c.id}`).toBe(i);
        }
      });
    }
    expect(heldKept).toBeGreaterThan(2000);
    expect(aboveLimit).toBeGreaterThan(20);
  });

  it('every waiting case has a true reason: no feasible placement of it lowers its team’s objective', () => {
    expect(batch.unallocated.length).toBeGreaterThan(0);
    for (const team of splitByTeam(service)) {
      const p = team.problem;
      const index = new Map(p.workers.map((w, i) => [w.id, i]));
      const cw = Int32Array.from(p.cases, (c) => index.get(batch.assignments.find((a) => a.caseId === c.id)?.workerId ?? '') ?? -1);
      const co = Int32Array.from(p.cases, (c) => index.get(batch.coWorkers?.find((a) => a.caseId === c.id)?.workerId ?? '') ?? -1);
      const base = checkAllocation(p, cw, co);
      expect(base.ok, base.violations.join('; ')).toBe(true);
      p.cases.forEach((c, j) => {
        if (cw[j] >= 0) return;
        const reason = batch.unallocated.find((u) => u.caseId === c.id)!.reason;
        expect(reason).not.toMatch(/short by (-|0(?![.\d]))/);
        const family = p.cases.flatMap((d, k) => ((p.policy.keepSiblingsTogether && d.familyId !== null && d.familyId === c.familyId && cw[k] < 0) || k === j ? [k] : []));
        for (let i = 0; i < p.workers.length; i++) {
          const trial = Int32Array.from(cw);
          for (const k of family) trial[k] = i;
          const check = checkAllocation(p, trial, co);
          if (check.ok) expect(check.objective, `${c.id} → ${p.workers[i].id} (${reason})`).toBeGreaterThanOrEqual(base.objective - 1e-6);
        }
      });
    }
  });

  it('the headline states the shortfall, and rule-breaking pins are listed', () => {
    expect(batch.capacity.headline).toMatch(/^Demand [\d,]+ points against [\d,]+ at target \(1\d\d %\): [\d,]+ points short, about \d+\.\d FTE; \d+ workers held above the limit/);
    expect(batch.capacity.teams).toHaveLength(8);
    expect(batch.capacity.fteShort).toBeGreaterThan(10);
    expect(batch.pinWarnings.length).toBeGreaterThan(0);
    expect(new Set(batch.pinWarnings.map((w) => w.rule))).toEqual(new Set(['role-restriction', 'missing-skill']));
  });
});
