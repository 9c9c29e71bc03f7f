import { cellKey, type Eui } from '../../certs';
import { createDcc, krpRequest, type Policy, type Verdict } from '../../simulator';
import type { EstateCredentials } from './credentials';
import type { EstateLayout } from './layout';
import { meterDeviceId, type Shard } from './shard';
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
 * Repaired/stuck are read back from the device states afterwards.
 */
export function runShardCampaign(
  layout: EstateLayout,
  shard: Shard,
  creds: EstateCredentials,
  policy: Policy,
  at: Date,
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
    const install = {
      device,
      counter: 1n,
      remotePartyRole: 'NetworkOperator' as const,
      ds: registered.ds,
      ka: registered.ka,
      path: creds.path,
    };
    count(
      c,
      dcc.perform(
        { request: krpRequest({ ...install, sender: registered.eui }), userRole, at },
        registered.signer,
      ),
    );
    count(
      c,
      dcc.perform({ request: krpRequest({ ...install, sender: holder.eui }), userRole, at }, holder.signer),
    );
  }
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
  return { meters: shard.meters, misplaced: shard.misplaced.length, repaired, stuck, ...c };
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
};
