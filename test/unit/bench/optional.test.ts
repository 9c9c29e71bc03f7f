import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callOptional } from '../../../bench/optional';

describe('callOptional', () => {
  const root = mkdtempSync(join(tmpdir(), 'smets1-optional-'));
  mkdirSync(join(root, 'm'));
  writeFileSync(
    join(root, 'm/index.ts'),
    'exports.benchX = async (a) => ({ runsPerSecond: 42, args: a });\nexports.notFn = 1;\n',
  );

  it('calls an existing export with its arguments', async () => {
    expect(await callOptional(root, 'm', 'benchX', { seconds: 1 })).toEqual({
      status: 'ok',
      value: { runsPerSecond: 42, args: { seconds: 1 } },
    });
  });

  it('reports n/a with a reason for a missing module or export', async () => {
    expect(await callOptional(root, 'absent', 'benchX', {})).toMatchObject({
      status: 'n/a',
      reason: 'absent does not exist yet',
    });
    expect(await callOptional(root, 'm', 'notFn', {})).toMatchObject({
      status: 'n/a',
      reason: 'm does not export notFn()',
    });
  });
});
