export { CertsError } from './errors';
export { CodedError, isCodedError } from './coded-error';
export { fileReadReason, jsonErrorText, lineColumn } from './input-text';
export type { CertsErrorCode, DerErrorCode } from './errors';
export { parseEui, isEui, isEuiText, formatEuiHyphenated, euiToBytes, EUI_PATTERN, EUI_SCHEMA } from './eui';
export type { Eui } from './eui';
export { RemotePartyRole, roleName, isRoleCode, roleToOu, ouToRole, cellKey, parseCellKey } from './roles';
export type { RemotePartyRoleName, RemotePartyRoleCode, KeyUsage, CellUsage, CellId } from './roles';
export type {
  OrgCertificate,
  CertificateExtension,
  Signer,
  CredentialPair,
  RevocationList,
  PathFailureCode,
  PathVerdict,
} from './types';
export {
  sha256,
  sha256Hex,
  deriveSigner,
  deriveNodeSigner,
  signerFromPrivateKeyPem,
  publicKeyFromSpki,
  verifyP1363,
  memoiseVerification,
  derSignatureToP1363,
  p1363ToDerSignature,
  spkiOf,
  rawPublicKey,
  deriveKeyAgreementKey,
  keyAgreementKeyFromPem,
  ecdhP256,
  aes128GcmTag,
  equalBytesConstantTime,
  type KeyAgreementKey,
} from './crypto';
export {
  decodeCertificate,
  clearDecodeCache,
  setDecodeCacheLimit,
  decodeCacheStats,
  DEFAULT_DECODE_CACHE_LIMIT,
  DEFAULT_DECODE_CACHE_BYTES,
} from './decode';
export { createLru, type Lru } from './lru';
export { pemToDerList, derToPem } from './pem';
export {
  issueLeafCertificate,
  issueCaCertificate,
  CERT_DEFECTS,
  DEFAULT_POLICY_OID,
  DEFAULT_NOT_BEFORE,
  DEFAULT_NOT_AFTER,
} from './issue';
export type { CertDefect, LeafOptions, CaOptions } from './issue';
export { issueTestPki, defaultPartySpecs } from './test-pki';
export type { PartySpec, PkiOptions, TestParty, TestPki } from './test-pki';
export { checkOrgProfile, checkCaProfile } from './profile';
export type { ProfileFinding, ProfileFindingCode } from './profile';
export { inspectCertificate } from './inspect';
export type { CertificateReport } from './inspect';
export {
  validatePath,
  clearPathCache,
  setPathCacheLimit,
  DEFAULT_PATH_CACHE_LIMIT,
  DEFAULT_PATH_CACHE_BYTES,
} from './path';
export type { PathOptions } from './path';
export { KeyStore } from './keystore';
export { loadDccKeystore } from './zaz1';
export type { DccKeystoreEntry } from './zaz1';
