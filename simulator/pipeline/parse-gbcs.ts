import type { CellId } from '../../certs';
import {
  CredentialsReplacementMode,
  decodeCs02bCommand,
  decodeGeneralSigning,
  GbcsError,
  type DecodedGeneralSigningApdu,
  type UpdateSecurityCredentials,
} from '../gbcs';
import type { UserRole } from '../types';
import { authorisingCellOf, SUPPLY_MESSAGE_CODES } from './commands';
import { decodeAll } from './parse';
import { requestKey, type ParsedRequest, type ReplaceBody } from './request';
import { refuse, type Refusal } from './verdict';

/** A raw signed GBCS command after the parse stage: the request it carries and its decoded APDU. */
export interface ParsedGbcsCommand {
  readonly request: ParsedRequest;
  readonly signed: DecodedGeneralSigningApdu;
}

const gbcsRefusal = (err: unknown, srv?: ParsedRequest['srv']): Refusal => {
  if (!(err instanceof GbcsError)) throw err;
  return refuse(srv, 'parse', 'PARSE_GBCS', `${err.code}: ${err.message}`);
};

const sameCell = (a: CellId | undefined, b: CellId): boolean =>
  a !== undefined && a.role === b.role && a.keyUsage === b.keyUsage && a.cellUsage === b.cellUsage;

/** The replace body of a CS02b command of mode 2 (supplier) or 3 (network operator), or its refusal. */
function replaceBodyOf(usc: UpdateSecurityCredentials): ReplaceBody | Refusal {
  const srv = '6.15.1';
  const roleCode =
    usc.mode === CredentialsReplacementMode.networkOperatorByNetworkOperator
      ? 3
      : usc.mode === CredentialsReplacementMode.supplierBySupplier
        ? 2
        : undefined;
  if (roleCode === undefined)
    return refuse(srv, 'parse', 'PARSE_BODY', `credentialsReplacementMode ${usc.mode} is not modelled`);
  const foreign = usc.replacements.find((r) => r.targetCell.role !== roleCode);
  if (foreign)
    return refuse(
      srv,
      'parse',
      'PARSE_BODY',
      `target cell of role ${foreign.targetCell.role} in mode ${usc.mode}`,
    );
  const certs = decodeAll(
    srv,
    usc.replacements.map((r) => r.certificate),
    'replacement certificate',
  );
  if (!Array.isArray(certs)) return certs;
  const path = decodeAll(srv, usc.certificationPath, 'certification path certificate');
  if (!Array.isArray(path)) return path;
  const body: ReplaceBody = {
    kind: 'replace',
    remotePartyRole: roleCode === 3 ? 'NetworkOperator' : 'Supplier',
    roleCode,
    newFloor: usc.newFloorSeqNumber,
    replacements: usc.replacements.map((r, i) => ({ cell: r.targetCell, certificate: certs[i]! })),
    path,
    applyTimeBasedCpvChecks: usc.applyTimeBasedCpvChecks !== 'disapply',
    executionDateTime: usc.executionDateTime,
  };
  if (!sameCell(usc.authorisingCell, authorisingCellOf(body)))
    return refuse(
      srv,
      'parse',
      'PARSE_BODY',
      'the authorising cell is not the DS management cell of the role',
    );
  return body;
}

/**
 * The parse stage for a raw signed GBCS command (CS02b 6.15.1, or 7.1/7.2 supply): decodes the
 * General-Signing APDU and derives the request it carries; malformed input is a PARSE_* refusal.
 */
export function parseGbcsCommand(
  bytes: Uint8Array,
  userRole: UserRole | undefined,
): ParsedGbcsCommand | Refusal {
  let apdu: DecodedGeneralSigningApdu;
  try {
    apdu = decodeGeneralSigning(bytes);
  } catch (err) {
    return gbcsRefusal(err);
  }
  if (apdu.craFlag !== 1)
    return refuse(undefined, 'parse', 'PARSE_GBCS', `CRA flag ${apdu.craFlag} is not a command`);
  const base = {
    sender: apdu.originator,
    device: apdu.recipient,
    counter: apdu.originatorCounter,
    commandVariant: 5,
    userRole,
    key: requestKey(apdu.originator, apdu.recipient, apdu.originatorCounter),
  };
  const supply =
    apdu.messageCode === SUPPLY_MESSAGE_CODES.enabled
      ? 'enabled'
      : apdu.messageCode === SUPPLY_MESSAGE_CODES.disabled
        ? 'disabled'
        : undefined;
  if (supply) {
    const srv = supply === 'enabled' ? '7.1' : '7.2';
    if (apdu.content.length !== 1 || apdu.content[0] !== (supply === 'enabled' ? 1 : 0))
      return refuse(srv, 'parse', 'PARSE_BODY', 'supply command content is not the one byte expected');
    return { request: { ...base, srv, body: { kind: 'supply', supply } }, signed: apdu };
  }
  let usc: UpdateSecurityCredentials;
  try {
    usc = decodeCs02bCommand(bytes).usc;
  } catch (err) {
    return gbcsRefusal(err, '6.15.1');
  }
  const body = replaceBodyOf(usc);
  if ('outcome' in body) return body;
  return { request: { ...base, srv: '6.15.1', body }, signed: apdu };
}
