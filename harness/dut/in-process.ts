import { cellKey, CodedError, parseEui, type Signer } from '../../certs';
import {
  buildWorld,
  createDcc,
  type BuiltWorld,
  SimulatorError,
  snapshotDevice,
  type AuditEntry,
  type Dcc,
  type DccLimits,
  type DeviceSnapshot,
  type PipelineCheck,
  type Policy,
  type Verdict,
  type WorldChange,
} from '../../simulator';
import { DEFAULT_POLICY } from '../policies';
import { isFrozenJson } from './frozen-json';
import type { DeviceUnderTest, DutRequest, DutResponse, ProvisionOptions, WorldEvent } from './port';

/** Maps a simulator verdict to the DUT response form. */
export function verdictToResponse(v: Verdict): DutResponse {
  if (v.outcome === 'accepted') {
    return {
      outcome: 'accepted',
      duisCode: v.duisCode,
      ...(v.waiver ? { waiver: v.waiver } : {}),
      ...(v.preCommand ? { preCommand: Buffer.from(v.preCommand).toString('hex') } : {}),
      ...(v.response ? { response: Buffer.from(v.response).toString('hex') } : {}),
      ...(v.outcomes
        ? {
            outcomes: v.outcomes.map((o) => ({
              cell: cellKey(o.cell),
              status: o.status,
              previousOwner: o.previousOwner,
              newOwner: o.newOwner,
              certificateId: o.certificateId,
            })),
          }
        : {}),
    };
  }
  return { outcome: 'rejected', duisCode: v.duisCode, code: v.code, stage: v.stage, detail: v.detail };
}

/** Codes of bad input to the reference adapter (HTTP answers them with 400). */
export type DutInputErrorCode = 'ERR_DUT_REQUEST_TIME' | 'ERR_DUT_WORLD_EVENT';

/** Bad input to the reference adapter; the DCC is left unchanged. */
export class DutInputError extends CodedError<DutInputErrorCode> {
  override readonly name = 'DutInputError';
}

/** A request or event time: ISO 8601 that names a real instant, else a coded error. */
function instant(text: string, code: DutInputErrorCode, what: string): Date {
  const at = new Date(text);
  if (Number.isNaN(at.getTime()))
    throw new DutInputError(code, `${what} ${JSON.stringify(text)} is not a date-time`);
  return at;
}

/** Thrown by the reference adapter when it is used before provision(). */
export class NotProvisionedError extends CodedError<'ERR_DUT_NOT_PROVISIONED'> {
  override readonly name = 'NotProvisionedError';
  constructor() {
    super('ERR_DUT_NOT_PROVISIONED', 'the device under test has not been provisioned with a world');
  }
}

/**
 * Worlds already built, by the identity of their deeply frozen spec (the HTTP server hands the
 * same frozen spec to every provision of the same body, as a conformance run sends one per case).
 * A built world is immutable (the DCC's steps make new worlds and device states), so DCCs share it;
 * entries live as long as their spec.
 */
const builtWorlds = new WeakMap<object, BuiltWorld>();

function buildOnce(world: ProvisionOptions['world']): BuiltWorld {
  if (!isFrozenJson(world)) return buildWorld(world);
  let built = builtWorlds.get(world);
  if (!built) {
    built = buildWorld(world);
    builtWorlds.set(world, built);
  }
  return built;
}

/**
 * The in-process reference implementation under test: the simulator's DCC behind the DUT port.
 * The ACB key signs 6.21 handovers; it is the only private key the reference holds.
 */
export function createInProcessDut(options: {
  acbSigner: Signer;
  defaultPolicy?: Policy;
  name?: string;
  /** Bounds of pending pre-commands and the audit ring (default: the simulator's DEFAULT_DCC_LIMITS). */
  limits?: Partial<DccLimits>;
  /** Receives every audit entry (the full record: e.g. JSON lines appended to a file). */
  auditSink?: (entry: AuditEntry) => void;
  /** Checks of the reference switched off: a mutant of the reference (harness/mutate only). */
  disabledChecks?: ReadonlySet<PipelineCheck>;
}): DeviceUnderTest & { dcc(): Dcc } {
  let dcc: Dcc | undefined;
  /** The clock follows the request times the harness sends. */
  let now = new Date(0);
  const need = (): Dcc => {
    if (!dcc) throw new NotProvisionedError();
    return dcc;
  };
  return {
    name: options.name ?? 'reference',
    async provision(p: ProvisionOptions) {
      const built = buildOnce(p.world);
      dcc = createDcc({
        world: built.world,
        devices: built.devices,
        policy: p.policy ?? options.defaultPolicy ?? DEFAULT_POLICY,
        clock: { now: () => now },
        acbSigner: options.acbSigner,
        ...(options.limits ? { limits: options.limits } : {}),
        ...(options.auditSink ? { auditSink: options.auditSink } : {}),
        ...(options.disabledChecks ? { disabledChecks: options.disabledChecks } : {}),
      });
    },
    async submit(r: DutRequest): Promise<DutResponse> {
      const dcc = need();
      now = instant(r.at, 'ERR_DUT_REQUEST_TIME', 'request time');
      const verdict = dcc.submit({
        request: r.xml,
        ...(r.userRole ? { userRole: r.userRole } : {}),
        at: now,
      });
      return verdictToResponse(verdict);
    },
    async apply(e: WorldEvent) {
      const d = need();
      // Everything is checked before the world changes: bad events change nothing.
      const change: WorldChange =
        e.kind === 'registration'
          ? {
              kind: 'registration',
              mpxn: e.mpxn,
              capacity: e.capacity,
              userId: parseEui(e.userId),
              at: instant(e.at, 'ERR_DUT_WORLD_EVENT', 'registration time'),
            }
          : { kind: 'revoke', certificateIds: [e.certificateId] };
      try {
        d.apply(change);
      } catch (err) {
        if (err instanceof SimulatorError && err.code === 'ERR_WORLD_EVENT')
          throw new DutInputError('ERR_DUT_WORLD_EVENT', err.message, { cause: err });
        throw err;
      }
    },
    async inspect(deviceId: string): Promise<DeviceSnapshot | undefined> {
      const state = need().device(parseEui(deviceId));
      return state ? snapshotDevice(state) : undefined;
    },
    async reset() {
      dcc = undefined;
    },
    async close() {
      dcc = undefined;
    },
    dcc: need,
  };
}
