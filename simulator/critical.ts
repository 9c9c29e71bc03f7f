import type { Signer } from '../certs';
import type { DuisRequest } from './duis';
import {
  decodeGeneralSigning,
  encodeGeneralSigning,
  signKrp,
  withSignature,
  type GeneralSigningApdu,
} from './gbcs';

/** One move of the Critical flow that a driver performs against a DCC (in process, over HTTP, ...). */
export type CriticalMove =
  | { readonly kind: 'transform'; readonly request: DuisRequest }
  | { readonly kind: 'send'; readonly request: DuisRequest; readonly signed: Uint8Array };

/** What the driver hands back to the flow after a move: accepted or not, and a CV 4 pre-command. */
export interface CriticalAnswer {
  readonly accepted: boolean;
  readonly preCommand?: Uint8Array;
}

/** How a Critical flow ended: refused at Transform, accepted without a pre-command, or sent. */
export type CriticalEnd = 'transform-refused' | 'no-pre-command' | 'sent';

/** Turns the DCC's unsigned pre-command into the bytes the user sends back (signed, or as is). */
export type PreCommandSigner = (preCommand: Uint8Array) => Uint8Array;

/**
 * Signs a pre-command with the user's KRP key; with no signer it is re-encoded unsigned (a
 * deliberately unsigned Send). Any signature already on it is dropped first.
 */
export function signPreCommand(preCommand: Uint8Array, signer: Signer | undefined): Uint8Array {
  const apdu = decodeGeneralSigning(preCommand);
  // Canonically encoded (no findings), the signed part read is the one encoding would write: sign
  // it as it stands instead of encoding it again.
  if (signer && !apdu.findings) return withSignature(apdu.signedBytes, signer.sign(apdu.signedBytes));
  const unsigned: GeneralSigningApdu = { ...apdu };
  delete unsigned.signature;
  delete (unsigned as Partial<typeof apdu>).signedBytes;
  return signer ? signKrp(unsigned, signer) : encodeGeneralSigning(unsigned);
}

/**
 * The Critical flow, written once: CV 4 Transform, the user signs the returned pre-command, CV 5
 * Send of the signed bytes (DUIS Critical Service Requests; see docs/domain.md). A generator, so
 * synchronous (`runCritical`) and asynchronous drivers (the conformance runner) share it.
 */
export function* criticalFlow(
  request: DuisRequest,
  sign: PreCommandSigner,
): Generator<CriticalMove, CriticalEnd, CriticalAnswer> {
  const transformed = yield { kind: 'transform', request };
  if (!transformed.accepted) return 'transform-refused';
  if (!transformed.preCommand) return 'no-pre-command';
  const signed = sign(transformed.preCommand);
  yield {
    kind: 'send',
    request: {
      requestId: request.requestId,
      commandVariant: 5,
      serviceReference: request.serviceReference,
      serviceReferenceVariant: request.serviceReferenceVariant,
      body: { kind: 'SignedPreCommand', gbcsPayload: signed },
    },
    signed,
  };
  return 'sent';
}

/** The result of a synchronous Critical flow: the last answer, how it ended, the signed bytes sent. */
export interface CriticalResult<A extends CriticalAnswer> {
  readonly answer: A;
  readonly end: CriticalEnd;
  readonly signed?: Uint8Array;
}

/** Drives `criticalFlow` synchronously, `submit` answering each move. */
export function runCritical<A extends CriticalAnswer>(
  request: DuisRequest,
  sign: PreCommandSigner,
  submit: (move: CriticalMove) => A,
): CriticalResult<A> {
  const flow = criticalFlow(request, sign);
  let answer: A | undefined;
  let signed: Uint8Array | undefined;
  for (let move = flow.next(); ;) {
    if (move.done) return { answer: answer!, end: move.value, ...(signed ? { signed } : {}) };
    if (move.value.kind === 'send') signed = move.value.signed;
    answer = submit(move.value);
    move = flow.next(answer);
  }
}
