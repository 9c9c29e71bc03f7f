import { CertsError, decodeCertificate, type CellId, type Eui, type OrgCertificate } from '../../certs';
import { BODY_ELEMENT, type DuisBody, type DuisRequest, type Srv } from '../duis';
import type { UserRole } from '../types';
import {
  roleCodeOf,
  type KrpRemotePartyRole,
  type ParsedBody,
  type ParsedRequest,
  type Replacement,
} from './request';
import { requestKey } from './request';
import { SRV_REGISTRY } from './srv-registry';
import { refuse, type Refusal } from './verdict';

/** A CV 5 submission: the signed pre-command bytes for a request transformed earlier. */
export interface SignedSubmission {
  readonly kind: 'signed';
  readonly key: string;
  readonly srv: Srv;
  readonly sender: Eui;
  readonly device: Eui;
  readonly gbcs: Uint8Array;
}

/** Decodes certificates, or the PARSE_CERTIFICATE refusal naming the first that fails. */
export function decodeAll(srv: Srv, ders: readonly Uint8Array[], what: string): OrgCertificate[] | Refusal {
  const out: OrgCertificate[] = [];
  for (const [i, der] of ders.entries()) {
    try {
      out.push(decodeCertificate(der));
    } catch (err) {
      if (!(err instanceof CertsError)) throw err;
      return refuse(srv, 'parse', 'PARSE_CERTIFICATE', `${what} ${i}: ${err.code}: ${err.message}`);
    }
  }
  return out;
}

type ReplaceDuis = Extract<
  DuisBody,
  { kind: 'UpdateSecurityCredentialsKRP' | 'RequestHandoverOfDCCControlledDevice' }
>;

function parseReplace(srv: Srv, body: ReplaceDuis): ParsedBody | Refusal {
  const rpr = body.remotePartyRole;
  if (rpr !== 'Supplier' && rpr !== 'NetworkOperator')
    return refuse(srv, 'parse', 'PARSE_BODY', `RemotePartyRole ${rpr} is not modelled`);
  const roleCode = roleCodeOf(rpr as KrpRemotePartyRole);
  if (rpr === 'NetworkOperator' && body.replacements.kaTopUp)
    return refuse(srv, 'parse', 'PARSE_BODY', 'a network operator has no top-up cell');
  const slots: [Uint8Array | undefined, CellId][] = [
    [body.replacements.ds, { role: roleCode, keyUsage: 'DS', cellUsage: 'management' }],
    [body.replacements.ka, { role: roleCode, keyUsage: 'KA', cellUsage: 'management' }],
    [body.replacements.kaTopUp, { role: roleCode, keyUsage: 'KA', cellUsage: 'prePaymentTopUp' }],
  ];
  const present = slots.filter((s): s is [Uint8Array, CellId] => s[0] !== undefined);
  const certs = decodeAll(
    srv,
    present.map(([der]) => der),
    'replacement certificate',
  );
  if (!Array.isArray(certs)) return certs;
  const path = decodeAll(srv, body.certificationPath, 'certification path certificate');
  if (!Array.isArray(path)) return path;
  const replacements: Replacement[] = present.map(([, cell], i) => ({ cell, certificate: certs[i]! }));
  return {
    kind: 'replace',
    remotePartyRole: rpr as KrpRemotePartyRole,
    roleCode,
    newFloor: body.floorSeqNumber,
    replacements,
    path,
    applyTimeBasedCpvChecks: body.applyTimeBasedCpvChecks,
    executionDateTime: body.kind === 'UpdateSecurityCredentialsKRP' ? body.executionDateTime : undefined,
  };
}

function parseBody(srv: Srv, body: DuisBody): ParsedBody | Refusal {
  switch (body.kind) {
    case 'UpdateSecurityCredentialsKRP':
    case 'RequestHandoverOfDCCControlledDevice':
      return parseReplace(srv, body);
    case 'RetrieveDeviceSecurityCredentialsKRP': {
      const roles = body.remotePartyRoles.filter(
        (r): r is KrpRemotePartyRole => r === 'Supplier' || r === 'NetworkOperator',
      );
      return {
        kind: 'retrieve',
        remotePartyRoles: roles.length > 0 ? roles : ['Supplier', 'NetworkOperator'],
      };
    }
    case 'EnableSupply':
      return { kind: 'supply', supply: 'enabled' };
    case 'DisableSupply':
      return { kind: 'supply', supply: 'disabled' };
    case 'UpdateSecurityCredentialsDevice':
    case 'SignedPreCommand':
      return refuse(srv, 'parse', 'PARSE_BODY', `body ${body.kind} is not modelled`);
    default: {
      const unhandled: never = body;
      return refuse(srv, 'parse', 'PARSE_BODY', `body ${(unhandled as DuisBody).kind} is not modelled`);
    }
  }
}

/**
 * The parse stage: a typed DUIS request becomes a ParsedRequest (certificates decoded, cells
 * resolved), or, for CV 5, a SignedSubmission; malformed content is a PARSE_* refusal.
 * @see docs/architecture.md (The pipeline: parse)
 */
export function parseRequest(
  duis: DuisRequest,
  userRole: UserRole | undefined,
): ParsedRequest | SignedSubmission | Refusal {
  const srv = duis.serviceReferenceVariant;
  const { originator: sender, target: device, counter } = duis.requestId;
  const key = requestKey(sender, device, counter);
  if (!SRV_REGISTRY.has(srv))
    return refuse(srv, 'parse', 'PARSE_BODY', `SRV ${srv} is not modelled by the reference DCC`);
  if (duis.body.kind === 'SignedPreCommand') {
    return { kind: 'signed', key, srv, sender, device, gbcs: duis.body.gbcsPayload };
  }
  if (BODY_ELEMENT[srv] !== duis.body.kind)
    return refuse(srv, 'parse', 'PARSE_BODY', `SRV ${srv} does not carry a ${duis.body.kind} body`);
  const body = parseBody(srv, duis.body);
  if ('outcome' in body) return body;
  return { sender, device, counter, srv, commandVariant: duis.commandVariant, userRole, body, key };
}
