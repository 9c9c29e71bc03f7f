/** GBCS codecs: General-Signing and General-Ciphering APDUs, the GBCS MAC, KRP signature bytes, the CS02b UpdateSecurityCredentials content, device alerts, the message-code table, decodeGbcs/verifyGbcs. */
export { GbcsError, type GbcsErrorCode } from './errors';
export {
  encodeGeneralSigning,
  decodeGeneralSigning,
  encodeSignedPart,
  withSignature,
  type CraFlag,
  type GeneralSigningApdu,
  type DecodedGeneralSigningApdu,
  type GeneralSigningForm,
} from './general-signing';
export { type GbcsFinding, type GbcsFindingCode } from './findings';
export {
  encodeGbcsDateTime,
  decodeGbcsDateTime,
  gbcsDateTimeToDate,
  GBCS_DATE_TIME_LENGTH,
  type GbcsDateTime,
} from './date-time';
export { krpSignedBytes, signKrp, verifyKrp } from './krp';
export {
  CredentialsReplacementMode,
  isCredentialsReplacementMode,
  TrustAnchorStatus,
  MAX_SEQ,
  type CredentialsReplacementModeName,
  type UpdateSecurityCredentials,
  type ReplacementOutcome,
  type UscResponse,
  type Cs02bResponse,
  type Cs02bAlert,
  type SeqNumberChange,
  type SpecialistSeqNumber,
} from './usc-types';
export { encodeUpdateSecurityCredentials } from './usc-encode';
export { decodeUpdateSecurityCredentials } from './usc-decode';
export {
  encodeUscResponse,
  decodeUscResponse,
  decodeCs02bResponse,
  decodeCs02bAlert,
  encodeCs02bAlert,
} from './usc-response';
export {
  gbcsUseCase,
  gbcsMessageCodes,
  cs02bModeOf,
  cs02bMessageCode,
  CS02B_ALERT_MESSAGE_CODE,
  type GbcsUseCase,
} from './message-codes';
export { buildCs02bCommand, decodeCs02bCommand, CS02B_MESSAGE_CODE_BASE } from './cs02b';
export {
  encodeGeneralCiphering,
  decodeGeneralCiphering,
  gbcsMacKey,
  computeGbcsMac,
  wrapGeneralCiphering,
  unwrapGeneralCiphering,
  checkGbcsMac,
  GBCS_MAC_LENGTH,
  GBCS_MAC_AAD_PREFIX,
  type DecodedGeneralCiphering,
  type UnwrappedGeneralCiphering,
  type MacTransaction,
} from './general-ciphering';
export {
  decodeGbcs,
  hex4,
  type DecodedGbcs,
  type GbcsContent,
  type GbcsCra,
  type GbcsEnvelope,
  type GbcsDecodeFinding,
  type GbcsDecodeFindingCode,
} from './decode';
export {
  verifyGbcs,
  type GbcsKeystore,
  type GbcsPartyKeys,
  type GbcsVerification,
  type GbcsSignatureStatus,
  type GbcsMacStatus,
} from './verify';
export { gbcsKeystoreFromFiles, type KeystoreFile, type LoadedGbcsKeystore } from './keystore';
export {
  GbcsAlertCode,
  gbcsAlertName,
  alertInvokeId,
  encodeAlertContent,
  decodeAlertContent,
  buildAlertApdu,
  decodeGbcsAlert,
  type GbcsAlert,
  type DecodedGbcsAlert,
  type AlertFinding,
  type AlertContent,
} from './alert';
