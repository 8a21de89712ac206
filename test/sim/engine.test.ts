import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveLab, runLab } from '../../src/sim/lab.js';
import { runReplication } from '../../src/sim/replicate.js';
import { drawScenario } from '../../src/sim/scenario.js';
import { runPolicy } from '../../src/sim/engine.js';
import { managerGreedyPolicy, placeOneByOne } from '../../src/sim/policies.js';
import type { AllocationPolicy } from '../../src/sim/policy.js';
import { ALL_KINDS, smallLab } from '../support/labs.js';

const everyPolicy = ALL_KINDS.map((kind) => ({ kind, rebalanceEvery: 2, moveCap: 3 }));

describe('the weekly model', () => {
  const resolved = resolveLab(smallLab({ policies: everyPolicy, detailReplications: 1, replications: 1, weeks: 14, model: { agencyCover: true, turnover: 0.5, sicknessRate: 0.08 } }));
  const rep = runReplication(resolved.lab, resolved.problem, 0);

  it('every week of every policy is checked by the independent checker (one team: one check a week)', () => {
    for (const p of rep.policies) expect(p.checked, p.policy).toBe(resolved.lab.weeks);
  });

  it('flows balance: arrivals − closures = the change in open cases, every week, every policy', () => {
    const initial = resolved.problem.cases.length;
    for (const p of rep.policies) {
      const w = p.measures.weekly;
      let before = initial;
      for (let week = 0; week < resolved.lab.weeks; week++) {
        expect(w.open[week] - before, `${p.policy} week ${week}`).toBe(w.arrivals[week] - w.closures[week]);
        before = w.open[week];
      }
      expect(w.arrivals.reduce((s, x) => s + x, 0)).toBeGreaterThan(0);
      expect(w.closures.reduce((s, x) => s + x, 0)).toBeGreaterThan(0);
    }
  });

  it('common random numbers: every policy sees the same referrals and the same workforce (who is present, sick, away, leaving)', () => {
    const [first, ...rest] = rep.policies;
    // 'sick' or 'away' depends on the policy's reallocation threshold; being absent does not.
    const absent = (status: string) => (status === 'sick' || status === 'away' ? 'absent' : status);
    const workforce = (p: typeof first) => p.panel.map((r) => `${r.week}|${r.worker}|${r.role}|${absent(r.status)}|${r.capacity}`).join('\n');
    const referrals = (p: typeof first) => p.events.filter((e) => e.event === 'referred').map((e) => `${e.week}|${e.caseId}|${e.detail}`).join('\n');
    expect(first.events.some((e) => e.event === 'referred')).toBe(true);
    expect(first.panel.some((r) => r.status === 'sick' || r.status === 'away')).toBe(true);
    for (const p of rest) {
      expect(Array.from(p.measures.weekly.arrivals), p.policy).toEqual(Array.from(first.measures.weekly.arrivals));
      expect(workforce(p), p.policy).toBe(workforce(first));
      expect(referrals(p), p.policy).toBe(referrals(first));
    }
    // The policies do differ in what they decide (so the equality above is not trivial).
    const loads = new Set(rep.policies.map((p) => p.panel.map((r) => r.points).join(',')));
    expect(loads.size).toBeGreaterThan(1);
  });

  it("Little's law: Σ weekly queue lengths = Σ waiting spells' weeks, so mean queue = entry rate × mean wait", () => {
    for (const p of rep.policies) {
      const { queueWeeks, waitWeeks, spells } = p.measures.little;
      expect(queueWeeks, p.policy).toBe(waitWeeks);
      const weeks = resolved.lab.weeks;
      if (spells > 0) expect(queueWeeks / weeks).toBeCloseTo((spells / weeks) * (waitWeeks / spells), 9);
    }
  });

  it("Little's law holds for any seed and a tight cap (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 8, max: 20 }), (seed, cap) => {
        const lab = resolveLab(smallLab({ seed, weeks: 8, replications: 1, policies: [{ kind: 'least-loaded' }, { kind: 'random' }], policy: { maxCasesPerFte: cap } }));
        const r = runReplication(lab.lab, lab.problem, 0);
        for (const p of r.policies) expect(p.measures.little.queueWeeks).toBe(p.measures.little.waitWeeks);
      }),
      { numRuns: 6 },
    );
  });

  it('a policy that breaks a rule is stopped by the checker', () => {
    const scenario = drawScenario(resolved.problem, resolved.lab.model, 3, 1, 0);
    // Everything waiting goes to worker 0, whoever that is and however full.
    const reckless: AllocationPolicy = { name: 'reckless', decide: (view) => Int32Array.from(view.current, (w) => (w >= 0 ? w : 0)) };
    expect(() => runPolicy(scenario, resolved.problem.policy, reckless, { weeks: 3, warmupWeeks: 0, check: true, detail: false, policySeed: 1 })).toThrow(/failed the independent check/);
    // Moving a held case without a move budget breaks the continuity rule.
    const mover: AllocationPolicy = {
      name: 'mover',
      decide: (view) => {
        const d = placeOneByOne(view, (_v, _u, c) => c[0]);
        const j = d.findIndex((w, k) => w >= 0 && view.current[k] === w && view.problem.cases[k].familyId === null);
        const other = view.accepting.findIndex((a, i) => a === 1 && i !== d[j]);
        d[j] = other;
        return d;
      },
    };
    expect(() => runPolicy(scenario, resolved.problem.policy, mover, { weeks: 3, warmupWeeks: 0, check: true, detail: false, policySeed: 1 })).toThrow(/moves exceed the budget|may not take|exceed/);
  });

  it('a user policy plugs in beside the built-in ones', async () => {
    const lab = resolveLab(smallLab({ policies: [{ kind: 'manager-greedy' }] }));
    const mine = (): AllocationPolicy[] => [managerGreedyPolicy('greedy-again'), { name: 'first-fit', decide: (view) => placeOneByOne(view, (_v, _u, c) => c[0]) }];
    const result = await runLab(lab, { threads: 0, policies: () => mine() });
    expect(result.policies).toEqual(['greedy-again', 'first-fit']);
    expect(result.differences.filter((d) => d.metric === 'wait_mean_days')).toHaveLength(1);
  });
});

describe('the lab reproduces what services report', () => {
  it('tighter caseload caps lengthen waiting for allocation', async () => {
    const run = (cap: number) => runLab(resolveLab(smallLab({ weeks: 16, replications: 3, policies: [{ kind: 'manager-greedy' }, { kind: 'least-loaded' }], policy: { maxCasesPerFte: cap } })), { threads: 0 });
    const loose = await run(22);
    const tight = await run(14);
    for (const policy of loose.policies) {
      const wait = (r: typeof loose) => r.summary.find((s) => s.metric === 'wait_mean_days' && s.policy === policy)!.interval.mean;
      const days = (r: typeof loose) => r.summary.find((s) => s.metric === 'unallocated_child_days' && s.policy === policy)!.interval.mean;
      expect(wait(tight), policy).toBeGreaterThan(wait(loose));
      expect(days(tight), policy).toBeGreaterThan(days(loose));
    }
  });
});
