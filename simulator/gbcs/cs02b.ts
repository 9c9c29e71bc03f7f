import type { Eui } from '../../certs/eui';
import { GbcsError } from './errors';
import {
  decodeGeneralSigning,
  type DecodedGeneralSigningApdu,
  type GeneralSigningApdu,
} from './general-signing';
import { decodeUpdateSecurityCredentials } from './usc-decode';
import { encodeUpdateSecurityCredentials } from './usc-encode';
import { cs02bMessageCode } from './message-codes';
import type { UpdateSecurityCredentials } from './usc-types';

/**
 * The first CS02b message code: GBCS gives modes 0..9 the codes 0x0100..0x0109 (message-codes.ts);
 * 0x010A onwards are other use cases (0x010B is DBCH02).
 * @see GBCS 13.3, docs/gbcs-bytes.md (Message codes)
 */
export const CS02B_MESSAGE_CODE_BASE = 0x0100;

/**
 * The unsigned CS02b command APDU for an UpdateSecurityCredentials (message code 0x0100 + mode, modes
 * 0..9; a mode GBCS gives no CS02b code is ERR_GBCS_ENCODE).
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
  const messageCode = cs02bMessageCode(args.usc.mode);
  if (messageCode === undefined)
    throw new GbcsError(
      'ERR_GBCS_ENCODE',
      `GBCS gives credentialsReplacementMode ${args.usc.mode} no CS02b message code`,
    );
  const apdu: GeneralSigningApdu = {
    craFlag: 1,
    originatorCounter: args.counter,
    originator: args.originator,
    recipient: args.recipient,
    messageCode,
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
  if (apdu.messageCode !== cs02bMessageCode(usc.mode)) {
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
