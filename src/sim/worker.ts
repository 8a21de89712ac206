/**
 * The worker-thread side of the lab: runs one replication of built-in policies and answers with plain
 * data (errors as data, since they lose their class crossing the thread boundary).
 */
import type { Lab } from '../input/lab.js';
import type { Problem } from '../input/schema.js';
import { runReplication, type ReplicationResult } from './replicate.js';

export interface ReplicationTask {
  readonly lab: Lab;
  readonly problem: Problem;
  readonly replication: number;
}

export type ReplicationAnswer = { readonly ok: true; readonly result: ReplicationResult } | { readonly ok: false; readonly message: string };

export function replicate(task: ReplicationTask): ReplicationAnswer {
  try {
    return { ok: true, result: runReplication(task.lab, task.problem, task.replication) };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}
