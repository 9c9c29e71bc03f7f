import type { Eui, Signer } from '../certs';
import type { DeviceState } from './device/state';
import { decodeGeneralSigning, GbcsError, signKrp } from './gbcs';
import { DuisError, parseDuisRequest, type DuisRequest } from './duis';
import { SimulatorError } from './errors';
import type { DccEvent, DccListener } from './events';
import { runNonCritical, runSend, runTransform, type FlowResult, type PipelineEnv } from './pipeline/flows';
import { parseRequest, type SignedSubmission } from './pipeline/parse';
import type { ParsedRequest } from './pipeline/request';
import { refuse, type Verdict } from './pipeline/verdict';
import type { Policy } from './policy/policy';
import type { UserRole } from './types';
import type { World } from './world/world';

/** A source of the current time, injected so runs are reproducible. */
export interface Clock {
  now(): Date;
}

/** A request as a user submits it: a typed DUIS request or raw DUIS XML, the role it acts in, the time. */
export interface Submission {
  readonly request: DuisRequest | string;
  /** The sender's user role; inferred when the sender holds one eligible role. */
  readonly userRole?: UserRole;
  /** Request time; defaults to the clock. */
  readonly at?: Date;
}

/** One line of the DCC's append-only audit. */
export interface AuditEntry {
  readonly at: string;
  readonly key: string;
  readonly srv: string;
  readonly commandVariant: number;
  readonly outcome: Verdict['outcome'];
  readonly code: string;
  readonly waiver?: string;
}

/** The reference DCC for SMETS1: the validation pipeline over a world and device states. */
export interface Dcc {
  readonly policy: Policy;
  /** Runs one DUIS request through the pipeline (CV 1 non-critical, CV 4 Transform, CV 5 Send). */
  submit(submission: Submission): Verdict;
  /** Transform, sign the pre-command with `signer`, then Send: the whole Critical flow. */
  perform(submission: Submission, signer: Signer): Verdict;
  device(deviceId: Eui): DeviceState | undefined;
  devices(): IterableIterator<DeviceState>;
  world(): World;
  /** Replaces the world (registration changes, revocations); device states are kept. */
  updateWorld(change: (world: World) => World): void;
  audit(): readonly AuditEntry[];
  on(listener: DccListener): () => void;
}

/** Options of createDcc. */
export interface DccOptions {
  readonly world: World;
  readonly devices: Iterable<DeviceState>;
  readonly policy: Policy;
  readonly clock: Clock;
  /** The DCC's ACB signing key (signs 6.21 handovers). */
  readonly acbSigner: Signer;
  /** Keep an audit trail (off for estate-scale runs). */
  readonly audit?: boolean;
}

interface Pending {
  readonly request: ParsedRequest;
  readonly preCommand: Uint8Array;
}

/** Creates the reference DCC: the composition root of the simulator (the imperative shell around the pure flows). */
export function createDcc(options: DccOptions): Dcc {
  let world = options.world;
  const policy = options.policy;
  const states = new Map<Eui, DeviceState>([...options.devices].map((d) => [d.deviceId, d]));
  const pending = new Map<string, Pending>();
  const auditLog: AuditEntry[] = [];
  const listeners = new Set<DccListener>();
  const emit = (e: DccEvent) => listeners.forEach((l) => l(e));

  const finish = (
    key: string,
    srv: string,
    cv: number,
    at: Date,
    result: FlowResult,
    device: Eui | undefined,
  ): Verdict => {
    const v = result.verdict;
    if (device && result.state && v.outcome === 'accepted') states.set(device, result.state);
    if (options.audit !== false) {
      auditLog.push({
        at: at.toISOString(),
        key,
        srv,
        commandVariant: cv,
        outcome: v.outcome,
        code: v.outcome === 'accepted' ? v.duisCode : v.code,
        ...(v.outcome === 'accepted' && v.waiver ? { waiver: v.waiver } : {}),
      });
    }
    if (v.outcome === 'accepted') {
      emit({ type: 'request:accepted', key, verdict: v, at });
      if (device && v.outcomes && v.outcomes.length > 0)
        emit({ type: 'cells:replaced', deviceId: device, outcomes: v.outcomes, at });
    } else emit({ type: 'request:refused', key, verdict: v, at });
    return v;
  };

  const send = (s: SignedSubmission, env: PipelineEnv): FlowResult => {
    const p = pending.get(s.key);
    if (!p)
      return {
        verdict: refuse(s.srv, 'parse', 'SEND_NO_PRECOMMAND', `no pre-command pending for ${s.key}`),
        state: undefined,
      };
    pending.delete(s.key);
    let signed;
    try {
      signed = decodeGeneralSigning(s.gbcs);
    } catch (err) {
      if (!(err instanceof GbcsError)) throw err;
      return {
        verdict: refuse(s.srv, 'parse', 'PARSE_GBCS', `${err.code}: ${err.message}`),
        state: undefined,
      };
    }
    return runSend(p.request, p.preCommand, signed, states.get(p.request.device), env);
  };

  const submit = (submission: Submission): Verdict => {
    const at = submission.at ?? options.clock.now();
    let duis: DuisRequest;
    if (typeof submission.request === 'string') {
      try {
        duis = parseDuisRequest(submission.request);
      } catch (err) {
        if (!(err instanceof DuisError)) throw err;
        const v = refuse(undefined, 'parse', 'PARSE_XML', `${err.code}: ${err.message}`);
        return finish('(unparsed)', '?', 0, at, { verdict: v, state: undefined }, undefined);
      }
    } else duis = submission.request;
    const parsed = parseRequest(duis, submission.userRole);
    const cv = duis.commandVariant;
    const key = 'key' in parsed ? parsed.key : '(unparsed)';
    emit({ type: 'request:received', key, srv: duis.serviceReferenceVariant, commandVariant: cv, at });
    if ('outcome' in parsed)
      return finish(
        key,
        duis.serviceReferenceVariant,
        cv,
        at,
        { verdict: parsed, state: undefined },
        undefined,
      );
    const env: PipelineEnv = { world, policy, at };
    if ('kind' in parsed && parsed.kind === 'signed') {
      if (cv !== 5) {
        const v = refuse(
          parsed.srv,
          'access',
          'ACCESS_COMMAND_VARIANT',
          `a signed pre-command needs command variant 5, got ${cv}`,
        );
        return finish(key, parsed.srv, cv, at, { verdict: v, state: undefined }, undefined);
      }
      return finish(key, parsed.srv, cv, at, send(parsed, env), parsed.device);
    }
    const request = parsed as ParsedRequest;
    if (cv === 4) {
      const verdict = runTransform(request, states.get(request.device), env);
      if (verdict.outcome === 'accepted' && verdict.preCommand)
        pending.set(key, { request, preCommand: verdict.preCommand });
      return finish(key, request.srv, cv, at, { verdict, state: undefined }, undefined);
    }
    return finish(
      key,
      request.srv,
      cv,
      at,
      runNonCritical(request, states.get(request.device), env, options.acbSigner),
      request.device,
    );
  };

  const perform = (submission: Submission, signer: Signer): Verdict => {
    const transformed = submit(submission);
    if (transformed.outcome !== 'accepted' || !transformed.preCommand) return transformed;
    const duis =
      typeof submission.request === 'string' ? parseDuisRequest(submission.request) : submission.request;
    const signedPreCommand = signKrp(decodeGeneralSigning(transformed.preCommand), signer);
    return submit({
      ...submission,
      request: {
        ...duis,
        commandVariant: 5,
        body: { kind: 'SignedPreCommand', gbcsPayload: signedPreCommand },
      },
    });
  };

  return {
    policy,
    submit,
    perform,
    device: (id) => states.get(id),
    devices: () => states.values(),
    world: () => world,
    updateWorld: (change) => {
      world = change(world);
    },
    audit: () => auditLog,
    on: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Throws when a scenario names a device the DCC does not know. */
export function requireDevice(dcc: Dcc, deviceId: Eui): DeviceState {
  const d = dcc.device(deviceId);
  if (!d) throw new SimulatorError('ERR_DEVICE_UNKNOWN', `device ${deviceId} is not in the world`);
  return d;
}
