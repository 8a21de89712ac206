/**
 * Writes the policy-comparison example (examples/compare/): a service of 146 qualified workers
 * averaging about 24 cases against a target of 20–21, and the two options the council weighed.
 * Run: npx tsx examples/make-compare.ts
 */
import { writeFileSync } from 'node:fs';
import { syntheticProblem } from '../src/input/synthetic.js';

const { workers, cases } = syntheticProblem({ teams: 2, workersPerTeam: 73, casesPerTeam: 1752, seed: 146 });
// This council's scheme: 140 points per FTE, so that 21 average cases fill a full-time caseload;
// the hard limit is set high (130%) so that today's overload can be shown rather than left unallocated.
const policy = { pointsPerFte: 140, maxUtilisation: 1.3, maxCasesPerFte: 30, caseTypeCaps: { court: 8 } };
const here = new URL('./compare/', import.meta.url);
writeFileSync(new URL('service.json', here), `${JSON.stringify({ workers, cases, policy }, null, 1)}\n`);
writeFileSync(
  new URL('hire-18.json', here),
  `${JSON.stringify({ name: 'A: hire 18 qualified', description: '18 qualified social workers, about £776k a year', addWorkers: [{ count: 18, role: 'qualified', salary: 43111 }] }, null, 2)}\n`,
);
writeFileSync(
  new URL('support-officers.json', here),
  `${JSON.stringify({ name: 'B: 22.5 support officers', description: '22.5 support officers, about £580k a year, each freeing 6.5 hours a week of qualified time', supportOfficers: { count: 22.5, hoursFreedPerWeek: 6.5, salary: 25778 } }, null, 2)}\n`,
);
console.log(`wrote ${workers.length} workers, ${cases.length} cases`);
