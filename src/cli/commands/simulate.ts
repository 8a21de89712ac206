import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { labFiles, simulate } from '../../app/simulate.js';
import { InputError } from '../../input/errors.js';
import { parseJson } from '../../input/parse.js';
import { EXIT, UsageError, type CommandContext } from '../context.js';
import { readText, writeAllAtomic } from '../files.js';

function version(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export function simulateCommand({ io, guard }: CommandContext): CommandModule {
  return {
    command: 'simulate [lab]',
    describe: 'the policy lab: simulate a service week by week under several allocation policies and compare them',
    builder: (y) =>
      y
        .positional('lab', { type: 'string', describe: 'lab JSON file (see examples/lab.json)' })
        .option('out', { type: 'string', default: 'lab-out', describe: 'folder for metrics.csv, panel.csv, events.csv, summary.csv/txt, report.html, manifest.json' })
        .option('replay', { type: 'string', describe: 'a manifest.json of an earlier run: rerun it exactly' })
        .option('threads', { type: 'number', describe: '0: run on this thread (results do not depend on it)' })
        .example('$0 simulate examples/lab.json --out lab-out', 'run the example lab')
        .example('$0 simulate --replay lab-out/manifest.json --out lab-again', 'rerun it byte for byte'),
    handler: (args) =>
      guard(async () => {
        const a = args as unknown as { lab?: string; out: string; replay?: string; threads?: number };
        if (!a.lab === !a.replay) throw new UsageError('name a lab file, or --replay a manifest (e.g. caseload simulate examples/lab.json)');
        let config: Record<string, unknown>;
        let base: string;
        let expectedHash: string | null = null;
        if (a.replay) {
          const manifest = parseJson(readText(a.replay, '--replay'), a.replay) as { config?: Record<string, unknown>; inputHash?: string };
          if (!manifest.config || typeof manifest.inputHash !== 'string') throw new InputError([{ path: '--replay', message: `${a.replay} is not a lab manifest (no config or inputHash)` }]);
          if (manifest.config.problem === '(inline)') throw new InputError([{ path: '--replay', message: 'the run took its problem inline (library call): replay it with the same object' }]);
          config = manifest.config;
          base = dirname(a.replay);
          expectedHash = manifest.inputHash;
        } else {
          const parsed = parseJson(readText(a.lab!, 'lab'), a.lab!);
          if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new InputError([{ path: 'lab', message: `${a.lab}: expected a JSON object` }]);
          config = parsed as Record<string, unknown>;
          base = dirname(a.lab!);
        }
        let problemFile: string | undefined;
        if (typeof config.problem === 'string') {
          problemFile = isAbsolute(config.problem) ? config.problem : resolve(base, config.problem);
          config = { ...config, problem: parseJson(readText(problemFile, 'problem'), problemFile) };
        }
        const started = performance.now();
        const result = await simulate(config, a.threads === undefined ? {} : { threads: a.threads });
        if (expectedHash !== null && result.resolved.inputHash !== expectedHash) throw new InputError([{ path: 'problem', message: `${problemFile ?? 'the problem'} has changed since the run (sha256 ${result.resolved.inputHash.slice(0, 12)}…, manifest ${expectedHash.slice(0, 12)}…)` }]);
        const files = labFiles(result, { version: version(), ...(problemFile ? { problemFile } : {}) });
        mkdirSync(a.out, { recursive: true });
        writeAllAtomic(Object.entries(files).map(([name, text]) => ({ path: join(a.out, name), text })));
        io.out(files['summary.txt']);
        io.err(`caseload: ${result.replications.length} replications in ${((performance.now() - started) / 1000).toFixed(1)} s; files in ${a.out}/\n`);
        return EXIT.ok;
      }),
  };
}
