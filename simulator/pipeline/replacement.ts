import {
  cellKey,
  checkOrgProfile,
  validatePath,
  type OrgCertificate,
  type PathFailureCode,
} from '../../certs';
import { certificateIn, type DeviceState } from '../device/state';
import type { World } from '../world/world';
import type { ReplaceBody, Replacement } from './request';
import { refuse, type RefusalCode, type Refusal } from './verdict';
import type { Srv } from '../duis';
import { checkOn, type PipelineCheck } from './checks';

const PATH_CODES: Record<PathFailureCode, RefusalCode> = {
  PATH_UNKNOWN_ISSUER: 'REPLACEMENT_PATH_UNKNOWN_ISSUER',
  PATH_BAD_SIGNATURE: 'REPLACEMENT_PATH_BAD_SIGNATURE',
  PATH_EXPIRED: 'REPLACEMENT_PATH_EXPIRED',
  PATH_NOT_YET_VALID: 'REPLACEMENT_PATH_NOT_YET_VALID',
  PATH_REVOKED: 'REPLACEMENT_PATH_REVOKED',
  PATH_ISSUER_NOT_CA: 'REPLACEMENT_PATH_INVALID',
  PATH_ISSUER_NO_KEY_CERT_SIGN: 'REPLACEMENT_PATH_INVALID',
  PATH_LEN_EXCEEDED: 'REPLACEMENT_PATH_INVALID',
  PATH_UNKNOWN_CRITICAL_EXTENSION: 'REPLACEMENT_PATH_INVALID',
  PATH_AKI_MISMATCH: 'REPLACEMENT_PATH_INVALID',
  PATH_TOO_LONG: 'REPLACEMENT_PATH_INVALID',
};

/** Checks one replacement certificate against its target cell: profile, role, key usage, path. */
function checkOne(
  srv: Srv,
  r: Replacement,
  body: ReplaceBody,
  world: World,
  at: Date,
  disabled: ReadonlySet<PipelineCheck> | undefined,
): Refusal | undefined {
  const cert = r.certificate;
  const findings = checkOrgProfile(cert);
  if (findings.length > 0 && checkOn(disabled, 'replacement-profile')) {
    return refuse(
      srv,
      'replacement',
      'REPLACEMENT_PROFILE',
      `${cert.certificateId} for ${cellKey(r.cell)}: ${findings.map((f) => f.code).join(', ')}`,
    );
  }
  if (cert.role !== r.cell.role && checkOn(disabled, 'replacement-role')) {
    return refuse(
      srv,
      'replacement',
      'REPLACEMENT_ROLE',
      `${cert.certificateId} has role ${cert.role ?? '?'}, cell ${cellKey(r.cell)} needs ${r.cell.role}`,
    );
  }
  if (cert.keyUsage !== r.cell.keyUsage && checkOn(disabled, 'replacement-key-usage')) {
    return refuse(
      srv,
      'replacement',
      'REPLACEMENT_KEY_USAGE',
      `${cert.certificateId} is ${cert.keyUsage ?? '?'}, cell ${cellKey(r.cell)} needs ${r.cell.keyUsage}`,
    );
  }
  if (!checkOn(disabled, 'replacement-path')) return undefined;
  const verdict = validatePath(cert, {
    anchor: world.trustAnchor,
    intermediates: body.path,
    ...(body.applyTimeBasedCpvChecks ? { at } : {}),
    revoked: world.revoked,
  });
  if (!verdict.ok) {
    return refuse(
      srv,
      'replacement',
      PATH_CODES[verdict.code],
      `${cert.certificateId}: ${verdict.code} at link ${verdict.link}: ${verdict.detail}`,
    );
  }
  return undefined;
}

/** The owners of the DS and KA management cells of `role` once `replacements` are applied. */
function ownersAfter(
  state: DeviceState,
  role: number,
  replacements: readonly Replacement[],
): (string | undefined)[] {
  return (['DS', 'KA'] as const).map((keyUsage) => {
    const replaced = replacements.find(
      (r) => r.cell.keyUsage === keyUsage && r.cell.cellUsage === 'management',
    );
    const cert: OrgCertificate | undefined =
      replaced?.certificate ?? certificateIn(state, { role: role as 2, keyUsage, cellUsage: 'management' });
    return cert?.eui;
  });
}

/**
 * Replacement checks of 6.15.1 / 6.21: each certificate fits the SMKI organisation profile, has
 * the cell's role and key usage and a valid certification path to the trust anchor (time checks
 * only if ApplyTimeBasedCPVChecks), is not revoked; all replacements share one owner and leave the
 * role's DS and KA cells with one owner. 6.21 may only replace cells the DCC still controls.
 * @see GBCS CS02b processing, DUIS 3.8.65 (6.15.1), docs/architecture.md (The pipeline: replacement checks)
 */
export function checkReplacements(
  srv: Srv,
  body: ReplaceBody,
  state: DeviceState,
  world: World,
  at: Date,
  disabled?: ReadonlySet<PipelineCheck>,
): Refusal | undefined {
  if (body.replacements.length === 0 && checkOn(disabled, 'replacement-present'))
    return refuse(srv, 'replacement', 'REPLACEMENT_NONE', 'no replacement certificates');
  for (const r of body.replacements) {
    const failure = checkOne(srv, r, body, world, at, disabled);
    if (failure) return failure;
  }
  const owners = new Set(body.replacements.map((r) => r.certificate.eui));
  const after = ownersAfter(state, body.roleCode, body.replacements);
  const mixed =
    owners.size !== 1 || (after[0] !== undefined && after[1] !== undefined && after[0] !== after[1]);
  if (mixed && checkOn(disabled, 'owner')) {
    return refuse(
      srv,
      'replacement',
      'REPLACEMENT_OWNER_MISMATCH',
      `DS and KA of role ${body.roleCode} would belong to different owners (${[...new Set([...owners, ...after])].join(', ')})`,
    );
  }
  if (srv === '6.21') {
    const held = body.replacements.find((r) => {
      const current = certificateIn(state, r.cell);
      return current !== undefined && current.eui !== world.acb;
    });
    if (held && checkOn(disabled, 'handover-dcc-controlled'))
      return refuse(
        srv,
        'replacement',
        'HANDOVER_NOT_DCC_CONTROLLED',
        `cell ${cellKey(held.cell)} is not controlled by the DCC`,
      );
  }
  return undefined;
}
