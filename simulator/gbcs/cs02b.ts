import type { Eui } from '../../certs/eui';
import { GbcsError } from './errors';
import {
  decodeGeneralSigning,
  type DecodedGeneralSigningApdu,
  type GeneralSigningApdu,
} from './general-signing';
import { decodeUpdateSecurityCredentials } from './usc-decode';
import { encodeUpdateSecurityCredentials } from './usc-encode';
import type { UpdateSecurityCredentials } from './usc-types';

/** The CS02b message code base: message code = 0x0100 + credentialsReplacementMode. @see GBCS Table 13.3 */
export const CS02B_MESSAGE_CODE_BASE = 0x0100;

/**
 * The unsigned CS02b command APDU for an UpdateSecurityCredentials (message code 0x0100 + mode).
 * `usc.authorisingSeqNumber` defaults to `counter`; a different value is refused.
 * @see GBCS 13.3.2.5 (CS02b)
 */
export function buildCs02bCommand(args: {
  originator: Eui;
  recipient: Eui;
  counter: bigint;
  usc: UpdateSecurityCredentials;
  dateTime?: Uint8Array;
}): GeneralSigningApdu {
  const seq = args.usc.authorisingSeqNumber ?? args.counter;
  if (seq !== args.counter) {
    throw new GbcsError(
      'ERR_GBCS_COUNTER_MISMATCH',
      `authorisingSeqNumber ${seq} differs from counter ${args.counter}`,
    );
  }
  const apdu: GeneralSigningApdu = {
    craFlag: 1,
    originatorCounter: args.counter,
    originator: args.originator,
    recipient: args.recipient,
    messageCode: CS02B_MESSAGE_CODE_BASE + args.usc.mode,
    content: encodeUpdateSecurityCredentials(
      args.usc.authorisingSeqNumber === seq ? args.usc : { ...args.usc, authorisingSeqNumber: seq },
    ),
  };
  if (args.dateTime) apdu.dateTime = args.dateTime;
  return apdu;
}

/**
 * Parses a CS02b command APDU (signed or not) and its content, checking CRA flag = command,
 * message code = 0x0100 + mode and authorisingSeqNumber = originator counter.
 */
export function decodeCs02bCommand(bytes: Uint8Array): {
  apdu: DecodedGeneralSigningApdu;
  usc: UpdateSecurityCredentials;
} {
  const apdu = decodeGeneralSigning(bytes);
  if (apdu.craFlag !== 1)
    throw new GbcsError('ERR_GBCS_CRA_FLAG', `CS02b must be a command, CRA flag ${apdu.craFlag}`);
  const usc = decodeUpdateSecurityCredentials(apdu.content);
  if (apdu.messageCode !== CS02B_MESSAGE_CODE_BASE + usc.mode) {
    throw new GbcsError(
      'ERR_GBCS_MESSAGE_CODE',
      `message code 0x${apdu.messageCode.toString(16)} does not match mode ${usc.mode}`,
    );
  }
  if (usc.authorisingSeqNumber !== apdu.originatorCounter) {
    throw new GbcsError(
      'ERR_GBCS_COUNTER_MISMATCH',
      `authorisingSeqNumber ${usc.authorisingSeqNumber} != originator counter ${apdu.originatorCounter}`,
    );
  }
  return { apdu, usc };
}
