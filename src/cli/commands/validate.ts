import type { CommandModule } from 'yargs';
import { pinWarnings } from '../../domain/pins.js';
import { problemJsonSchema } from '../../input/schema.js';
import { resultJsonSchema } from '../../report/resultSchema.js';
import { EXIT, type CommandContext } from '../context.js';
import { InputError } from '../../input/errors.js';
import { inputOptions, loadProblem, readProblem, type InputArgs } from '../inputs.js';

export function validateCommand({ io, guard }: CommandContext): CommandModule {
  return {
    command: 'validate [problem]',
    describe: 'check the input files and report every problem found',
    builder: (y) =>
      inputOptions(y, 'validate')
        .option('json', { type: 'boolean', default: false, describe: 'print { valid, workers, cases, warnings, errors, groups } as JSON on stdout' })
        .example('$0 validate --workers workers.csv --cases cases.csv --json', 'machine-readable check of a spreadsheet export'),
    handler: (args) =>
      guard(async () => {
        const a = args as InputArgs;
        if (!a.json) {
          const problem = await readProblem(a, io);
          const warnings = pinWarnings(problem);
          io.out(`valid: ${problem.workers.length} workers, ${problem.cases.length} cases${warnings.length ? `; ${warnings.length} warning${warnings.length === 1 ? '' : 's'}` : ''}
`);
          for (const w of warnings) io.out(`warning: cases[${problem.cases.findIndex((c) => c.id === w.caseId)}] ${w.words}
`);
          return EXIT.ok;
        }
        // --json: the verdict is the output (stdout), valid or not; exit 2 when invalid.
        try {
          const { problem, warnings } = await loadProblem(a);
          const pins = pinWarnings(problem).map((w) => ({ kind: 'pin-overrides-rule', ...w }));
          io.out(`${JSON.stringify({ valid: true, workers: problem.workers.length, cases: problem.cases.length, warnings: [...warnings, ...pins], errors: [], groups: [] }, null, 2)}
`);
          return EXIT.ok;
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
          io.out(`${JSON.stringify({ valid: false, warnings: [], errors: e.issues, groups: e.groups.map((g) => ({ kind: g.kind, count: g.count })) }, null, 2)}
`);
          return EXIT.input;
        }
      }),
  };
}

export function schemaCommand({ io, guard }: CommandContext): CommandModule {
  return {
    command: 'schema',
    describe: 'print the JSON Schema of the problem file (--result: of the allocation result)',
    builder: (y) => y.option('result', { type: 'boolean', default: false, describe: 'the JSON Schema of the allocation result (allocate --json) instead' }),
    handler: (args) =>
      guard(() => {
        io.out(`${JSON.stringify(args.result ? resultJsonSchema() : problemJsonSchema(), null, 2)}\n`);
        return EXIT.ok;
      }),
  };
}
