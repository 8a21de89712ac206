/**
 * A whole service as separate teams: each team's workers and the cases it is responsible for.
 * A case belongs to its `team`, else to its current worker's team, else (one team only) to that team.
 */
import { InputError, type InputIssue } from '../input/errors.js';
import type { Problem } from '../input/schema.js';

export interface TeamProblem {
  readonly team: string;
  readonly problem: Problem;
  /** Indices of the team's workers and cases in the service problem. */
  readonly workerIndices: readonly number[];
  readonly caseIndices: readonly number[];
}

export function splitByTeam(service: Problem): TeamProblem[] {
  const { workers, cases, policy } = service;
  const teams = [...new Set(workers.map((w) => w.team))];
  const teamOfWorker = new Map(workers.map((w) => [w.id, w.team]));
  const issues: InputIssue[] = [];
  const caseTeam = cases.map((c, j) => {
    if (c.team !== null) {
      if (!teams.includes(c.team)) issues.push({ path: `cases[${j}].team`, message: `no worker is in team "${c.team}" (teams: ${teams.join(', ')})` });
      return c.team;
    }
    if (c.currentWorkerId !== null) return teamOfWorker.get(c.currentWorkerId)!;
    if (teams.length === 1) return teams[0];
    issues.push({ path: `cases[${j}].team`, message: `needed: the case has no current worker and there are several teams (${teams.join(', ')})` });
    return '';
  });
  cases.forEach((c, j) => {
    if (c.pinned && c.currentWorkerId !== null && teamOfWorker.get(c.currentWorkerId) !== caseTeam[j]) {
      issues.push({ path: `cases[${j}].pinned`, message: `pinned to ${c.currentWorkerId} of team "${teamOfWorker.get(c.currentWorkerId)}" but the case belongs to team "${caseTeam[j]}"` });
    }
  });
  if (issues.length) throw new InputError(issues);
  return teams.map((team) => {
    const workerIndices = workers.flatMap((w, i) => (w.team === team ? [i] : []));
    const caseIndices = cases.flatMap((_, j) => (caseTeam[j] === team ? [j] : []));
    const members = new Set(workerIndices.map((i) => workers[i].id));
    return {
      team,
      workerIndices,
      caseIndices,
      problem: {
        policy,
        workers: workerIndices.map((i) => workers[i]),
        // A case moving in from another team has no current worker here; exclusions elsewhere do not apply.
        cases: caseIndices.map((j) => {
          const c = cases[j];
          const current = c.currentWorkerId !== null && members.has(c.currentWorkerId) ? c.currentWorkerId : null;
          return { ...c, currentWorkerId: current, excludedWorkerIds: c.excludedWorkerIds.filter((id) => members.has(id)) };
        }),
      },
    };
  });
}
