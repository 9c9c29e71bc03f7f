import { euiToBytes, formatEuiHyphenated, parseEui, type CellId, type Eui } from '../../certs';
import {
  decodeGeneralCiphering,
  decodeGeneralSigning,
  decodeUscResponse,
  GbcsError,
  type UscResponse,
} from '../gbcs';
import { DuisError } from './errors';
import type { ENode } from './xml-emit';
import { textContent, type XElement } from './xml-dom';

// The per-cell outcomes of a 6.15.1 answer in the two forms DUIS carries them: inside the device's
// GBCS response (SMETS2: ResponseMessage/GBCSPayload) and as the MMC schema's ra:ExecutionOutcome
// of ra:UpdateSecurityCredentialsKRPRsp (the DUIS SMETS1 form). See docs/dcc-boxed.md.

/** One target cell's outcome as DUIS reports it. */
export interface ExecutionCellOutcome {
  readonly cell: CellId;
  /** GBCS TrustAnchorReplacementOutcome status (0 success). */
  readonly status: number;
  /** Subject EUI of the certificate replaced / installed, when the answer names it. */
  readonly existing?: Eui;
  readonly replacing?: Eui;
}

/** The execution outcome of an applied UpdateSecurityCredentials, as the DUIS SMETS1 form has it. */
export interface ExecutionOutcome {
  readonly authorisingCounter?: bigint;
  /** GBCS credentialsReplacementMode. */
  readonly mode?: number;
  readonly seqNumberChange?: { readonly role: number; readonly floor: bigint };
  readonly outcomes: readonly ExecutionCellOutcome[];
}

/** ra:CredentialsReplacementMode values by GBCS mode (the modes the MMC schema names). */
const MODE_NAMES: ReadonlyMap<number, string> = new Map([
  [2, 'SupplierBySupplier'],
  [3, 'NetworkOperatorByNetworkOperator'],
  [4, 'ACBByACB'],
  [7, 'SupplierByTransCoS'],
  [11, 'LoadControllerBySupplier'],
]);
/** ra:RemotePartyRole values by GBCS role code. */
const ROLE_NAMES: ReadonlyMap<number, string> = new Map([
  [0, 'Root'],
  [1, 'Recovery'],
  [2, 'Supplier'],
  [3, 'NetworkOperator'],
  [4, 'ACB'],
  [5, 'TransCoS'],
  [8, 'LoadController'],
]);
/** ra:ASN1Status values by GBCS status code; a status the schema does not name is `notKnown`. */
const STATUS_NAMES: ReadonlyMap<number, string> = new Map([
  [0, 'success'],
  [5, 'badCertificate'],
  [10, 'noTrustAnchor'],
  [17, 'insufficientMemory'],
  [25, 'trustAnchorNotFound'],
  [30, 'resourcesBusy'],
  [127, 'other'],
]);
/** The MMC schema allows at most three ReplacementOutcome elements. */
const MAX_OUTCOMES = 3;

const invert = (m: ReadonlyMap<number, string>) => new Map([...m].map(([k, v]) => [v, k]));
const MODE_CODES = invert(MODE_NAMES);
const ROLE_CODES = invert(ROLE_NAMES);
const STATUS_CODES = invert(STATUS_NAMES);

function certificateType(cell: CellId): string {
  if (cell.keyUsage === 'DS') return 'DigitalSigning';
  return cell.cellUsage === 'prePaymentTopUp' ? 'KeyAgreementTopUp' : 'KeyAgreement';
}

const eui = (bytes: Uint8Array | undefined): Eui | undefined =>
  bytes?.length === 8 ? parseEui(Buffer.from(bytes).toString('hex')) : undefined;

/**
 * The execution outcome of a device's GBCS response (a General-Signing APDU, or General-Ciphering
 * around one) carrying an UpdateSecurityCredentials response; throws only GbcsError.
 */
export function executionOutcomeOfGbcs(bytes: Uint8Array): ExecutionOutcome {
  const apdu = bytes[0] === 0xdd ? decodeGeneralCiphering(bytes).generalSigning : decodeGeneralSigning(bytes);
  if (apdu.craFlag !== 2)
    throw new GbcsError('ERR_GBCS_CRA_FLAG', `not a response: CRA flag ${apdu.craFlag}`);
  return executionOutcomeOf(decodeUscResponse(apdu.content));
}

/** The execution outcome of a decoded UpdateSecurityCredentials response. */
export function executionOutcomeOf(r: UscResponse): ExecutionOutcome {
  const change = r.seqNumberChanges[0];
  return {
    authorisingCounter: r.authorisingSeqNumber,
    mode: r.mode,
    ...(change ? { seqNumberChange: { role: change.role, floor: change.seq } } : {}),
    outcomes: r.outcomes.map((o) => {
      const existing = eui(o.existingSubjectUniqueId);
      const replacing = eui(o.replacingSubjectUniqueId);
      return {
        cell: o.cell,
        status: o.status,
        ...(existing ? { existing } : {}),
        ...(replacing ? { replacing } : {}),
      };
    }),
  };
}

const ra = (name: string, text?: string, children?: ENode[], attrs?: Record<string, string>): ENode => ({
  name: `ra:${name}`,
  ...(attrs ? { attrs } : {}),
  ...(text === undefined ? {} : { text }),
  ...(children ? { children } : {}),
});

/**
 * The ra:ExecutionOutcome element (MMC schema order: counter, mode, sequence-number change, up to
 * three replacement outcomes); a mode, role or status the schema does not name is left out
 * (statuses: `notKnown`). More than three outcomes is a DuisError ERR_DUIS_SCHEMA.
 */
export function executionOutcomeNode(e: ExecutionOutcome): ENode {
  if (e.outcomes.length > MAX_OUTCOMES)
    throw new DuisError(
      'ERR_DUIS_SCHEMA',
      `${e.outcomes.length} replacement outcomes (at most ${MAX_OUTCOMES})`,
    );
  const children: ENode[] = [];
  if (e.authorisingCounter !== undefined)
    children.push(ra('AuthorisingRemotePartyOriginatorCounter', e.authorisingCounter.toString(10)));
  const mode = e.mode === undefined ? undefined : MODE_NAMES.get(e.mode);
  if (mode) children.push(ra('CredentialsReplacementMode', mode));
  if (e.seqNumberChange) {
    const role = ROLE_NAMES.get(e.seqNumberChange.role);
    children.push(
      ra('RemotePartySeqNumberChange', undefined, [
        ...(role ? [ra('RemotePartyRole', role)] : []),
        ra('RemotePartyFloorSeqNumber', e.seqNumberChange.floor.toString(10)),
      ]),
    );
  }
  for (const o of e.outcomes) {
    const role = ROLE_NAMES.get(o.cell.role);
    children.push(
      ra('ReplacementOutcome', undefined, [
        // ra:StatusASN1: the GBCS status number (ResponseCode) and its name
        ra('StatusCode', undefined, [ra('ASN1Status', STATUS_NAMES.get(o.status) ?? 'notKnown')], {
          ResponseCode: String(o.status),
        }),
        ra('CertificateType', certificateType(o.cell)),
        ...(role ? [ra('RemotePartyRole', role)] : []),
        ...(o.existing ? [ra('ExistingRemotePartyID', formatEuiHyphenated(o.existing))] : []),
        ...(o.replacing ? [ra('NewRemotePartyID', formatEuiHyphenated(o.replacing))] : []),
      ]),
    );
  }
  return ra('ExecutionOutcome', undefined, children);
}

function text(e: XElement | undefined): string | undefined {
  return e && textContent(e).trim();
}

function child(e: XElement, name: string): XElement | undefined {
  return e.children.find((c) => c.local === name);
}

function nonNegative(value: string | undefined, what: string): bigint | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]{1,20}$/.test(value))
    throw new DuisError('ERR_DUIS_FIELD', `${what} ${JSON.stringify(value.slice(0, 24))}`);
  return BigInt(value);
}

function euiText(value: string | undefined, what: string): Eui | undefined {
  if (value === undefined) return undefined;
  try {
    euiToBytes(parseEui(value));
    return parseEui(value);
  } catch (cause) {
    throw new DuisError('ERR_DUIS_FIELD', `${what} is not an EUI`, { cause });
  }
}

/**
 * Reads an ra:ExecutionOutcome element back (the inverse of executionOutcomeNode for what it
 * names); a cell whose role or certificate type the element leaves out cannot be placed and is a
 * DuisError ERR_DUIS_FIELD, as are malformed numbers and EUIs.
 */
export function readExecutionOutcome(node: XElement): ExecutionOutcome {
  const out: {
    authorisingCounter?: bigint;
    mode?: number;
    seqNumberChange?: { role: number; floor: bigint };
    outcomes: ExecutionCellOutcome[];
  } = { outcomes: [] };
  for (const c of node.children) {
    if (c.local === 'AuthorisingRemotePartyOriginatorCounter')
      out.authorisingCounter = nonNegative(text(c), 'AuthorisingRemotePartyOriginatorCounter');
    else if (c.local === 'CredentialsReplacementMode') {
      const mode = MODE_CODES.get(text(c) ?? '');
      if (mode === undefined) throw new DuisError('ERR_DUIS_FIELD', 'unknown CredentialsReplacementMode');
      out.mode = mode;
    } else if (c.local === 'RemotePartySeqNumberChange') {
      const role = ROLE_CODES.get(text(child(c, 'RemotePartyRole')) ?? '');
      const floor = nonNegative(text(child(c, 'RemotePartyFloorSeqNumber')), 'RemotePartyFloorSeqNumber');
      if (role !== undefined && floor !== undefined) out.seqNumberChange = { role, floor };
    } else if (c.local === 'ReplacementOutcome') {
      if (out.outcomes.length >= MAX_OUTCOMES)
        throw new DuisError('ERR_DUIS_SCHEMA', `more than ${MAX_OUTCOMES} ReplacementOutcome elements`);
      const role = ROLE_CODES.get(text(child(c, 'RemotePartyRole')) ?? '');
      const type = text(child(c, 'CertificateType'));
      const statusNode = child(c, 'StatusCode');
      const number = statusNode?.attrs.ResponseCode ?? '';
      // The numeric ResponseCode is exact; the name is the fallback for a code-less (invalid) element.
      const status = /^[0-9]{1,3}$/.test(number)
        ? Number(number)
        : STATUS_CODES.get(text(statusNode && child(statusNode, 'ASN1Status')) ?? '');
      if (
        role === undefined ||
        status === undefined ||
        !type ||
        !/^(DigitalSigning|KeyAgreement(TopUp)?)$/.test(type)
      )
        throw new DuisError(
          'ERR_DUIS_FIELD',
          'ReplacementOutcome without a known role, certificate type or status',
        );
      const existing = euiText(text(child(c, 'ExistingRemotePartyID')), 'ExistingRemotePartyID');
      const replacing = euiText(text(child(c, 'NewRemotePartyID')), 'NewRemotePartyID');
      out.outcomes.push({
        cell: {
          role: role as CellId['role'],
          keyUsage: type === 'DigitalSigning' ? 'DS' : 'KA',
          cellUsage: type === 'KeyAgreementTopUp' ? 'prePaymentTopUp' : 'management',
        },
        status,
        ...(existing ? { existing } : {}),
        ...(replacing ? { replacing } : {}),
      });
    }
  }
  return out;
}
