import { CertsError } from './errors';

/**
 * Remote Party Role codes as carried in certificate subject OU (two hex digits) and GBCS.
 * @see GBCS 4.3.3.1 (RemotePartyRole), SMKI Organisation Certificate Policy
 */
export const RemotePartyRole = {
  root: 0,
  recovery: 1,
  supplier: 2,
  networkOperator: 3,
  accessControlBroker: 4,
  transitionalCoS: 5,
  wanProvider: 6,
  issuingAuthority: 7,
  loadController: 8,
  other: 127,
  xmlSign: 135,
  dspXmlSign: 137,
} as const;

/** A Remote Party Role name. */
export type RemotePartyRoleName = keyof typeof RemotePartyRole;
/** A Remote Party Role code. */
export type RemotePartyRoleCode = (typeof RemotePartyRole)[RemotePartyRoleName];

const BY_CODE = new Map<number, RemotePartyRoleName>(
  (Object.entries(RemotePartyRole) as [RemotePartyRoleName, number][]).map(([n, c]) => [c, n]),
);

/** The role name of a code; throws ERR_ROLE_UNKNOWN for a code outside the table. */
export function roleName(code: number): RemotePartyRoleName {
  const name = BY_CODE.get(code);
  if (!name) throw new CertsError('ERR_ROLE_UNKNOWN', `unknown remote party role code ${code}`);
  return name;
}

/** True when `code` is a known Remote Party Role code. */
export function isRoleCode(code: number): code is RemotePartyRoleCode {
  return BY_CODE.has(code);
}

/** Formats a role as the certificate subject OU (two upper-case hex digits, e.g. `03`, `87`). */
export function roleToOu(code: number): string {
  return code.toString(16).toUpperCase().padStart(2, '0');
}

/** Parses a subject OU of exactly two hex digits into a role code, or undefined if malformed. */
export function ouToRole(ou: string): number | undefined {
  return /^[0-9A-Fa-f]{2}$/.test(ou) ? Number.parseInt(ou, 16) : undefined;
}

/** Key usage of an organisation certificate: digital signing or key agreement. */
export type KeyUsage = 'DS' | 'KA';

/** Trust-anchor cell usage. @see GBCS 4.3.3.5 (TrustAnchorCellIdentifier.cellUsage) */
export type CellUsage = 'management' | 'prePaymentTopUp';

/** A trust-anchor cell identifier: (remote party role, key usage, cell usage). */
export interface CellId {
  readonly role: RemotePartyRoleCode;
  readonly keyUsage: KeyUsage;
  readonly cellUsage: CellUsage;
}

/** A stable string key for a cell, e.g. `3/DS/management`. */
export function cellKey(cell: CellId): string {
  // Keys of well-formed cells are made once and reused (a lookup with a string seen before skips
  // hashing it again); anything else is written out.
  const slot = cellSlot(cell);
  if (slot === undefined) return `${cell.role}/${cell.keyUsage}/${cell.cellUsage}`;
  return (CELL_KEYS[slot] ??= `${cell.role}/${cell.keyUsage}/${cell.cellUsage}`);
}

const CELL_KEYS: (string | undefined)[] = [];

function cellSlot(cell: CellId): number | undefined {
  const { role, keyUsage, cellUsage } = cell;
  if (!Number.isInteger(role) || role < 0 || role > 255) return undefined;
  const k = keyUsage === 'DS' ? 0 : keyUsage === 'KA' ? 1 : -1;
  const c = cellUsage === 'management' ? 0 : cellUsage === 'prePaymentTopUp' ? 1 : -1;
  return k < 0 || c < 0 ? undefined : role * 4 + k * 2 + c;
}

/** The cell a `cellKey` names (the inverse of cellKey for keys it wrote). */
export function parseCellKey(key: string): CellId {
  const [role, keyUsage, cellUsage] = key.split('/') as [string, KeyUsage, CellUsage];
  return { role: Number(role) as RemotePartyRoleCode, keyUsage, cellUsage };
}
