import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeCertificate, signerFromPrivateKeyPem, verifyP1363 } from '../../certs';
import { runCli } from '../support/cli';

describe('smets1 pki / inspect / verify-path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smets1-pki-'));

  beforeAll(async () => {
    const r = await runCli(['pki', '--out', 'a', '--seed', '7', '--nos', '2', '--suppliers', '1'], dir);
    expect(r.code).toBe(0);
  });

  it('writes certificates whose keys match, deterministically for a seed', async () => {
    const manifest = JSON.parse(readFileSync(join(dir, 'a/manifest.json'), 'utf8'));
    expect(manifest.files.map((f: { name: string }) => f.name)).toEqual([
      'root',
      'ca',
      'NO-A-ds',
      'NO-A-ka',
      'NO-B-ds',
      'NO-B-ka',
      'SUP-1-ds',
      'SUP-1-ka',
      'ACB-ds',
      'ACB-ka',
    ]);
    const cert = decodeCertificate(readFileSync(join(dir, 'a/NO-A-ds.pem'), 'utf8'));
    const signer = signerFromPrivateKeyPem(readFileSync(join(dir, 'a/NO-A-ds.key.pem'), 'utf8'));
    const msg = Buffer.from('proof of possession');
    expect(verifyP1363(cert.publicKey!, msg, signer.sign(msg))).toBe(true);
    await runCli(['pki', '--out', 'b', '--seed', '7', '--nos', '2', '--suppliers', '1'], dir);
    expect(readFileSync(join(dir, 'b/NO-A-ds.pem'), 'utf8')).toBe(
      readFileSync(join(dir, 'a/NO-A-ds.pem'), 'utf8'),
    );
  });

  it('inspects a certificate as JSON with no profile findings', async () => {
    const r = await runCli(['inspect', 'a/NO-B-ka.pem', '--json'], dir);
    expect(r.code).toBe(0);
    const [report] = JSON.parse(r.out);
    expect(report).toMatchObject({
      role: 3,
      roleName: 'networkOperator',
      keyUsage: 'KA',
      eui: '90-B3-D5-1F-30-03-00-02',
      findings: [],
    });
  });

  it('validates a path: 0 valid, 1 expired, 0 with time checks off', async () => {
    const args = ['verify-path', 'a/SUP-1-ds.pem', '--anchor', 'a/root.pem', '--path', 'a/ca.pem', '--json'];
    expect((await runCli([...args, '--at', '2024-01-01T00:00:00Z'], dir)).code).toBe(0);
    const expired = await runCli([...args, '--at', '2036-01-01T00:00:00Z'], dir);
    expect(expired.code).toBe(1);
    expect(JSON.parse(expired.out)).toMatchObject({ valid: false, code: 'PATH_EXPIRED' });
    expect((await runCli([...args, '--no-time'], dir)).code).toBe(0);
  });

  it('gives a one-line coded error and exit 2 for unreadable or broken files', async () => {
    writeFileSync(join(dir, 'broken.pem'), '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
    const broken = await runCli(['inspect', 'broken.pem'], dir);
    expect(broken.code).toBe(2);
    expect(broken.err).toMatch(/^smets1: ERR_CERT_DECODE: broken\.pem: .+\n$/);
    const missing = await runCli(['inspect', 'nope.pem'], dir);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^smets1: ERR_CLI_FILE: cannot read nope\.pem/);
  });
});

describe('smets1 world / pki --reference', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smets1-world-'));

  it('writes the world of a scenario whose certificates are those of the reference PKI files', async () => {
    expect((await runCli(['pki', '--reference', '--out', 'ref'], dir)).code).toBe(0);
    const w = await runCli(['world', '--scenario', 'KRP-MIS-001', '--out', 'world.json'], dir);
    expect(w.code).toBe(0);
    const world = JSON.parse(readFileSync(join(dir, 'world.json'), 'utf8'));
    const m1 = world.devices[0];
    const noDs = m1.cells.find(
      (c: { role: number; keyUsage: string }) => c.role === 3 && c.keyUsage === 'DS',
    );
    const fromFile = decodeCertificate(readFileSync(join(dir, 'ref/NO-B-ds.pem'), 'utf8'));
    expect(decodeCertificate(noDs.certificate).fingerprint).toBe(fromFile.fingerprint);
    expect(decodeCertificate(world.trustAnchor).fingerprint).toBe(
      decodeCertificate(readFileSync(join(dir, 'ref/root.pem'), 'utf8')).fingerprint,
    );
  });

  it('refuses an unknown scenario with exit 2', async () => {
    const r = await runCli(['world', '--scenario', 'KRP-NOPE-001'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/ERR_CLI_OPTION: no scenario with id "KRP-NOPE-001"/);
  });
});
