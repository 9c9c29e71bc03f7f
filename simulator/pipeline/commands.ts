import { euiToBytes, type CellId, type Signer } from '../../certs';
import {
  buildCs02bCommand,
  CredentialsReplacementMode,
  encodeGbcsDateTime,
  encodeGeneralSigning,
  encodeUscResponse,
  signKrp,
  type GeneralSigningApdu,
  type UscResponse,
} from '../gbcs';
import type { ParsedRequest, ReplaceBody, SupplyBody } from './request';

/**
 * GBCS message codes used for 7.1 Enable Supply (ECS42) and 7.2 Disable Supply (ECS43/GCS32).
 * (assumption: the real message code values are not in the project's domain notes; the content is
 * one byte, 0x01 enabled / 0x00 disabled.)
 */
export const SUPPLY_MESSAGE_CODES = { enabled: 0x0042, disabled: 0x0043 } as const;

/** The authorising trust-anchor cell of a request: the DS management cell of its remote party role. */
export function authorisingCellOf(body: ReplaceBody | SupplyBody): CellId {
  const role = body.kind === 'replace' ? body.roleCode : 2;
  return { role, keyUsage: 'DS', cellUsage: 'management' };
}

/** The CS02b credentialsReplacementMode of a 6.15.1 / 6.21 replacement. */
export function replacementModeOf(body: ReplaceBody): number {
  return body.roleCode === 3
    ? CredentialsReplacementMode.networkOperatorByNetworkOperator
    : CredentialsReplacementMode.supplierBySupplier;
}

/** Builds the unsigned GBCS command the DCC returns as the Pre-Command of a Critical request (or signs itself for 6.21). */
export function buildPreCommand(
  request: ParsedRequest,
  originator = request.sender,
  counter = request.counter,
): GeneralSigningApdu {
  const body = request.body;
  if (body.kind === 'replace') {
    return buildCs02bCommand({
      originator,
      recipient: request.device,
      counter,
      usc: {
        mode: replacementModeOf(body),
        ...(body.applyTimeBasedCpvChecks ? {} : { applyTimeBasedCpvChecks: 'disapply' as const }),
        authorisingCell: authorisingCellOf(body),
        authorisingSeqNumber: counter,
        ...(body.newFloor === undefined ? {} : { newFloorSeqNumber: body.newFloor }),
        replacements: body.replacements.map((r) => ({ certificate: r.certificate.der, targetCell: r.cell })),
        certificationPath: body.path.map((c) => c.der),
        ...(body.executionDateTime ? { executionDateTime: body.executionDateTime } : {}),
      },
    });
  }
  if (body.kind === 'supply') {
    return {
      craFlag: 1,
      originatorCounter: counter,
      originator,
      recipient: request.device,
      messageCode: SUPPLY_MESSAGE_CODES[body.supply],
      content: Uint8Array.of(body.supply === 'enabled' ? 1 : 0),
    };
  }
  throw new TypeError(`no GBCS command for a ${body.kind} request`);
}

/**
 * Encodes the device's CS02b response as a General-Signing APDU (CRA flag 2) with the GBCS date-time
 * of `at`, signed by the device's DS key when it has one (SMETS2) and unsigned otherwise.
 * @see docs/gbcs-bytes.md (response)
 */
export function buildResponse(
  request: ParsedRequest,
  originatorCounter: bigint,
  response: UscResponse,
  at: Date,
  deviceSigner: Signer | undefined,
): Uint8Array {
  const apdu: GeneralSigningApdu = {
    craFlag: 2,
    originatorCounter,
    originator: request.device,
    recipient: request.sender,
    dateTime: encodeGbcsDateTime(at),
    messageCode: 0x0100 + response.mode,
    content: encodeUscResponse(response),
  };
  return deviceSigner ? signKrp(apdu, deviceSigner) : encodeGeneralSigning(apdu);
}

/** The 8 bytes of an EUI for response outcomes, or undefined. */
export function euiBytesOrUndefined(eui: string | undefined): Uint8Array | undefined {
  return eui === undefined ? undefined : euiToBytes(eui as Parameters<typeof euiToBytes>[0]);
}
