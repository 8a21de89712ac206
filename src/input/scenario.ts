/**
 * A policy scenario: changes to the policy and to the workforce, applied to the same data so that
 * options can be compared side by side. Costs are annual, in the currency the salaries are given in.
 */
import { z } from 'zod';
import { InputError } from './errors.js';
import { inspectInput } from './guards.js';
import { parseJson, zodIssues } from './parse.js';
import { PolicyPatchSchema } from './schema.js';

const positive = z.number().finite().gt(0);

export const ScenarioSchema = z.strictObject({
  /** Short name for the table. */
  name: z.string().min(1).describe('Short name for the table.'),
  description: z.string().optional().describe('What the scenario is, in words.'),
  /** Changes to the policy (weights, caps, ASYE protection, target utilisation…). */
  policy: PolicyPatchSchema.optional().describe('Changes to the policy (weights, caps, ASYE protection, target utilisation…).'),
  /** New workers: `count` of one kind (may be fractional FTE in total: count × fte). */
  addWorkers: z
    .array(
      z.strictObject({
        count: z.number().int().min(1).describe('How many workers of this kind join.'),
        role: z.string().min(1).default('qualified').describe('Their role (from the policy).'),
        fte: z.number().finite().gt(0).lte(1).default(1).describe('Full-time equivalent of each.'),
        skills: z.array(z.string().min(1)).default([]).describe('Skills each holds.'),
        /** Team they join; default: spread over the teams in turn. */
        team: z.string().min(1).optional().describe('Team they join; default: spread over the teams in turn.'),
        /** Annual cost of one worker of this kind. */
        salary: z.number().finite().min(0).default(0).describe('Annual cost of one worker of this kind.'),
      }),
    )
    .default([])
    .describe('New workers: `count` of one kind.'),
  /** Support officers, each taking `hoursFreedPerWeek` of other duties off qualified workers. */
  supportOfficers: z
    .strictObject({
      /** Number of officers (FTE; 22.5 is fine). */
      count: positive.describe('Number of officers (FTE; 22.5 is fine).'),
      hoursFreedPerWeek: positive.describe('Hours a week of other duties each officer takes off qualified workers.'),
      /** Annual cost of one officer. */
      salary: z.number().finite().min(0).default(0).describe('Annual cost of one officer.'),
      /** Roles whose time is freed, shared in proportion to FTE. */
      roles: z.array(z.string().min(1)).default(['qualified', 'senior', 'asye']).describe('Roles whose time is freed, shared in proportion to FTE.'),
      teams: z.array(z.string().min(1)).min(1).optional().describe('Aim the officers at one team (or several); default: every team, in proportion to FTE.'),
    })
    .optional()
    .describe('Support officers, each taking hoursFreedPerWeek of other duties off qualified workers.'),
  /** Workers who leave (their cases move). */
  removeWorkers: z.array(z.string().min(1)).default([]).describe('Workers who leave (their cases move).'),
});

export type Scenario = z.infer<typeof ScenarioSchema>;

export function parseScenario(input: unknown, source = 'scenario'): Scenario {
  // The same structural guards as a problem (depth, cycles, reserved keys, number bounds).
  const structural = inspectInput(input);
  if (structural.length) throw new InputError(structural.map((i) => ({ path: `${source}: ${i.path}`, message: i.message })));
  const parsed = ScenarioSchema.safeParse(input);
  if (!parsed.success) throw new InputError(zodIssues(parsed.error.issues, input).map((i) => ({ path: `${source}: ${i.path}`, message: i.message })));
  return parsed.data;
}

export function parseScenarioJson(text: string, source: string): Scenario {
  return parseScenario(parseJson(text, source), source);
}
