/** `smets1 gbcs decode` recognises a device alert (CRA flag 3, DLMS Data-Notification) and shows it. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEui } from '../../certs/eui';
import { runCli } from '../support/cli';
import { deviceKeys } from '../../simulator';
import {
  buildAlertApdu,
  encodeGbcsDateTime,
  GbcsAlertCode,
  signKrp,
  wrapGeneralCiphering,
} from '../../simulator/gbcs';
import { party } from '../support/reference-dcc';

const dir = mkdtempSync(join(tmpdir(), 'smets1-alert-'));
const run = (...argv: string[]) => runCli(argv, dir);

const device = parseEui('00DB1234567890A0');
const AT = new Date('2024-06-01T12:00:00Z');
const signed = signKrp(
  buildAlertApdu({
    alertCode: GbcsAlertCode.credentialsUpdated,
    originatorCounter: 4097n,
    originator: device,
    recipient: party('NO-A').eui,
    dateTime: encodeGbcsDateTime(AT),
  }),
  deviceKeys(device).ds,
);

beforeAll(() => {
  writeFileSync(join(dir, 'alert.hex'), Buffer.from(signed).toString('hex'));
  const noKa = party('NO-A').ka.certificate.publicKey!;
  writeFileSync(
    join(dir, 'wrapped.hex'),
    Buffer.from(wrapGeneralCiphering(signed, deviceKeys(device).ka.privateKey, noKa)).toString('hex'),
  );
  writeFileSync(join(dir, 'cut.hex'), Buffer.from(signed.subarray(0, 60)).toString('hex'));
});

describe('smets1 gbcs decode on an alert', () => {
  it('shows the alert code, its name, the date-time and the signature form', async () => {
    const r = await run('gbcs', 'decode', 'alert.hex');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json).toMatchObject({
      craFlag: 3,
      form: 'signed',
      messageCodeHex: '0x8f70',
      originatorCounter: '4097',
    });
    expect(json.alert).toMatchObject({
      alertCode: 0x8f70,
      alertCodeHex: '0x8F70',
      name: 'credentialsUpdated',
      at: AT.toISOString(),
      invokeIdAndPriority: '0x20001001',
      payload: [],
    });
    expect(json.contentFindings).toBeUndefined();
  });

  it('shows the General-Ciphering wrapper above a wrapped alert', async () => {
    const r = await run('gbcs', 'decode', 'wrapped.hex');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.generalCiphering.mac).toHaveLength(24);
    expect(json.alert.name).toBe('credentialsUpdated');
  });

  it('refuses a cut alert with a one-line coded error (exit 2)', async () => {
    const r = await run('gbcs', 'decode', 'cut.hex');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/ERR_GBCS_/);
  });
});
