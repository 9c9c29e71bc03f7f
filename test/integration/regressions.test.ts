/**
 * Shrunk counterexamples found by model-based exploration are kept as regression scenarios:
 * each must still reproduce its finding through `smets1 replay`.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli';

const dir = join(__dirname, '../../scenarios/regressions');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('kept counterexamples', () => {
  it('exist', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
  });

  it.each(files)('%s reproduces with smets1 replay', async (file) => {
    const r = await runCli(['replay', join(dir, file), '--json'], process.cwd());
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });
});
