/** The 6.15.1 execution outcome in the DUIS SMETS1 form (ra:ExecutionOutcome) and from GBCS bytes. */
import { parseEui } from '../../../../certs/eui';
import { type ExecutionOutcome } from '../../../../simulator/duis/execution-outcome';
import {
  emitSmets1SignedResponse,
  readSmets1ExecutionOutcome,
} from '../../../../simulator/duis/smets1-response';
import { issueXmlSigningPair } from '../../../../certs/xml-signing';
import { executionOutcomeOfGbcs } from '../../../../simulator/duis/execution-outcome';
import { encodeGeneralSigning, encodeUscResponse } from '../../../../simulator/gbcs';
import { pki } from '../../../support/reference-dcc';

const s1sp = issueXmlSigningPair(pki(), parseEui('90B3D51F30000005'), 137);
const device = parseEui('00DB1234567890A0');
const user = parseEui('90B3D51F30020000');

const execution: ExecutionOutcome = {
  authorisingCounter: 1200n,
  mode: 3,
  seqNumberChange: { role: 3, floor: 0n },
  outcomes: [
    {
      cell: { role: 3, keyUsage: 'DS', cellUsage: 'management' },
      status: 0,
      existing: parseEui('90B3D51F30030002'),
      replacing: parseEui('90B3D51F30030001'),
    },
    { cell: { role: 3, keyUsage: 'KA', cellUsage: 'management' }, status: 25 },
    { cell: { role: 2, keyUsage: 'KA', cellUsage: 'prePaymentTopUp' }, status: 99 },
  ],
};

const xmlOf = (e: ExecutionOutcome) =>
  emitSmets1SignedResponse(
    { device, user, counter: 1200n, srv: '6.15.1', success: true, execution: e },
    s1sp,
  );

describe('ra:ExecutionOutcome', () => {
  it('round-trips every field, the numeric status exactly (ResponseCode) even where the schema has no name', () => {
    const xml = xmlOf(execution);
    expect(xml).toContain(
      '<ra:StatusCode ResponseCode="25"><ra:ASN1Status>trustAnchorNotFound</ra:ASN1Status>',
    );
    expect(xml).toContain('<ra:StatusCode ResponseCode="99"><ra:ASN1Status>notKnown</ra:ASN1Status>');
    expect(xml).toContain('<ra:CertificateType>KeyAgreementTopUp</ra:CertificateType>');
    expect(readSmets1ExecutionOutcome(xml)).toEqual(execution);
  });

  it('is absent when the answer carries none (a future-dated command)', () => {
    const xml = emitSmets1SignedResponse({ device, user, counter: 1n, srv: '6.15.1', success: true }, s1sp);
    expect(readSmets1ExecutionOutcome(xml)).toBeUndefined();
  });

  it('refuses more than the three outcomes the schema allows, and malformed fields, with coded errors', () => {
    const four = { ...execution, outcomes: [...execution.outcomes, execution.outcomes[0]!] };
    expect(() => xmlOf(four)).toThrow(expect.objectContaining({ code: 'ERR_DUIS_SCHEMA' }) as Error);
    const xml = xmlOf(execution);
    for (const bad of [
      xml.replace(
        '>1200</ra:AuthorisingRemotePartyOriginatorCounter>',
        '>-1</ra:AuthorisingRemotePartyOriginatorCounter>',
      ),
      xml.replace('NetworkOperatorByNetworkOperator', 'Nobody'),
      xml.replace('<ra:CertificateType>DigitalSigning', '<ra:CertificateType>Other'),
      xml.replace('90-B3-D5-1F-30-03-00-02', 'not-an-eui'),
    ]) {
      expect(bad).not.toBe(xml);
      expect(() => readSmets1ExecutionOutcome(bad)).toThrow(
        expect.objectContaining({ code: 'ERR_DUIS_FIELD' }) as Error,
      );
    }
  });

  it('is read from a device GBCS response (General-Signing, CRA 2)', () => {
    const content = encodeUscResponse({
      authorisingSeqNumber: 1200n,
      mode: 3,
      seqNumberChanges: [{ role: 3, seq: 0n }],
      outcomes: [
        {
          cell: { role: 3, keyUsage: 'DS', cellUsage: 'management' },
          status: 0,
          existingSubjectUniqueId: Uint8Array.from(Buffer.from('90B3D51F30030002', 'hex')),
          replacingSubjectUniqueId: Uint8Array.from(Buffer.from('90B3D51F30030001', 'hex')),
        },
      ],
    });
    const apdu = {
      originatorCounter: 1200n,
      originator: device,
      recipient: user,
      messageCode: 0x0103,
      content,
    };
    expect(executionOutcomeOfGbcs(encodeGeneralSigning({ ...apdu, craFlag: 2 }))).toEqual({
      ...execution,
      outcomes: [execution.outcomes[0]],
    });
    expect(() => executionOutcomeOfGbcs(encodeGeneralSigning({ ...apdu, craFlag: 1 }))).toThrow(
      expect.objectContaining({ code: 'ERR_GBCS_CRA_FLAG' }) as Error,
    );
  });
});
