import type { Eui, OrgCertificate } from '../certs';
import { SERVICE_REFERENCE, type DuisBody, type DuisRequest, type Srv } from './duis';
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

/** A request from `sender` to `device` with `counter` carrying `body`. */
function request(
  srv: Srv,
  a: { sender: Eui; device: Eui; counter: bigint },
  commandVariant: number,
  body: DuisBody,
): DuisRequest {
  return {
    requestId: { originator: a.sender, target: a.device, counter: a.counter },
    commandVariant,
    serviceReference: SERVICE_REFERENCE[srv],
    serviceReferenceVariant: srv,
    body,
  };
}

type ReplaceBodies = Extract<
  DuisBody,
  { kind: 'UpdateSecurityCredentialsKRP' | 'RequestHandoverOfDCCControlledDevice' }
>;

/**
 * A 6.15.1 / 6.21 body: the replacement fields both carry, in DUIS order. Written with plain
 * assignments (no object spreads): the estate builds one per request, and the spread form took
 * about 0.5 us of V8's slow path each time.
 */
function replaceBody<K extends ReplaceBodies['kind']>(
  kind: K,
  a: ReplaceRequestArgs,
): Extract<ReplaceBodies, { kind: K }> {
  const body: Record<string, unknown> = { kind };
  if (kind === 'UpdateSecurityCredentialsKRP' && a.executionDateTime)
    body.executionDateTime = a.executionDateTime;
  body.remotePartyRole = a.remotePartyRole;
  if (a.floor !== undefined) body.floorSeqNumber = a.floor;
  const replacements: { ds?: Uint8Array; ka?: Uint8Array } = {};
  if (a.ds) replacements.ds = a.ds.der;
  if (a.ka) replacements.ka = a.ka.der;
  body.replacements = replacements;
  const path = a.path ?? [];
  const certificationPath = new Array<Uint8Array>(path.length);
  for (let i = 0; i < path.length; i++) certificationPath[i] = path[i]!.der;
  body.certificationPath = certificationPath;
  body.applyTimeBasedCpvChecks = a.applyTimeBasedCpvChecks ?? true;
  return body as Extract<ReplaceBodies, { kind: K }>;
}

/** Builds a typed 6.15.1 Update Security Credentials (KRP) request, CommandVariant 4. @see DUIS 3.8.65 */
export function krpRequest(a: ReplaceRequestArgs): DuisRequest {
  return request('6.15.1', a, 4, replaceBody('UpdateSecurityCredentialsKRP', a));
}

/** Builds a typed 6.21 Request Handover of DCC Controlled Device, CommandVariant 1. */
export function handoverRequest(a: Omit<ReplaceRequestArgs, 'executionDateTime'>): DuisRequest {
  return request('6.21', a, 1, replaceBody('RequestHandoverOfDCCControlledDevice', a));
}

/** Builds a 6.24.1 Retrieve Device Security Credentials (KRP) request, CommandVariant 1. */
export function retrieveRequest(a: {
  sender: Eui;
  device: Eui;
  counter: bigint;
  roles?: KrpRemotePartyRole[];
}): DuisRequest {
  return request('6.24.1', a, 1, {
    kind: 'RetrieveDeviceSecurityCredentialsKRP',
    remotePartyRoles: a.roles ?? ['Supplier', 'NetworkOperator'],
  });
}

/** Builds a 7.1 Enable Supply or 7.2 Disable Supply request, CommandVariant 4. */
export function supplyRequest(a: {
  srv: Extract<Srv, '7.1' | '7.2'>;
  sender: Eui;
  device: Eui;
  counter: bigint;
}): DuisRequest {
  return request(a.srv, a, 4, a.srv === '7.1' ? { kind: 'EnableSupply' } : { kind: 'DisableSupply' });
}
