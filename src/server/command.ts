/**
 * The `caseload serve` command. It lives beside the server (the CLI's floor may not import it) and is
 * handed to the CLI by the executable (src/main.ts). SIGTERM or SIGINT shut the service down gracefully.
 */
import type { CommandModule } from 'yargs';
import { createServer, SERVER_DEFAULTS, type ServerOptions } from './app.js';

/** What the CLI gives a command (structurally the CLI's CommandContext). */
export interface ServeContext {
  readonly io: { out(text: string): void; err(text: string): void };
  readonly guard: (work: () => Promise<number> | number) => Promise<void>;
}

export function serveCommand({ io, guard }: ServeContext): CommandModule {
  return {
    command: 'serve',
    describe: 'run the HTTP JSON API (OpenAPI document at /openapi.json)',
    builder: (y) =>
      y
        .option('host', { type: 'string', default: SERVER_DEFAULTS.host, describe: 'address to listen on' })
        .option('port', { type: 'number', default: SERVER_DEFAULTS.port, describe: 'port (0 = any free port)' })
        .option('concurrency', { type: 'number', describe: 'solves running at once (default: the pool threads)' })
        .option('queue-size', { type: 'number', default: SERVER_DEFAULTS.queueSize, describe: 'solves that may wait; beyond, 429 with Retry-After' })
        .option('body-limit', { type: 'number', default: SERVER_DEFAULTS.bodyLimitBytes / 1024 / 1024, describe: 'largest request body, MiB' })
        .option('max-time-limit', { type: 'number', default: SERVER_DEFAULTS.maxTimeLimit, describe: 'largest time limit of /allocate, /batch, /compare (s)' })
        .option('max-job-time-limit', { type: 'number', default: SERVER_DEFAULTS.maxJobTimeLimit, describe: 'largest time limit of a job (s)' })
        .option('grace', { type: 'number', default: SERVER_DEFAULTS.shutdownGraceSeconds, describe: 'on SIGTERM: seconds running solves get to finish before they are cancelled' }),
    handler: (args) =>
      guard(async () => {
        const a = args as unknown as { host: string; port: number; concurrency?: number; queueSize: number; bodyLimit: number; maxTimeLimit: number; maxJobTimeLimit: number; grace: number };
        const options: ServerOptions = {
          host: a.host,
          port: a.port,
          queueSize: a.queueSize,
          bodyLimitBytes: Math.round(a.bodyLimit * 1024 * 1024),
          maxTimeLimit: a.maxTimeLimit,
          maxJobTimeLimit: a.maxJobTimeLimit,
          shutdownGraceSeconds: a.grace,
          ...(a.concurrency !== undefined ? { concurrency: a.concurrency } : {}),
        };
        const server = createServer(options);
        const url = await server.listen();
        io.err(`caseload: serving on ${url} (OpenAPI document: ${url}/openapi.json)\n`);
        await new Promise<void>((resolve, reject) => {
          const stop = (signal: string) => {
            io.err(`caseload: ${signal}: finishing running solves (up to ${a.grace} s), then stopping\n`);
            server.close().then(resolve, reject);
          };
          process.once('SIGTERM', () => stop('SIGTERM'));
          process.once('SIGINT', () => stop('SIGINT'));
        });
        return 0;
      }),
  };
}
