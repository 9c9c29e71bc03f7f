/** DUIS XML codecs for the SRVs the harness exercises (6.15.1, 6.15.2, 6.21, 6.24.1, 7.1, 7.2) and DUIS responses. */
export { DuisError, type DuisErrorCode } from './errors';
export { parseRequestId, formatRequestId, type RequestId } from './request-id';
export { CommandVariant, carriesSignedPreCommand, type CommandVariantNumber } from './command-variant';
export {
  SERVICE_REFERENCE,
  BODY_ELEMENT,
  SRVS,
  type Srv,
  type DuisBody,
  type DuisReplacementCertificates,
  type DuisRemotePartyRole,
  type DuisRequest,
  type DuisResponseCode,
  type DuisResponseBody,
  type DuisResponse,
} from './types';
export { parseDuisRequest, emitDuisRequest, isSupportedSrv } from './request';
export { emitDuisResponse, parseDuisResponse } from './response';
export { MAX_DUIS_BYTES, SUG_NAMESPACE } from './xml-tree';
