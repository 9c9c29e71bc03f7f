import { cellKey, type Eui } from '../../certs';
import { createDcc, handoverRequest, krpRequest, type Dcc, type Policy, type Verdict } from '../../simulator';
import type { EstateCredentials, EstateParty } from './credentials';
import type { EstateLayout } from './layout';
import { installDeviceId, meterDeviceId, type Shard } from './shard';
import type { EstateTally } from './types';

const NO_DS = cellKey({ role: 3, keyUsage: 'DS', cellUsage: 'management' });
const NO_KA = cellKey({ role: 3, keyUsage: 'KA', cellUsage: 'management' });

/** Mutable counters while a shard runs. */
interface Counting {
  requests: number;
  accepted: number;
  refusals: Record<string, number>;
  waivers: Record<string, number>;
}

/** What a shard's installations left: wrong NO's certificates placed, retries, meters left DCC-controlled. */
interface InstallCounts {
  readonly installs: number;
  readonly installsMisplaced: number;
  readonly installRetries: number;
  readonly installsFailed: number;
}

/** The refusal that sends an installer back to name the registered NO's certificates. */
const PLACEMENT_REFUSAL = 'GATE_PLACEMENT_NOT_REGISTERED_NO';

/**
 * The shard's new installations, each through the reference DCC: the registered supplier sends a
 * 6.21 hand-over of the DCC-controlled meter naming the NO certificates the plan gives (a wrong NO's
 * at the misplacement rate); when the placement check refuses it, the installer retries once
 * naming the registered NO's certificates (counter 2). The outcome is read back from the device.
 */
function runInstalls(
  dcc: Dcc,
  shard: Shard,
  creds: EstateCredentials,
  meters: number,
  plan: EstateLayout | undefined,
  at: Date,
  c: Counting,
): InstallCounts {
  let installsMisplaced = 0;
  let installRetries = 0;
  let installsFailed = 0;
  for (const j of plan ? shard.installs : []) {
    const device = installDeviceId(meters, j);
    const supplier = creds.suppliers[plan!.supplier[j]!]!;
    const registered = creds.networkOperators[plan!.registeredNo[j]!]!;
    const named = creds.networkOperators[plan!.cellNo[j]!]!;
    const userRole = plan!.area[j] === 0 ? 'GS' : 'IS';
    const handover = (no: typeof named, counter: bigint) =>
      handoverRequest({
        sender: supplier.eui,
        device,
        counter,
        remotePartyRole: 'NetworkOperator',
        ds: no.ds,
        ka: no.ka,
        path: creds.path,
      });
    const first = dcc.perform({ request: handover(named, 1n), userRole, at }, supplier.signer);
    count(c, first);
    if (first.outcome === 'rejected' && first.code === PLACEMENT_REFUSAL && named !== registered) {
      installRetries += 1;
      count(c, dcc.perform({ request: handover(registered, 2n), userRole, at }, supplier.signer));
    }
    const state = dcc.device(device);
    const ds = state?.cells.get(NO_DS)?.eui;
    const ka = state?.cells.get(NO_KA)?.eui;
    if (ds === creds.acb.eui && ka === creds.acb.eui) installsFailed += 1;
    else if (ds !== registered.eui || ka !== registered.eui) installsMisplaced += 1;
  }
  return { installs: plan ? shard.installs.length : 0, installsMisplaced, installRetries, installsFailed };
}

/**
 * The 6.15.1 of the correction campaign: `sender` installs the registered NO's certificates in the
 * meter's NO cells (counter 1, the estate's certification path). Built from its fields each time:
 * spreading a shared argument object with the sender added took V8's slow path (about 1 us).
 */
function correctionRequest(device: Eui, registered: EstateParty, creds: EstateCredentials, sender: Eui) {
  return krpRequest({
    sender,
    device,
    counter: 1n,
    remotePartyRole: 'NetworkOperator',
    ds: registered.ds,
    ka: registered.ka,
    path: creds.path,
  });
}

function count(c: Counting, v: Verdict): void {
  c.requests += 1;
  if (v.outcome === 'accepted') {
    c.accepted += 1;
    if (v.waiver) c.waivers[v.waiver] = (c.waivers[v.waiver] ?? 0) + 1;
  } else c.refusals[v.code] = (c.refusals[v.code] ?? 0) + 1;
}

/**
 * The correction campaign a policy allows, on one shard, through the reference DCC: for each
 * misplaced meter the registered NO sends 6.15.1 installing its own certificates (signed with its
 * key, so the authority stage refuses it), then the NO whose certificates sit in the cells sends
 * 6.15.1 handing them over to the registered NO. Every request is GBCS-encoded, signed and verified.
 * Repaired/stuck are read back from the device states afterwards. With an install plan, the
 * shard's new meters are installed during the campaign (runInstalls); the campaign corrects the
 * stock known at its start, so a meter misplaced by an installation stays misplaced.
 */
export function runShardCampaign(
  layout: EstateLayout,
  shard: Shard,
  creds: EstateCredentials,
  policy: Policy,
  at: Date,
  plan?: EstateLayout,
): EstateTally {
  const dcc = createDcc({
    world: shard.world,
    devices: shard.devices,
    policy,
    clock: { now: () => at },
    acbSigner: creds.acb.signer,
    audit: false,
  });
  const c: Counting = { requests: 0, accepted: 0, refusals: {}, waivers: {} };
  const ids: Eui[] = [];
  for (const i of shard.misplaced) {
    const device = meterDeviceId(i);
    ids.push(device);
    const registered = creds.networkOperators[layout.registeredNo[i]!]!;
    const holder = creds.networkOperators[layout.cellNo[i]!]!;
    const userRole = layout.area[i] === 0 ? 'GT' : 'ED';
    count(
      c,
      dcc.perform(
        { request: correctionRequest(device, registered, creds, registered.eui), userRole, at },
        registered.signer,
      ),
    );
    count(
      c,
      dcc.perform(
        { request: correctionRequest(device, registered, creds, holder.eui), userRole, at },
        holder.signer,
      ),
    );
  }
  const installs = runInstalls(dcc, shard, creds, layout.meters, plan, at, c);
  let repaired = 0;
  let stuck = 0;
  shard.misplaced.forEach((i, k) => {
    const state = dcc.device(ids[k]!);
    const owner = creds.networkOperators[layout.registeredNo[i]!]!.eui;
    const ds = state?.cells.get(NO_DS)?.eui;
    const ka = state?.cells.get(NO_KA)?.eui;
    if (ds === owner && ka === owner) repaired += 1;
    if (ds !== owner || ka !== owner) stuck += 1;
  });
  return { meters: shard.meters, misplaced: shard.misplaced.length, repaired, stuck, ...c, ...installs };
}

/** Sums tallies (counts and per-code maps). */
export function addTallies(a: EstateTally, b: EstateTally): EstateTally {
  const merge = (x: Readonly<Record<string, number>>, y: Readonly<Record<string, number>>) => {
    const out: Record<string, number> = { ...x };
    for (const [k, v] of Object.entries(y)) out[k] = (out[k] ?? 0) + v;
    return out;
  };
  return {
    meters: a.meters + b.meters,
    misplaced: a.misplaced + b.misplaced,
    repaired: a.repaired + b.repaired,
    stuck: a.stuck + b.stuck,
    requests: a.requests + b.requests,
    accepted: a.accepted + b.accepted,
    refusals: merge(a.refusals, b.refusals),
    waivers: merge(a.waivers, b.waivers),
    installs: a.installs + b.installs,
    installsMisplaced: a.installsMisplaced + b.installsMisplaced,
    installRetries: a.installRetries + b.installRetries,
    installsFailed: a.installsFailed + b.installsFailed,
  };
}

/** The tally of nothing. */
export const EMPTY_TALLY: EstateTally = {
  meters: 0,
  misplaced: 0,
  repaired: 0,
  stuck: 0,
  requests: 0,
  accepted: 0,
  refusals: {},
  waivers: {},
  installs: 0,
  installsMisplaced: 0,
  installRetries: 0,
  installsFailed: 0,
};
