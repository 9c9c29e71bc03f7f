/** GBCS device alerts: the byte layout, the signature, the MAC and the decoder's findings. */
import { parseEui } from '../../../../certs/eui';
import { keyAgreementKeyFromPem, verifyP1363 } from '../../../../certs';
import { deviceKeys } from '../../../../simulator';
import {
  alertInvokeId,
  buildAlertApdu,
  checkGbcsMac,
  decodeGbcsAlert,
  decodeGeneralCiphering,
  encodeGbcsDateTime,
  encodeGeneralSigning,
  GbcsAlertCode,
  gbcsAlertName,
  signKrp,
  wrapGeneralCiphering,
} from '../../../../simulator/gbcs';
import { party } from '../../../support/reference-dcc';

const device = parseEui('00DB1234567890A0');
const no = party('NO-A');
const AT = new Date('2024-06-01T12:00:00Z');
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('GBCS device alerts', () => {
  it.each(Object.entries(GbcsAlertCode))(
    '%s (%d): header CRA 3, message code = alert code, DLMS body',
    (name, code) => {
      const apdu = buildAlertApdu({
        alertCode: code,
        originatorCounter: 0x1234567n,
        originator: device,
        recipient: no.eui,
        dateTime: encodeGbcsDateTime(AT),
      });
      const bytes = encodeGeneralSigning(apdu);
      const c = code.toString(16);
      // DF 09 03 counter | 08 device | 08 NO | 00 (no header date-time) | 02 code | 19 content (25 bytes)
      expect(hex(bytes)).toBe(
        `df0903${'0000000001234567'}08${device.toLowerCase()}08${no.eui.toLowerCase()}0002${c}19` +
          `0f20234567` + // Data-Notification, invoke id = counter's low 24 bits, processing-option bit
          `00` + // no Data-Notification date-time
          `0202` + // structure of 2
          `12${c}` + // alert code, long-unsigned
          `090c${hex(encodeGbcsDateTime(AT))}`,
      );
      expect(gbcsAlertName(code)).toBe(name);
      expect(alertInvokeId(0x1234567n)).toBe(0x20234567);
      const d = decodeGbcsAlert(bytes);
      expect(d.apdu.form).toBe('pre-command');
      expect(d.alert.alertCode).toBe(code);
      expect(d.findings).toEqual([]);
    },
  );

  it('is signed by the device DS key and MACed under (device KA, recipient KA) as transaction type 03', () => {
    const signed = signKrp(
      buildAlertApdu({
        alertCode: GbcsAlertCode.credentialsUpdated,
        originatorCounter: 7n,
        originator: device,
        recipient: no.eui,
        dateTime: encodeGbcsDateTime(AT),
        headerDateTime: encodeGbcsDateTime(AT),
      }),
      deviceKeys(device).ds,
    );
    const d = decodeGbcsAlert(signed);
    expect(verifyP1363(deviceKeys(device).ds.publicKey, d.apdu.signedBytes, d.apdu.signature!)).toBe(true);
    const wrapped = wrapGeneralCiphering(
      signed,
      deviceKeys(device).ka.privateKey,
      no.ka.certificate.publicKey!,
    );
    const noKa = keyAgreementKeyFromPem(no.ka.signer.exportPrivateKeyPem());
    // The recipient checks the MAC with its own KA private key and the device's KA public key.
    expect(
      checkGbcsMac(decodeGeneralCiphering(wrapped), noKa.privateKey, deviceKeys(device).ka.publicKey),
    ).toBe(true);
    const flipped = wrapped.slice();
    flipped[40]! ^= 1;
    expect(
      checkGbcsMac(decodeGeneralCiphering(flipped), noKa.privateKey, deviceKeys(device).ka.publicKey),
    ).toBe(false);
    expect(decodeGbcsAlert(wrapped).alert.headerDateTime).toEqual(encodeGbcsDateTime(AT));
  });

  it('reads a message code other than the alert code, or a foreign invoke id, as findings', () => {
    const apdu = buildAlertApdu({
      alertCode: 0x8f66,
      messageCode: 0x00cc,
      originatorCounter: 2016n,
      originator: device,
      recipient: no.eui,
      dateTime: encodeGbcsDateTime(AT),
      payload: [Uint8Array.of(0x09, 0x02, 0xab, 0xcd)],
    });
    const d = decodeGbcsAlert(encodeGeneralSigning(apdu));
    expect(d.alert).toMatchObject({
      alertCode: 0x8f66,
      messageCode: 0xcc,
      payload: [Uint8Array.of(9, 2, 0xab, 0xcd)],
    });
    expect(d.findings.map((f) => f.code)).toEqual(['ALERT_MESSAGE_CODE']);
    const foreign = encodeGeneralSigning({ ...apdu, originatorCounter: 2017n });
    expect(decodeGbcsAlert(foreign).findings.map((f) => f.code)).toEqual([
      'ALERT_MESSAGE_CODE',
      'ALERT_INVOKE_ID',
    ]);
  });

  it('refuses what is not an alert, and an encoder misuse, with coded errors', () => {
    const base = {
      alertCode: 0x8f70,
      originatorCounter: 1n,
      originator: device,
      recipient: no.eui,
      dateTime: encodeGbcsDateTime(AT),
    };
    const command = encodeGeneralSigning({ ...buildAlertApdu(base), craFlag: 1 });
    expect(() => decodeGbcsAlert(command)).toThrow(
      expect.objectContaining({ code: 'ERR_GBCS_CRA_FLAG' }) as Error,
    );
    expect(() => buildAlertApdu({ ...base, alertCode: 0x10000 })).toThrow(
      expect.objectContaining({ code: 'ERR_GBCS_ENCODE' }) as Error,
    );
    expect(() => buildAlertApdu({ ...base, dateTime: new Uint8Array(11) })).toThrow(
      expect.objectContaining({ code: 'ERR_GBCS_ENCODE' }) as Error,
    );
    expect(() => buildAlertApdu({ ...base, payload: [Uint8Array.of(0x12, 0x00)] })).toThrow(
      expect.objectContaining({ code: 'ERR_GBCS_ENCODE' }) as Error,
    );
  });
});
