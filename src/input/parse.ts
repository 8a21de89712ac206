/**
 * From untrusted input (an object, JSON text, or CSV text) to a validated Problem:
 * schema checks first (zod, strict), then cross-references (ids, types, skills, roles).
 * Every problem found is reported with its path and the offending value; nothing is half-accepted.
 */
import type { z } from 'zod';
import { DEFAULT_POLICY } from './defaultPolicy.js';
import { InputError, formatPath, showValue, type InputIssue } from './errors.js';
import { INPUT_LIMITS, inspectInput, jsonRecordLines, jsonTooDeep } from './guards.js';
import { readCsvTable, tableRecords, type Table } from './tables.js';
import { CaseSchema, PolicyPatchSchema, PolicySchema, ProblemSchema, WorkerSchema, type Case, type Policy, type PolicyPatch, type Problem, type Worker } from './schema.js';

export type Validation = { ok: true; problem: Problem } | { ok: false; issues: readonly InputIssue[] };

/** Validates a problem object. Never throws. */
export function validateProblem(input: unknown): Validation {
  // Hostile shapes (deep nesting, cycles, reserved keys, overflowing numbers) are refused before the schemas run.
  const structural = inspectInput(input);
  if (structural.length) return { ok: false, issues: structural };
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
  if (body.trim() === '') throw new InputError([{ path: source, message: `empty file (expected JSON, got ${showValue(body)})` }]);
  const deep = jsonTooDeep(body);
  if (deep) throw new InputError([{ path: `${source} line ${deep.line} column ${deep.column}`, message: `nested more than ${INPUT_LIMITS.maxDepth} levels deep; a problem file needs at most 5 (got ${showValue(body.slice(Math.max(0, deep.column - 1 - 8), deep.column - 1 + 8))})` }]);
  try {
    return JSON.parse(body);
  } catch (e) {
    const why = (e as Error).message;
    throw new InputError([{ path: source, message: `not valid JSON: ${why}${/"|\d/.test(why) ? '' : ` (got ${body.length} characters ending ${showValue(body.slice(-20))})`}` }]);
  }
}

/**
 * Merges a policy patch over the default policy: scalars replace; `weights`, `caseTypes`,
 * `modifiers`, `roles` and `caseTypeCaps` are merged entry by entry; `skills` adds to the defaults.
 */
export function mergePolicy(patchInput: unknown, base: Policy = DEFAULT_POLICY): { ok: true; policy: Policy } | { ok: false; issues: InputIssue[] } {
  const structural = inspectInput(patchInput, ['policy']);
  if (structural.length) return { ok: false, issues: structural };
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
        issues.push({ path: `${at}.pinned`, message: 'a pinned case needs a currentWorkerId to stay with (got pinned true, currentWorkerId null)' });
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
      const total = policy.caseTypes[c.type].points + c.modifiers.reduce((s, m) => s + (Object.hasOwn(policy.modifiers, m) ? policy.modifiers[m] : 0), 0);
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
    if (issue.code === 'invalid_key' && issue.issues.length) {
      const key = issue.path[issue.path.length - 1];
      const inner = issue.issues.map((i) => i.message).join('; ');
      return { path: formatPath(path), message: inner.includes('"') ? inner : `key ${inner} (got ${showValue(key)})` };
    }
    const value = valueAt(input, issue.path);
    if (issue.code === 'invalid_type' && value === undefined) return { path: formatPath(path) || '(top level)', message: `missing: a ${issue.expected} is required (got nothing)` };
    return { path: formatPath(path) || '(top level)', message: `${issue.message} (got ${showValue(value)})` };
  });
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let at: unknown = input;
  for (const key of path) {
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, key)) return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}

// ---------------------------------------------------------------------------------------------
// Tables (CSV files, spreadsheet sheets): see tables.ts. Here: records → Problem, with every issue
// located in the user's files (file, line, id) rather than only `cases[12]`.

export { CSV_COLUMNS } from './tables.js';

/** A problem read from files, with what was accepted but worth knowing (extra columns kept as labels). */
export interface LoadedProblem {
  readonly problem: Problem;
  readonly warnings: readonly InputIssue[];
}

/** Where each record came from: file, line and id per index of `workers` / `cases`. */
export interface RecordOrigins {
  readonly workers?: { readonly source: string; readonly origins: readonly { readonly line: number | null; readonly id: string | null }[] };
  readonly cases?: { readonly source: string; readonly origins: readonly { readonly line: number | null; readonly id: string | null }[] };
}

/** Adds `where` (file, line, id) to each issue whose path starts at a worker or case record. */
export function locateIssues(issues: readonly InputIssue[], origins: RecordOrigins): InputIssue[] {
  return issues.map((issue) => {
    if (issue.where) return issue;
    const m = /^(workers|cases)\[(\d+)\]/.exec(issue.path);
    if (!m) return issue;
    const table = origins[m[1] as 'workers' | 'cases'];
    const origin = table?.origins[Number(m[2])];
    if (!table || !origin) return issue;
    const line = origin.line === null ? '' : ` line ${origin.line}`;
    const id = origin.id === null ? '' : `, ${m[1] === 'workers' ? 'worker' : 'case'} ${showValue(origin.id)}`;
    return { ...issue, where: `${table.source}${line}${id}` };
  });
}

/** Reads workers and cases tables (and an optional policy JSON text) into a Problem, with warnings. */
export function loadProblemTables(workersTable: Table | null, casesTable: Table | null, policyJson?: string, policyName = 'policy.json', readIssues: InputIssue[] = []): LoadedProblem {
  const issues = [...readIssues];
  const warnings: InputIssue[] = [];
  const workers = workersTable ? tableRecords(workersTable, 'workers', issues, warnings) : null;
  const cases = casesTable ? tableRecords(casesTable, 'cases', issues, warnings) : null;
  const origins: RecordOrigins = { ...(workers ? { workers } : {}), ...(cases ? { cases } : {}) };
  // Only cell-level read errors (a field of a record) let the rules run on the rest; a file or header
  // that could not be read gives no records to check, and the rules would only add false findings.
  const cellLevel = (i: InputIssue): boolean => /^(workers|cases)\[\d+\]\./.test(i.path);
  if (!workers || !cases || !issues.every(cellLevel)) throw new InputError(locateIssues(issues, origins));
  // A file with no data rows (a header only, or a text file that is not the table meant): say which.
  if (workers.records.length === 0) issues.push({ path: 'workers', message: `needs at least one worker: ${workers.source} has no worker rows (got none; a header line, then one worker a line)` });
  const policy = policyJson === undefined ? undefined : parseJson(policyJson, policyName);
  const v = validateProblem(policy === undefined ? { workers: workers.records, cases: cases.records } : { workers: workers.records, cases: cases.records, policy });
  // Every problem at once: the cells that could not be read and what the rules find in the rest (not
  // again the fields already reported, which the rules see as missing or wrong).
  const read = new Set(issues.map((i) => i.path));
  const all = v.ok ? issues : [...issues, ...v.issues.filter((i) => !read.has(i.path))];
  if (all.length || !v.ok) throw new InputError(locateIssues(all, origins));
  return { problem: v.problem, warnings };
}

/** Reads workers.csv and cases.csv (and an optional policy JSON text) into a Problem and its warnings. */
export function loadProblemCsv(workersCsv: string, casesCsv: string, policyJson?: string, names = { workers: 'workers.csv', cases: 'cases.csv', policy: 'policy.json' }): LoadedProblem {
  const issues: InputIssue[] = [];
  const workers = readCsvTable(workersCsv, names.workers, issues);
  const cases = readCsvTable(casesCsv, names.cases, issues);
  return loadProblemTables(workers, cases, policyJson, names.policy, issues);
}

/** Reads workers.csv and cases.csv (and an optional policy JSON text) into a Problem. */
export function parseProblemCsv(workersCsv: string, casesCsv: string, policyJson?: string, names = { workers: 'workers.csv', cases: 'cases.csv', policy: 'policy.json' }): Problem {
  return loadProblemCsv(workersCsv, casesCsv, policyJson, names).problem;
}

/** Validates a parsed JSON problem, locating issues by the line of each record in the JSON text. */
export function loadProblemJson(text: string, source = 'problem', raw: unknown = parseJson(text, source)): LoadedProblem {
  const v = validateProblem(raw);
  if (v.ok) return { problem: v.problem, warnings: [] };
  throw new InputError(locateIssues(v.issues, jsonOrigins(text, source, raw)));
}

/** Record origins of a JSON problem: the line each worker / case starts on, and its id when it has one. */
export function jsonOrigins(text: string, source: string, raw: unknown): RecordOrigins {
  const lines = jsonRecordLines(text.replace(/^\uFEFF/, ''));
  const ids = (list: unknown) => (Array.isArray(list) ? list.map((r) => (r !== null && typeof r === 'object' && typeof (r as { id?: unknown }).id === 'string' ? (r as { id: string }).id : null)) : []);
  const table = (key: 'workers' | 'cases') => {
    const list = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>)[key] : undefined;
    const idList = ids(list);
    return { source, origins: idList.map((id, k) => ({ line: lines[key][k] ?? null, id })) };
  };
  return { workers: table('workers'), cases: table('cases') };
}
