import { deriveNodeSigner, parseEui, type Signer, type TestParty, type TestPki } from '../certs';
import {
  buildWorld,
  createDcc,
  krpRequest,
  correctivePolicy,
  legacyPolicy,
  referencePki,
  referenceWorldSpec,
  type Dcc,
  REFERENCE_EPOCH,
  type Submission,
} from '../simulator';
import type { DuisRequest } from '../simulator/duis';
import { decodeGeneralSigning, signKrp } from '../simulator/gbcs';
import { buildEstateLayout, createShardRunner, ESTATE_DEFAULT_AT, type ShardTask } from '../harness/estate';

// The workloads shared by `npm run bench` and the profiles under bench/profile/.

/** Request time of the micro workloads (inside the reference PKI's validity). */
export const BENCH_AT = new Date('2024-06-01T12:00:00Z');
/** The meter the 6.15.1 workloads address (registered to NO-B in the reference world). */
export const BENCH_M2 = parseEui('00-DB-12-34-56-78-90-02');

/** A node:crypto signer of a reference party's DS key (randomised signatures). */
export function fastSigner(seed: string, p: TestParty): Signer {
  return deriveNodeSigner(seed, `party/${p.eui}/${p.role}/DS`);
}

/** The reference DCC under `legacy` with NO-B re-installing its own certificates on M2 by 6.15.1. */
export interface KrpWorkload {
  readonly pki: TestPki;
  readonly nob: TestParty;
  readonly signer: Signer;
  readonly dcc: Dcc;
  /** The CommandVariant 4 request with `counter`. */
  request(counter: bigint): DuisRequest;
  /** Transforms and signs counters from..from+n-1 (from 1); returns the n CommandVariant 5 submissions (not yet sent). */
  prepareSends(n: number, from?: bigint): Submission[];
}

/** Builds the 6.15.1 workload of the bench and of the profiles. */
export function krpWorkload(seed = 'bench'): KrpWorkload {
  const pki = referencePki(seed);
  const nob = pki.parties.find((p) => p.name === 'NO-B')!;
  const signer = fastSigner(pki.seed, nob);
  const built = buildWorld(referenceWorldSpec(pki));
  const dcc = createDcc({
    world: built.world,
    devices: built.devices,
    policy: legacyPolicy,
    clock: { now: () => BENCH_AT },
    acbSigner: fastSigner(
      pki.seed,
      pki.parties.find((p) => p.name === 'ACB')!,
    ),
    audit: false,
    // The Send figures transform tens of thousands of requests before sending them.
    limits: { pendingCap: 1_000_000 },
  });
  const request = (counter: bigint) =>
    krpRequest({
      sender: nob.eui,
      device: BENCH_M2,
      counter,
      remotePartyRole: 'NetworkOperator',
      ds: nob.ds.certificate,
      ka: nob.ka.certificate,
      path: [pki.ca.certificate],
    });
  const prepareSends = (n: number, from = 1n) => {
    const sends: Submission[] = [];
    for (let i = 0n; i < BigInt(n); i++) {
      const duis = request(from + i);
      const t = dcc.submit({ request: duis, at: BENCH_AT });
      if (t.outcome !== 'accepted' || !t.preCommand)
        throw new Error(`bench: transform refused: ${JSON.stringify(t)}`);
      const gbcsPayload = signKrp(decodeGeneralSigning(t.preCommand), signer);
      sends.push({
        request: { ...duis, commandVariant: 5, body: { kind: 'SignedPreCommand', gbcsPayload } },
        at: BENCH_AT,
      });
    }
    return sends;
  };
  return { pki, nob, signer, dcc, request, prepareSends };
}

/** An estate shard runner in this thread, and the corrective-policy tasks over `meters` meters. */
export function estateWorkload(
  meters: number,
  shardSize = 2048,
  seed = 'bench',
): { run: (task: ShardTask) => { requests: number }; tasks: ShardTask[] } {
  const layout = buildEstateLayout({ meters, misplacedRate: 0.1, seed });
  const run = createShardRunner({
    seed,
    layout,
    from: REFERENCE_EPOCH.toISOString(),
    at: ESTATE_DEFAULT_AT.toISOString(),
  });
  const policy = correctivePolicy;
  const tasks: ShardTask[] = [];
  for (let start = 0, k = 0; start < meters; start += shardSize, k++)
    tasks.push({ id: k, policy, start, end: Math.min(meters, start + shardSize) });
  return { run, tasks };
}
