import type { Eui, OrgCertificate } from '../certs';
import { SERVICE_REFERENCE, type DuisRequest, type Srv } from './duis';
import type { KrpRemotePartyRole } from './pipeline/request';

/** Fields of a 6.15.1 / 6.21 replacement request. */
export interface ReplaceRequestArgs {
  readonly sender: Eui;
  readonly device: Eui;
  readonly counter: bigint;
  readonly remotePartyRole: KrpRemotePartyRole;
  readonly ds?: OrgCertificate;
  readonly ka?: OrgCertificate;
  readonly path?: readonly OrgCertificate[];
  readonly applyTimeBasedCpvChecks?: boolean;
  readonly floor?: bigint;
  readonly executionDateTime?: Date;
}

/** The header of a request from `sender` to `device` with `counter`. */
function header(srv: Srv, a: { sender: Eui; device: Eui; counter: bigint }, commandVariant: number) {
  return {
    requestId: { originator: a.sender, target: a.device, counter: a.counter },
    commandVariant,
    serviceReference: SERVICE_REFERENCE[srv],
    serviceReferenceVariant: srv,
  };
}

/** The replacement fields shared by 6.15.1 and 6.21 bodies. */
function replacementFields(a: ReplaceRequestArgs) {
  return {
    remotePartyRole: a.remotePartyRole,
    ...(a.floor === undefined ? {} : { floorSeqNumber: a.floor }),
    replacements: { ...(a.ds ? { ds: a.ds.der } : {}), ...(a.ka ? { ka: a.ka.der } : {}) },
    certificationPath: (a.path ?? []).map((c) => c.der),
    applyTimeBasedCpvChecks: a.applyTimeBasedCpvChecks ?? true,
  };
}

/** Builds a typed 6.15.1 Update Security Credentials (KRP) request, CommandVariant 4. @see DUIS 3.8.65 */
export function krpRequest(a: ReplaceRequestArgs): DuisRequest {
  return {
    ...header('6.15.1', a, 4),
    body: {
      kind: 'UpdateSecurityCredentialsKRP',
      ...(a.executionDateTime ? { executionDateTime: a.executionDateTime } : {}),
      ...replacementFields(a),
    },
  };
}

/** Builds a typed 6.21 Request Handover of DCC Controlled Device, CommandVariant 1. */
export function handoverRequest(a: Omit<ReplaceRequestArgs, 'executionDateTime'>): DuisRequest {
  return {
    ...header('6.21', a, 1),
    body: { kind: 'RequestHandoverOfDCCControlledDevice', ...replacementFields(a) },
  };
}

/** Builds a 6.24.1 Retrieve Device Security Credentials (KRP) request, CommandVariant 1. */
export function retrieveRequest(a: {
  sender: Eui;
  device: Eui;
  counter: bigint;
  roles?: KrpRemotePartyRole[];
}): DuisRequest {
  return {
    ...header('6.24.1', a, 1),
    body: {
      kind: 'RetrieveDeviceSecurityCredentialsKRP',
      remotePartyRoles: a.roles ?? ['Supplier', 'NetworkOperator'],
    },
  };
}

/** Builds a 7.1 Enable Supply or 7.2 Disable Supply request, CommandVariant 4. */
export function supplyRequest(a: {
  srv: Extract<Srv, '7.1' | '7.2'>;
  sender: Eui;
  device: Eui;
  counter: bigint;
}): DuisRequest {
  return {
    ...header(a.srv, a, 4),
    body: a.srv === '7.1' ? { kind: 'EnableSupply' } : { kind: 'DisableSupply' },
  };
}
