import { DuisError } from './errors';
import type { DuisBody, DuisReplacementCertificates } from './types';
import { parseBase64, parseBoolean, parseDateTime, parseToken, parseU64 } from './values';
import { ChildReader, leafText, type XNode } from './xml-tree';

const MAX_PATH_CERTIFICATES = 3;

/**
 * Parses one body element into its typed value; the element name selects the kind.
 * @see DUIS 3.8.x (request body of each SRV)
 */
export function parseBody(node: XNode): DuisBody {
  const local = node.name.slice(3);
  const r = new ChildReader(node);
  let body: DuisBody;
  switch (local) {
    case 'UpdateSecurityCredentialsKRP':
    case 'RequestHandoverOfDCCControlledDevice':
      body = parseKrpBody(local, r);
      break;
    case 'UpdateSecurityCredentialsDevice':
      body = {
        kind: local,
        deviceCertificate: parseBase64(leafText(r.required('DeviceCertificate')), 'DeviceCertificate'),
      };
      break;
    case 'RetrieveDeviceSecurityCredentialsKRP': {
      const roles = r.many('RemotePartyRole').map((n) => parseToken(leafText(n), 'RemotePartyRole'));
      if (roles.length === 0)
        throw new DuisError(
          'ERR_DUIS_SCHEMA',
          'RetrieveDeviceSecurityCredentialsKRP needs a RemotePartyRole',
        );
      body = { kind: local, remotePartyRoles: roles };
      break;
    }
    case 'EnableSupply':
    case 'DisableSupply': {
      if (node.text !== '') throw new DuisError('ERR_DUIS_SCHEMA', `${local} has text content`);
      const at = r.optional('ExecutionDateTime');
      body = at
        ? { kind: local, executionDateTime: parseDateTime(leafText(at), 'ExecutionDateTime') }
        : { kind: local };
      break;
    }
    case 'SignedPreCommand':
      body = { kind: local, gbcsPayload: parseBase64(leafText(r.required('GBCSPayload')), 'GBCSPayload') };
      break;
    default:
      throw new DuisError('ERR_DUIS_SCHEMA', `unsupported body element ${node.name}`);
  }
  r.end();
  return body;
}

function parseKrpBody(
  kind: 'UpdateSecurityCredentialsKRP' | 'RequestHandoverOfDCCControlledDevice',
  r: ChildReader,
): DuisBody {
  const at = kind === 'UpdateSecurityCredentialsKRP' ? r.optional('ExecutionDateTime') : undefined;
  const role = parseToken(leafText(r.required('RemotePartyRole')), 'RemotePartyRole');
  const floor = r.optional('RemotePartyFloorSeqNumber');
  const topUpFloor = r.optional('RemotePartyPrepaymentTopUpFloorSeqNumber');
  const reps = new ChildReader(r.required('ReplacementCertificates'));
  const replacements =
    kind === 'UpdateSecurityCredentialsKRP'
      ? parseCertificates(new ChildReader(reps.required('SupplierOrNetworkOperatorCertificates')))
      : parseCertificates(reps);
  reps.end();
  const pathReader = new ChildReader(r.required('CertificationPathCertificates'));
  const certificationPath = pathReader
    .many('Certificate')
    .map((n) => parseBase64(leafText(n), 'Certificate'));
  pathReader.end();
  if (certificationPath.length < 1 || certificationPath.length > MAX_PATH_CERTIFICATES) {
    throw new DuisError(
      'ERR_DUIS_SCHEMA',
      `CertificationPathCertificates holds ${certificationPath.length} certificates (1..3)`,
    );
  }
  const cpv = parseBoolean(leafText(r.required('ApplyTimeBasedCPVChecks')), 'ApplyTimeBasedCPVChecks');
  const body = {
    kind,
    remotePartyRole: role,
    replacements,
    certificationPath,
    applyTimeBasedCpvChecks: cpv,
  } as DuisBody & {
    executionDateTime?: Date;
    floorSeqNumber?: bigint;
    prepaymentTopUpFloorSeqNumber?: bigint;
  };
  if (at) body.executionDateTime = parseDateTime(leafText(at), 'ExecutionDateTime');
  if (floor) body.floorSeqNumber = parseU64(leafText(floor), 'RemotePartyFloorSeqNumber');
  if (topUpFloor)
    body.prepaymentTopUpFloorSeqNumber = parseU64(
      leafText(topUpFloor),
      'RemotePartyPrepaymentTopUpFloorSeqNumber',
    );
  return body;
}

function parseCertificates(r: ChildReader): DuisReplacementCertificates {
  const out: DuisReplacementCertificates = {};
  const ds = r.optional('DigitalSigningCertificate');
  const ka = r.optional('KeyAgreementCertificate');
  const top = r.optional('KeyAgreementTopUpCertificate');
  r.end();
  if (ds) out.ds = parseBase64(leafText(ds), 'DigitalSigningCertificate');
  if (ka) out.ka = parseBase64(leafText(ka), 'KeyAgreementCertificate');
  if (top) out.kaTopUp = parseBase64(leafText(top), 'KeyAgreementTopUpCertificate');
  if (!ds && !ka && !top) throw new DuisError('ERR_DUIS_SCHEMA', 'ReplacementCertificates is empty');
  return out;
}
