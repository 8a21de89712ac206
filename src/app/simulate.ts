/**
 * The library's simulate use case (the policy lab): validate the lab configuration, run its
 * replications (on the worker pool unless threads is 0), and summarise. The model, policies, metrics
 * and statistics live in src/sim; the files a run writes come from labFiles.
 */
import { resolveLab, runLab, type LabResult, type SimulateOptions } from '../sim/lab.js';

export { labFiles, summaryText, type LabFiles, type ManifestInput } from '../sim/outputs.js';
export type { LabResult, SimulateOptions, MetricSummary, PolicyDifference } from '../sim/lab.js';
export type { AllocationPolicy, WeekView } from '../sim/policy.js';

/**
 * Runs a policy lab: `config` is an object as in a lab file (examples/lab.json), with any starting
 * problem inline (or none: the seeded service generator). Throws InputError naming the field on bad input.
 */
export async function simulate(config: unknown, options: SimulateOptions = {}): Promise<LabResult> {
  return runLab(resolveLab(config), options);
}
