import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeCertificate } from '../../certs';
import { startServe } from '../../harness/cli/commands/serve';
import { buildWorld } from '../../simulator';
import { runCli } from '../support/cli';
import { loadTemplate } from '../support/dcc-material';
import { loadZaz1Material } from '../../harness/scenario';
import { signDuisXml } from '../../simulator/duis/xmldsig';

// `smets1 world --zaz1` and `smets1 serve --world zaz1` from the command line.

describe('smets1 world --zaz1', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smets1-zaz1-'));

  it("writes DCC Boxed's stock world from the installed keystore", async () => {
    const r = await runCli(['world', '--zaz1', '--out', 'w.json'], dir);
    expect(r.code).toBe(0);
    const spec = JSON.parse(readFileSync(join(dir, 'w.json'), 'utf8'));
    const { world } = buildWorld(spec);
    expect(world.inventory.size).toBe(3);
    expect(decodeCertificate(spec.trustAnchor).subjectCn).toBe('Z1');
  });

  it('reads a keystore given as a folder', async () => {
    const folder = join(require.resolve('@smartdcc/dccboxed-keystore/keystore.json'), '..');
    expect((await runCli(['world', '--zaz1', '--keystore', folder], dir)).code).toBe(0);
  });

  it('says how to install the keystore when it is absent, and writes nothing', async () => {
    const r = await runCli(['world', '--zaz1', '--keystore', 'nowhere', '--out', 'x.json'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/ERR_ZAZ1_NOT_INSTALLED: .*npm install --no-save @smartdcc\/dccboxed-keystore/);
    expect(existsSync(join(dir, 'x.json'))).toBe(false);
  });

  it('refuses --keystore without --zaz1 and --zaz1 with --scenario', async () => {
    expect((await runCli(['world', '--keystore', 'k.json'], dir)).err).toMatch(/ERR_CLI_OPTION/);
    expect((await runCli(['world', '--zaz1', '--scenario', 'KRP-MIS-001'], dir)).err).toMatch(
      /ERR_CLI_OPTION/,
    );
  });
});

describe('smets1 serve --world', () => {
  const io = { stdout: () => undefined, stderr: () => undefined, cwd: tmpdir(), quiet: true };
  const base = {
    host: '127.0.0.1',
    port: '0',
    bodyLimit: '1000000',
    bodyTimeout: '1000',
    log: 'off' as const,
    sessionTtl: '60',
  };

  it('refuses an unknown world, a world without --interface duis, and --keystore alone', async () => {
    await expect(startServe(io, { ...base, interface: 'duis', world: 'zaz9' })).rejects.toMatchObject({
      code: 'ERR_CLI_OPTION',
    });
    await expect(startServe(io, { ...base, world: 'zaz1' })).rejects.toMatchObject({
      code: 'ERR_CLI_OPTION',
    });
    await expect(startServe(io, { ...base, interface: 'duis', keystore: 'k.json' })).rejects.toMatchObject({
      code: 'ERR_CLI_OPTION',
    });
  });

  it("serves the world on the default session and answers with the ACB's certificate", async () => {
    const served = await startServe(io, { ...base, interface: 'duis', world: 'zaz1' });
    try {
      const res = await fetch(`${served.url}/v1/duis/xml-signing`, {
        headers: { authorization: `Bearer ${served.token}` },
      });
      const body = (await res.json()) as { dcc: { certificate: string } };
      expect(decodeCertificate(body.dcc.certificate).role).toBe(4);
      // the world clock is the server's: a client's X-Request-Time after the ZAZ1 certificates
      // expired changes nothing
      const no = loadZaz1Material().xmlSigning.get('xml-sign-90B3D51F30020000-ds')!.pair;
      const cv4 = signDuisXml(loadTemplate('CS02bNOByNO_6.15.1_SUCCESS_REQUEST_DUIS.XML'), no);
      const answer = await fetch(`${served.url}/api/v1/serviceT`, {
        method: 'POST',
        headers: { 'content-type': 'application/xml', 'x-request-time': '2030-01-01T00:00:00Z' },
        body: cv4,
      });
      const text = await answer.text();
      expect(answer.status).toBe(200);
      expect(text).toContain('<sr:ResponseCode>I0</sr:ResponseCode>');
      expect(text).toMatch(/<sr:ResponseDateTime>2025-06-01T12:/);
    } finally {
      await served.stop();
    }
  });
});
