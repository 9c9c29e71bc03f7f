import type { Eui, Signer } from '../certs';
import {
  auditOf,
  live,
  nextState,
  putAudit,
  putDevice,
  putPending,
  takePending,
  type AuditEntry,
  type DccState,
} from './dcc-state';
import { DuisError, parseDuisRequest, type DuisRequest, type Srv } from './duis';
import { SimulatorError } from './errors';
import type { DccEvent } from './events';
import { decodeGeneralSigning, GbcsError } from './gbcs';
import {
  runNonCritical,
  runSend,
  runSigned,
  runTransform,
  type FlowResult,
  type PipelineEnv,
} from './pipeline/flows';
import { parseRequest, type SignedSubmission } from './pipeline/parse';
import { parseGbcsCommand } from './pipeline/parse-gbcs';
import { checkSubmittedMac, unwrapSubmitted } from './pipeline/ciphering';
import { withCommandVariant, type ParsedRequest } from './pipeline/request';
import { refuse, type CellOutcome, type ResponseMacFailure, type Verdict } from './pipeline/verdict';
import { checkOn, type PipelineCheck } from './pipeline/checks';
import type { Policy } from './policy/policy';
import { changeRegistration } from './registry/registration';
import { NETWORK_OPERATOR_ROLES, SUPPLIER_ROLES, type Registration, type UserRole } from './types';
import type { World } from './world/world';

/** A change to the world between requests: a registration move or certificate revocations. */
export type WorldChange =
  | {
      readonly kind: 'registration';
      readonly mpxn: string;
      readonly capacity: Registration['capacity'];
      readonly userId: Eui;
      readonly at: Date;
    }
  | { readonly kind: 'revoke'; readonly certificateIds: readonly string[] };

/** One input of the DCC step: a DUIS submission, a raw signed GBCS command, or a world change. */
export type StepInput =
  | {
      readonly kind: 'duis';
      /** A typed DUIS request or its XML (CV 1, 4 or 5). */
      readonly request: DuisRequest | string;
      /** The sender's user role; inferred when the sender holds one eligible role. */
      readonly userRole?: UserRole;
      readonly at: Date;
    }
  | {
      readonly kind: 'gbcs';
      /** A signed General-Signing APDU (CS02b, or 7.1 / 7.2 supply). */
      readonly bytes: Uint8Array;
      readonly userRole?: UserRole;
      readonly at: Date;
    }
  | { readonly kind: 'world'; readonly change: WorldChange };

/** What the step reads besides the state: the policy, the DCC's ACB key, an optional audit sink. */
export interface StepEnv {
  readonly policy: Policy;
  /** The DCC's ACB signing key (signs 6.21 handovers). */
  readonly acbSigner: Signer;
  /** Called with every audit entry (e.g. to append JSON lines to a file); the ring keeps the newest. */
  readonly auditSink?: (entry: AuditEntry) => void;
  /** Pipeline checks switched off (mutation tests only). */
  readonly disabledChecks?: ReadonlySet<PipelineCheck>;
}

/** What the DCC answers a request: the verdict and, where the pipeline produced them, its bytes and cells. */
export interface DccResponse {
  readonly key: string;
  readonly srv: Srv | '?';
  readonly commandVariant: number;
  readonly verdict: Verdict;
  /** CV 4: the unsigned GBCS pre-command for the user to sign. */
  readonly preCommand?: Uint8Array;
  /** The device's GBCS response (CS02b response APDU) for an applied replacement. */
  readonly gbcsResponse?: Uint8Array;
  /** Per-cell outcomes of an applied replacement. */
  readonly outcomes?: readonly CellOutcome[];
  /** Present only when the device response's General-Ciphering MAC did not check. */
  readonly responseMac?: ResponseMacFailure;
}

/** The result of one step: the next state, the verdict and response (requests only), the events. */
export interface StepResult {
  readonly state: DccState;
  readonly verdict?: Verdict;
  readonly response?: DccResponse;
  readonly events: readonly DccEvent[];
}

/**
 * The world after `change`, or a SimulatorError ERR_WORLD_EVENT (nothing changed) when the new
 * registered party is not a party of that capacity.
 */
export function applyWorldChange(
  world: World,
  change: WorldChange,
  disabled?: ReadonlySet<PipelineCheck>,
): World {
  if (change.kind === 'revoke') {
    if (!checkOn(disabled, 'world-revocation')) return world;
    return { ...world, revoked: new Set([...world.revoked, ...change.certificateIds]) };
  }
  const roles = change.capacity === 'networkOperator' ? NETWORK_OPERATOR_ROLES : SUPPLIER_ROLES;
  const party = world.parties.get(change.userId);
  if (
    (!party || !party.userRoles.some((r) => roles.includes(r))) &&
    checkOn(disabled, 'world-registration-capacity')
  ) {
    throw new SimulatorError(
      'ERR_WORLD_EVENT',
      `${change.userId} is not a ${change.capacity} party of this world`,
    );
  }
  if (!checkOn(disabled, 'world-registration')) return world;
  return {
    ...world,
    registrations: changeRegistration(world.registrations, {
      mpxn: change.mpxn,
      capacity: change.capacity,
      userId: change.userId,
      at: change.at,
    }),
  };
}

function pipelineEnv(state: DccState, env: StepEnv, at: Date): PipelineEnv {
  return {
    world: state.world,
    policy: env.policy,
    at,
    ...(env.disabledChecks ? { disabledChecks: env.disabledChecks } : {}),
  };
}

/** The header of a request as the audit and events name it. */
interface Heading {
  readonly key: string;
  readonly srv: Srv | '?';
  readonly commandVariant: number;
  readonly at: Date;
}

/** Commits a flow result: the device state (if accepted), the audit, the events and the response. */
function finish(
  state: DccState,
  env: StepEnv,
  h: Heading,
  result: FlowResult,
  device: Eui | undefined,
  events: DccEvent[],
): StepResult {
  const store = live(state);
  const v = result.verdict;
  if (device && result.state && v.outcome === 'accepted') putDevice(store, result.state);
  if (state.limits.auditCap > 0 || env.auditSink) {
    const entry: AuditEntry = {
      at: h.at.toISOString(),
      key: h.key,
      srv: h.srv,
      commandVariant: h.commandVariant,
      outcome: v.outcome,
      code: v.outcome === 'accepted' ? v.duisCode : v.code,
      ...(v.outcome === 'accepted' && v.waiver ? { waiver: v.waiver } : {}),
    };
    putAudit(store, state.limits, entry);
    env.auditSink?.(entry);
  }
  if (v.outcome === 'accepted') {
    events.push({ type: 'request:accepted', key: h.key, verdict: v, at: h.at });
    if (device && v.outcomes && v.outcomes.length > 0)
      events.push({ type: 'cells:replaced', deviceId: device, outcomes: v.outcomes, at: h.at });
    if (device)
      for (const a of result.alerts ?? [])
        events.push({
          type: 'device:alert',
          deviceId: device,
          alertCode: a.alertCode,
          alert: a.bytes,
          at: h.at,
        });
  } else events.push({ type: 'request:refused', key: h.key, verdict: v, at: h.at });
  const response: DccResponse = {
    key: h.key,
    srv: h.srv,
    commandVariant: h.commandVariant,
    verdict: v,
    ...(v.outcome === 'accepted' && v.preCommand ? { preCommand: v.preCommand } : {}),
    ...(v.outcome === 'accepted' && v.response ? { gbcsResponse: v.response } : {}),
    ...(v.outcome === 'accepted' && v.outcomes ? { outcomes: v.outcomes } : {}),
    ...(v.outcome === 'accepted' && v.responseMac ? { responseMac: v.responseMac } : {}),
  };
  return { state: nextState(state), verdict: v, response, events };
}

/**
 * A Send for which the DCC issued no pre-command, processed as the signed GBCS command it carries
 * (the Transform checks, then the Send checks): what a DCC without the pending check would do
 * (mutation tests only).
 */
function sendUnissued(
  state: DccState,
  s: SignedSubmission,
  env: PipelineEnv,
  userRole: UserRole | undefined,
): FlowResult {
  const parsed = parseGbcsCommand(s.gbcs, userRole);
  if ('outcome' in parsed) return { verdict: parsed, state: undefined };
  const device = live(state).devices.get(parsed.request.device);
  const transformed = runTransform(withCommandVariant(parsed.request, 4), device, env);
  if (transformed.outcome !== 'accepted') return { verdict: transformed, state: undefined };
  return runSigned(parsed.request, parsed.signed, device, env);
}

/** CV 5: the pending pre-command of the request must exist and be fresh; then the Send checks. */
function send(
  state: DccState,
  s: SignedSubmission,
  env: PipelineEnv,
  userRole: UserRole | undefined,
): FlowResult {
  const store = live(state);
  const disabled = env.disabledChecks;
  const p = takePending(store, state.limits, s.key, checkOn(disabled, 'send-fresh') ? env.at : undefined);
  if (p === 'missing' && !checkOn(disabled, 'send-pending')) return sendUnissued(state, s, env, userRole);
  if (p === 'missing' || p === 'expired') {
    const code = p === 'missing' ? 'SEND_NO_PRECOMMAND' : 'SEND_PRECOMMAND_EXPIRED';
    const why = p === 'missing' ? 'no pre-command pending' : 'the pre-command expired';
    return { verdict: refuse(s.srv, 'parse', code, `${why} for ${s.key}`), state: undefined };
  }
  // A General-Ciphering wrapped command (what the DCC delivers to a device) is unwrapped first and
  // its MAC checked as the device checks it, when the world holds the keys.
  const submitted = unwrapSubmitted(s.gbcs, s.srv);
  if ('outcome' in submitted) return { verdict: submitted, state: undefined };
  if (submitted.wrapper) {
    const mac = checkSubmittedMac(submitted.wrapper, env.world, s.srv);
    if (typeof mac !== 'string' && checkOn(disabled, 'device-mac')) return { verdict: mac, state: undefined };
  }
  let signed;
  try {
    signed = decodeGeneralSigning(submitted.generalSigning);
  } catch (err) {
    if (!(err instanceof GbcsError)) throw err;
    return { verdict: refuse(s.srv, 'parse', 'PARSE_GBCS', `${err.code}: ${err.message}`), state: undefined };
  }
  return runSend(p.request, p.signedPart, signed, store.devices.get(p.request.device), env);
}

function stepDuis(state: DccState, input: Extract<StepInput, { kind: 'duis' }>, env: StepEnv): StepResult {
  const at = input.at;
  const events: DccEvent[] = [];
  let duis: DuisRequest;
  if (typeof input.request === 'string') {
    try {
      duis = parseDuisRequest(input.request);
    } catch (err) {
      if (!(err instanceof DuisError)) throw err;
      const v = refuse(undefined, 'parse', 'PARSE_XML', `${err.code}: ${err.message}`);
      const h = { key: '(unparsed)', srv: '?' as const, commandVariant: 0, at };
      return finish(state, env, h, { verdict: v, state: undefined }, undefined, events);
    }
  } else duis = input.request;
  const parsed = parseRequest(duis, input.userRole);
  const cv = duis.commandVariant;
  const key = 'key' in parsed ? parsed.key : '(unparsed)';
  events.push({ type: 'request:received', key, srv: duis.serviceReferenceVariant, commandVariant: cv, at });
  const h = { key, srv: duis.serviceReferenceVariant, commandVariant: cv, at };
  if ('outcome' in parsed)
    return finish(state, env, h, { verdict: parsed, state: undefined }, undefined, events);
  const penv = pipelineEnv(state, env, at);
  const devices = live(state).devices;
  if ('kind' in parsed && parsed.kind === 'signed') {
    if (cv !== 5) {
      const v = refuse(
        parsed.srv,
        'access',
        'ACCESS_COMMAND_VARIANT',
        `a signed pre-command needs command variant 5, got ${cv}`,
      );
      return finish(state, env, h, { verdict: v, state: undefined }, undefined, events);
    }
    return finish(state, env, h, send(state, parsed, penv, input.userRole), parsed.device, events);
  }
  const request = parsed as ParsedRequest;
  if (cv === 4) {
    const verdict = runTransform(request, devices.get(request.device), penv);
    if (verdict.outcome === 'accepted' && verdict.preCommand)
      putPending(live(state), state.limits, key, {
        request,
        preCommand: verdict.preCommand,
        // The DCC's own pre-command is `DF` and then exactly the signed part (no signature byte).
        signedPart: verdict.preCommand.subarray(1),
        at,
      });
    return finish(state, env, h, { verdict, state: undefined }, undefined, events);
  }
  const result = runNonCritical(request, devices.get(request.device), penv, env.acbSigner);
  return finish(state, env, h, result, request.device, events);
}

/** A raw signed GBCS command: the Transform checks, then the Send checks on the bytes as submitted. */
function stepGbcs(state: DccState, input: Extract<StepInput, { kind: 'gbcs' }>, env: StepEnv): StepResult {
  const at = input.at;
  const events: DccEvent[] = [];
  const submitted = unwrapSubmitted(input.bytes);
  const parsed =
    'outcome' in submitted ? submitted : parseGbcsCommand(submitted.generalSigning, input.userRole);
  if ('outcome' in parsed) {
    const h = { key: '(unparsed)', srv: parsed.srv ?? ('?' as const), commandVariant: 0, at };
    return finish(state, env, h, { verdict: parsed, state: undefined }, undefined, events);
  }
  const { request, signed } = parsed;
  const h = { key: request.key, srv: request.srv, commandVariant: 5, at };
  events.push({ type: 'request:received', key: request.key, srv: request.srv, commandVariant: 5, at });
  const penv = pipelineEnv(state, env, at);
  if (!('outcome' in submitted) && submitted.wrapper) {
    // the command as the DCC delivers it: the device checks the MAC before anything else
    const mac = checkSubmittedMac(submitted.wrapper, penv.world, request.srv);
    if (typeof mac !== 'string' && checkOn(env.disabledChecks, 'device-mac'))
      return finish(state, env, h, { verdict: mac, state: undefined }, undefined, events);
  }
  const device = live(state).devices.get(request.device);
  const transformed = runTransform(withCommandVariant(request, 4), device, penv);
  if (transformed.outcome !== 'accepted')
    return finish(state, env, h, { verdict: transformed, state: undefined }, undefined, events);
  return finish(state, env, h, runSigned(request, signed, device, penv), request.device, events);
}

/**
 * The DCC as a pure step: one input (a DUIS submission, a raw signed GBCS command, a world
 * change) against a state, giving the next state, the verdict, the response and the events. The
 * given state is consumed (see `DccState`); a bad world change throws ERR_WORLD_EVENT and
 * consumes nothing.
 */
export function step(state: DccState, input: StepInput, env: StepEnv): StepResult {
  live(state);
  if (input.kind === 'world')
    return {
      state: nextState(state, applyWorldChange(state.world, input.change, env.disabledChecks)),
      events: [],
    };
  return input.kind === 'duis' ? stepDuis(state, input, env) : stepGbcs(state, input, env);
}

export { auditOf };
