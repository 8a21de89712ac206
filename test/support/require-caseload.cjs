// Loaded by test/package.test.ts: the package from CommonJS by its own name (Node's self-reference
// through package.json "exports"), then one tiny solve on the calling thread.
const caseload = require('caseload');
const result = caseload.allocateSync({ workers: [{ id: 'a', fte: 1 }], cases: [{ id: 'c1', type: 'court' }] }, { maxIterations: 5 });
let inputError = null;
try {
  caseload.allocateSync({ workers: [{ id: 'a', fte: 1 }], cases: [] }, { solver: 'fast' });
} catch (e) {
  inputError = e instanceof caseload.InputError ? e.message : `not an InputError: ${e}`;
}
process.stdout.write(JSON.stringify({ exports: Object.keys(caseload).sort(), status: result.status, assignments: result.assignments, inputError }));
