import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeCertificate, signerFromPrivateKeyPem, verifyP1363 } from '../../certs';
import { runCli } from '../support/cli';
import { createReferenceDcc, submitDuis } from '../../api/dcc';
import { worldFromFile } from '../../api/world';

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

describe('smets1 pki --gbcs-keystore: the keystore layout gbcs verify --keystore reads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smets1-keystore-'));
  const run = (...argv: string[]) => runCli(argv, dir);
  const S2 = '00DB000000000101'; // the SMETS2 meter of KRP-S2-001 (holds NO-B's certificates)
  const NO_B = '90B3D51F30030002';

  beforeAll(async () => {
    const pki = await run('pki', '--reference', '--out', 'ks', '--gbcs-keystore', '--devices', S2, '--json');
    expect(pki.code).toBe(0);
    expect((await run('world', '--scenario', 'KRP-S2-001', '--out', 's2.json')).code).toBe(0);
  });

  it("writes every party's certificates and keys under its EUI, and the devices' public and private keys", () => {
    const names = readdirSync(join(dir, 'ks'));
    for (const eui of [NO_B, '90B3D51F30030001', '90B3D51F30040001', '90B3D51F30050001', S2])
      for (const suffix of ['ds.pem', 'ds.key', 'ka.pem', 'ka.key'])
        expect(names).toContain(`${eui}-${suffix}`);
    expect(readFileSync(join(dir, 'ks', `${NO_B}-ds.pem`), 'utf8')).toBe(
      readFileSync(join(dir, 'ks', 'NO-B-ds.pem'), 'utf8'),
    );
    expect(readFileSync(join(dir, 'ks', `${S2}-ka.pem`), 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(statSync(join(dir, 'ks', `${NO_B}-ds.key`)).mode & 0o777).toBe(0o600);
    const manifest = JSON.parse(readFileSync(join(dir, 'ks', 'manifest.json'), 'utf8'));
    expect(manifest.gbcsKeystore).toContainEqual({
      eui: S2,
      owner: 'device',
      files: [`${S2}-ds.pem`, `${S2}-ds.key`, `${S2}-ka.pem`, `${S2}-ka.key`],
    });
  });

  it('signs a pre-command with the keystore key (gbcs sign), verifies it and the wrapped device answer (gbcs verify --keystore)', async () => {
    // the pre-command of NO-B's 6.15.1 (install NO-A's certificates), CV 4 as `duis emit` writes it
    const emit = await run(
      'duis',
      'emit',
      '--srv',
      '6.15.1',
      '--request-id',
      `90-B3-D5-1F-30-03-00-02:00-DB-00-00-00-00-01-01:1`,
      '--role',
      'NetworkOperator',
      '--ds',
      'ks/90B3D51F30030001-ds.pem',
      '--ka',
      'ks/90B3D51F30030001-ka.pem',
      '--path',
      'ks/ca.pem',
      '--floor',
      '0',
    );
    expect(emit.code).toBe(0);
    const dcc = createReferenceDcc({ policy: 'smets2', world: worldFromFile(join(dir, 's2.json')) });
    const transformed = submitDuis(dcc, emit.out, { userRole: 'ED' });
    expect(transformed.duisCode).toBe('I0');
    writeFileSync(join(dir, 'command.hex'), Buffer.from(transformed.preCommand!).toString('hex'));

    const sign = await run('gbcs', 'sign', 'command.hex', '--key', `ks/${NO_B}-ds.key`);
    expect(sign.code).toBe(0);
    writeFileSync(join(dir, 'signed.hex'), sign.out);
    const verified = await run('gbcs', 'verify', '--keystore', 'ks', 'signed.hex');
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.out)).toMatchObject({ signature: { status: 'valid', signer: NO_B } });

    // the reference answers with the device's response, General-Ciphering wrapped (smets2)
    const submit = await run(
      'gbcs',
      'submit',
      '--world',
      's2.json',
      '--policy',
      'smets2',
      '--at',
      '2024-06-01T12:00:00Z',
      'signed.hex',
    );
    expect(submit.code).toBe(0);
    writeFileSync(join(dir, 'wrapped.hex'), (JSON.parse(submit.out) as { response: string }).response);
    const answer = await run('gbcs', 'verify', '--keystore', 'ks', 'wrapped.hex');
    expect(answer.code).toBe(0);
    expect(JSON.parse(answer.out)).toMatchObject({
      envelope: 'general-ciphering',
      signature: { status: 'valid', signer: S2 },
      mac: { status: 'valid' },
    });

    // another seed's keystore holds other keys: the same bytes no longer verify
    expect((await run('pki', '--out', 'other', '--gbcs-keystore', '--seed', '9')).code).toBe(0);
    const other = await run('gbcs', 'verify', '--keystore', 'other', 'signed.hex');
    expect(other.code).toBe(1);
    expect(JSON.parse(other.out)).toMatchObject({ signature: { status: 'invalid' } });
  });

  it('refuses a bad --devices list, or --devices without --gbcs-keystore, with exit 2 and writes nothing', async () => {
    const bad = await run('pki', '--out', 'bad', '--gbcs-keystore', '--devices', `${S2},nope`);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/ERR_CLI_ARGUMENT: --devices: "nope" is not an EUI/);
    const twice = await run(
      'pki',
      '--out',
      'bad',
      '--gbcs-keystore',
      '--devices',
      `${S2},00-DB-00-00-00-00-01-01`,
    );
    expect(twice.err).toMatch(/ERR_CLI_ARGUMENT: --devices names .* twice/);
    const alone = await run('pki', '--out', 'bad', '--devices', S2);
    expect(alone.code).toBe(2);
    expect(alone.err).toMatch(/ERR_CLI_OPTION: --devices goes with --gbcs-keystore/);
    expect(existsSync(join(dir, 'bad'))).toBe(false);
  });
});
