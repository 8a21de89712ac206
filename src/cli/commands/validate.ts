import type { CommandModule } from 'yargs';
import { pinWarnings } from '../../domain/pins.js';
import { problemJsonSchema } from '../../input/schema.js';
import { EXIT, type CommandContext } from '../context.js';
import { inputOptions, readProblem, type InputArgs } from '../inputs.js';

export function validateCommand({ io, guard }: CommandContext): CommandModule {
  return {
    command: 'validate [problem]',
    describe: 'check the input files and report every problem found',
    builder: (y) => inputOptions(y, 'validate'),
    handler: (args) =>
      guard(() => {
        const problem = readProblem(args as InputArgs);
        const warnings = pinWarnings(problem);
        io.out(`valid: ${problem.workers.length} workers, ${problem.cases.length} cases${warnings.length ? `; ${warnings.length} warning${warnings.length === 1 ? '' : 's'}` : ''}\n`);
        for (const w of warnings) io.out(`warning: cases[${problem.cases.findIndex((c) => c.id === w.caseId)}] ${w.words}\n`);
        return EXIT.ok;
      }),
  };
}

export function schemaCommand({ io, guard }: CommandContext): CommandModule {
  return {
    command: 'schema',
    describe: 'print the JSON Schema of the problem file',
    handler: () =>
      guard(() => {
        io.out(`${JSON.stringify(problemJsonSchema(), null, 2)}\n`);
        return EXIT.ok;
      }),
  };
}
