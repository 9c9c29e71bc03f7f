import type { Eui, Signer } from '../certs';
import { runCritical, signPreCommand } from './critical';
import {
  auditOf,
  createDccState,
  deviceOf,
  devicesOf,
  nextState,
  type AuditEntry,
  type DccLimits,
  type DccState,
} from './dcc-state';
import type { DeviceState } from './device/state';
import { DuisError, parseDuisRequest, type DuisRequest } from './duis';
import { SimulatorError } from './errors';
import type { DccListener } from './events';
import type { PipelineCheck } from './pipeline/checks';
import type { Verdict } from './pipeline/verdict';
import type { Policy } from './policy/policy';
import { step, type StepEnv, type StepInput, type StepResult, type WorldChange } from './step';
import type { UserRole } from './types';
import type { World } from './world/world';

export type { AuditEntry } from './dcc-state';

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

/** The verdict of a whole Critical flow and the signed pre-command that was sent (if any). */
export interface Performed {
  readonly verdict: Verdict;
  readonly signed?: Uint8Array;
}

/** The reference DCC for SMETS1: an imperative shell holding the state that `step` advances. */
export interface Dcc {
  readonly policy: Policy;
  /** Runs one DUIS request through the pipeline (CV 1 non-critical, CV 4 Transform, CV 5 Send). */
  submit(submission: Submission): Verdict;
  /** Transform, sign the pre-command with `signer`, then Send: the whole Critical flow. */
  perform(submission: Submission, signer: Signer): Verdict;
  /** As `perform`, also returning the signed pre-command sent. */
  /**
   * The Critical flow with the signer injected; `beforeSend` (e.g. a registration move) runs after a
   * Transform that passed, before the Send.
   */
  performCritical(submission: Submission, signer: Signer | undefined, beforeSend?: () => void): Performed;
  /** Runs any step input (a raw signed GBCS command, a world change, ...) and returns the step's result. */
  run(input: StepInput): StepResult;
  device(deviceId: Eui): DeviceState | undefined;
  devices(): IterableIterator<DeviceState>;
  world(): World;
  /** Applies a registration move or revocation (coded ERR_WORLD_EVENT for a bad one, nothing changed). */
  apply(change: WorldChange): void;
  /** Replaces the world (device states are kept). */
  updateWorld(change: (world: World) => World): void;
  /** The newest audit entries (a bounded ring), oldest first. */
  audit(): readonly AuditEntry[];
  /** Back to the initial world and devices; nothing pending, an empty audit. */
  reset(): void;
  /** The current state (spent by the next request: fork it to keep it). */
  state(): DccState;
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
  /** Bounds of the pending pre-commands and the audit ring (defaults: DEFAULT_DCC_LIMITS). */
  readonly limits?: Partial<DccLimits>;
  /** Receives every audit entry (e.g. appends JSON lines to a file). */
  readonly auditSink?: (entry: AuditEntry) => void;
  /** Pipeline checks switched off (mutation tests only). */
  readonly disabledChecks?: ReadonlySet<PipelineCheck>;
}

/** Creates the reference DCC: the composition root of the simulator (the imperative shell around `step`). */
export function createDcc(options: DccOptions): Dcc {
  const devices = [...options.devices];
  const limits = { ...options.limits, ...(options.audit === false ? { auditCap: 0 } : {}) };
  const initial = (): DccState => createDccState(options.world, devices, limits);
  let state = initial();
  const env: StepEnv = {
    policy: options.policy,
    acbSigner: options.acbSigner,
    ...(options.auditSink ? { auditSink: options.auditSink } : {}),
    ...(options.disabledChecks ? { disabledChecks: options.disabledChecks } : {}),
  };
  const listeners = new Set<DccListener>();

  const run = (input: StepInput): StepResult => {
    const result = step(state, input, env);
    state = result.state;
    for (const e of result.events) listeners.forEach((l) => l(e));
    return result;
  };
  const submit = (s: Submission): Verdict =>
    run({
      kind: 'duis',
      request: s.request,
      ...(s.userRole ? { userRole: s.userRole } : {}),
      at: s.at ?? options.clock.now(),
    }).verdict!;

  const performCritical = (
    submission: Submission,
    signer: Signer | undefined,
    beforeSend?: () => void,
  ): Performed => {
    let duis: DuisRequest;
    try {
      duis =
        typeof submission.request === 'string' ? parseDuisRequest(submission.request) : submission.request;
    } catch (err) {
      if (!(err instanceof DuisError)) throw err;
      return { verdict: submit(submission) };
    }
    const at = submission.at ?? options.clock.now();
    const done = runCritical(
      duis,
      (pre) => signPreCommand(pre, signer),
      (move) => {
        if (move.kind === 'send') beforeSend?.();
        const verdict = submit(
          submission.userRole
            ? { request: move.request, userRole: submission.userRole, at }
            : { request: move.request, at },
        );
        return {
          verdict,
          accepted: verdict.outcome === 'accepted',
          ...(verdict.outcome === 'accepted' && verdict.preCommand ? { preCommand: verdict.preCommand } : {}),
        };
      },
    );
    return { verdict: done.answer.verdict, ...(done.signed ? { signed: done.signed } : {}) };
  };

  return {
    policy: options.policy,
    submit,
    perform: (submission, signer) => performCritical(submission, signer).verdict,
    performCritical,
    run,
    device: (id) => deviceOf(state, id),
    devices: () => devicesOf(state),
    world: () => state.world,
    apply: (change) => {
      run({ kind: 'world', change });
    },
    updateWorld: (change) => {
      state = nextState(state, change(state.world));
    },
    audit: () => auditOf(state).entries,
    reset: () => {
      state = initial();
    },
    state: () => state,
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
