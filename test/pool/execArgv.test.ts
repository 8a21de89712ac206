import { describe, expect, it } from 'vitest';
import { workerExecArgv } from '../../src/pool/pool.js';

describe('the flags pool threads start with', () => {
  it("drop tsx's loader (the threads run compiled JavaScript) and keep every other flag", () => {
    const tsx = ['--require', '/x/node_modules/tsx/dist/preflight.cjs', '--import', 'file:///x/node_modules/tsx/dist/loader.mjs'];
    expect(workerExecArgv([...tsx, '--expose-gc', '--import=tsx', '--loader', 'tsx/esm', '-r', './apm.cjs', '--import', './otel.mjs', '--max-old-space-size=512'])).toEqual([
      '--expose-gc',
      '-r',
      './apm.cjs',
      '--import',
      './otel.mjs',
      '--max-old-space-size=512',
    ]);
    expect(workerExecArgv([])).toEqual([]);
  });
});
