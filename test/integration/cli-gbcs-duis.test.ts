import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeCertificate, derToPem, keyAgreementKeyFromPem, signerFromPrivateKeyPem } from '../../certs';
import { parseEui } from '../../certs/eui';
import { main } from '../../harness/cli/main';
import type { CliIo } from '../../harness/cli/io';
import {
  buildCs02bCommand,
  CredentialsReplacementMode,
  encodeGeneralSigning,
  signKrp,
  verifyKrp,
  wrapGeneralCiphering,
} from '../../simulator/gbcs';
import { deviceKeys } from '../../simulator';
import { parseDuisRequest } from '../../simulator/duis';
import { keystoreItem, loadTemplate, templateElements } from '../support/dcc-material';

const dir = mkdtempSync(join(tmpdir(), 'smets1-cli-'));
const io = (): CliIo & { out: string[]; err: string[] } => {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    cwd: dir,
    quiet: true,
  };
};
const run = async (...argv: string[]): Promise<{ code: number; out: string; err: string }> => {
  const c = io();
  const code = await main(argv, c);
  return { code, out: c.out.join(''), err: c.err.join('') };
};

const xml = loadTemplate('CS02bNOByNO_6.15.1_SUCCESS_REQUEST_DUIS.XML');
const [ds] = templateElements(xml, 'DigitalSigningCertificate');
const [ka] = templateElements(xml, 'KeyAgreementCertificate');
const [z1] = templateElements(xml, 'Certificate');
const z1NoDs = keystoreItem('Z1-networkOperator-ds');
const unsigned = buildCs02bCommand({
  originator: parseEui('90B3D51F30020000'),
  recipient: parseEui('00DB1234567890A0'),
  counter: 1200n,
  usc: {
    mode: CredentialsReplacementMode.networkOperatorByNetworkOperator,
    authorisingCell: { role: 3, keyUsage: 'DS', cellUsage: 'management' },
    replacements: [
      { certificate: ds!, targetCell: { role: 3, keyUsage: 'DS', cellUsage: 'management' } },
      { certificate: ka!, targetCell: { role: 3, keyUsage: 'KA', cellUsage: 'management' } },
    ],
    certificationPath: [z1!],
  },
});
const signed = signKrp(unsigned, signerFromPrivateKeyPem(z1NoDs.privateKeyPem));
const acbKa = keystoreItem('Z1-accessControlBroker-ka');
const deviceKa = deviceKeys(parseEui('00DB1234567890A0')).ka;
const wrapped = wrapGeneralCiphering(
  signed,
  keyAgreementKeyFromPem(acbKa.privateKeyPem).privateKey,
  deviceKa.publicKey,
);

beforeAll(() => {
  writeFileSync(join(dir, 'unsigned.hex'), Buffer.from(encodeGeneralSigning(unsigned)).toString('hex'));
  writeFileSync(join(dir, 'signed.bin'), signed);
  writeFileSync(join(dir, 'z1-no-ds.pem'), z1NoDs.certificatePem);
  writeFileSync(join(dir, 'z1-no-ds.key'), z1NoDs.privateKeyPem);
  writeFileSync(join(dir, 'z1b-ds.pem'), derToPem(ds!));
  writeFileSync(join(dir, 'z1b-ka.der'), ka!);
  writeFileSync(join(dir, 'z1.pem'), derToPem(z1!));
  writeFileSync(join(dir, 'template.xml'), xml);
  writeFileSync(join(dir, 'garbage.hex'), 'df0901');
  writeFileSync(join(dir, 'wrapped.hex'), Buffer.from(wrapped).toString('hex'));
  const badMac = wrapped.slice();
  badMac[badMac.length - 1]! ^= 1;
  writeFileSync(join(dir, 'bad-mac.hex'), Buffer.from(badMac).toString('hex'));
  writeFileSync(join(dir, 'acb-ka.pem'), acbKa.certificatePem);
  writeFileSync(join(dir, 'acb-ka.key'), acbKa.privateKeyPem);
  writeFileSync(join(dir, 'device-ka.key'), deviceKa.privateKey.export({ format: 'pem', type: 'pkcs8' }));
  writeFileSync(join(dir, 'device-ka.pub'), deviceKa.publicKey.export({ format: 'pem', type: 'spki' }));
});

describe('smets1 gbcs', () => {
  it('decode prints every field as JSON with the CS02b content', async () => {
    const r = await run('gbcs', 'decode', 'signed.bin');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.originatorCounter).toBe('1200');
    expect(json.originator).toBe('90B3D51F30020000');
    expect(json.messageCodeHex).toBe('0x0103');
    expect(json.signature).toHaveLength(128);
    expect(json.updateSecurityCredentials.mode).toBe(3);
    expect(json.updateSecurityCredentials.replacements).toHaveLength(2);
    expect(json.updateSecurityCredentials.certificationPath[0]).toBe(Buffer.from(z1!).toString('hex'));
  });

  it('decode says whether it read a pre-command (as the DCC returns it) or a signed command', async () => {
    const pre = JSON.parse((await run('gbcs', 'decode', 'unsigned.hex')).out);
    expect([pre.form, pre.signature]).toEqual(['pre-command', undefined]);
    expect(pre.signedBytes).toBe(Buffer.from(encodeGeneralSigning(unsigned)).toString('hex').slice(2));
    expect(JSON.parse((await run('gbcs', 'decode', 'signed.bin')).out).form).toBe('signed');
  });

  it('verify exits 0 with the Z1 NO DS certificate and 1 with the Z1b one', async () => {
    const ok = await run('gbcs', 'verify', 'signed.bin', '--cert', 'z1-no-ds.pem');
    expect([ok.code, JSON.parse(ok.out).reason]).toEqual([0, 'KRP_SIGNATURE_VALID']);
    const bad = await run('gbcs', 'verify', 'signed.bin', '--cert', 'z1b-ds.pem');
    expect([bad.code, JSON.parse(bad.out).reason]).toEqual([1, 'KRP_SIGNATURE_INVALID']);
    const none = await run('gbcs', 'verify', 'unsigned.hex', '--cert', 'z1-no-ds.pem');
    expect([none.code, JSON.parse(none.out).reason]).toEqual([1, 'KRP_UNSIGNED']);
  });

  it('decode shows the General-Ciphering wrapper and the General-Signing APDU inside it', async () => {
    const json = JSON.parse((await run('gbcs', 'decode', 'wrapped.hex')).out);
    expect(json.generalCiphering.securityHeader).toBe('1100000000');
    expect(json.generalCiphering.mac).toBe(Buffer.from(wrapped.subarray(-12)).toString('hex'));
    expect([json.form, json.originatorCounter, json.updateSecurityCredentials.mode]).toEqual([
      'signed',
      '1200',
      3,
    ]);
  });

  it('verify checks the signature and the MAC separately and says which failed', async () => {
    const both = await run(
      'gbcs',
      'verify',
      'wrapped.hex',
      '--cert',
      'z1-no-ds.pem',
      '--mac-key',
      'device-ka.key',
      '--mac-cert',
      'acb-ka.pem',
    );
    expect(both.code).toBe(0);
    expect(JSON.parse(both.out)).toMatchObject({
      valid: true,
      failed: [],
      mac: { valid: true, reason: 'MAC_VALID' },
    });
    const acbSide = await run(
      'gbcs',
      'verify',
      'wrapped.hex',
      '--cert',
      'z1-no-ds.pem',
      '--mac-key',
      'acb-ka.key',
      '--mac-cert',
      'device-ka.pub',
    );
    expect([acbSide.code, JSON.parse(acbSide.out).failed]).toEqual([0, []]);
    const badMac = await run(
      'gbcs',
      'verify',
      'bad-mac.hex',
      '--cert',
      'z1-no-ds.pem',
      '--mac-key',
      'device-ka.key',
      '--mac-cert',
      'acb-ka.pem',
    );
    expect(badMac.code).toBe(1);
    expect(JSON.parse(badMac.out)).toMatchObject({
      valid: false,
      reason: 'MAC_INVALID',
      failed: ['mac'],
      signature: { valid: true },
    });
    const badSig = await run(
      'gbcs',
      'verify',
      'wrapped.hex',
      '--cert',
      'z1b-ds.pem',
      '--mac-key',
      'device-ka.key',
      '--mac-cert',
      'acb-ka.pem',
    );
    expect(JSON.parse(badSig.out)).toMatchObject({ failed: ['signature'], mac: { valid: true } });
    const bare = await run(
      'gbcs',
      'verify',
      'signed.bin',
      '--cert',
      'z1-no-ds.pem',
      '--mac-key',
      'device-ka.key',
      '--mac-cert',
      'acb-ka.pem',
    );
    expect(JSON.parse(bare.out)).toMatchObject({ failed: ['mac'], mac: { reason: 'MAC_ABSENT' } });
  });

  it('sign writes a signed APDU that verifies', async () => {
    const r = await run('gbcs', 'sign', 'unsigned.hex', '--key', 'z1-no-ds.key');
    expect(r.code).toBe(0);
    const bytes = Uint8Array.from(Buffer.from(r.out.trim(), 'hex'));
    expect(verifyKrp(bytes, decodeCertificate(z1NoDs.certificatePem).publicKey!)).toBe(true);
  });

  it.each([
    [['gbcs', 'decode', 'garbage.hex'], 'ERR_GBCS_TRUNCATED'],
    [['gbcs', 'decode', 'missing.bin'], 'ERR_CLI_FILE'],
    [['gbcs', 'verify', 'signed.bin', '--cert', 'template.xml'], 'ERR_CERT_DECODE'],
    [['gbcs', 'sign', 'signed.bin', '--key', 'z1-no-ds.key'], 'ERR_GBCS_ENCODE'],
    [['gbcs', 'sign', 'unsigned.hex', '--key', 'z1.pem'], 'ERR_KEY_DECODE'],
    [
      ['gbcs', 'verify', 'wrapped.hex', '--cert', 'z1-no-ds.pem', '--mac-key', 'device-ka.key'],
      'ERR_CLI_OPTION',
    ],
    [
      [
        'gbcs',
        'verify',
        'wrapped.hex',
        '--cert',
        'z1-no-ds.pem',
        '--mac-key',
        'z1.pem',
        '--mac-cert',
        'acb-ka.pem',
      ],
      'ERR_KEY_DECODE',
    ],
    [
      [
        'gbcs',
        'verify',
        'wrapped.hex',
        '--cert',
        'z1-no-ds.pem',
        '--mac-key',
        'device-ka.key',
        '--mac-cert',
        'garbage.hex',
      ],
      'ERR_CERT_DECODE',
    ],
  ])('bad input %j exits 2 with a one-line coded error', async (argv, code) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`^smets1: ${code}: [^\\n]*\\n$`));
  });
});

describe('smets1 duis', () => {
  it('parse prints the typed request as JSON', async () => {
    const r = await run('duis', 'parse', 'template.xml');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.requestId).toEqual({
      originator: '90B3D51F30020000',
      target: '00DB1234567890A0',
      counter: '1200',
    });
    expect(json.body.kind).toBe('UpdateSecurityCredentialsKRP');
    expect(json.body.replacements.ds).toBe(Buffer.from(ds!).toString('base64'));
  });

  it('emit writes a 6.15.1 request that parses to the same certificates', async () => {
    const r = await run(
      'duis',
      'emit',
      '--srv',
      '6.15.1',
      '--role',
      'NetworkOperator',
      '--request-id',
      '90-B3-D5-1F-30-02-00-00:00-DB-12-34-56-78-90-A0:1200',
      '--ds',
      'z1b-ds.pem',
      '--ka',
      'z1b-ka.der',
      '--path',
      'z1.pem',
      '--floor',
      '0',
    );
    expect(r.code).toBe(0);
    expect(parseDuisRequest(r.out)).toEqual(parseDuisRequest(xml));
  });

  it.each([
    [['duis', 'parse', 'signed.bin'], 'ERR_DUIS_XML'],
    [['duis', 'emit', '--srv', '9.9', '--request-id', 'x'], 'ERR_DUIS_UNSUPPORTED_SRV'],
    [
      [
        'duis',
        'emit',
        '--srv',
        '6.15.1',
        '--role',
        'NetworkOperator',
        '--request-id',
        'nope',
        '--ds',
        'z1b-ds.pem',
        '--path',
        'z1.pem',
      ],
      'ERR_DUIS_REQUEST_ID',
    ],
    [
      [
        'duis',
        'emit',
        '--srv',
        '6.15.1',
        '--role',
        'NetworkOperator',
        '--request-id',
        '90-B3-D5-1F-30-02-00-00:00-DB-12-34-56-78-90-A0:1',
        '--ds',
        'z1b-ds.pem',
      ],
      'ERR_DUIS_FIELD',
    ],
  ])('bad input %j exits 2 with a one-line coded error', async (argv, code) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`^smets1: ${code}: [^\\n]*\\n$`));
  });

  it('a missing argument exits 2 without killing the process', async () => {
    const r = await run('duis', 'parse');
    expect(r.code).toBe(2);
  });
});
