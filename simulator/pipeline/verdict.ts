import type { CellId } from '../../certs';
import type { Srv } from '../duis';

/** The pipeline stages in order. `device` is the authority stage when the device itself performs it. @see docs/architecture.md (The pipeline) */
export type Stage = (typeof STAGES)[number];

/** The pipeline stages in order, as a runtime list (the scenario schema's enum). */
export const STAGES = ['parse', 'access', 'gate', 'replacement', 'authority', 'device', 'apply'] as const;

/** Stable refusal codes, one per distinct reason, in pipeline order (the scenario schema's enum). */
export const REFUSAL_CODES = [
  'PARSE_XML',
  'PARSE_BODY',
  'PARSE_CERTIFICATE',
  'PARSE_GBCS',
  'ACCESS_UNKNOWN_USER',
  'ACCESS_ROLE_NOT_HELD',
  'ACCESS_ROLE_NOT_ELIGIBLE',
  'ACCESS_USER_STATUS',
  'ACCESS_UNKNOWN_DEVICE',
  'ACCESS_DEVICE_STATUS',
  'ACCESS_DEVICE_TYPE',
  'ACCESS_COMMAND_VARIANT',
  'ACCESS_REMOTE_PARTY_ROLE',
  'GATE_NOT_REGISTERED',
  'GATE_WAIVER_CONDITION',
  'GATE_PLACEMENT_NOT_REGISTERED_NO',
  'REPLACEMENT_NONE',
  'REPLACEMENT_PROFILE',
  'REPLACEMENT_ROLE',
  'REPLACEMENT_KEY_USAGE',
  'REPLACEMENT_OWNER_MISMATCH',
  'REPLACEMENT_PATH_UNKNOWN_ISSUER',
  'REPLACEMENT_PATH_BAD_SIGNATURE',
  'REPLACEMENT_PATH_EXPIRED',
  'REPLACEMENT_PATH_NOT_YET_VALID',
  'REPLACEMENT_PATH_REVOKED',
  'REPLACEMENT_PATH_INVALID',
  'HANDOVER_NOT_DCC_CONTROLLED',
  'AUTHORITY_EMPTY_CELL',
  'AUTHORITY_SIGNATURE',
  'AUTHORITY_ORIGINATOR',
  'AUTHORITY_REPLAY',
  'AUTHORITY_BELOW_FLOOR',
  'DEVICE_MAC',
  'SEND_NO_PRECOMMAND',
  'SEND_PRECOMMAND_MISMATCH',
  'SEND_PRECOMMAND_EXPIRED',
] as const;

/** One stable refusal code. */
export type RefusalCode = (typeof REFUSAL_CODES)[number];

/** True when `code` is one of the refusal codes. */
export function isRefusalCode(code: string): code is RefusalCode {
  return (REFUSAL_CODES as readonly string[]).includes(code);
}

/** Per-cell outcome of an accepted replacement, with the GBCS status code. @see GBCS CS02b response */
export interface CellOutcome {
  readonly cell: CellId;
  readonly status: number;
  readonly previousOwner: string | null;
  readonly newOwner: string | null;
  readonly certificateId: string;
}

/** A refusal: the stage, the stable code, the DUIS response code, an optional device alert code. */
export interface Refusal {
  readonly outcome: 'rejected';
  readonly srv: Srv | undefined;
  readonly stage: Stage;
  readonly code: RefusalCode;
  readonly duisCode: string;
  readonly alertCode?: number;
  readonly detail: string;
}

/** An acceptance: DUIS I0, the waiver used to pass the gate (if any), and what changed. */
export interface Acceptance {
  readonly outcome: 'accepted';
  readonly srv: Srv;
  readonly duisCode: 'I0';
  /** Id of the policy waiver that let a non-registered sender through the gate. */
  readonly waiver?: string;
  /** CV 4: the unsigned GBCS pre-command returned to the user for signing. */
  readonly preCommand?: Uint8Array;
  /** Cells replaced (6.15.1, 6.21). */
  readonly outcomes?: readonly CellOutcome[];
  /** GBCS response bytes (CS02b response) for replacements; General-Ciphering-wrapped when the command was. */
  readonly response?: Uint8Array;
  /** Present only when the response path found the device response's General-Ciphering MAC wrong. */
  readonly responseMac?: ResponseMacFailure;
  /** 6.24.1: the device security credentials (certificate IDs per cell). */
  readonly credentials?: readonly {
    readonly cell: string;
    readonly certificateId: string;
    readonly owner: string | null;
  }[];
}

/** A device response whose General-Ciphering MAC (or wrapper) did not check: a typed outcome, not an error. */
export interface ResponseMacFailure {
  readonly code: 'RESPONSE_MAC';
  readonly detail: string;
}

/** The result of one request through the pipeline. A refusal is data, never an exception. */
export type Verdict = Acceptance | Refusal;

/** Device alert codes used by the authority stage. @see GBCS Table 16.2 (alert codes) */
export const AlertCode = {
  credentialsUpdated: 0x8f70,
  authenticationFailure: 0x8f3d,
  sourceLacksAuthority: 0x8f30,
  integrityFailure: 0x8f1e,
} as const;

const DUIS_ACCESS: Partial<Record<RefusalCode, string>> = {
  ACCESS_UNKNOWN_USER: 'E1',
  ACCESS_ROLE_NOT_HELD: 'E1',
  ACCESS_ROLE_NOT_ELIGIBLE: 'E2',
  ACCESS_USER_STATUS: 'E3',
  GATE_NOT_REGISTERED: 'E4',
  GATE_WAIVER_CONDITION: 'E4',
  GATE_PLACEMENT_NOT_REGISTERED_NO: 'E4',
  ACCESS_DEVICE_STATUS: 'E5',
  ACCESS_DEVICE_TYPE: 'E11',
  ACCESS_COMMAND_VARIANT: 'E12',
  ACCESS_UNKNOWN_DEVICE: 'E19',
};

/** SRV-specific reason numbers (the project's own: DUIS does not publish their meanings). */
const SRV_REASON: Partial<Record<RefusalCode, string>> = {
  PARSE_XML: '01',
  PARSE_BODY: '01',
  PARSE_CERTIFICATE: '01',
  PARSE_GBCS: '01',
  ACCESS_REMOTE_PARTY_ROLE: '01',
  REPLACEMENT_NONE: '04',
  REPLACEMENT_PROFILE: '04',
  REPLACEMENT_ROLE: '04',
  REPLACEMENT_KEY_USAGE: '04',
  HANDOVER_NOT_DCC_CONTROLLED: '04',
  REPLACEMENT_PATH_UNKNOWN_ISSUER: '05',
  REPLACEMENT_PATH_BAD_SIGNATURE: '05',
  REPLACEMENT_PATH_EXPIRED: '05',
  REPLACEMENT_PATH_NOT_YET_VALID: '05',
  REPLACEMENT_PATH_REVOKED: '05',
  REPLACEMENT_PATH_INVALID: '05',
  REPLACEMENT_OWNER_MISMATCH: '06',
  AUTHORITY_EMPTY_CELL: '07',
  AUTHORITY_SIGNATURE: '07',
  AUTHORITY_ORIGINATOR: '07',
  AUTHORITY_REPLAY: '08',
  AUTHORITY_BELOW_FLOOR: '08',
  DEVICE_MAC: '07',
  SEND_NO_PRECOMMAND: '09',
  SEND_PRECOMMAND_MISMATCH: '09',
  SEND_PRECOMMAND_EXPIRED: '09',
};

/**
 * The DUIS response code for a refusal. Access-control codes are DUIS's (E1-E19); other reasons
 * use SRV-specific codes `E<major><minor><reason>` in the style of E061501 (the project's mapping).
 */
export function duisCodeFor(code: RefusalCode, srv: Srv | undefined): string {
  const access = DUIS_ACCESS[code];
  if (access) return access;
  const reason = SRV_REASON[code] ?? '01';
  const [major = '0', minor = '0'] = (srv ?? '0.0').split('.');
  return `E${major.padStart(2, '0')}${minor.padStart(2, '0')}${reason}`;
}

/** Builds a refusal verdict with its DUIS code. */
export function refuse(
  srv: Srv | undefined,
  stage: Stage,
  code: RefusalCode,
  detail: string,
  alertCode?: number,
): Refusal {
  return {
    outcome: 'rejected',
    srv,
    stage,
    code,
    duisCode: duisCodeFor(code, srv),
    detail,
    ...(alertCode === undefined ? {} : { alertCode }),
  };
}
