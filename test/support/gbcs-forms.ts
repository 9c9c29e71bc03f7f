/**
 * Every GBCS form the DCC's reference test data (RTDS) shows, built from keys made here: an organisation
 * PKI (supplier, network operator, ACB) from the project's test-PKI issuer and a device whose DS and KA
 * key pairs come from node's generateKeyPairSync. Shared by the decode/verify unit tests, the CLI and
 * HTTP tests and the bench. No DCC file is used.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { derToPem, issueTestPki, keyAgreementKeyFromPem, parseEui, type Eui } from '../../certs';
import {
  buildAlertApdu,
  encodeAlertContent,
  encodeCs02bAlert,
  encodeGbcsDateTime,
  encodeGeneralSigning,
  encodeSignedPart,
  encodeUpdateSecurityCredentials,
  encodeUscResponse,
  withSignature,
  wrapGeneralCiphering,
  type GeneralSigningApdu,
  type GbcsKeystore,
  type UpdateSecurityCredentials,
  type UscResponse,
} from '../../simulator/gbcs';

export const SUPPLIER = parseEui('90B3D51F30010000');
export const NETWORK_OPERATOR = parseEui('90B3D51F30020000');
export const ACB = parseEui('90B3D51F30000002');
export const DEVICE = parseEui('0A1B2C3D4E5F6071');

const pki = issueTestPki({
  seed: 'gbcs-forms',
  parties: [
    { name: 'supplier', eui: SUPPLIER, role: 2 },
    { name: 'network operator', eui: NETWORK_OPERATOR, role: 3 },
    { name: 'acb', eui: ACB, role: 4 },
  ],
});

const newPair = () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const device = { ds: newPair(), ka: newPair() };

interface Party {
  readonly dsPrivate: KeyObject;
  readonly kaPrivate: KeyObject;
  readonly ds: KeyObject;
  readonly ka: KeyObject;
  /** PEM of the DS and KA certificates (organisations) or SubjectPublicKeyInfo (the device). */
  readonly dsPem: string;
  readonly kaPem: string;
  readonly role?: number;
}

function orgParty(eui: Eui): Party {
  const p = pki.parties.find((x) => x.eui === eui)!;
  const ka = keyAgreementKeyFromPem(p.ka.signer.exportPrivateKeyPem());
  const ds = keyAgreementKeyFromPem(p.ds.signer.exportPrivateKeyPem());
  return {
    dsPrivate: ds.privateKey,
    kaPrivate: ka.privateKey,
    ds: ds.publicKey,
    ka: ka.publicKey,
    dsPem: derToPem(p.ds.certificate.der),
    kaPem: derToPem(p.ka.certificate.der),
    role: p.role,
  };
}

const spkiPem = (k: KeyObject) => k.export({ format: 'pem', type: 'spki' }).toString();

export const PARTIES: ReadonlyMap<Eui, Party> = new Map<Eui, Party>([
  [SUPPLIER, orgParty(SUPPLIER)],
  [NETWORK_OPERATOR, orgParty(NETWORK_OPERATOR)],
  [ACB, orgParty(ACB)],
  [
    DEVICE,
    {
      dsPrivate: device.ds.privateKey,
      kaPrivate: device.ka.privateKey,
      ds: device.ds.publicKey,
      ka: device.ka.publicKey,
      dsPem: spkiPem(device.ds.publicKey),
      kaPem: spkiPem(device.ka.publicKey),
    },
  ],
]);

const party = (eui: Eui) => PARTIES.get(eui)!;

/** The keystore verifyGbcs takes, with every key of every party (role 4 marks the ACB). */
export function formsKeystore(): GbcsKeystore {
  return new Map(
    [...PARTIES].map(([eui, p]) => [
      eui,
      {
        ds: p.ds,
        ka: p.ka,
        dsPrivate: p.dsPrivate,
        kaPrivate: p.kaPrivate,
        ...(p.role === undefined ? {} : { role: p.role }),
      },
    ]),
  );
}

/**
 * Writes the keystore as the DCC's open test keystores lay it out: `<eui>-ds.pem`, `-ka.pem`
 * (certificate, or public key for the device), `-ds.key`, `-ka.key` (PKCS#8 private keys).
 * `only` limits which parties' private keys are written (default: all).
 */
export function writeFormsKeystore(dir: string, only?: readonly Eui[]): void {
  mkdirSync(dir, { recursive: true });
  for (const [eui, p] of PARTIES) {
    const name = eui.toLowerCase();
    writeFileSync(join(dir, `${name}-ds.pem`), p.dsPem);
    writeFileSync(join(dir, `${name}-ka.pem`), p.kaPem);
    if (only && !only.includes(eui)) continue;
    writeFileSync(join(dir, `${name}-ds.key`), p.dsPrivate.export({ format: 'pem', type: 'pkcs8' }));
    writeFileSync(join(dir, `${name}-ka.key`), p.kaPrivate.export({ format: 'pem', type: 'pkcs8' }));
  }
}

const hex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h.replace(/\s+/g, ''), 'hex'));
const DATE_TIME = encodeGbcsDateTime(new Date('2026-01-01T00:00:00Z'));

/** Signs a General-Signing APDU with `signer`'s DS key (SHA-256, r||s over the signed part). */
export function signed(apdu: GeneralSigningApdu, signer: Eui): Uint8Array {
  const part = encodeSignedPart(apdu);
  const sig = sign('sha256', part, { key: party(signer).dsPrivate, dsaEncoding: 'ieee-p1363' });
  return withSignature(part, Uint8Array.from(sig));
}

/** The ACB's wrap of a command for the device; the device's wrap of a response or alert for `to`. */
export function wrapped(generalSigning: Uint8Array, own: Eui, peer: Eui): Uint8Array {
  return wrapGeneralCiphering(generalSigning, party(own).kaPrivate, party(peer).ka);
}

const CERT = hex('3003020105');

/** The 6.15.1 NO-by-NO command, with a new floor and a [6] change carrying the specialist list. */
export const NO_BY_NO: UpdateSecurityCredentials = {
  mode: 3,
  authorisingCell: { role: 3, keyUsage: 'DS', cellUsage: 'management' },
  authorisingSeqNumber: 1200n,
  newFloorSeqNumber: 0n,
  otherSeqChanges: [{ role: 2, seq: 0n, specialistFloors: [{ usage: 0, seq: 0n }] }],
  replacements: [{ certificate: CERT, targetCell: { role: 3, keyUsage: 'DS', cellUsage: 'management' } }],
  certificationPath: [],
};

/** The ACB's own command (8.5, accessControlBrokerByACB): no authorising cell, as RTDS has it. */
export const ACB_BY_ACB: UpdateSecurityCredentials = {
  mode: 4,
  authorisingSeqNumber: 77n,
  replacements: [{ certificate: CERT, targetCell: { role: 4, keyUsage: 'KA', cellUsage: 'management' } }],
  certificationPath: [],
};

export const OUTCOME: UscResponse = {
  authorisingSeqNumber: 1200n,
  mode: 3,
  seqNumberChanges: [{ role: 3, seq: 0n, specialistFloors: [{ usage: 0, seq: 0n }] }],
  outcomes: [
    {
      cell: { role: 3, keyUsage: 'DS', cellUsage: 'management' },
      status: 0,
      existingSubjectUniqueId: hex('90b3d51f30020000'),
      existingSubjectKeyId: hex('1111111111111111'),
      replacingSubjectUniqueId: hex('90b3d51f30020000'),
      replacingSubjectKeyId: hex('2222222222222222'),
    },
  ],
};

const command = (usc: UpdateSecurityCredentials, from: Eui, counter: bigint): GeneralSigningApdu => ({
  craFlag: 1,
  originatorCounter: counter,
  originator: from,
  recipient: DEVICE,
  messageCode: 0x0100 + usc.mode,
  content: encodeUpdateSecurityCredentials(usc),
});

const response = (content: Uint8Array, to: Eui, code: number, counter: bigint): GeneralSigningApdu => ({
  craFlag: 2,
  originatorCounter: counter,
  originator: DEVICE,
  recipient: to,
  dateTime: DATE_TIME,
  messageCode: code,
  content,
});

/** One named form: its bytes and what decodeGbcs must say about it. */
export interface GbcsForm {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly envelope: 'general-signing' | 'general-ciphering';
  readonly form: 'pre-command' | 'signed' | 'unsigned';
  readonly contentKind: 'cs02b-command' | 'cs02b-response' | 'cs02b-alert' | 'dlms-alert' | 'bytes';
  readonly useCaseId?: string;
  readonly messageCode: number;
}

/** Every form, each built fresh from the keys above. */
export function gbcsForms(): GbcsForm[] {
  const noCommand = signed(command(NO_BY_NO, NETWORK_OPERATOR, 1200n), NETWORK_OPERATOR);
  const noPreCommand = encodeGeneralSigning(command(NO_BY_NO, NETWORK_OPERATOR, 1200n));
  // as RTDS has the ACB's own 8.5 command: the zero-length-signature (unsigned) form, wrapped
  const acbCommand = Uint8Array.from([...encodeGeneralSigning(command(ACB_BY_ACB, ACB, 77n)), 0x00]);
  const fullResponse = signed(response(encodeUscResponse(OUTCOME), NETWORK_OPERATOR, 0x0103, 1200n), DEVICE);
  const acceptedOnly = signed(response(hex('30020500'), SUPPLIER, 0x0102, 900n), DEVICE);
  const cs02bAlert = signed(
    {
      craFlag: 3,
      originatorCounter: 0x7e1n,
      originator: DEVICE,
      recipient: NETWORK_OPERATOR,
      messageCode: 0x00cb,
      content: encodeCs02bAlert({
        alertCode: 0x8f70,
        executionDateTime: new Date('2026-02-01T00:00:00Z'),
        executionOutcome: OUTCOME,
      }),
    },
    DEVICE,
  );
  const dlmsAlert = signed(
    buildAlertApdu({
      alertCode: 0x8f70,
      originatorCounter: 0x7e0n,
      originator: DEVICE,
      recipient: SUPPLIER,
      dateTime: DATE_TIME,
    }),
    DEVICE,
  );
  const futureDatedAlert = signed(
    {
      craFlag: 3,
      originatorCounter: 0x7e2n,
      originator: DEVICE,
      recipient: SUPPLIER,
      messageCode: 0x00cc,
      content: encodeAlertContent({
        alertCode: 0x8f66,
        originatorCounter: 0x7e2n,
        originator: DEVICE,
        recipient: SUPPLIER,
        dateTime: DATE_TIME,
        payload: [hex('0904deadbeef')],
      }),
    },
    DEVICE,
  );
  // DBCH02 Read CHF Sub GHz Channel Log: DLMS content (a get-request / get-response), kept as bytes.
  const dbch02Command = signed(
    {
      craFlag: 1,
      originatorCounter: 0x10n,
      originator: SUPPLIER,
      recipient: DEVICE,
      messageCode: 0x010b,
      content: hex('d9 01 c0 01 00 00 07 00 00 60 0a 01 ff 02 00'),
    },
    SUPPLIER,
  );
  const dbch02Response = signed(response(hex('da 01 c4 01 00 00 01 00'), SUPPLIER, 0x010b, 0x10n), DEVICE);
  const f = (
    name: string,
    bytes: Uint8Array,
    envelope: GbcsForm['envelope'],
    form: GbcsForm['form'],
    contentKind: GbcsForm['contentKind'],
    messageCode: number,
    useCaseId?: string,
  ): GbcsForm => ({
    name,
    bytes,
    envelope,
    form,
    contentKind,
    messageCode,
    ...(useCaseId ? { useCaseId } : {}),
  });
  return [
    f(
      'cs02b-command-wrapped',
      wrapped(noCommand, ACB, DEVICE),
      'general-ciphering',
      'signed',
      'cs02b-command',
      0x0103,
      'CS02b',
    ),
    f('cs02b-command-signed', noCommand, 'general-signing', 'signed', 'cs02b-command', 0x0103, 'CS02b'),
    f('cs02b-pre-command', noPreCommand, 'general-signing', 'pre-command', 'cs02b-command', 0x0103, 'CS02b'),
    f(
      'cs02b-acb-8.5-no-authorising-cell',
      wrapped(acbCommand, ACB, DEVICE),
      'general-ciphering',
      'unsigned',
      'cs02b-command',
      0x0104,
      'CS02b',
    ),
    f(
      'cs02b-response-wrapped',
      wrapped(fullResponse, DEVICE, NETWORK_OPERATOR),
      'general-ciphering',
      'signed',
      'cs02b-response',
      0x0103,
      'CS02b',
    ),
    f(
      'cs02b-response-command-accepted-only',
      wrapped(acceptedOnly, DEVICE, SUPPLIER),
      'general-ciphering',
      'signed',
      'cs02b-response',
      0x0102,
      'CS02b',
    ),
    f(
      'cs02b-alert',
      wrapped(cs02bAlert, DEVICE, NETWORK_OPERATOR),
      'general-ciphering',
      'signed',
      'cs02b-alert',
      0x00cb,
    ),
    f(
      'dlms-alert-8f70',
      wrapped(dlmsAlert, DEVICE, SUPPLIER),
      'general-ciphering',
      'signed',
      'dlms-alert',
      0x8f70,
    ),
    f('dlms-alert-future-dated', futureDatedAlert, 'general-signing', 'signed', 'dlms-alert', 0x00cc),
    f(
      'dbch02-command',
      wrapped(dbch02Command, ACB, DEVICE),
      'general-ciphering',
      'signed',
      'bytes',
      0x010b,
      'DBCH02',
    ),
    f(
      'dbch02-response',
      wrapped(dbch02Response, DEVICE, SUPPLIER),
      'general-ciphering',
      'signed',
      'bytes',
      0x010b,
      'DBCH02',
    ),
  ];
}

/** A CS02b command whose content is not UpdateSecurityCredentials: the header must survive. */
export function brokenCs02bCommand(): Uint8Array {
  return signed(
    {
      craFlag: 1,
      originatorCounter: 5n,
      originator: NETWORK_OPERATOR,
      recipient: DEVICE,
      messageCode: 0x0103,
      content: hex('3003020103'),
    },
    NETWORK_OPERATOR,
  );
}
