/**
 * Writes the shipped example team (examples/team.json, examples/workers.csv, examples/cases.csv)
 * from the seeded synthetic generator. Run: npx tsx examples/make-examples.ts
 */
import { writeFileSync } from 'node:fs';
import { syntheticProblem } from '../src/input/synthetic.js';

const { workers, cases } = syntheticProblem({ teams: 1, workersPerTeam: 14, casesPerTeam: 185, seed: 7 });
const here = new URL('./', import.meta.url);
writeFileSync(new URL('team.json', here), `${JSON.stringify({ workers, cases }, null, 2)}\n`);

const list = (v: readonly string[] | undefined) => (v ?? []).join(';');
const cell = (v: unknown) => (v === null || v === undefined ? '' : String(v));
writeFileSync(
  new URL('workers.csv', here),
  ['id,team,role,fte,skills,available', ...workers.map((w) => [w.id, w.team, w.role, w.fte, list(w.skills), w.available].map(cell).join(','))].join('\n') + '\n',
);
writeFileSync(
  new URL('cases.csv', here),
  [
    'id,type,modifiers,familyId,requiredSkills,preferredSkills,currentWorkerId,pinned,excludedWorkerIds',
    ...cases.map((c) => [c.id, c.type, list(c.modifiers), c.familyId, list(c.requiredSkills), list(c.preferredSkills), c.currentWorkerId, c.pinned, list(c.excludedWorkerIds)].map(cell).join(',')),
  ].join('\n') + '\n',
);
console.log(`wrote ${workers.length} workers and ${cases.length} cases`);
