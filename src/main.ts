#!/usr/bin/env node
/**
 * The `caseload` executable: the CLI (src/cli) with the `serve` command of the HTTP service
 * (src/server) added. The two sit on one floor and may not import each other, so they meet here.
 */
import { COMMAND_NAMES, run } from './cli/run.js';

// A closed pipe (`caseload … | head`) is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

// The service's code (Fastify) is loaded only where it may be needed: `serve`, or help and completion.
const argv = process.argv.slice(2);
const first = argv.find((a) => !a.startsWith('-'));
const extra = first !== undefined && COMMAND_NAMES.includes(first) ? [] : [(await import('./server/command.js')).serveCommand];
// The user's clock started with the process: start-up counts against `gap`'s time limit.
process.exitCode = await run(argv, undefined, extra, 0);
