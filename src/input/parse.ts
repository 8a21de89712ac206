/**
 * From untrusted input (an object, JSON text, or CSV text) to a validated Problem:
 * schema checks first (zod, strict), then cross-references (ids, types, skills, roles).
 * Every problem found is reported with its path and the offending value; nothing is half-accepted.
 */
import { parse as parseCsvText } from 'csv-parse/sync';
import type { z } from 'zod';
import { DEFAULT_POLICY } from './defaultPolicy.js';
import { InputError, formatPath, showValue, type InputIssue } from './errors.js';
import { CaseSchema, PolicyPatchSchema, PolicySchema, ProblemSchema, WorkerSchema, type Case, type Policy, type PolicyPatch, type Problem, type Worker } from './schema.js';

export type Validation = { ok: true; problem: Problem } | { ok: false; issues: readonly InputIssue[] };

/** Validates a problem object. Never throws. */
export function validateProblem(input: unknown): Validation {
  const parsed = ProblemSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: [...zodIssues(parsed.error.issues, input), ...partialCrossCheck(input)] };
  const policyResult = mergePolicy(parsed.data.policy ?? {});
  if (!policyResult.ok) return policyResult;
  const problem: Problem = { workers: parsed.data.workers, cases: parsed.data.cases, policy: policyResult.policy };
  const issues = crossCheck(problem);
  return issues.length ? { ok: false, issues } : { ok: true, problem };
}

/**
 * When some records fail their schema, the others are still cross-checked so that one run reports
 * every problem. Records that failed are left out (their own errors are already listed), and ids
 * they carry still count as existing, so no reference error is invented.
 */
function partialCrossCheck(input: unknown): InputIssue[] {
  if (input === null || typeof input !== 'object') return [];
  const raw = input as { workers?: unknown; cases?: unknown; policy?: unknown };
  if (!Array.isArray(raw.workers) || !Array.isArray(raw.cases)) return [];
  const policy = mergePolicy(raw.policy ?? {});
  if (!policy.ok) return [];
  const workers = raw.workers.map((w) => WorkerSchema.safeParse(w));
  const cases = raw.cases.map((c) => CaseSchema.safeParse(c));
  const knownIds = raw.workers.map((w) => (w !== null && typeof w === 'object' && typeof (w as { id?: unknown }).id === 'string' ? (w as { id: string }).id : null));
  return crossCheck(
    { workers: workers.map((r) => (r.success ? r.data : null)), cases: cases.map((r) => (r.success ? r.data : null)), policy: policy.policy },
    knownIds,
  );
}

/** Validates a problem object; throws InputError listing every problem. */
export function parseProblem(input: unknown): Problem {
  const v = validateProblem(input);
  if (!v.ok) throw new InputError(v.issues);
  return v.problem;
}

/** Parses the JSON problem file. */
export function parseProblemJson(text: string, source = 'problem'): Problem {
  return parseProblem(parseJson(text, source));
}

/** Parses JSON text, naming the source and position on a syntax error. */
export function parseJson(text: string, source: string): unknown {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') throw new InputError([{ path: source, message: 'empty file (expected JSON)' }]);
  try {
    return JSON.parse(body);
  } catch (e) {
    throw new InputError([{ path: source, message: `not valid JSON: ${(e as Error).message}` }]);
  }
}

/**
 * Merges a policy patch over the default policy: scalars replace; `weights`, `caseTypes`,
 * `modifiers`, `roles` and `caseTypeCaps` are merged entry by entry; `skills` adds to the defaults.
 */
export function mergePolicy(patchInput: unknown, base: Policy = DEFAULT_POLICY): { ok: true; policy: Policy } | { ok: false; issues: InputIssue[] } {
  const patchParsed = PolicyPatchSchema.safeParse(patchInput);
  if (!patchParsed.success) return { ok: false, issues: zodIssues(patchParsed.error.issues, patchInput, ['policy']) };
  const patch = patchParsed.data as PolicyPatch;
  const merged = {
    ...base,
    ...patch,
    caseTypes: { ...base.caseTypes, ...patch.caseTypes },
    modifiers: { ...base.modifiers, ...patch.modifiers },
    roles: { ...base.roles, ...patch.roles },
    caseTypeCaps: { ...base.caseTypeCaps, ...patch.caseTypeCaps },
    skills: [...new Set([...base.skills, ...(patch.skills ?? [])])],
    weights: { ...base.weights, ...patch.weights },
  };
  const full = PolicySchema.safeParse(merged);
  if (!full.success) return { ok: false, issues: zodIssues(full.error.issues, merged, ['policy']) };
  const policy = full.data;
  const issues: InputIssue[] = [];
  const types = new Set(Object.keys(policy.caseTypes));
  for (const [role, r] of Object.entries(policy.roles)) {
    r.allowedIfCoWorked.forEach((t, k) => {
      if (!r.excludedCaseTypes.includes(t)) issues.push({ path: `policy.roles.${role}.allowedIfCoWorked[${k}]`, message: `"${t}" is not among the role's excludedCaseTypes, so co-working changes nothing for it` });
    });
    r.excludedCaseTypes.forEach((t, k) => {
      if (!types.has(t)) issues.push({ path: `policy.roles.${role}.excludedCaseTypes[${k}]`, message: `unknown case type ${showValue(t)}${known(types)}` });
    });
    for (const t of Object.keys(r.caseTypeCaps)) {
      if (!types.has(t)) issues.push({ path: `policy.roles.${role}.caseTypeCaps`, message: `unknown case type ${showValue(t)}${known(types)}` });
    }
  }
  for (const t of Object.keys(policy.caseTypeCaps)) {
    if (!types.has(t)) issues.push({ path: 'policy.caseTypeCaps', message: `unknown case type ${showValue(t)}${known(types)}` });
  }
  if (policy.targetUtilisation > policy.maxUtilisation) {
    issues.push({ path: 'policy.targetUtilisation', message: `${policy.targetUtilisation} is above policy.maxUtilisation ${policy.maxUtilisation}; the target must not exceed the hard limit` });
  }
  return issues.length ? { ok: false, issues } : { ok: true, policy };
}

function known(set: Set<string>): string {
  const list = [...set];
  return list.length ? ` (known: ${list.slice(0, 12).join(', ')}${list.length > 12 ? ', …' : ''})` : '';
}

/** References between records, and references into the policy. */
interface CheckInput {
  /** null: a record that failed its schema (skipped here). */
  readonly workers: readonly (Worker | null)[];
  readonly cases: readonly (Case | null)[];
  readonly policy: Policy;
}

function crossCheck(problem: CheckInput, extraWorkerIds: readonly (string | null)[] = []): InputIssue[] {
  const issues: InputIssue[] = [];
  const { policy } = problem;
  const workerById = new Map<string, number>();
  problem.workers.forEach((w, i) => {
    if (w === null) return;
    if (workerById.has(w.id)) issues.push({ path: `workers[${i}].id`, message: `duplicate worker id ${showValue(w.id)} (first at workers[${workerById.get(w.id)}])` });
    else workerById.set(w.id, i);
  });
  const knownWorker = (id: string) => workerById.has(id) || extraWorkerIds.includes(id);
  const available = (id: string) => {
    const i = workerById.get(id);
    return i === undefined || problem.workers[i]!.available;
  };
  const caseIds = new Map<string, number>();
  problem.cases.forEach((c, i) => {
    if (c === null) return;
    if (caseIds.has(c.id)) issues.push({ path: `cases[${i}].id`, message: `duplicate case id ${showValue(c.id)} (first at cases[${caseIds.get(c.id)}])` });
    else caseIds.set(c.id, i);
  });
  const skills = new Set(policy.skills);
  const types = new Set(Object.keys(policy.caseTypes));
  const modifiers = new Set(Object.keys(policy.modifiers));
  const roles = new Set(Object.keys(policy.roles));
  const checkSkills = (list: readonly string[], path: string) =>
    list.forEach((s, k) => {
      if (!skills.has(s)) issues.push({ path: `${path}[${k}]`, message: `unknown skill ${showValue(s)}${known(skills)}; add it to policy.skills or correct it` });
    });
  problem.workers.forEach((w, i) => {
    if (w === null) return;
    if (!roles.has(w.role)) issues.push({ path: `workers[${i}].role`, message: `unknown role ${showValue(w.role)}${known(roles)}` });
    checkSkills(w.skills, `workers[${i}].skills`);
  });
  problem.cases.forEach((c, i) => {
    if (c === null) return;
    const at = `cases[${i}]`;
    if (!types.has(c.type)) issues.push({ path: `${at}.type`, message: `unknown case type ${showValue(c.type)}${known(types)}` });
    c.modifiers.forEach((m, k) => {
      if (!modifiers.has(m)) issues.push({ path: `${at}.modifiers[${k}]`, message: `unknown modifier ${showValue(m)}${known(modifiers)}` });
    });
    checkSkills(c.requiredSkills, `${at}.requiredSkills`);
    checkSkills(c.preferredSkills, `${at}.preferredSkills`);
    if (c.currentWorkerId !== null && !knownWorker(c.currentWorkerId)) {
      issues.push({ path: `${at}.currentWorkerId`, message: `no worker ${showValue(c.currentWorkerId)}` });
    }
    c.excludedWorkerIds.forEach((w, k) => {
      if (!knownWorker(w)) issues.push({ path: `${at}.excludedWorkerIds[${k}]`, message: `no worker ${showValue(w)}` });
    });
    if (c.pinned) {
      if (c.currentWorkerId === null) {
        issues.push({ path: `${at}.pinned`, message: 'a pinned case needs a currentWorkerId to stay with' });
      } else {
        if (!available(c.currentWorkerId)) {
          issues.push({ path: `${at}.pinned`, message: `pinned to worker ${showValue(c.currentWorkerId)}, who is not available; unpin the case or make the worker available` });
        }
        if (c.excludedWorkerIds.includes(c.currentWorkerId)) {
          issues.push({ path: `${at}.pinned`, message: `pinned to worker ${showValue(c.currentWorkerId)}, who is also in excludedWorkerIds` });
        }
      }
    }
    if (c.points === undefined && types.has(c.type)) {
      const total = policy.caseTypes[c.type].points + c.modifiers.reduce((s, m) => s + (policy.modifiers[m] ?? 0), 0);
      if (!(total > 0)) issues.push({ path: `${at}.modifiers`, message: `case points come to ${total}; they must be above 0` });
    }
  });
  if (policy.keepSiblingsTogether) {
    // A pin holds the whole family with its worker: it never licenses breaking a sibling's exclusion.
    const familyPin = new Map<string, { worker: string; at: number }>();
    problem.cases.forEach((c, i) => {
      if (c !== null && c.pinned && c.familyId !== null && c.currentWorkerId !== null && !familyPin.has(c.familyId)) familyPin.set(c.familyId, { worker: c.currentWorkerId, at: i });
    });
    problem.cases.forEach((c, i) => {
      const pin = c === null || c.familyId === null ? undefined : familyPin.get(c.familyId);
      if (c === null || pin === undefined || pin.at === i) return;
      const k = c.excludedWorkerIds.indexOf(pin.worker);
      if (k >= 0) {
        issues.push({
          path: `cases[${i}].excludedWorkerIds[${k}]`,
          message: `case ${showValue(c.id)} excludes worker ${showValue(pin.worker)}, but its sibling ${showValue(problem.cases[pin.at]!.id)} (cases[${pin.at}]) is pinned to ${showValue(pin.worker)} and siblings share a worker; a pin never overrides a conflict of interest — unpin the sibling or correct the exclusion`,
        });
      }
    });
    const pinnedTo = new Map<string, { worker: string; at: number }>();
    problem.cases.forEach((c, i) => {
      if (c === null || !c.pinned || c.familyId === null || c.currentWorkerId === null) return;
      const prior = pinnedTo.get(c.familyId);
      if (prior && prior.worker !== c.currentWorkerId) {
        issues.push({
          path: `cases[${i}].pinned`,
          message: `siblings in family ${showValue(c.familyId)} are pinned to different workers (${showValue(prior.worker)} at cases[${prior.at}], ${showValue(c.currentWorkerId)} here); siblings share a worker`,
        });
      } else if (!prior) pinnedTo.set(c.familyId, { worker: c.currentWorkerId, at: i });
    });
  }
  return issues;
}

/** zod issues → InputIssues with the offending value named. */
export function zodIssues(list: readonly z.core.$ZodIssue[], input: unknown, prefix: PropertyKey[] = []): InputIssue[] {
  return list.map((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.map((k) => `"${k}"`).join(', ');
      return { path: formatPath(path) || '(top level)', message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${keys}; check the spelling (field names are case-sensitive)` };
    }
    const value = valueAt(input, issue.path);
    return { path: formatPath(path) || '(top level)', message: `${issue.message} (got ${showValue(value)})` };
  });
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let at: unknown = input;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}

// ---------------------------------------------------------------------------------------------
// CSV: one row per worker / case; columns named as the JSON fields. List fields hold several values
// in one cell separated by ";" (e.g. `court;disability`). Empty cells take the default.

const LIST_SEPARATOR = ';';
type Kind = 'string' | 'number' | 'integer' | 'boolean' | 'list' | 'nullable';

const WORKER_COLUMNS: Record<string, Kind> = {
  id: 'string', team: 'string', role: 'string', fte: 'number', skills: 'list', available: 'boolean',
  reductionHours: 'number', reductionPoints: 'number', capacityPoints: 'number', maxCases: 'integer', supportHours: 'number',
};
const CASE_COLUMNS: Record<string, Kind> = {
  id: 'string', type: 'string', modifiers: 'list', familyId: 'nullable', requiredSkills: 'list', preferredSkills: 'list',
  currentWorkerId: 'nullable', pinned: 'boolean', excludedWorkerIds: 'list', points: 'number', team: 'nullable', coWorked: 'boolean',
};
/** CSV columns and how each cell is read; kept equal to the schemas' fields (a test checks this). */
export const CSV_COLUMNS = { workers: WORKER_COLUMNS, cases: CASE_COLUMNS } as const;

/** Reads workers.csv and cases.csv (and an optional policy JSON text) into a Problem. */
export function parseProblemCsv(workersCsv: string, casesCsv: string, policyJson?: string, names = { workers: 'workers.csv', cases: 'cases.csv', policy: 'policy.json' }): Problem {
  const issues: InputIssue[] = [];
  const workers = readCsvRecords(workersCsv, names.workers, 'workers', WORKER_COLUMNS, issues);
  const cases = readCsvRecords(casesCsv, names.cases, 'cases', CASE_COLUMNS, issues);
  if (issues.length) throw new InputError(issues);
  const policy = policyJson === undefined ? undefined : parseJson(policyJson, names.policy);
  return parseProblem(policy === undefined ? { workers, cases } : { workers, cases, policy });
}

function readCsvRecords(text: string, file: string, collection: string, columns: Record<string, Kind>, issues: InputIssue[]): Record<string, unknown>[] {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') {
    issues.push({ path: file, message: `empty file (expected a header row with: ${Object.keys(columns).join(', ')})` });
    return [];
  }
  let rows: string[][];
  try {
    rows = parseCsvText(body, { bom: true, skip_empty_lines: true, relax_column_count: false, trim: true }) as string[][];
  } catch (e) {
    issues.push({ path: file, message: `not valid CSV: ${(e as Error).message}` });
    return [];
  }
  const header = rows[0];
  header.forEach((col, k) => {
    if (!(col in columns)) issues.push({ path: `${file} column ${k + 1}`, message: `unknown column ${showValue(col)} (known: ${Object.keys(columns).join(', ')})` });
  });
  const seen = new Set<string>();
  header.forEach((col) => {
    if (seen.has(col)) issues.push({ path: file, message: `column ${showValue(col)} appears twice` });
    seen.add(col);
  });
  const out: Record<string, unknown>[] = [];
  for (let r = 1; r < rows.length; r++) {
    const record: Record<string, unknown> = {};
    header.forEach((col, k) => {
      const kind = columns[col];
      const cell = rows[r][k];
      if (kind === undefined || cell === '') return;
      const at = `${collection}[${r - 1}].${col} (${file} line ${r + 1})`;
      switch (kind) {
        case 'string':
          record[col] = cell;
          break;
        case 'nullable':
          record[col] = cell;
          break;
        case 'list':
          record[col] = cell.split(LIST_SEPARATOR).map((s) => s.trim()).filter((s) => s.length > 0);
          break;
        case 'number':
        case 'integer': {
          const v = Number(cell);
          if (!Number.isFinite(v)) issues.push({ path: at, message: `not a number: ${showValue(cell)}` });
          else if (kind === 'integer' && !Number.isInteger(v)) issues.push({ path: at, message: `not a whole number: ${showValue(cell)}` });
          else record[col] = v;
          break;
        }
        case 'boolean': {
          const v = cell.toLowerCase();
          if (['true', 'yes', 'y', '1'].includes(v)) record[col] = true;
          else if (['false', 'no', 'n', '0'].includes(v)) record[col] = false;
          else issues.push({ path: at, message: `not true/false: ${showValue(cell)}` });
          break;
        }
      }
    });
    out.push(record);
  }
  return out;
}
