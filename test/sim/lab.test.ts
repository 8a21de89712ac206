import { describe, expect, it } from 'vitest';
import { resolveLab, runLab } from '../../src/sim/lab.js';
import { metricsCsv, summaryCsv } from '../../src/sim/outputs.js';
import { smallLab } from '../support/labs.js';

describe('the lab', () => {
  it('adds replications until the target half-width is met (or the maximum is reached)', async () => {
    const policies = [{ kind: 'least-loaded' as const }, { kind: 'random' as const }];
    const loose = await runLab(resolveLab(smallLab({ weeks: 6, replications: 2, policies, target: { metric: 'utilisation_sd', halfWidth: 1e-9, maxReplications: 6 } })), { threads: 0 });
    expect(loose.replications.map((r) => r.replication)).toEqual([0, 1, 2, 3, 4, 5]);
    const met = await runLab(resolveLab(smallLab({ weeks: 6, replications: 2, policies, target: { metric: 'utilisation_sd', halfWidth: 100, maxReplications: 6 } })), { threads: 0 });
    expect(met.replications).toHaveLength(2);
  });

  it('replication r gives the same figures whether run alone or among others, on any thread count', async () => {
    const policies = [{ kind: 'manager-greedy' as const }, { kind: 'optimised-intake' as const }];
    const three = await runLab(resolveLab(smallLab({ weeks: 6, replications: 3, policies })), { threads: 0 });
    const pooled = await runLab(resolveLab(smallLab({ weeks: 6, replications: 3, policies })));
    expect(metricsCsv(pooled)).toBe(metricsCsv(three));
    expect(summaryCsv(pooled)).toBe(summaryCsv(three));
    const two = await runLab(resolveLab(smallLab({ weeks: 6, replications: 2, policies })), { threads: 0 });
    expect(two.replications[1].policies[1].measures.run).toEqual(three.replications[1].policies[1].measures.run);
  });
});
