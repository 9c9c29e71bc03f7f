import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { createScenarioKeys, resolveScenario, type Scenario } from '../../harness/scenario';
import { zaz1NoByNoCommand } from '../support/dcc-material';
import { keyAgreementKeyFromPem, parseEui } from '../../certs';
import { deviceKeys } from '../../simulator';
import { verifyKrp, wrapGeneralCiphering } from '../../simulator/gbcs';

// `smets1 gbcs submit`: the DCC's own 6.15.1 NO-by-NO command (ZAZ1 NO, counter 1200, floor 0) as
// bytes, run through the reference over a world file where 00DB1234567890A0 carries the Z1 NO cells.

const dir = mkdtempSync(join(tmpdir(), 'smets1-submit-'));
const run = (...argv: string[]) => runCli(argv, dir);

const world = (smets: 1 | 2): Scenario => ({
  id: 'SUBMIT',
  title: 'submit',
  description: 'submit',
  tags: [],
  specRefs: [],
  world: {
    material: 'zaz1',
    networkOperators: [{ name: 'ZAZ1-NO', distributorIds: [13] }],
    suppliers: [{ name: 'ZAZ1-SUP' }],
    meters: [
      {
        name: 'Z1M',
        deviceId: '00-DB-12-34-56-78-90-A0',
        area: 13,
        smets,
        supplier: 'ZAZ1-SUP',
        noCells: 'ZAZ1-NO',
      },
    ],
  },
  steps: [],
});

const signed = zaz1NoByNoCommand();

beforeAll(() => {
  const keys = createScenarioKeys();
  writeFileSync(join(dir, 'smets2.json'), JSON.stringify(resolveScenario(world(2), keys).world));
  writeFileSync(join(dir, 'smets1.json'), JSON.stringify(resolveScenario(world(1), keys).world));
  writeFileSync(join(dir, 'command.hex'), Buffer.from(signed).toString('hex'));
  const bad = signed.slice();
  bad[bad.length - 1]! ^= 1;
  writeFileSync(join(dir, 'bad-signature.hex'), Buffer.from(bad).toString('hex'));
  writeFileSync(join(dir, 'garbage.hex'), 'df0901');
  writeFileSync(join(dir, 'not-a-world.json'), '{"parties": 1}');
  // what the DCC delivers to the device: the signed command wrapped with the ACB's MAC
  const smets2 = resolveScenario(world(2), keys).world as { acbKeyAgreement?: { privateKey: string } };
  const acb = keyAgreementKeyFromPem(smets2.acbKeyAgreement!.privateKey).privateKey;
  const device = deviceKeys(parseEui('00DB1234567890A0')).ka.publicKey;
  const wrapped = wrapGeneralCiphering(signed, acb, device);
  writeFileSync(join(dir, 'wrapped.hex'), Buffer.from(wrapped).toString('hex'));
  const badMac = wrapped.slice();
  badMac[badMac.length - 1]! ^= 1;
  writeFileSync(join(dir, 'bad-mac.hex'), Buffer.from(badMac).toString('hex'));
});

const AT = ['--at', '2020-06-01T12:00:00Z'];
/** `smets1 gbcs submit --world W --policy P --at ... FILE` in the test folder. */
const submit = (world: string, policy: string, file: string) =>
  run('gbcs', 'submit', '--world', world, '--policy', policy, ...AT, file);

describe('smets1 gbcs submit', () => {
  it('runs the bytes through the reference: verdict, per-cell outcomes and the signed SMETS2 device response', async () => {
    const r = await submit('smets2.json', 'smets2', 'command.hex');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json).toMatchObject({ outcome: 'accepted', duisCode: 'I0', srv: '6.15.1', policy: 'smets2' });
    expect(json.outcomes.map((o: { status: number }) => o.status)).toEqual([0, 0]);
    expect(json.decodedResponse).toMatchObject({
      form: 'signed',
      craFlag: 2,
      originatorCounter: '1200',
      dateTime: '07e40601ff0c0000008000ff',
    });
    expect(json.decodedResponse.updateSecurityCredentialsResponse.seqNumberChanges).toEqual([
      { role: 3, seq: '0' },
    ]);
    // smets2 + a SMETS2 meter: the device's response comes back General-Ciphering-wrapped.
    expect(json.response.startsWith('dd000000000000')).toBe(true);
    expect(json.decodedResponse.generalCiphering.mac).toHaveLength(24);
    expect(json.responseMac).toBeUndefined();
    // the SMETS2 device's credentials-updated alert (GBCS 0x8F70), signed with the device's DS key
    expect(json.alerts).toHaveLength(1);
    const [alert] = json.alerts as { alertCode: number; alert: string; decodedAlert: { craFlag: number } }[];
    expect(alert!.alertCode).toBe(0x8f70);
    expect(alert!.decodedAlert.craFlag).toBe(3);
    const device = deviceKeys(parseEui('00DB1234567890A0'));
    expect(verifyKrp(Buffer.from(alert!.alert, 'hex'), device.ds.publicKey)).toBe(true);
    const other = deviceKeys(parseEui('00DB1234567890A1'));
    expect(verifyKrp(Buffer.from(alert!.alert, 'hex'), other.ds.publicKey)).toBe(false);
  });

  it('answers an unsigned response for a SMETS1 meter (no GBCS device key)', async () => {
    const r = await submit('smets1.json', 'legacy', 'command.hex');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).decodedResponse.form).toBe('pre-command');
    expect(JSON.parse(r.out).alerts).toBeUndefined();
  });

  it('accepts what the DCC delivers: a General-Ciphering wrapped command, its MAC checked at the device', async () => {
    const plain = JSON.parse((await submit('smets2.json', 'smets2', 'command.hex')).out);
    const r = await submit('smets2.json', 'smets2', 'wrapped.hex');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect([json.outcome, json.key]).toEqual(['accepted', plain.key]);
    expect(json.outcomes).toEqual(plain.outcomes);
    const bad = await submit('smets2.json', 'smets2', 'bad-mac.hex');
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out)).toMatchObject({ outcome: 'rejected', code: 'DEVICE_MAC', stage: 'device' });
    // a SMETS1 meter has no KA key: the wrapper is taken off unchecked, then as before
    const smets1 = await submit('smets1.json', 'legacy', 'bad-mac.hex');
    expect([smets1.code, JSON.parse(smets1.out).outcome]).toEqual([0, 'accepted']);
  });

  it('exits 1 with the refusal for a bad signature or undecodable bytes', async () => {
    const sig = await submit('smets1.json', 'legacy', 'bad-signature.hex');
    expect([sig.code, JSON.parse(sig.out).code]).toEqual([1, 'AUTHORITY_SIGNATURE']);
    const garbage = await run('gbcs', 'submit', '--world', 'smets1.json', ...AT, 'garbage.hex');
    expect([garbage.code, JSON.parse(garbage.out).code]).toEqual([1, 'PARSE_GBCS']);
  });

  it.each([
    [['--world', 'not-a-world.json', 'command.hex'], 'ERR_WORLD_SCHEMA'],
    [['--world', 'missing.json', 'command.hex'], 'ERR_CLI_FILE'],
    [['--world', 'smets1.json', '--policy', 'nope', 'command.hex'], 'ERR_POLICY_UNKNOWN'],
    [['--world', 'smets1.json', '--at', 'yesterday', 'command.hex'], 'ERR_CLI_OPTION'],
    [['--world', 'smets1.json', '--user-role', 'XX', 'command.hex'], 'ERR_CLI_OPTION'],
  ])('bad input %j exits 2 with a one-line coded error', async (args, code) => {
    const r = await run('gbcs', 'submit', ...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`^smets1: ${code}: [^\\n]*\\n$`));
  });
});
