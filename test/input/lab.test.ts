import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/input/errors.js';
import { LabSchema } from '../../src/input/lab.js';
import { resolveLab } from '../../src/sim/lab.js';

const issues = (input: unknown): string[] => {
  try {
    resolveLab(input);
  } catch (e) {
    if (e instanceof InputError) return e.issues.map((i) => `${i.path}: ${i.message}`);
    throw e;
  }
  return [];
};

describe('the lab schema', () => {
  it('an empty lab is the default service, every policy, 52 weeks, 30 replications', () => {
    const lab = LabSchema.parse({});
    expect(lab).toMatchObject({ weeks: 52, replications: 30, warmupWeeks: 8, confidence: 0.95, check: true });
    expect(lab.policies.map((p) => p.kind)).toEqual(['random', 'round-robin', 'least-loaded', 'manager-greedy', 'continuity-first', 'optimised-intake', 'optimised-rebalance', 'handover']);
    expect(lab.model).toMatchObject({ turnover: 0.16, vacancyRate: 0.19, sicknessRate: 0.03, casesPerFte: 16 });
    const { problem } = resolveLab({});
    expect(new Set(problem.workers.map((w) => w.team)).size).toBe(8);
    expect(problem.workers).toHaveLength(152);
  });

  it('bad input names the field and the value', () => {
    expect(issues({ weeks: 0 }).join('\n')).toMatch(/^weeks: /m);
    expect(issues({ policies: [{ kind: 'coin-toss' }] }).join('\n')).toMatch(/policies\[0\]\.kind/);
    expect(issues({ model: { turnover: 2 } }).join('\n')).toMatch(/model\.turnover/);
    expect(issues({ problem: 'team.json' }).join('\n')).toMatch(/^problem: .*the CLI reads files/m);
    expect(issues({ policies: [{ kind: 'random' }, { kind: 'random' }] }).join('\n')).toMatch(/two policies are named "random"/);
    expect(issues({ model: { arrivalMix: { 'fostering': 1 } } }).join('\n')).toMatch(/model\.arrivalMix\.fostering: unknown case type/);
    expect(issues({ target: { metric: 'happiness', halfWidth: 1 } }).join('\n')).toMatch(/target\.metric: unknown metric/);
    expect(issues({ problem: { workers: [] , cases: [] } }).join('\n')).toMatch(/^problem\.workers/m);
  });

  it('a lab policy change applies over the problem policy', () => {
    const { problem } = resolveLab({ synthetic: { teams: 1 }, policy: { maxCasesPerFte: 12 } });
    expect(problem.policy.maxCasesPerFte).toBe(12);
  });
});

describe('the lab and the over-capacity rules', () => {
  it("runs 'limit-first' (its policies do not follow keep-held yet) and refuses a lab asking for 'keep-held', naming the field", () => {
    expect(resolveLab({ synthetic: { teams: 1 } }).problem.policy.overCapacity).toBe('limit-first');
    expect(() => resolveLab({ synthetic: { teams: 1 }, policy: { overCapacity: 'keep-held' } })).toThrow(/policy\.overCapacity: "keep-held": the policy lab models 'limit-first' only/);
  });
});
