import { DuisError } from './errors';
import type { DuisBody, DuisReplacementCertificates } from './types';
import { formatBase64, formatDateTime, formatU64, parseToken } from './values';
import { el, leaf, type ENode } from './xml-emit';

/** Builds the body element of a request in DUIS element order. @see DUIS 3.8.x */
export function emitBody(body: DuisBody): ENode {
  switch (body.kind) {
    case 'UpdateSecurityCredentialsKRP':
    case 'RequestHandoverOfDCCControlledDevice': {
      const children: ENode[] = [];
      if (body.kind === 'UpdateSecurityCredentialsKRP' && body.executionDateTime) {
        children.push(leaf('ExecutionDateTime', formatDateTime(body.executionDateTime, 'ExecutionDateTime')));
      }
      children.push(leaf('RemotePartyRole', parseToken(body.remotePartyRole, 'RemotePartyRole')));
      if (body.floorSeqNumber !== undefined)
        children.push(leaf('RemotePartyFloorSeqNumber', formatU64(body.floorSeqNumber, 'floor')));
      if (body.prepaymentTopUpFloorSeqNumber !== undefined) {
        children.push(
          leaf(
            'RemotePartyPrepaymentTopUpFloorSeqNumber',
            formatU64(body.prepaymentTopUpFloorSeqNumber, 'top-up floor'),
          ),
        );
      }
      const certs = emitCertificates(body.replacements);
      children.push(
        el(
          'ReplacementCertificates',
          body.kind === 'UpdateSecurityCredentialsKRP'
            ? [el('SupplierOrNetworkOperatorCertificates', certs)]
            : certs,
        ),
      );
      if (body.certificationPath.length < 1 || body.certificationPath.length > 3) {
        throw new DuisError('ERR_DUIS_FIELD', 'CertificationPathCertificates needs 1..3 certificates');
      }
      children.push(
        el(
          'CertificationPathCertificates',
          body.certificationPath.map((c) => leaf('Certificate', formatBase64(c))),
        ),
      );
      children.push(leaf('ApplyTimeBasedCPVChecks', String(body.applyTimeBasedCpvChecks)));
      return el(body.kind, children);
    }
    case 'UpdateSecurityCredentialsDevice':
      return el(body.kind, [leaf('DeviceCertificate', formatBase64(body.deviceCertificate))]);
    case 'RetrieveDeviceSecurityCredentialsKRP':
      if (body.remotePartyRoles.length === 0)
        throw new DuisError('ERR_DUIS_FIELD', 'at least one RemotePartyRole');
      return el(
        body.kind,
        body.remotePartyRoles.map((r) => leaf('RemotePartyRole', parseToken(r, 'RemotePartyRole'))),
      );
    case 'EnableSupply':
    case 'DisableSupply':
      return el(
        body.kind,
        body.executionDateTime
          ? [leaf('ExecutionDateTime', formatDateTime(body.executionDateTime, 'ExecutionDateTime'))]
          : [],
      );
    case 'SignedPreCommand':
      return el(body.kind, [leaf('GBCSPayload', formatBase64(body.gbcsPayload))]);
  }
}

function emitCertificates(c: DuisReplacementCertificates): ENode[] {
  const out: ENode[] = [];
  if (c.ds) out.push(leaf('DigitalSigningCertificate', formatBase64(c.ds)));
  if (c.ka) out.push(leaf('KeyAgreementCertificate', formatBase64(c.ka)));
  if (c.kaTopUp) out.push(leaf('KeyAgreementTopUpCertificate', formatBase64(c.kaTopUp)));
  if (out.length === 0) throw new DuisError('ERR_DUIS_FIELD', 'no replacement certificates');
  return out;
}
