import type { CommandModule } from 'yargs';
import { problemJsonSchema } from '../../input/schema.js';
import { resultJsonSchema } from '../../report/resultSchema.js';
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
        io.out(`valid: ${problem.workers.length} workers, ${problem.cases.length} cases\n`);
        return EXIT.ok;
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
