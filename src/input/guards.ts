/**
 * Structural guards run on untrusted input before the schemas see it: nesting depth, reserved
 * object keys, number magnitudes and string lengths. They exist because the schemas alone fail in
 * the wrong way on hostile shapes: an array nested 100,000 deep overflows the stack while an error
 * message renders it; `__proto__` as a record key reaches the prototype; 1e308 passes `finite()` but
 * overflows to Infinity in the first product and then reads as a false "infeasible".
 */
import { formatPath, type InputIssue } from './errors.js';

export const INPUT_LIMITS = {
  /** Deepest nesting of arrays/objects accepted; a problem file needs 5. */
  maxDepth: 32,
  /** Largest magnitude of any number (points, weights, hours): far above any real policy, far below overflow. */
  maxMagnitude: 1e9,
  /** Smallest magnitude of a non-zero number: dividing by less would overflow in capacity arithmetic. */
  minMagnitude: 1e-9,
  /** Longest string (an id is at most 200; labels and notes may be longer). */
  maxStringLength: 10_000,
} as const;

/** Keys that are never data: as record keys they reach Object.prototype or constructors. */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Names that must not be policy record keys: every Object.prototype member (toString, valueOf, …) and `prototype`. */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/**
 * Walks a parsed value iteratively (no recursion, so depth cannot overflow the stack) and lists
 * every structural problem, each with its path and value. Stops descending below maxDepth.
 */
export function inspectInput(root: unknown, prefix: readonly PropertyKey[] = [], limits = INPUT_LIMITS): InputIssue[] {
  const issues: InputIssue[] = [];
  // Objects on the current path only: a value shared by two records (one skills array) is not a cycle.
  const ancestors = new Set<object>();
  // Each step links to its parent; the path is built only when an issue needs it (no array per node).
  type Step = { value: unknown; key: PropertyKey | null; parent: Step | null; depth: number; leave?: object };
  const stack: Step[] = [{ value: root, key: null, parent: null, depth: 0 }];
  const pathOf = (step: Step): PropertyKey[] => {
    const keys: PropertyKey[] = [];
    for (let s: Step | null = step; s !== null && s.key !== null; s = s.parent) keys.push(s.key);
    return [...prefix, ...keys.reverse()];
  };
  // A path hundreds of levels deep is unreadable: show its start and how deep it goes.
  const at = (step: Step) => {
    const path = pathOf(step);
    return path.length > prefix.length + 8 ? `${formatPath(path.slice(0, prefix.length + 4))}…(${path.length - prefix.length} levels down)` : formatPath(path) || '(top level)';
  };
  while (stack.length) {
    if (issues.length >= 1000) break;
    const step = stack.pop()!;
    const { value, depth, leave } = step;
    if (leave) {
      ancestors.delete(leave);
      continue;
    }
    if (typeof value === 'number') {
      const size = Math.abs(value);
      if (Number.isNaN(value)) issues.push({ path: at(step), message: 'not a number (got NaN)' });
      else if (size > limits.maxMagnitude) issues.push({ path: at(step), message: `${value} is out of bounds: numbers must be at most ${limits.maxMagnitude.toExponential()} in size` });
      else if (size !== 0 && size < limits.minMagnitude) issues.push({ path: at(step), message: `${value} is out of bounds: a non-zero number must be at least ${limits.minMagnitude.toExponential()} in size` });
      continue;
    }
    if (typeof value === 'string') {
      if (value.length > limits.maxStringLength) issues.push({ path: at(step), message: `text of ${value.length} characters is too long (at most ${limits.maxStringLength}; starts ${JSON.stringify(value.slice(0, 20))}…)` });
      continue;
    }
    if (typeof value === 'bigint' || typeof value === 'function' || typeof value === 'symbol') {
      issues.push({ path: at(step), message: `a ${typeof value} is not JSON data (got ${typeof value === 'bigint' ? `${value}n` : typeof value === 'symbol' ? String(value) : 'a function'})` });
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (ancestors.has(value)) {
      issues.push({ path: at(step), message: `refers back to itself (a cycle, got ${Array.isArray(value) ? '[…]' : '{…}'} that contains itself); input must be a tree of JSON data` });
      continue;
    }
    if (depth >= limits.maxDepth) {
      issues.push({ path: at(step), message: `nested more than ${limits.maxDepth} levels deep (got ${Array.isArray(value) ? '[[[…' : '{{{…'}); a problem file needs at most 5` });
      continue;
    }
    ancestors.add(value);
    stack.push({ value: null, key: null, parent: null, depth, leave: value });
    if (Array.isArray(value)) {
      // Named properties on an array (e.g. its own `constructor`) are never data and would be consulted by array methods.
      if (Object.keys(value).length !== value.length) {
        const named = Object.keys(value).filter((k) => !/^\d+$/.test(k));
        if (named.length) issues.push({ path: at(step), message: `a list with named properties is not JSON data (got ${named.slice(0, 3).map((k) => JSON.stringify(k)).join(', ')})` });
      }
      for (let k = value.length - 1; k >= 0; k--) stack.push({ value: value[k], key: k, parent: step, depth: depth + 1 });
      continue;
    }
    const keys = Object.keys(value);
    for (let k = keys.length - 1; k >= 0; k--) {
      const key = keys[k];
      if (RESERVED_KEYS.has(key)) {
        issues.push({ path: at(step), message: `reserved key ${JSON.stringify(key)} is not allowed (it is never data)` });
        continue;
      }
      stack.push({ value: (value as Record<string, unknown>)[key], key, parent: step, depth: depth + 1 });
    }
  }
  return issues;
}

/**
 * Depth of JSON text, by a scan that skips strings: run before JSON.parse, so text nested far too
 * deep is refused without building it. Returns the first position that goes past maxDepth, or null.
 */
export function jsonTooDeep(text: string, maxDepth = INPUT_LIMITS.maxDepth): { line: number; column: number } | null {
  let depth = 0;
  let line = 1;
  let lineStart = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92 /* \ */) i++;
      else if (ch === 34 /* " */) inString = false;
      else if (ch === 10) { line++; lineStart = i + 1; }
      continue;
    }
    if (ch === 34) inString = true;
    else if (ch === 91 /* [ */ || ch === 123 /* { */) {
      if (++depth > maxDepth) return { line, column: i - lineStart + 1 };
    } else if (ch === 93 || ch === 125) depth--;
    else if (ch === 10) { line++; lineStart = i + 1; }
  }
  return null;
}

/**
 * Line numbers of the elements of the top-level `workers` and `cases` arrays of JSON text (by the
 * same string-aware scan), so errors can say `team.json line 40` and not only `cases[12]`.
 */
export function jsonRecordLines(text: string): { workers: number[]; cases: number[] } {
  const out = { workers: [] as number[], cases: [] as number[] };
  let depth = 0;
  let line = 1;
  let inString = false;
  let stringStart = 0;
  let lastKey = '';
  let collecting: number[] | null = null;
  let expectElement = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92) i++;
      else if (ch === 34) {
        inString = false;
        if (depth === 1) lastKey = text.slice(stringStart, i);
      } else if (ch === 10) line++;
      continue;
    }
    if (ch === 10) { line++; continue; }
    if (ch === 32 || ch === 9 || ch === 13) continue;
    if (expectElement && depth === 2 && collecting && ch !== 93) {
      collecting.push(line);
      expectElement = false;
    }
    if (ch === 34) { inString = true; stringStart = i + 1; }
    else if (ch === 91 || ch === 123) {
      depth++;
      if (depth === 2 && ch === 91) {
        collecting = lastKey === 'workers' ? out.workers : lastKey === 'cases' ? out.cases : null;
        expectElement = true;
      }
    } else if (ch === 93 || ch === 125) {
      if (depth === 2) collecting = null;
      depth--;
    } else if (ch === 44 && depth === 2) expectElement = true;
  }
  return out;
}
