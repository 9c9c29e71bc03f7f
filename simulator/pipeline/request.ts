import { RemotePartyRole, type CellId, type Eui, type OrgCertificate } from '../../certs';
import type { Srv } from '../duis';
import type { UserRole } from '../types';

/** The DUIS RemotePartyRoles a KRP request may name here. */
export const KRP_REMOTE_PARTY_ROLES = ['Supplier', 'NetworkOperator'] as const;

/** The DUIS RemotePartyRole of a 6.15.1 / 6.21 / 6.24.1 request. */
export type KrpRemotePartyRole = (typeof KRP_REMOTE_PARTY_ROLES)[number];

/** The GBCS remote party role code of a KRP RemotePartyRole: 2 supplier, 3 network operator. */
export function roleCodeOf(rpr: KrpRemotePartyRole): 2 | 3 {
  return rpr === 'NetworkOperator' ? RemotePartyRole.networkOperator : RemotePartyRole.supplier;
}

/** A certificate placed in a target cell by a request. */
export interface Replacement {
  readonly cell: CellId;
  readonly certificate: OrgCertificate;
}

/** 6.15.1 / 6.21: replace trust-anchor cells of one remote party role. */
export interface ReplaceBody {
  readonly kind: 'replace';
  readonly remotePartyRole: KrpRemotePartyRole;
  /** Remote party role code of the cells replaced: 2 supplier, 3 network operator. */
  readonly roleCode: 2 | 3;
  readonly newFloor: bigint | undefined;
  readonly replacements: readonly Replacement[];
  readonly path: readonly OrgCertificate[];
  readonly applyTimeBasedCpvChecks: boolean;
  readonly executionDateTime: Date | undefined;
}

/** 6.24.1: read the device's security credentials. */
export interface RetrieveBody {
  readonly kind: 'retrieve';
  readonly remotePartyRoles: readonly KrpRemotePartyRole[];
}

/** 7.1 / 7.2: change the supply state. */
export interface SupplyBody {
  readonly kind: 'supply';
  readonly supply: 'enabled' | 'disabled';
}

/** The typed body of a request, after the parse stage. */
export type ParsedBody = ReplaceBody | RetrieveBody | SupplyBody;

/** A request after the parse stage: every field a value type, every certificate decoded. */
export interface ParsedRequest {
  readonly sender: Eui;
  readonly device: Eui;
  readonly counter: bigint;
  readonly srv: Srv;
  readonly commandVariant: number;
  /** The user role the sender acts in; undefined = infer from the party's roles. */
  readonly userRole: UserRole | undefined;
  readonly body: ParsedBody;
  /** `<sender>:<device>:<counter>`, canonical hex form: the key of a pending pre-command. */
  readonly key: string;
}

/**
 * The request as submitted with another command variant (Transform's CV 4, Send's CV 5). Every
 * field is written out: `{ ...request, commandVariant }` took V8's slow path (about 0.5-1 us a
 * copy, several copies a request).
 */
export function withCommandVariant(request: ParsedRequest, commandVariant: number): ParsedRequest {
  return {
    sender: request.sender,
    device: request.device,
    counter: request.counter,
    srv: request.srv,
    commandVariant,
    userRole: request.userRole,
    body: request.body,
    key: request.key,
  };
}

/** The canonical key of a request (sender, device, counter). */
export function requestKey(sender: Eui, device: Eui, counter: bigint): string {
  return `${sender}:${device}:${counter}`;
}
