/**
 * Flood traffic for the reliability figures and tests: unique CV 4 / CV 5 requests carrying
 * certificates never seen before, against a served reference (docs/reliability.md, "Soak").
 */
import { randomBytes } from 'node:crypto';
import { children, readSingle } from '../certs/der/reader';
import { tlv } from '../certs/der/writer';
import {
  decodeCertificate,
  p1363ToDerSignature,
  parseEui,
  signerFromPrivateKeyPem,
  type Eui,
  type OrgCertificate,
  type Signer,
} from '../certs';
import { createHttpDut } from '../harness/conformance';
import { type DeviceUnderTest, type DutResponse } from '../harness/dut';
import { referencePki, referenceWorldSpec, signPreCommand, type Policy, type WorldSpec } from '../simulator';
import { DEFAULT_POLICY } from '../harness/policies';
import { emitDuisRequest } from '../simulator/duis';
import { krpRequest } from '../simulator/requests';

/** One request of the flood and what it is meant to exercise. */
export type FloodKind = 'cv4-pending' | 'cv4-cv5' | 'cv4-rejected';

const KINDS: readonly FloodKind[] = ['cv4-pending', 'cv4-cv5', 'cv4-rejected'];
const AT = '2024-06-01T12:00:00.000Z';

/**
 * The certificate `der` again with a fresh random serial, signed by `ca`: a distinct, valid
 * certificate for the same key and subject in about the time of one ECDSA signature.
 */
export function reissue(der: Uint8Array, ca: Signer, padBytes = 0): OrgCertificate {
  const [tbs, sigAlg] = children(readSingle(der));
  const parts = children(tbs!);
  const serialAt = parts.findIndex((f) => f.tag === 0x02);
  const fields = parts.map((f, i) => {
    if (i === serialAt + 4 && padBytes > 0) {
      // the subject gains one more RDN: a CN of padBytes characters (decoded into strings)
      const cn = tlv(
        0x30,
        Buffer.concat([
          tlv(0x06, Uint8Array.from([0x55, 0x04, 0x03])),
          tlv(0x0c, Buffer.alloc(padBytes, 0x61)),
        ]),
      );
      return tlv(0x30, Buffer.concat([...children(f).map((rdn) => rdn.raw), tlv(0x31, cn)]));
    }
    if (i !== serialAt) return f.raw;
    const serial = randomBytes(16);
    serial[0] = (serial[0]! & 0x7f) | 0x01;
    return tlv(0x02, serial);
  });
  const newTbs = tlv(0x30, Buffer.concat(fields));
  const sig = p1363ToDerSignature(ca.sign(newTbs));
  const bits = tlv(0x03, Buffer.concat([Buffer.from([0]), sig]));
  return decodeCertificate(tlv(0x30, Buffer.concat([newTbs, sigAlg!.raw, bits])));
}

/** A source of unique requests against the reference world. */
export interface Flood {
  readonly world: WorldSpec;
  /** Sends flood request number `i` (kinds in turn) and resolves with the last answer. */
  send(dut: DeviceUnderTest, i: number): Promise<{ kind: FloodKind; response: DutResponse }>;
}

/**
 * Builds the flood on M2: NO-B (registered, its certificates in the cells) installs freshly issued
 * certificates for its own keys (accepted: left pending, or completed with CV 5), and NO-A asks the
 * same (refused at the registration gate, after its certificates were decoded).
 */
export function createFlood(options: { kinds?: readonly FloodKind[]; padBytes?: number } = {}): Flood {
  const kinds = options.kinds ?? KINDS;
  const pki = referencePki();
  const world = referenceWorldSpec(pki);
  // M2: NO-B is its registered network operator and its certificates are in the cells
  const good = pki.parties.find((p) => p.name === 'NO-B')!;
  const other = pki.parties.find((p) => p.name === 'NO-A')!;
  const device: Eui = parseEui(world.devices[1]!.deviceId);
  let counter = 1_000_000n;
  const ca = signerFromPrivateKeyPem(pki.ca.signer.exportPrivateKeyPem());
  const fresh = (owner: typeof good): { ds: OrgCertificate; ka: OrgCertificate } => ({
    ds: reissue(owner.ds.certificate.der, ca, options.padBytes),
    ka: reissue(owner.ka.certificate.der, ca, options.padBytes),
  });
  return {
    world,
    async send(dut, i) {
      const kind = kinds[i % kinds.length]!;
      const sender = kind === 'cv4-rejected' ? other : good;
      const certs = fresh(sender);
      counter += 1n;
      const duis = krpRequest({
        sender: sender.eui,
        device,
        counter,
        remotePartyRole: 'NetworkOperator',
        ds: certs.ds,
        ka: certs.ka,
        path: [pki.ca.certificate],
      });
      const first = await dut.submit({ xml: emitDuisRequest(duis), at: AT, userRole: 'ED' });
      if (kind !== 'cv4-cv5' || first.outcome !== 'accepted' || !first.preCommand)
        return { kind, response: first };
      const signed = signPreCommand(Buffer.from(first.preCommand, 'hex'), sender.ds.signer);
      const xml = emitDuisRequest({
        ...duis,
        commandVariant: 5,
        body: { kind: 'SignedPreCommand', gbcsPayload: signed },
      });
      return { kind, response: await dut.submit({ xml, at: AT, userRole: 'ED' }) };
    },
  };
}

/** Counts of a flood run by kind and outcome. */
export type FloodCounts = Record<string, number>;

/**
 * Sends `total` flood requests (or until `untilMs` passes) with `concurrency` in flight against
 * `baseUrl`, provisioning the reference world first; `onTick` sees the running count.
 */
export async function runFlood(options: {
  baseUrl: string;
  token?: string;
  total?: number;
  untilMs?: number;
  concurrency?: number;
  policy?: Policy;
  onTick?: (sent: number) => void;
  kinds?: readonly FloodKind[];
  padBytes?: number;
}): Promise<{ sent: number; counts: FloodCounts; errors: number }> {
  const flood = createFlood({
    ...(options.kinds ? { kinds: options.kinds } : {}),
    ...(options.padBytes ? { padBytes: options.padBytes } : {}),
  });
  const dut = createHttpDut({
    baseUrl: options.baseUrl,
    timeoutMs: 30_000,
    ...(options.token === undefined ? {} : { token: options.token }),
  });
  await dut.provision({ world: flood.world, policy: options.policy ?? DEFAULT_POLICY });
  const counts: FloodCounts = {};
  let next = 0;
  let sent = 0;
  let errors = 0;
  const total = options.total ?? Number.MAX_SAFE_INTEGER;
  const until = options.untilMs ?? Number.POSITIVE_INFINITY;
  const worker = async (): Promise<void> => {
    while (next < total && Date.now() < until) {
      const i = next++;
      try {
        const { kind, response } = await flood.send(dut, i);
        const key = `${kind} ${response.outcome}`;
        counts[key] = (counts[key] ?? 0) + 1;
      } catch {
        errors += 1;
      }
      sent += 1;
      options.onTick?.(sent);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  await dut.close();
  return { sent, counts, errors };
}
