import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { conform, createReferenceDut, loadScenarios, runScenarios } from '../../../api/run';
import { createReferenceHttpServer, withFault } from '../../../harness/serve';
import { type DeviceUnderTest } from '../../../harness/dut';
import { runFailed } from '../../../harness/conformance/runner';
import { SHIPPED_CATALOGUE } from '../../../harness/scenario';

describe('runScenarios', () => {
  it('runs scenario files instead of the catalogue', async () => {
    const report = await runScenarios({
      files: [join(SHIPPED_CATALOGUE, 'krp-mis-core.json')],
      policies: ['legacy'],
      filter: 'KRP-MIS-001',
    });
    expect(report.cases.map((c) => c.id)).toEqual(['KRP-MIS-001']);
  });

  it('fails on a faulty implementation and closes only the DUTs it created', async () => {
    let closed = 0;
    const faulty = withFault(createReferenceDut(), 'skip-counter');
    const dut: DeviceUnderTest = { ...faulty, close: async () => void (closed += 1) };
    const report = await runScenarios({ dut, policies: ['legacy'], filter: 'KRP-REPLAY-*' });
    expect(runFailed(report)).toBe(true);
    expect(closed).toBe(0);
  });

  it('reads a deviation manifest from a file path', async () => {
    await expect(
      runScenarios({ manifest: join(mkdtempSync(join(tmpdir(), 'smets1-m-')), 'absent.json') }),
    ).rejects.toMatchObject({
      code: 'ERR_SCENARIO_IO',
      message: expect.stringContaining('absent.json: cannot read: not found') as string,
    });
  });

  it('no matching scenario and bad targets are coded errors', async () => {
    expect(() => loadScenarios({ filter: 'NOPE-*' })).toThrow(
      expect.objectContaining({ code: 'ERR_API_NO_SCENARIOS' }),
    );
    await expect(conform('not a url', { policy: 'legacy' })).rejects.toMatchObject({
      code: 'ERR_API_TARGET',
    });
    await expect(conform('ftp://127.0.0.1/', { policy: 'legacy' })).rejects.toMatchObject({
      code: 'ERR_API_TARGET',
    });
  });
});

describe('conform against a token-protected server', () => {
  it('passes the token on every request, and without it the target refuses', async () => {
    const server = createReferenceHttpServer({
      policy: 'legacy',
      pinned: true,
      token: 'api-token-0123456789',
    });
    const { url } = await server.listen(0);
    try {
      const ok = await conform(url, {
        policy: 'legacy',
        token: 'api-token-0123456789',
        filter: 'KRP-MIS-001',
      });
      expect(ok.cases.map((c) => `${c.id} ${c.verdict}`)).toEqual(['KRP-MIS-001 PASS']);
      const refused = await conform(url, { policy: 'legacy', filter: 'KRP-MIS-001' });
      expect(refused.cases[0]!.verdict).not.toBe('PASS');
      expect(JSON.stringify(refused.cases[0])).toContain('401');
    } finally {
      await server.close();
    }
  });
});
