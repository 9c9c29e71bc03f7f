import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../harness/cli/main';
import type { CliIo } from '../../harness/cli/io';
import {
  ACB,
  brokenCs02bCommand,
  DEVICE,
  gbcsForms,
  NETWORK_OPERATOR,
  writeFormsKeystore,
} from '../support/gbcs-forms';

const dir = mkdtempSync(join(tmpdir(), 'smets1-gbcs-corpus-'));
const run = async (...argv: string[]): Promise<{ code: number; out: string; err: string }> => {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    cwd: dir,
    quiet: true,
  };
  const code = await main(argv, io);
  return { code, out: out.join(''), err: err.join('') };
};
const lines = (out: string) =>
  out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

const forms = gbcsForms();
const hexOf = (b: Uint8Array) => Buffer.from(b).toString('hex').toUpperCase();

beforeAll(() => {
  mkdirSync(join(dir, 'good', 'alerts'), { recursive: true });
  mkdirSync(join(dir, 'bad'), { recursive: true });
  for (const f of forms) {
    const folder = f.contentKind.endsWith('alert') ? join('good', 'alerts') : 'good';
    // RTDS-style hex text for most, raw binary for one
    if (f.name === 'cs02b-pre-command') writeFileSync(join(dir, folder, `${f.name}.bin`), f.bytes);
    else writeFileSync(join(dir, folder, `${f.name}.HEX`), hexOf(f.bytes).replace(/(.{64})/g, '$1\n'));
  }
  writeFileSync(join(dir, 'bad', 'broken-cs02b.hex'), hexOf(brokenCs02bCommand()));
  writeFileSync(join(dir, 'bad', 'garbage.hex'), 'not gbcs at all');
  const macFlipped = forms.find((f) => f.name === 'cs02b-command-wrapped')!.bytes.slice();
  macFlipped[macFlipped.length - 1]! ^= 0x01;
  writeFileSync(join(dir, 'bad', 'mac-flipped.hex'), hexOf(macFlipped));
  writeFormsKeystore(join(dir, 'keystore'));
  writeFileSync(join(dir, 'keystore', 'README.txt'), 'other files are ignored');
  writeFormsKeystore(join(dir, 'public-only'), []);
  mkdirSync(join(dir, 'bad-keystore'));
  writeFileSync(join(dir, 'bad-keystore', `${DEVICE.toLowerCase()}-ka.key`), 'not a key');
});

describe('smets1 gbcs decode in corpus mode', () => {
  it('prints one JSON line per file of a folder tree and a stderr summary; exit 0 when all decode', async () => {
    const r = await run('gbcs', 'decode', 'good');
    expect(r.code).toBe(0);
    const out = lines(r.out);
    expect(out).toHaveLength(forms.length);
    for (const line of out) {
      expect(Object.keys(line)).toEqual(
        expect.arrayContaining([
          'file',
          'ok',
          'form',
          'messageCode',
          'useCase',
          'cra',
          'originator',
          'recipient',
          'counter',
          'signature',
          'mac',
          'findings',
          'error',
        ]),
      );
      expect(line.ok).toBe(true);
    }
    const byFile = new Map(out.map((l) => [String(l.file), l]));
    expect(byFile.get(join('good', 'cs02b-command-wrapped.HEX'))).toMatchObject({
      envelope: 'general-ciphering',
      form: 'signed',
      cra: 'command',
      messageCode: '0x0103',
      useCase: 'CS02b',
      originator: NETWORK_OPERATOR,
      recipient: DEVICE,
      counter: '1200',
      content: 'cs02b-command',
    });
    expect(byFile.get(join('good', 'dbch02-response.HEX'))).toMatchObject({
      messageCode: '0x010B',
      useCase: 'DBCH02',
      useCaseName: 'Read CHF Sub GHz Channel Log',
      content: 'bytes',
    });
    expect(byFile.get(join('good', 'cs02b-pre-command.bin'))).toMatchObject({
      form: 'pre-command',
      signature: null,
    });
    expect(r.err).toMatch(
      new RegExp(`^smets1 gbcs decode: ${forms.length} files, ${forms.length} ok, .* files/s\\)\\n$`),
    );
  });

  it('keeps the header of a payload that does not decode, reports unreadable files, exit 1', async () => {
    const r = await run('gbcs', 'decode', 'bad', 'missing-folder');
    expect(r.code).toBe(1);
    const byFile = new Map(lines(r.out).map((l) => [String(l.file), l]));
    const broken = byFile.get(join('bad', 'broken-cs02b.hex'))!;
    expect(broken).toMatchObject({
      ok: false,
      originator: NETWORK_OPERATOR,
      counter: '5',
      messageCode: '0x0103',
    });
    expect((broken.findings as { code: string }[]).map((f) => f.code)).toContain('PAYLOAD_UNDECODED');
    expect((broken.error as { code: string }).code).toMatch(/^ERR_GBCS_/);
    expect(byFile.get(join('bad', 'garbage.hex'))).toMatchObject({ ok: false, originator: null });
    expect(byFile.get('missing-folder')).toMatchObject({ ok: false, error: { code: 'ERR_CAPTURES_FILE' } });
    expect(r.err).toMatch(/4 files, 1 ok, 1 with a payload error, 2 unreadable/);
  });

  it('decodes one file to a document, keeping the header of a broken payload (exit 1)', async () => {
    const r = await run('gbcs', 'decode', join('bad', 'broken-cs02b.hex'));
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out);
    expect(json).toMatchObject({ ok: false, originator: NETWORK_OPERATOR, messageCodeHex: '0x0103' });
    expect(json.payloadError.code).toMatch(/^ERR_GBCS_/);
    const one = await run('gbcs', 'decode', '--lines', join('good', 'cs02b-pre-command.bin'));
    expect(one.code).toBe(0);
    expect(lines(one.out)).toHaveLength(1);
  });
});

describe('smets1 gbcs verify --keystore', () => {
  it('reports signature and MAC apart for every form; exit 0 when none is invalid', async () => {
    const r = await run('gbcs', 'verify', '--keystore', 'keystore', 'good');
    expect(r.code).toBe(0);
    const out = lines(r.out);
    expect(out).toHaveLength(forms.length);
    for (const f of forms) {
      const line = out.find((l) =>
        String(l.file).endsWith(f.name + (f.name === 'cs02b-pre-command' ? '.bin' : '.HEX')),
      )!;
      expect([line.signature, line.mac]).toEqual([
        f.form === 'signed' ? 'valid' : 'unsigned',
        f.envelope === 'general-ciphering' ? 'valid' : 'absent',
      ]);
    }
    expect(r.err).toMatch(/signature: unsigned 2, valid 9; mac: absent 3, valid 8/);
  });

  it('says invalid for a changed MAC bit (exit 1) and no-key without private keys', async () => {
    const bad = await run('gbcs', 'verify', '--keystore', 'keystore', join('bad', 'mac-flipped.hex'));
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out)).toMatchObject({
      ok: false,
      signature: { status: 'valid', signer: NETWORK_OPERATOR },
      mac: { status: 'invalid' },
    });
    const good = await run(
      'gbcs',
      'verify',
      '--keystore',
      'keystore',
      join('good', 'cs02b-command-wrapped.HEX'),
    );
    expect(JSON.parse(good.out)).toMatchObject({
      ok: true,
      mac: { status: 'valid', keys: { private: ACB, public: DEVICE } },
    });
    const pub = await run(
      'gbcs',
      'verify',
      '--keystore',
      'public-only',
      '--lines',
      join('good', 'cs02b-command-wrapped.HEX'),
    );
    expect(pub.code).toBe(0);
    expect(lines(pub.out)[0]).toMatchObject({ signature: 'valid', mac: 'no-key' });
  });

  it.each([
    [['gbcs', 'verify', 'good'], 'ERR_CLI_OPTION'],
    [['gbcs', 'verify', '--keystore', 'keystore', '--cert', 'x.pem', 'good'], 'ERR_CLI_OPTION'],
    [['gbcs', 'verify', '--keystore', 'bad-keystore', 'good'], 'ERR_GBCS_KEYSTORE'],
    [['gbcs', 'verify', '--keystore', 'no-such-dir', 'good'], 'ERR_CAPTURES_FILE'],
    [['gbcs', 'verify', '--cert', 'x.pem', 'good', 'bad'], 'ERR_CLI_ARGUMENT'],
  ])('bad input %j exits 2 with a coded error', async (argv, code) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(code);
    expect(r.out).toBe('');
  });
});
