import { keyAgreementKeyFromPem, parseEui, RemotePartyRole } from '../../../../../certs';
import {
  GBCS_ANSWER_FINDINGS,
  readDuisDeviceAnswer,
  emptyDuisStats,
  type DuisGbcsKeys,
} from '../../../../../harness/conformance/clients/duis-adapter';
import { dccBoxedWorld, loadZaz1Material } from '../../../../../harness/scenario';
import {
  buildWorld,
  createDcc,
  deviceKeys,
  macWrapOn,
  presetPolicy,
  type Verdict,
} from '../../../../../simulator';
import { emitDuisResponse, parseDuisRequest, emitDuisRequest } from '../../../../../simulator/duis';
import { signDuisXml, verifyDuisXml } from '../../../../../simulator/duis/xmldsig';
import { decodeGeneralCiphering } from '../../../../../simulator/gbcs';
import { krpRequest } from '../../../../../simulator/requests';

// DCC Boxed's answer as the DCC's signing tool keeps them: a DUIS Response signed with the ACB's
// digital-signing certificate (OU 04), its GBCSPayload the device's General-Ciphering response APDU.
// Built here from the ZAZ1 keys and read by the harness's DUIS transport.

const boxed = dccBoxedWorld();
const material = loadZaz1Material();
const A0 = parseEui('00DB1234567890A0');
const NO = material.parties.find((p) => p.name === 'ZAZ1-NO')!;
const NO_Z1B = material.parties.find((p) => p.name === 'ZAZ1-NO-Z1B')!;
const AT = new Date('2025-06-01T12:00:00Z');

const stats = emptyDuisStats;

const kaPrivate = (name: string) =>
  keyAgreementKeyFromPem(material.entries.get(name)!.pair.signer.exportPrivateKeyPem()).privateKey;

const keys = (deviceOf: (id: typeof A0) => ReturnType<DuisGbcsKeys['device']> = twin): DuisGbcsKeys => ({
  users: new Map([[NO.eui, [kaPrivate('Z1-networkOperator-ka')]]]),
  device: deviceOf,
});

function twin(id: typeof A0) {
  const k = deviceKeys(id);
  return { ds: k.ds.publicKey, ka: k.ka.publicKey };
}

const accepted = (v: Verdict) => {
  if (v.outcome !== 'accepted') throw new Error(`refused: ${v.code} ${v.detail}`);
  return v;
};

/** The NO's 6.15.1 on A0 (Z1 -> Z1b), its device response, and the signed CV 5 request. */
function rotation() {
  const built = buildWorld(boxed.spec);
  expect(macWrapOn(built.world, presetPolicy('legacy'), A0)).toBe(true);
  const dcc = createDcc({
    world: built.world,
    devices: built.devices,
    policy: presetPolicy('legacy'),
    clock: { now: () => AT },
    acbSigner: boxed.acbSigner,
  });
  const request = krpRequest({
    sender: NO.eui,
    device: A0,
    counter: 5000n,
    remotePartyRole: 'NetworkOperator',
    ds: NO_Z1B.ds.certificate,
    ka: NO_Z1B.ka.certificate,
    path: [material.anchor],
  });
  const r = dcc.performCritical({ request }, NO.ds.signer);
  const v = accepted(r.verdict);
  const send = parseDuisRequest(
    emitDuisRequest({
      ...request,
      commandVariant: 5,
      body: { kind: 'SignedPreCommand', gbcsVersion: '4.0', gbcsPayload: r.signed! },
    } as never),
  );
  return { response: v.response!, send, request };
}

function boxedAnswer(gbcsPayload: Uint8Array, request: ReturnType<typeof rotation>['request']): string {
  return signDuisXml(
    emitDuisResponse({
      requestId: request.requestId,
      responseCode: 'I0',
      responseDateTime: AT,
      serviceReference: request.serviceReference,
      serviceReferenceVariant: request.serviceReferenceVariant,
      body: { kind: 'GBCSPayload', gbcsPayload },
    }),
    boxed.keys.dcc,
  );
}

describe('a DCC Boxed Response (ACB-signed, General-Ciphering GBCSPayload) read by the DUIS transport', () => {
  const { response, send, request } = rotation();

  it('checks the ACB signature (pinned whatever its OU) and reads the unwrapped outcome', () => {
    expect(boxed.keys.dcc.certificate.role).toBe(RemotePartyRole.accessControlBroker);
    expect(response[0]).toBe(0xdd);
    expect(decodeGeneralCiphering(response).generalSigning.recipient).toBe(NO.eui);
    const xml = boxedAnswer(response, request);
    const pinned = verifyDuisXml(xml, {
      certificates: [],
      pinned: [boxed.keys.dcc.certificate],
      dccEui: parseEui('90B3D51F30000002'),
    });
    expect(pinned).toMatchObject({ ok: true });
    // not pinned, the ACB's certificate is refused as not an XML-signing certificate
    const unpinned = verifyDuisXml(xml, { certificates: [boxed.keys.dcc.certificate] });
    expect(unpinned).toMatchObject({ ok: false, code: 'XMLDSIG_NOT_XML_SIGNING' });
    const s = stats();
    const read = readDuisDeviceAnswer(xml, send, keys(), s);
    expect('finding' in read).toBe(false);
    expect(read).toMatchObject({
      response: Buffer.from(response).toString('hex'),
      outcomes: expect.arrayContaining([expect.objectContaining({ newOwner: NO.eui })]),
    });
    expect(s).toMatchObject({ gbcsSignaturesChecked: 1, gbcsMacsChecked: 1, gbcsRefused: 0 });
  });

  it('finds a MAC that does not verify with the recipient user KA key', () => {
    const bad = response.slice();
    bad[bad.length - 1]! ^= 0x01;
    const s = stats();
    const read = readDuisDeviceAnswer(boxedAnswer(bad, request), send, keys(), s);
    expect(read).toEqual({ finding: expect.objectContaining({ code: GBCS_ANSWER_FINDINGS.mac }) });
    expect(s.gbcsRefused).toBe(1);
  });

  it("finds a device signature that does not verify with the device's DS key", () => {
    const other = deviceKeys(parseEui('00DB1234567890B1'));
    const read = readDuisDeviceAnswer(
      boxedAnswer(response, request),
      send,
      keys(() => ({ ds: other.ds.publicKey, ka: deviceKeys(A0).ka.publicKey })),
      stats(),
    );
    expect(read).toEqual({ finding: expect.objectContaining({ code: GBCS_ANSWER_FINDINGS.signature }) });
  });

  it('finds an unreadable GBCSPayload instead of failing', () => {
    for (const junk of [Uint8Array.of(0xdd, 0x00), Uint8Array.of(0x01, 0x02, 0x03), new Uint8Array(300)]) {
      const read = readDuisDeviceAnswer(boxedAnswer(junk, request), send, keys(), stats());
      expect(read).toEqual({ finding: expect.objectContaining({ code: GBCS_ANSWER_FINDINGS.unreadable }) });
    }
  });
});
