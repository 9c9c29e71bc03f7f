import { formatEuiHyphenated, keyAgreementKeyFromPem, type Eui } from '../../../certs';
import {
  criticalFlow,
  deviceKeys,
  duisCodeFor,
  handoverRequest,
  isCriticalSrv,
  krpRequest,
  retrieveRequest,
  signPreCommand,
  supplyRequest,
} from '../../../simulator';
import { emitDuisRequest, type DuisRequest, type Srv } from '../../../simulator/duis';
import {
  decodeGeneralSigning,
  encodeGeneralSigning,
  wrapGeneralCiphering,
  type GeneralSigningApdu,
} from '../../../simulator/gbcs';
import { DutTransportError } from '../../dut/port';
import type { DeviceUnderTest, DutResponse, WorldEvent } from '../../dut/port';
import { ScenarioError } from '../../scenario/errors';
import type { ResolvedScenario } from '../../scenario/resolve';
import type { StepAlternative } from '../../report/types';
import type { ExpectationInput, RequestStep, StepExpectation, WorldChangeStep } from '../../scenario/types';

/** What one executed request step leaves for later replay steps. */
export interface SentRequest {
  readonly transformXml: string;
  readonly signedXml: string | undefined;
  readonly userRole: RequestStep['userRole'];
}

/** The outcome of one step as the harness saw it. */
export interface StepOutcome {
  readonly response: DutResponse;
  readonly sent?: SentRequest;
}

/** Builds the typed DUIS request of a request step (CV 4 for critical SRVs, CV 1 otherwise). */
export function buildRequest(step: RequestStep, r: ResolvedScenario): DuisRequest {
  const sender = r.party(step.actor).eui;
  const device = r.deviceId(step.device);
  const counter = BigInt(step.counter);
  if (step.srv === '6.24.1') return retrieveRequest({ sender, device, counter });
  if (step.srv === '7.1' || step.srv === '7.2')
    return supplyRequest({ srv: step.srv, sender, device, counter });
  const reps =
    typeof step.replacements === 'string'
      ? { ds: step.replacements, ka: step.replacements }
      : (step.replacements ?? {});
  const args = {
    sender,
    device,
    counter,
    remotePartyRole: step.remotePartyRole ?? 'NetworkOperator',
    ...(reps.ds !== undefined ? { ds: r.certificate(reps.ds, 'DS') } : {}),
    ...(reps.ka !== undefined ? { ka: r.certificate(reps.ka, 'KA') } : {}),
    path: (step.path ?? r.defaultPath).map((p) => r.pathCertificate(p)),
    ...(step.applyTimeBasedCpvChecks === undefined
      ? {}
      : { applyTimeBasedCpvChecks: step.applyTimeBasedCpvChecks }),
    ...(step.floor === undefined ? {} : { floor: BigInt(step.floor) }),
  };
  return step.srv === '6.21' ? handoverRequest(args) : krpRequest(args);
}

/** Translates a registration move or revocation into the DUT port's world event. */
export function worldEvent(change: WorldChangeStep, r: ResolvedScenario): WorldEvent {
  if (change.kind === 'revoke')
    return {
      kind: 'revoke',
      certificateId: r.certificate(change.certificate, change.certificate.keyUsage ?? 'DS').certificateId,
    };
  const mpxn = change.mpxn ?? r.meters.get(change.device ?? '')?.mpxn ?? '';
  return {
    kind: 'registration',
    mpxn,
    capacity: change.capacity,
    userId: formatEuiHyphenated(r.party(change.party).eui),
    at: change.at,
  };
}

/**
 * True when the DUT refused a world change as bad input: the reference's ERR_DUT_WORLD_EVENT, or
 * an HTTP implementation's 400 answer to `POST /v1/world-events` (docs/http-contract.md).
 */
export function isWorldEventRefusal(err: unknown): boolean {
  if (err instanceof DutTransportError) return err.code === 'ERR_DUT_HTTP_STATUS' && err.status === 400;
  return (err as { code?: unknown } | null)?.code === 'ERR_DUT_WORLD_EVENT';
}

/** Applies a world change given as a step: `applied`, or `refused` when the DUT refused it as bad input. */
export async function applyWorldStep(
  dut: DeviceUnderTest,
  change: WorldChangeStep,
  r: ResolvedScenario,
): Promise<'applied' | 'refused'> {
  try {
    await dut.apply(worldEvent(change, r));
    return 'applied';
  } catch (err) {
    if (isWorldEventRefusal(err)) return 'refused';
    throw err;
  }
}

/** The pre-command with its originator counter raised by one, unsigned: not the command the DCC issued. */
function raisedCounter(preCommand: Uint8Array): Uint8Array {
  const apdu = decodeGeneralSigning(preCommand);
  const raised: GeneralSigningApdu = {
    craFlag: apdu.craFlag,
    originatorCounter: apdu.originatorCounter + 1n,
    originator: apdu.originator,
    recipient: apdu.recipient,
    ...(apdu.dateTime ? { dateTime: apdu.dateTime } : {}),
    messageCode: apdu.messageCode,
    ...(apdu.supplementary ? { supplementary: apdu.supplementary } : {}),
    content: apdu.content,
  };
  return encodeGeneralSigning(raised);
}

/**
 * The signed command wrapped in General-Ciphering as the ACB wraps it for the device (the world's
 * ACB key-agreement key, the device's KA key), its MAC then corrupted in the last byte.
 */
function badlyWrapped(signed: Uint8Array, r: ResolvedScenario, device: Eui): Uint8Array {
  const acb = r.world.acbKeyAgreement?.privateKey;
  if (!acb)
    throw new ScenarioError(
      'ERR_SCENARIO_REFERENCE',
      'tamper "mac" needs a world with the ACB key-agreement key',
    );
  const wrapped = wrapGeneralCiphering(
    signed,
    keyAgreementKeyFromPem(acb).privateKey,
    deviceKeys(device).ka.publicKey,
  );
  wrapped[wrapped.length - 1]! ^= 0x01;
  return wrapped;
}

/** The CV 5 request under a RequestID whose counter is one above the Transform's. */
function unissuedRequestId(send: DuisRequest): DuisRequest {
  return { ...send, requestId: { ...send.requestId, counter: send.requestId.counter + 1n } };
}

/**
 * Runs a request step against the DUT: CV 1 for non-critical SRVs; for critical ones CV 4
 * (Transform), the harness signs the pre-command with the step's signer (or takes the step's given
 * `gbcs` bytes as they are), world changes listed in `between` are applied, then CV 5 (Send).
 */
export async function runRequestStep(
  step: RequestStep,
  r: ResolvedScenario,
  dut: DeviceUnderTest,
  at: string,
): Promise<StepOutcome> {
  const built = buildRequest(step, r);
  const duis = step.commandVariant === undefined ? built : { ...built, commandVariant: step.commandVariant };
  const transformXml = emitDuisRequest(duis);
  const role = step.userRole ? { userRole: step.userRole } : {};
  if (!isCriticalSrv(step.srv) || step.commandVariant !== undefined) {
    const response = await dut.submit({ xml: transformXml, at, ...role });
    return { response, sent: { transformXml, signedXml: undefined, userRole: step.userRole } };
  }
  const given = step.gbcs === undefined ? undefined : Uint8Array.from(Buffer.from(step.gbcs, 'hex'));
  const sign = (pre: Uint8Array) => {
    const signed = signPreCommand(
      step.tamper === 'signed-counter' ? raisedCounter(pre) : pre,
      r.signer(step.signer, step.actor),
    );
    return step.tamper === 'mac' ? badlyWrapped(signed, r, duis.requestId.target) : signed;
  };
  const flow = criticalFlow(duis, (pre) => given ?? sign(pre));
  let signedXml: string | undefined;
  let response: DutResponse | undefined;
  for (let move = flow.next(); ;) {
    if (move.done) {
      if (move.value !== 'no-pre-command') break;
      const detail = 'the DUT accepted the Transform but returned no pre-command';
      return { response: { outcome: 'rejected', duisCode: '(none)', detail } };
    }
    const sending = move.value.kind === 'send';
    const xml = !sending
      ? transformXml
      : emitDuisRequest(
          step.tamper === 'request-id' ? unissuedRequestId(move.value.request) : move.value.request,
        );
    if (sending) {
      signedXml = xml;
      for (const change of step.between ?? []) await dut.apply(worldEvent(change, r));
    }
    response = await dut.submit({ xml, at: sending && step.sendAt ? step.sendAt : at, ...role });
    const preCommand = response.preCommand
      ? Uint8Array.from(Buffer.from(response.preCommand, 'hex'))
      : undefined;
    move = flow.next({ accepted: response.outcome === 'accepted', ...(preCommand ? { preCommand } : {}) });
  }
  return { response: response!, sent: { transformXml, signedXml, userRole: step.userRole } };
}

/** Sends again an earlier step's signed pre-command after a fresh Transform of the same request. */
export async function runReplay(sent: SentRequest, dut: DeviceUnderTest, at: string): Promise<DutResponse> {
  const role = sent.userRole ? { userRole: sent.userRole } : {};
  const again = await dut.submit({ xml: sent.transformXml, at, ...role });
  if (again.outcome !== 'accepted' || !sent.signedXml) return again;
  return dut.submit({ xml: sent.signedXml, at, ...role });
}

/** `accepted` or `rejected <duisCode> <code>`, as reports show it. */
export function describeResponse(r: DutResponse): string {
  return r.outcome === 'accepted'
    ? `accepted${r.waiver ? ` (waiver ${r.waiver})` : ''}`
    : `rejected ${r.duisCode}${r.code ? ` ${r.code}` : ''}`;
}

/** The expected DUIS code: the one written, else the project's mapping of the expected refusal code. */
function expectedDuisCode(e: StepExpectation, srv: Srv | undefined): string | undefined {
  if (e.outcome !== 'rejected') return 'I0';
  if (e.duisCode) return e.duisCode;
  return e.code ? duisCodeFor(e.code as Parameters<typeof duisCodeFor>[0], srv) : undefined;
}

/** The alternatives of an expectation as written: the `oneOf` list, or the one expectation. */
export function alternativesOf(e: ExpectationInput): readonly StepExpectation[] {
  return 'oneOf' in e ? e.oneOf : [e];
}

function describeOne(e: StepExpectation, srv: Srv | undefined): string {
  if (e.outcome === 'accepted') return 'accepted';
  const duis = expectedDuisCode(e, srv);
  const where = [
    e.phase === undefined ? undefined : `at ${e.phase}`,
    e.stage === undefined ? undefined : `(${e.stage})`,
  ];
  return ['rejected', duis, e.code, ...where].filter((x) => x !== undefined).join(' ');
}

/** `accepted` or `rejected <duisCode?> <code?>`; alternatives as `one of: A | B`. */
export function describeExpectation(e: ExpectationInput, srv: Srv | undefined): string {
  if ('oneOf' in e) return `one of: ${e.oneOf.map((x) => describeOne(x, srv)).join(' | ')}`;
  return describeOne(e, srv);
}

/**
 * Why a response does not meet one expectation, or undefined when it does: same outcome; the DUIS
 * code always when one is expected; the phase, the stage and the refusal code only when the
 * implementation reports them.
 */
export function mismatchOf(
  e: StepExpectation,
  r: DutResponse,
  srv: Srv | undefined,
  phase?: 'transform' | 'send',
): string | undefined {
  if (e.outcome !== r.outcome) return `outcome ${r.outcome}, expected ${e.outcome}`;
  if (e.outcome === 'accepted') return undefined;
  const duis = expectedDuisCode(e, srv);
  if (duis !== undefined && duis !== r.duisCode) return `DUIS code ${r.duisCode}, expected ${duis}`;
  if (e.phase !== undefined && phase !== undefined && e.phase !== phase)
    return `refused at ${phase}, expected at ${e.phase}`;
  if (e.stage !== undefined && r.stage !== undefined && e.stage !== r.stage)
    return `stage ${r.stage}, expected ${e.stage}`;
  if (e.code !== undefined && r.code !== undefined && e.code !== r.code)
    return `code ${r.code}, expected ${e.code}`;
  return undefined;
}

/**
 * Whether a response meets an expectation (any alternative of a `oneOf`): same outcome; the DUIS
 * code always when one is expected; the refusal code only when the implementation reports codes.
 */
export function meetsExpectation(
  e: ExpectationInput,
  r: DutResponse,
  srv: Srv | undefined,
  phase?: 'transform' | 'send',
): boolean {
  return alternativesOf(e).some((x) => mismatchOf(x, r, srv, phase) === undefined);
}

/** How a response fares against an expectation: ok, and for a `oneOf` each alternative's result. */
export interface Judgement {
  readonly ok: boolean;
  /** Set for a `oneOf`: every alternative, whether it matched, and why not. */
  readonly alternatives?: readonly StepAlternative[];
}

/** Judges a response against an expectation; a `oneOf` reports which alternative matched or why each did not. */
export function judgeResponse(
  e: ExpectationInput,
  r: DutResponse,
  srv: Srv | undefined,
  phase?: 'transform' | 'send',
): Judgement {
  if (!('oneOf' in e)) return { ok: mismatchOf(e, r, srv, phase) === undefined };
  const alternatives = e.oneOf.map((x): StepAlternative => {
    const why = mismatchOf(x, r, srv, phase);
    return { expected: describeOne(x, srv), matched: why === undefined, ...(why ? { why } : {}) };
  });
  return { ok: alternatives.some((a) => a.matched), alternatives };
}
