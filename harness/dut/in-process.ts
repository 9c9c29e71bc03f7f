import { parseEui, type Signer } from '../../certs';
import {
  buildWorld,
  changeRegistration,
  createDcc,
  presetPolicy,
  snapshotDevice,
  type Dcc,
  type DeviceSnapshot,
  type Policy,
  type Verdict,
} from '../../simulator';
import type { DeviceUnderTest, DutRequest, DutResponse, ProvisionOptions, WorldEvent } from './port';

/** Maps a simulator verdict to the DUT response form. */
export function verdictToResponse(v: Verdict): DutResponse {
  if (v.outcome === 'accepted') {
    return {
      outcome: 'accepted',
      duisCode: v.duisCode,
      ...(v.waiver ? { waiver: v.waiver } : {}),
      ...(v.preCommand ? { preCommand: Buffer.from(v.preCommand).toString('hex') } : {}),
    };
  }
  return { outcome: 'rejected', duisCode: v.duisCode, code: v.code, stage: v.stage, detail: v.detail };
}

/** Thrown by the reference adapter when it is used before provision(). */
export class NotProvisionedError extends Error {
  override readonly name = 'NotProvisionedError';
  readonly code = 'ERR_DUT_NOT_PROVISIONED';
  constructor() {
    super('the device under test has not been provisioned with a world');
  }
}

/**
 * The in-process reference implementation under test: the simulator's DCC behind the DUT port.
 * The ACB key signs 6.21 handovers; it is the only private key the reference holds.
 */
export function createInProcessDut(options: {
  acbSigner: Signer;
  defaultPolicy?: string | Policy;
  name?: string;
}): DeviceUnderTest & { dcc(): Dcc } {
  let dcc: Dcc | undefined;
  /** The clock follows the request times the harness sends. */
  let now = new Date(0);
  const need = (): Dcc => {
    if (!dcc) throw new NotProvisionedError();
    return dcc;
  };
  const resolve = (p: string | Policy | undefined): Policy => {
    const chosen = p ?? options.defaultPolicy ?? 'legacy';
    return typeof chosen === 'string' ? presetPolicy(chosen) : chosen;
  };
  return {
    name: options.name ?? 'reference',
    async provision(p: ProvisionOptions) {
      const built = buildWorld(p.world);
      dcc = createDcc({
        world: built.world,
        devices: built.devices,
        policy: resolve(p.policy),
        clock: { now: () => now },
        acbSigner: options.acbSigner,
      });
    },
    async submit(r: DutRequest): Promise<DutResponse> {
      const at = new Date(r.at);
      if (!Number.isNaN(at.getTime())) now = at;
      const verdict = need().submit({
        request: r.xml,
        ...(r.userRole ? { userRole: r.userRole } : {}),
        at: now,
      });
      return verdictToResponse(verdict);
    },
    async apply(e: WorldEvent) {
      const d = need();
      if (e.kind === 'registration') {
        d.updateWorld((w) => ({
          ...w,
          registrations: changeRegistration(w.registrations, {
            mpxn: e.mpxn,
            capacity: e.capacity,
            userId: parseEui(e.userId),
            at: new Date(e.at),
          }),
        }));
      } else {
        d.updateWorld((w) => ({ ...w, revoked: new Set([...w.revoked, e.certificateId]) }));
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
