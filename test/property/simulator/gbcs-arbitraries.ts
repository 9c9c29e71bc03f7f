import fc from 'fast-check';
import type { CellId } from '../../../certs/roles';
import { parseEui } from '../../../certs/eui';
import {
  CredentialsReplacementMode,
  type GeneralSigningApdu,
  type UpdateSecurityCredentials,
  type UscResponse,
} from '../../../simulator/gbcs';

const ROLES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 127, 135, 137] as const;
const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
const bytes = (min: number, max: number): fc.Arbitrary<Uint8Array> =>
  fc.uint8Array({ minLength: min, maxLength: max });

/** Any TrustAnchorCellIdentifier. */
export const cellArb: fc.Arbitrary<CellId> = fc.record({
  role: fc.constantFrom(...ROLES),
  keyUsage: fc.constantFrom('DS' as const, 'KA' as const),
  cellUsage: fc.constantFrom('management' as const, 'prePaymentTopUp' as const),
});

/** A stand-in certificate: any DER SEQUENCE (the codec embeds certificates verbatim). */
const certArb = bytes(0, 300).map((c) => {
  const len =
    c.length < 128 ? [c.length] : c.length < 256 ? [0x81, c.length] : [0x82, c.length >> 8, c.length & 0xff];
  return Uint8Array.from([0x30, ...len, ...c]);
});

/** A SpecialistSeqNumber { usage, seq }. */
const specialistArb = fc.record({ usage: fc.integer({ min: 0, max: 255 }), seq: u64 });

/** A RemotePartySeqNumberChange, with or without its specialist floor list (RTDS carries both). */
const seqChangeArb = fc.record(
  {
    role: fc.integer({ min: 0, max: 255 }),
    seq: u64,
    specialistFloors: fc.array(specialistArb, { maxLength: 2 }),
  },
  { requiredKeys: ['role', 'seq'] },
);

/** Any encodable UpdateSecurityCredentials (the authorising cell is OPTIONAL, as in the ACB's 8.5). */
export const uscArb: fc.Arbitrary<UpdateSecurityCredentials> = fc.record(
  {
    mode: fc.constantFrom(...Object.values(CredentialsReplacementMode)),
    plainTextSymmetricKey: bytes(16, 16),
    applyTimeBasedCpvChecks: fc.constantFrom('apply' as const, 'disapply' as const),
    authorisingCell: cellArb,
    authorisingSeqNumber: u64,
    newFloorSeqNumber: u64,
    specialistFloors: fc.array(specialistArb, { maxLength: 3 }),
    otherSeqChanges: fc.array(seqChangeArb, { maxLength: 3 }),
    replacements: fc.array(fc.record({ certificate: certArb, targetCell: cellArb }), {
      minLength: 1,
      maxLength: 3,
    }),
    certificationPath: fc.array(certArb, { maxLength: 3 }),
    executionDateTime: fc.integer({ min: -62135596800, max: 253402300799 }).map((s) => new Date(s * 1000)),
  },
  { requiredKeys: ['mode', 'authorisingSeqNumber', 'replacements', 'certificationPath'] },
);

/** Any encodable General-Signing APDU. */
export const apduArb: fc.Arbitrary<GeneralSigningApdu> = fc.record(
  {
    craFlag: fc.constantFrom(1 as const, 2 as const, 3 as const),
    originatorCounter: u64,
    originator: bytes(8, 8).map((b) => parseEui(b)),
    recipient: bytes(8, 8).map((b) => parseEui(b)),
    dateTime: bytes(12, 12),
    messageCode: fc.integer({ min: 0, max: 0xffff }),
    supplementary: bytes(1, 20),
    content: bytes(0, 400),
    signature: bytes(64, 64),
  },
  { requiredKeys: ['craFlag', 'originatorCounter', 'originator', 'recipient', 'messageCode', 'content'] },
);

/** Any encodable UpdateSecurityCredentials response. */
export const uscResponseArb: fc.Arbitrary<UscResponse> = fc.record({
  authorisingSeqNumber: u64,
  mode: fc.constantFrom(...Object.values(CredentialsReplacementMode)),
  seqNumberChanges: fc.array(seqChangeArb, { maxLength: 3 }),
  outcomes: fc.array(
    fc.record(
      {
        cell: cellArb,
        status: fc.constantFrom(0, 5, 10, 17, 25, 30, 127),
        existingSubjectUniqueId: bytes(8, 8),
        existingSubjectKeyId: bytes(8, 8),
        replacingSubjectUniqueId: bytes(8, 8),
        replacingSubjectKeyId: bytes(8, 8),
      },
      { requiredKeys: ['cell', 'status'] },
    ),
    { maxLength: 4 },
  ),
});
