import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readFileSync } from 'node:fs';
import { allocateSync } from '../../src/app/allocate.js';
import { recommend } from '../../src/app/advice.js';
import { allocateBatch, type BatchResult } from '../../src/app/batch.js';
import { compare, type Comparison } from '../../src/app/compare.js';
import type { Recommendation } from '../../src/app/advice.js';
import { problemJsonSchema } from '../../src/input/schema.js';
import { syntheticProblem } from '../../src/input/synthetic.js';
import { closePool } from '../../src/pool/pool.js';
import type { AllocationResult } from '../../src/report/result.js';
import { AllocationResultSchema, BatchResultSchema, ComparisonSchema, RecommendationSchema, resultJsonSchema } from '../../src/report/resultSchema.js';
import { run } from '../../src/cli/run.js';
import { jsonSchemaValidator, undescribedProperties } from '../support/jsonSchema.js';

afterAll(() => closePool());

// Compile-time: what each schema describes is a valid value of the engine's own type.
const _allocation: AllocationResult = {} as z.output<typeof AllocationResultSchema>;
const _batch: BatchResult = {} as z.output<typeof BatchResultSchema>;
const _recommendation: Recommendation = {} as z.output<typeof RecommendationSchema>;
const _comparison: Comparison = {} as z.output<typeof ComparisonSchema>;
void [_allocation, _batch, _recommendation, _comparison];

const team = JSON.parse(readFileSync(new URL('../../examples/team.json', import.meta.url), 'utf8'));
const effort = { maxIterations: 40, timeLimit: 60 };
const ajv = jsonSchemaValidator();
const validator = (schema: z.ZodType) => ajv.compile(z.toJSONSchema(schema, { io: 'output' }) as object);
const checkAllocation = validator(AllocationResultSchema);
const errorsOf = (check: ReturnType<typeof validator>, value: unknown) => (check(JSON.parse(JSON.stringify(value))) ? [] : check.errors);

describe('the result schema', () => {
  it('describes every field of every result, and every input field', () => {
    for (const schema of [AllocationResultSchema, BatchResultSchema, RecommendationSchema, ComparisonSchema]) expect(undescribedProperties(z.toJSONSchema(schema, { io: 'output' }))).toEqual([]);
    expect(undescribedProperties(problemJsonSchema())).toEqual([]);
  });

  it('the walk that finds undescribed fields can fail', () => {
    expect(undescribedProperties(z.toJSONSchema(z.object({ a: z.string().describe('a'), b: z.object({ c: z.number() }).describe('b') })))).toEqual(['.b.c']);
  });

  it('a real allocation validates (example team), and a field it does not document fails', () => {
    const result = allocateSync(team, effort);
    expect(errorsOf(checkAllocation, result)).toEqual([]);
    expect(checkAllocation({ ...result, surprise: 1 })).toBe(false);
    expect(checkAllocation({ ...result, status: 'great' })).toBe(false);
    expect(checkAllocation({ ...result, workers: [{ ...result.workers[0], band: 'purple' }] })).toBe(false);
  });

  it('a co-worked, a handover and an infeasible result validate (optional parts present)', () => {
    const coWorked = allocateSync(
      { workers: [{ id: 'w1', fte: 1 }, { id: 'w2', fte: 1 }], cases: [{ id: 'c1', type: 'child-protection', coWorked: true, currentWorkerId: 'w1' }, { id: 'c2', type: 'child-in-need' }] },
      effort,
    );
    expect(coWorked.coWorkers).toBeDefined();
    expect(errorsOf(checkAllocation, coWorked)).toEqual([]);
    const handover = allocateSync(team, { ...effort, mode: 'handover', leaving: ['w03'] });
    expect(handover.leaving).toEqual(['w03']);
    expect(errorsOf(checkAllocation, handover)).toEqual([]);
    const infeasible = allocateSync({ workers: [{ id: 'w1', fte: 1, capacityPoints: 5 }], cases: [{ id: 'c1', type: 'court' }], policy: { allowUnallocated: false } }, effort);
    expect(infeasible.diagnosis).toBeDefined();
    expect(errorsOf(checkAllocation, infeasible)).toEqual([]);
  });

  it('a real batch, recommendation and comparison validate', async () => {
    const service = syntheticProblem({ teams: 2, workersPerTeam: 5, casesPerTeam: 30, seed: 3 });
    const batch = await allocateBatch(service, { ...effort, threads: 0 });
    expect(errorsOf(validator(BatchResultSchema), batch)).toEqual([]);
    const rec = recommend(team, { id: 'new-1', type: 'child-in-need' }, { k: 3 });
    expect(errorsOf(validator(RecommendationSchema), rec)).toEqual([]);
    const comparison = await compare(service, [{ name: 'hire', addWorkers: [{ count: 2, role: 'qualified', salary: 40000 }] }], { ...effort, threads: 0 });
    expect(errorsOf(validator(ComparisonSchema), comparison)).toEqual([]);
  });

  it('caseload schema --result prints it; without the flag, the input schema', async () => {
    let out = '';
    expect(await run(['schema', '--result'], { out: (t) => (out += t), err: () => {} })).toBe(0);
    expect(JSON.parse(out)).toEqual(JSON.parse(JSON.stringify(resultJsonSchema())));
    expect(JSON.parse(out).properties.stats.properties.verified.description).toMatch(/independent checker/);
    out = '';
    expect(await run(['schema'], { out: (t) => (out += t), err: () => {} })).toBe(0);
    expect(JSON.parse(out).properties.workers.items.properties.fte.description).toMatch(/Full-time equivalent/);
  });
});
