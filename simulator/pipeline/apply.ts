import type { OrgCertificate, Signer } from '../../certs';
import { TrustAnchorStatus } from '../gbcs';
import { applyChange, certificateIn, type DeviceState } from '../device/state';
import type { WorldSettings } from '../world/world';
import { buildResponse, euiBytesOrUndefined, replacementModeOf } from './commands';
import type { ParsedRequest } from './request';
import type { CellOutcome } from './verdict';

/** What an accepted request changed. */
export interface Applied {
  readonly state: DeviceState;
  readonly outcomes: readonly CellOutcome[];
  readonly response: Uint8Array | undefined;
}

/** A certificate's subject EUI and SKI as bytes (certificates are immutable: computed once each). */
interface IdBytes {
  readonly eui: Uint8Array | undefined;
  readonly ski: Uint8Array | undefined;
}

const idBytesMemo = new WeakMap<OrgCertificate, IdBytes>();

function idBytesOf(cert: OrgCertificate): IdBytes {
  let ids = idBytesMemo.get(cert);
  if (!ids) {
    ids = {
      eui: euiBytesOrUndefined(cert.eui),
      ski: cert.ski === undefined ? undefined : Uint8Array.from(Buffer.from(cert.ski, 'hex')),
    };
    idBytesMemo.set(cert, ids);
  }
  return ids;
}

/** How the device answers: the request time (the response's date-time) and its DS key (SMETS2 only). */
export interface ResponseContext {
  readonly at: Date;
  readonly deviceSigner: Signer | undefined;
}

/**
 * Apply: every target cell is replaced together, the role's counter moves on (reset to the new
 * floor on a change of control), and the CS02b response with per-cell outcomes is built.
 * @see GBCS CS02b, docs/gbcs-bytes.md (response)
 */
export function applyAccepted(
  request: ParsedRequest,
  state: DeviceState,
  counter: bigint,
  settings: WorldSettings,
  respond: ResponseContext,
): Applied {
  const body = request.body;
  if (body.kind === 'supply') {
    return {
      state: applyChange(state, { role: 2, counter, supply: body.supply }),
      outcomes: [],
      response: undefined,
    };
  }
  if (body.kind !== 'replace') return { state, outcomes: [], response: undefined };
  const outcomes: CellOutcome[] = body.replacements.map((r) => ({
    cell: r.cell,
    status: TrustAnchorStatus.success,
    previousOwner: certificateIn(state, r.cell)?.eui ?? null,
    newOwner: r.certificate.eui ?? null,
    certificateId: r.certificate.certificateId,
  }));
  const ds = body.replacements.find((r) => r.cell.keyUsage === 'DS' && r.cell.cellUsage === 'management');
  const previousDsOwner = certificateIn(state, {
    role: body.roleCode,
    keyUsage: 'DS',
    cellUsage: 'management',
  })?.eui;
  const changeOfControl = ds !== undefined && ds.certificate.eui !== previousDsOwner;
  const reset = changeOfControl && settings.resetCounterOnChangeOfControl;
  const floor = body.newFloor ?? 0n;
  const next = applyChange(state, {
    role: body.roleCode,
    counter: reset ? floor : counter,
    replacements: body.replacements,
    ...(reset ? { newFloor: floor } : body.newFloor === undefined ? {} : { newFloor: body.newFloor }),
  });
  // The role's sequence number as the device now holds it: the new floor when the command set one
  // or control changed, else the command's counter.
  const seq = body.newFloor ?? (reset ? floor : counter);
  const response = buildResponse(
    request,
    counter,
    {
      authorisingSeqNumber: counter,
      mode: replacementModeOf(body),
      seqNumberChanges: [{ role: body.roleCode, seq }],
      outcomes: body.replacements.map((r) => {
        const existing = certificateIn(state, r.cell);
        const before = existing ? idBytesOf(existing) : undefined;
        const after = idBytesOf(r.certificate);
        return {
          cell: r.cell,
          status: TrustAnchorStatus.success,
          ...(before?.eui ? { existingSubjectUniqueId: before.eui } : {}),
          ...(before?.ski ? { existingSubjectKeyId: before.ski } : {}),
          ...(after.eui ? { replacingSubjectUniqueId: after.eui } : {}),
          ...(after.ski ? { replacingSubjectKeyId: after.ski } : {}),
        };
      }),
    },
    respond.at,
    respond.deviceSigner,
  );
  return { state: next, outcomes, response };
}
