import { AsnConvert } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  Extensions,
  Name,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
} from '@peculiar/asn1-x509';
import type { Extension } from '@peculiar/asn1-x509';
import { CertsError } from './errors';
import type { Eui } from './eui';
import { euiToBytes } from './eui';
import type { KeyUsage } from './roles';
import { roleToOu } from './roles';
import type { CredentialPair, Signer } from './types';
import { decodeCertificate } from './decode';
import { deriveSigner, p1363ToDerSignature, rawPublicKey, sha256, spkiOf } from './crypto';
import { tlv } from './der/writer';
import {
  akiExtension,
  caConstraintsExtension,
  encodeName,
  keyUsageExtension,
  policyExtension,
  skiExtension,
  toArrayBuffer,
  unknownCriticalExtension,
} from './issue-encode';
import type { NameAttribute } from './issue-encode';

/** ZAZ1 organisation certificate policy OID, used by default. */
export const DEFAULT_POLICY_OID = '1.2.826.0.1.8641679.1.2.1.4';
/** Default validity of the generated test PKI. */
export const DEFAULT_NOT_BEFORE = new Date('2015-01-01T00:00:00Z');
/** Default notAfter of the generated test PKI. */
export const DEFAULT_NOT_AFTER = new Date('2035-01-01T00:00:00Z');

const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
const ECDSA_WITH_SHA384 = '1.2.840.10045.4.3.3';
const OID_CN = '2.5.4.3';
const OID_OU = '2.5.4.11';
const OID_UNIQUE_ID = '2.5.4.45';

/** Every deliberate profile or path defect for negative tests, in a stable order. */
export const CERT_DEFECTS = [
  'keyUsageBoth',
  'keyUsageNone',
  'keyUsageNotCritical',
  'policyMissing',
  'policyNotCritical',
  'unknownCriticalExtension',
  'skiLength4',
  'akiMissing',
  'ouMalformed',
  'serialNegative',
  'badSignature',
  'wrongSignatureAlgorithm',
] as const;

/** A deliberate profile or path defect for negative tests. */
export type CertDefect = (typeof CERT_DEFECTS)[number];

/** Options for one organisation (leaf) certificate. */
export interface LeafOptions {
  seed: string;
  label: string;
  issuer: CredentialPair;
  /** The owner's EUI; raw bytes allow a wrong-length identifier. */
  subjectEui: Eui | Uint8Array;
  role: number;
  keyUsage: KeyUsage;
  /** Optional subject CN. */
  subjectCn?: string;
  notBefore?: Date;
  notAfter?: Date;
  policyOid?: string;
  defects?: readonly CertDefect[];
  /** Reuse a key (e.g. across DS and KA certificates of the same owner). */
  subjectKey?: Signer;
}

/** Options for a root or organisation CA certificate. */
export interface CaOptions {
  seed: string;
  label: string;
  name: string;
  ou: '00' | '07';
  /** Undefined = self-signed root. */
  issuer?: CredentialPair;
  pathLen?: number;
  notBefore?: Date;
  notAfter?: Date;
  policyOid?: string;
}

interface TbsInput {
  serial: Uint8Array;
  issuerName: Name;
  subjectName: Name;
  notBefore: Date;
  notAfter: Date;
  subjectKey: Signer;
  extensions: Extension[];
  signatureOid: string;
}

/** A 16-byte positive serial derived from seed and label (first byte in 0x40..0x7f so DER keeps 16 bytes). */
function deriveSerial(seed: string, label: string, negative: boolean): Uint8Array {
  const serial = sha256(Buffer.from(`${seed}\u0000serial\u0000${label}`, 'utf8')).slice(0, 16);
  serial[0] = negative ? serial[0]! | 0x80 : (serial[0]! & 0x3f) | 0x40;
  return serial;
}

/** Key identifier: the first `length` bytes of SHA-256 of the uncompressed public point. */
function keyIdentifier(signer: Signer, length = 8): Uint8Array {
  return sha256(rawPublicKey(signer.publicKey)).slice(0, length);
}

function issuerKeyId(issuer: CredentialPair): Uint8Array {
  const ski = issuer.certificate.ski;
  return ski === undefined ? keyIdentifier(issuer.signer) : Uint8Array.from(Buffer.from(ski, 'hex'));
}

function checkValidity(notBefore: Date, notAfter: Date): void {
  if (Number.isNaN(notBefore.getTime()) || Number.isNaN(notAfter.getTime()) || notAfter < notBefore) {
    throw new CertsError('ERR_PKI_OPTIONS', 'validity must be two valid dates with notBefore <= notAfter');
  }
}

function signCertificate(input: TbsInput, issuerSigner: Signer, corruptSignature: boolean): CredentialPair {
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: toArrayBuffer(input.serial),
    signature: new AlgorithmIdentifier({ algorithm: input.signatureOid }),
    issuer: input.issuerName,
    validity: new Validity({ notBefore: input.notBefore, notAfter: input.notAfter }),
    subject: input.subjectName,
    subjectPublicKeyInfo: AsnConvert.parse(spkiOf(input.subjectKey.publicKey), SubjectPublicKeyInfo),
    extensions: new Extensions(input.extensions),
  });
  const tbsDer = new Uint8Array(AsnConvert.serialize(tbs));
  const signature = issuerSigner.sign(tbsDer);
  if (corruptSignature) signature[63] = signature[63]! ^ 0x01;
  const algorithm = new Uint8Array(
    AsnConvert.serialize(new AlgorithmIdentifier({ algorithm: input.signatureOid })),
  );
  const sigValue = tlv(0x03, Uint8Array.from([0, ...p1363ToDerSignature(signature)]));
  const der = tlv(0x30, Uint8Array.from([...tbsDer, ...algorithm, ...sigValue]));
  return { certificate: decodeCertificate(der), signer: input.subjectKey };
}

function issuerNameOf(issuer: CredentialPair): Name {
  return AsnConvert.parse(Buffer.from(issuer.certificate.subjectDerName, 'hex'), Name);
}

/**
 * Issues one SMKI organisation certificate under `issuer`, deterministically from seed and label,
 * with optional deliberate defects. @see SMKI Organisation Certificate Policy (certificate profile)
 */
export function issueLeafCertificate(options: LeafOptions): CredentialPair {
  const defects = new Set(options.defects ?? []);
  const notBefore = options.notBefore ?? DEFAULT_NOT_BEFORE;
  const notAfter = options.notAfter ?? DEFAULT_NOT_AFTER;
  checkValidity(notBefore, notAfter);
  const subjectKey = options.subjectKey ?? deriveSigner(options.seed, options.label);
  const euiBytes =
    typeof options.subjectEui === 'string' ? euiToBytes(options.subjectEui) : options.subjectEui;
  const ou = roleToOu(options.role);
  const attributes: NameAttribute[] = [];
  if (options.subjectCn !== undefined) attributes.push({ oid: OID_CN, text: options.subjectCn });
  attributes.push({ oid: OID_OU, text: defects.has('ouMalformed') ? `${ou}Z` : ou });
  attributes.push({ oid: OID_UNIQUE_ID, bits: euiBytes });

  const extensions: Extension[] = [];
  if (!defects.has('keyUsageNone')) {
    const choice = defects.has('keyUsageBoth') ? 'both' : options.keyUsage;
    extensions.push(keyUsageExtension(choice, !defects.has('keyUsageNotCritical')));
  }
  extensions.push(skiExtension(keyIdentifier(subjectKey, defects.has('skiLength4') ? 4 : 8)));
  if (!defects.has('policyMissing')) {
    extensions.push(
      policyExtension(options.policyOid ?? DEFAULT_POLICY_OID, !defects.has('policyNotCritical')),
    );
  }
  if (!defects.has('akiMissing')) extensions.push(akiExtension(issuerKeyId(options.issuer)));
  if (defects.has('unknownCriticalExtension')) extensions.push(unknownCriticalExtension());

  return signCertificate(
    {
      serial: deriveSerial(options.seed, options.label, defects.has('serialNegative')),
      issuerName: issuerNameOf(options.issuer),
      subjectName: encodeName(attributes),
      notBefore,
      notAfter,
      subjectKey,
      extensions,
      signatureOid: defects.has('wrongSignatureAlgorithm') ? ECDSA_WITH_SHA384 : ECDSA_WITH_SHA256,
    },
    options.issuer.signer,
    defects.has('badSignature'),
  );
}

/** Issues a root (self-signed, OU 00) or organisation CA (OU 07) certificate, deterministically. */
export function issueCaCertificate(options: CaOptions): CredentialPair {
  const notBefore = options.notBefore ?? DEFAULT_NOT_BEFORE;
  const notAfter = options.notAfter ?? DEFAULT_NOT_AFTER;
  checkValidity(notBefore, notAfter);
  if (
    options.pathLen !== undefined &&
    (!Number.isInteger(options.pathLen) || options.pathLen < 0 || options.pathLen > 255)
  ) {
    throw new CertsError('ERR_PKI_OPTIONS', `pathLen must be an integer 0..255, got ${options.pathLen}`);
  }
  const subjectKey = deriveSigner(options.seed, options.label);
  const subjectName = encodeName([
    { oid: OID_OU, text: options.ou, printable: true },
    { oid: OID_CN, text: options.name, printable: true },
  ]);
  const ski = keyIdentifier(subjectKey);
  const issuer = options.issuer;
  const pathLen = options.pathLen ?? (issuer ? 0 : undefined);
  return signCertificate(
    {
      serial: deriveSerial(options.seed, options.label, false),
      issuerName: issuer ? issuerNameOf(issuer) : subjectName,
      subjectName,
      notBefore,
      notAfter,
      subjectKey,
      extensions: [
        keyUsageExtension('ca', true),
        caConstraintsExtension(pathLen),
        policyExtension(options.policyOid ?? DEFAULT_POLICY_OID, true),
        skiExtension(ski),
        akiExtension(issuer ? issuerKeyId(issuer) : ski),
      ],
      signatureOid: ECDSA_WITH_SHA256,
    },
    issuer ? issuer.signer : subjectKey,
    false,
  );
}
