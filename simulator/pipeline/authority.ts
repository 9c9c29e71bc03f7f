import { cellKey, verifyP1363, type CellId, type Eui } from '../../certs';
import { certificateIn, counterOf, type DeviceState } from '../device/state';
import type { Srv } from '../duis';
import { checkOn, type PipelineCheck } from './checks';
import { AlertCode, refuse, type Refusal, type Stage } from './verdict';

/** The signed GBCS command as the authority stage sees it. */
export interface SignedCommand {
  readonly originator: Eui;
  readonly counter: bigint;
  /** The bytes the KRP signature covers (after `DF` to the end of the content). */
  readonly signedBytes: Uint8Array;
  /** 64-byte r||s, or undefined when unsigned. */
  readonly signature: Uint8Array | undefined;
}

/**
 * Authority: the command is signed by the key of the certificate in the authorising cell, the
 * originator owns that certificate, and the counter is above the role's last counter and floor.
 * For SMETS1 the DCC performs it on the device's behalf (`authority`); for SMETS2 the device
 * (`device`). @see GBCS 5.16 (Critical Command processing), docs/architecture.md (The pipeline: authority)
 */
export function checkAuthority(
  srv: Srv,
  cmd: SignedCommand,
  state: DeviceState,
  authorisingCell: CellId,
  stage: Extract<Stage, 'authority' | 'device'>,
  disabled?: ReadonlySet<PipelineCheck>,
): Refusal | undefined {
  const cert = certificateIn(state, authorisingCell);
  if (!cert || !cert.publicKey) {
    // Switched off: a command to an empty cell is trusted on first use, only its counter checked.
    if (!checkOn(disabled, 'authority-cell'))
      return counterFailure(srv, cmd, state, authorisingCell, stage, disabled);
    return refuse(
      srv,
      stage,
      'AUTHORITY_EMPTY_CELL',
      `authorising cell ${cellKey(authorisingCell)} holds no usable certificate`,
      AlertCode.sourceLacksAuthority,
    );
  }
  const verified = cmd.signature !== undefined && verifyP1363(cert.publicKey, cmd.signedBytes, cmd.signature);
  if (!verified && checkOn(disabled, 'signature')) {
    return refuse(
      srv,
      stage,
      'AUTHORITY_SIGNATURE',
      `signature does not verify with ${cert.certificateId} (owner ${cert.eui ?? '?'}) in cell ${cellKey(authorisingCell)}`,
      AlertCode.authenticationFailure,
    );
  }
  if (cert.eui !== cmd.originator && checkOn(disabled, 'originator')) {
    return refuse(
      srv,
      stage,
      'AUTHORITY_ORIGINATOR',
      `originator ${cmd.originator} does not own ${cert.certificateId} (owner ${cert.eui ?? '?'})`,
      AlertCode.sourceLacksAuthority,
    );
  }
  return counterFailure(srv, cmd, state, authorisingCell, stage, disabled);
}

/** The anti-replay checks: the counter above the role's last accepted counter, then above its floor. */
function counterFailure(
  srv: Srv,
  cmd: SignedCommand,
  state: DeviceState,
  authorisingCell: CellId,
  stage: Extract<Stage, 'authority' | 'device'>,
  disabled: ReadonlySet<PipelineCheck> | undefined,
): Refusal | undefined {
  const counter = counterOf(state, authorisingCell.role);
  if (cmd.counter <= counter.last && checkOn(disabled, 'counter')) {
    return refuse(
      srv,
      stage,
      'AUTHORITY_REPLAY',
      `counter ${cmd.counter} is not above the last accepted ${counter.last}`,
      AlertCode.authenticationFailure,
    );
  }
  if (cmd.counter <= counter.floor && checkOn(disabled, 'floor')) {
    return refuse(
      srv,
      stage,
      'AUTHORITY_BELOW_FLOOR',
      `counter ${cmd.counter} is not above the floor ${counter.floor}`,
      AlertCode.authenticationFailure,
    );
  }
  return undefined;
}
