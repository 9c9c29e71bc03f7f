import type { KeyObject } from 'node:crypto';
import type { Eui } from './eui';
import type { KeyUsage } from './roles';

/**
 * A certificate decoded once at the boundary. Inner code works on this value and never re-parses DER.
 * Fields are `undefined` when the certificate does not carry them (a profile finding says so).
 */
export interface OrgCertificate {
  /** The exact DER bytes. */
  readonly der: Uint8Array;
  /** SHA-256 of the DER, lower-case hex: the cache key everywhere. */
  readonly fingerprint: string;
  /** Serial number, lower-case hex without leading zero bytes. */
  readonly serialHex: string;
  readonly issuerCn: string | undefined;
  readonly issuerOu: string | undefined;
  readonly subjectCn: string | undefined;
  readonly subjectOu: string | undefined;
  /** Role code from the subject OU (two hex digits), if well formed. */
  readonly role: number | undefined;
  /** Owner User ID from subject x500UniqueIdentifier (OID 2.5.4.45), if a 64-bit bit string. */
  readonly eui: Eui | undefined;
  /** DS or KA when keyUsage has exactly digitalSignature or keyAgreement; undefined otherwise. */
  readonly keyUsage: KeyUsage | undefined;
  readonly isCa: boolean;
  readonly pathLen: number | undefined;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** subjectKeyIdentifier / authorityKeyIdentifier keyIdentifier, lower-case hex. */
  readonly ski: string | undefined;
  readonly aki: string | undefined;
  readonly policyOids: readonly string[];
  /** SMETS1 Certificate ID: serial + issuer CN, written `<serialHex>@<issuerCn>`. */
  readonly certificateId: string;
  /** SubjectPublicKeyInfo DER. */
  readonly spki: Uint8Array;
  /** Public key as a node:crypto KeyObject, created once on first use (undefined when the key is not EC P-256). */
  readonly publicKey: KeyObject | undefined;
  /** X.509 version as written (3 for v3). */
  readonly version: number;
  /** Raw content bytes of the serialNumber INTEGER (two's complement, may start with 0x00). */
  readonly serialBytes: Uint8Array;
  /** The exact TBSCertificate DER: the bytes the issuer signed. */
  readonly tbsDer: Uint8Array;
  /** Outer signatureAlgorithm OID (ecdsa-with-SHA256 is 1.2.840.10045.4.3.2). */
  readonly signatureAlgorithmOid: string;
  /** True when the TBS signature algorithm equals the outer one. */
  readonly signatureAlgorithmsMatch: boolean;
  /** The certificate signature as r||s, or undefined when it is not an ECDSA-Sig-Value. */
  readonly signatureP1363: Uint8Array | undefined;
  /** Every extension in order, with its criticality. */
  readonly extensions: readonly CertificateExtension[];
  /** Named-curve OID of the key (P-256 is 1.2.840.10045.3.1.7), undefined when not an EC key. */
  readonly publicKeyCurveOid: string | undefined;
  /** Issuer and subject Name DER, lower-case hex, for exact name matching. */
  readonly issuerDerName: string;
  readonly subjectDerName: string;
  /** Name comparison keys (RFC 5280 7.1: string type and case ignored), used for path building. */
  readonly issuerNameKey: string;
  readonly subjectNameKey: string;
  /** Key usage bits set, by RFC 5280 name (e.g. `digitalSignature`); undefined when absent. */
  readonly keyUsageBits: readonly string[] | undefined;
  /** Bit length of subject x500UniqueIdentifier, undefined when absent. */
  readonly uniqueIdentifierBits: number | undefined;
}

/** One X.509 extension header. */
export interface CertificateExtension {
  readonly oid: string;
  readonly critical: boolean;
}

/** A signer bound to one private key; signs bytes with ECDSA P-256 / SHA-256, returning r||s (64 bytes). */
export interface Signer {
  readonly publicKey: KeyObject;
  sign(data: Uint8Array): Uint8Array;
  /** The private key as PKCS#8 PEM, for writing a test PKI to disk (`smets1 pki`); never logged. */
  exportPrivateKeyPem(): string;
}

/** A party's certificate together with its private key (for test PKIs and the ZAZ1 test keystore). */
export interface CredentialPair {
  readonly certificate: OrgCertificate;
  readonly signer: Signer;
}

/** A revocation list: certificate IDs (`<serialHex>@<issuerCn>`) that are revoked. */
export type RevocationList = ReadonlySet<string>;

/** Why a certification path did not validate. */
export type PathFailureCode =
  | 'PATH_UNKNOWN_ISSUER'
  | 'PATH_BAD_SIGNATURE'
  | 'PATH_NOT_YET_VALID'
  | 'PATH_EXPIRED'
  | 'PATH_REVOKED'
  | 'PATH_ISSUER_NOT_CA'
  | 'PATH_ISSUER_NO_KEY_CERT_SIGN'
  | 'PATH_LEN_EXCEEDED'
  | 'PATH_UNKNOWN_CRITICAL_EXTENSION'
  | 'PATH_AKI_MISMATCH'
  | 'PATH_TOO_LONG';

/** Outcome of certification path validation; `link` is the index in the built chain (0 = leaf). */
export type PathVerdict =
  | { readonly ok: true; readonly chain: readonly OrgCertificate[] }
  | { readonly ok: false; readonly code: PathFailureCode; readonly link: number; readonly detail: string };
