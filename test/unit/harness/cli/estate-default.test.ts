/** A bare `smets1 estate` runs 1,000,000 meters: its help says so, and so does its first line, before any work. */
import { defaultMetersLine, ESTATE_DEFAULT_METERS } from '../../../../harness/cli/commands/estate';
import type { CliIo } from '../../../../harness/cli/io';
import { main } from '../../../../harness/cli/main';
import { captureIo } from '../../../support/cli';

const capture = (voice?: CliIo['voice']) => captureIo('estate', voice);

describe('smets1 estate without --meters', () => {
  it('keeps the 1,000,000 default and says it in the help', async () => {
    expect(ESTATE_DEFAULT_METERS).toBe(1_000_000);
    const c = capture('silent');
    expect(await main(['estate', '--help'], c.io)).toBe(0);
    const help = c.out().replace(/\s+/g, ' ');
    expect(help).toContain(
      'Simulate a national SMETS1 estate (1,000,000 meters unless --meters says otherwise)',
    );
    expect(help).toMatch(
      /--meters <n> meters in the estate; without it a national-scale 1,000,000 .*\(default: 1000000\)/,
    );
  });

  it('says the size on its first line, before anything else (here a bad --policy stops it)', async () => {
    const c = capture('lines');
    expect(await main(['estate', '--policy', 'nope'], c.io)).toBe(2);
    const lines = c.err().split('\n');
    expect(lines[0]).toBe(defaultMetersLine(1_000_000));
    expect(lines[0]).toBe(
      'smets1 estate: 1,000,000 meters (the default, a national-scale run; --meters N for another size)',
    );
    expect(lines[1]).toMatch(/^smets1: ERR_POLICY_UNKNOWN: /);
  });

  it('says nothing of the default when --meters is given or the run is quiet', async () => {
    const given = capture('lines');
    expect(await main(['estate', '--meters', '1000000', '--policy', 'nope'], given.io)).toBe(2);
    expect(given.err()).not.toContain('the default');
    const quiet = capture('silent');
    expect(await main(['estate', '--policy', 'nope'], quiet.io)).toBe(2);
    expect(quiet.err()).not.toContain('the default');
  });
});
