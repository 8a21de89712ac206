#!/usr/bin/env node
/**
 * The `caseload` executable: the CLI (src/cli) with the `serve` command of the HTTP service
 * (src/server) added. The two sit on one floor and may not import each other, so they meet here.
 */
import { run } from './cli/run.js';
import { serveCommand } from './server/command.js';

// A closed pipe (`caseload … | head`) is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

process.exitCode = await run(process.argv.slice(2), undefined, [serveCommand]);
