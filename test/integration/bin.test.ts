import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// bin/smets1.js loads nothing beyond node: running the sources needs a loader the caller brings.
const BIN = join(__dirname, '../../bin/smets1.js');
const run = (nodeArgs: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, [...nodeArgs, BIN, '--version'], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });

describe('bin/smets1.js from source', () => {
  it('refuses SMETS1_FROM_SOURCE=1 without a TypeScript loader with ERR_NOT_BUILT and exit 2', () => {
    const r = run([], { SMETS1_FROM_SOURCE: '1' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('ERR_NOT_BUILT');
    expect(r.stderr).toContain('npm run cli:source');
  });

  it('runs the TypeScript sources when started with the tsx loader (npm run cli:source)', () => {
    const r = run(['-r', require.resolve('tsx/cjs')], { SMETS1_FROM_SOURCE: '1' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
