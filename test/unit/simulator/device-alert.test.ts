/** A SMETS2 device raises 0x8F70 (credentials updated) after a successful update; a SMETS1 device does not. */
import { verifyP1363 } from '../../../certs';
import { deviceKeys, type DccEvent } from '../../../simulator';
import { decodeGbcsAlert, gbcsDateTimeToDate, decodeGbcsDateTime } from '../../../simulator/gbcs';
import { M1, SMETS2_M1, noKrp, party, referenceDcc, T0 } from '../../support/reference-dcc';

const smets2Meter = SMETS2_M1;

function alertsOf(policy: string, meters?: typeof smets2Meter) {
  const dcc = referenceDcc(policy, meters);
  const events: DccEvent[] = [];
  dcc.on((e) => events.push(e));
  const refused = dcc.perform({ request: noKrp('NO-A', 'NO-A', M1, 5n) }, party('NO-A').ds.signer);
  const accepted = dcc.perform({ request: noKrp('NO-B', 'NO-A', M1, 6n) }, party('NO-B').ds.signer);
  return { refused, accepted, events, alerts: events.filter((e) => e.type === 'device:alert') };
}

describe('device alerts in the step events', () => {
  it.each(['smets2', 'legacy'])(
    '%s, SMETS2 meter: one signed 0x8F70 to the sender after the accepted update',
    (policy) => {
      const { refused, accepted, events, alerts } = alertsOf(policy, smets2Meter);
      expect([refused.outcome, accepted.outcome]).toEqual(['rejected', 'accepted']);
      expect(events.map((e) => e.type).slice(-3)).toEqual([
        'request:accepted',
        'cells:replaced',
        'device:alert',
      ]);
      expect(alerts).toHaveLength(1);
      const a = alerts[0] as Extract<DccEvent, { type: 'device:alert' }>;
      expect([a.deviceId, a.alertCode]).toEqual([M1, 0x8f70]);
      const d = decodeGbcsAlert(a.alert);
      expect(d.alert).toMatchObject({ alertCode: 0x8f70, originator: M1, recipient: party('NO-B').eui });
      expect(d.alert.originatorCounter).toBe(BigInt(T0.getTime()));
      expect(gbcsDateTimeToDate(decodeGbcsDateTime(d.alert.dateTime))).toEqual(T0);
      expect(d.findings).toEqual([]);
      expect(verifyP1363(deviceKeys(M1).ds.publicKey, d.apdu.signedBytes, d.apdu.signature!)).toBe(true);
    },
  );

  it('raises none for a SMETS1 meter (no GBCS device keys)', () => {
    const { accepted, alerts } = alertsOf('corrective');
    expect(accepted.outcome).toBe('accepted');
    expect(alerts).toEqual([]);
  });
});
