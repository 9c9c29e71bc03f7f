import type { Eui, OrgCertificate } from '../certs';
import { SERVICE_REFERENCE, type DuisRequest, type Srv } from './duis';
import type { KrpRemotePartyRole } from './policy/policy';

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

/** Builds a typed 6.15.1 Update Security Credentials (KRP) request, CommandVariant 4. @see DUIS 3.8.65 */
export function krpRequest(a: ReplaceRequestArgs): DuisRequest {
  return {
    requestId: { originator: a.sender, target: a.device, counter: a.counter },
    commandVariant: 4,
    serviceReference: SERVICE_REFERENCE['6.15.1'],
    serviceReferenceVariant: '6.15.1',
    body: {
      kind: 'UpdateSecurityCredentialsKRP',
      ...(a.executionDateTime ? { executionDateTime: a.executionDateTime } : {}),
      remotePartyRole: a.remotePartyRole,
      ...(a.floor === undefined ? {} : { floorSeqNumber: a.floor }),
      replacements: { ...(a.ds ? { ds: a.ds.der } : {}), ...(a.ka ? { ka: a.ka.der } : {}) },
      certificationPath: (a.path ?? []).map((c) => c.der),
      applyTimeBasedCpvChecks: a.applyTimeBasedCpvChecks ?? true,
    },
  };
}

/** Builds a typed 6.21 Request Handover of DCC Controlled Device, CommandVariant 1. */
export function handoverRequest(a: Omit<ReplaceRequestArgs, 'executionDateTime'>): DuisRequest {
  return {
    requestId: { originator: a.sender, target: a.device, counter: a.counter },
    commandVariant: 1,
    serviceReference: SERVICE_REFERENCE['6.21'],
    serviceReferenceVariant: '6.21',
    body: {
      kind: 'RequestHandoverOfDCCControlledDevice',
      remotePartyRole: a.remotePartyRole,
      ...(a.floor === undefined ? {} : { floorSeqNumber: a.floor }),
      replacements: { ...(a.ds ? { ds: a.ds.der } : {}), ...(a.ka ? { ka: a.ka.der } : {}) },
      certificationPath: (a.path ?? []).map((c) => c.der),
      applyTimeBasedCpvChecks: a.applyTimeBasedCpvChecks ?? true,
    },
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
    requestId: { originator: a.sender, target: a.device, counter: a.counter },
    commandVariant: 1,
    serviceReference: SERVICE_REFERENCE['6.24.1'],
    serviceReferenceVariant: '6.24.1',
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
    requestId: { originator: a.sender, target: a.device, counter: a.counter },
    commandVariant: 4,
    serviceReference: SERVICE_REFERENCE[a.srv],
    serviceReferenceVariant: a.srv,
    body: a.srv === '7.1' ? { kind: 'EnableSupply' } : { kind: 'DisableSupply' },
  };
}
