import { issueXmlSigningPairs, REFERENCE_DCC_EUI, withNodeSigner } from '../certs/xml-signing';
import { createDuisReferenceServer } from '../harness/serve/duis-server';
import { referencePki, referenceWorldSpec } from '../simulator';
import { emitDuisRequest, MAX_DUIS_BYTES } from '../simulator/duis';
import { signDuisXml, verifyDuisXml, type XmlSigTrust } from '../simulator/duis/xmldsig';
import { krpRequest } from '../simulator/requests';
import { measureRate, rateSince, type Rate } from './measure';
import { BENCH_AT, BENCH_M2 } from './workloads';

const BENCH_TOKEN = 'bench-token-0123456789abcdef';

/** Rates of DUIS XML signing and of a whole DUIS exchange over loopback. */
export interface DuisFigures {
  /** Sign a 6.15.1 request (compact, exc-c14n, digest, seam ECDSA). */
  readonly sign: Rate;
  /** Verify a signed 6.15.1 request (profile checks, lookup, path, digest, seam ECDSA). */
  readonly verify: Rate;
  /** Sign a Transform, POST it to serviceT, verify the DCC-signed answer. */
  readonly roundTrip: Rate;
  /** Verify cost per KB of a signed document of about 10 KB and of about 1 MiB (many small elements). */
  readonly linearity: { readonly small: VerifyPerKb; readonly large: VerifyPerKb };
}

/** What verifying one signed document costs per KB of it. */
export interface VerifyPerKb {
  readonly bytes: number;
  readonly elements: number;
  /** Microseconds of user CPU per KB (1024 bytes). */
  readonly usPerKb: number;
}

/**
 * A signed 6.15.1 request padded with empty elements to about `bytes` (the shape that made the
 * xpath-based check quadratic: one element per 7 bytes), and what verifying it costs per KB.
 */
function verifyPerKb(
  request: string,
  pair: Parameters<typeof signDuisXml>[1],
  trust: XmlSigTrust,
  bytes: number,
  seconds: number,
): VerifyPerKb {
  const room = bytes - signDuisXml(request, pair).length;
  const elements = Math.max(0, Math.floor(room / 7));
  const signed = signDuisXml(
    request.replace('</sr:Header>', `</sr:Header>${'<sr:X/>'.repeat(elements)}`),
    pair,
  );
  const size = Buffer.byteLength(signed);
  const rate = measureRate(
    () => {
      if (!verifyDuisXml(signed, trust).ok) throw new Error('bench: the padded request does not verify');
    },
    seconds,
    1,
    0,
  );
  return { bytes: size, elements, usPerKb: 1e6 / rate.perCpuSecond / (size / 1024) };
}

/** Measures DUIS XML-DSig sign and verify of a 6.15.1 request and a DUIS round trip; `seconds` bounds each. */
export async function measureDuisFigures(seconds: number): Promise<DuisFigures> {
  const pki = referencePki();
  const keys = issueXmlSigningPairs(pki, REFERENCE_DCC_EUI);
  const noB = pki.parties.find((p) => p.name === 'NO-B')!;
  // the node:crypto signer of NO-B's XML-signing key, as the server's keys sign (withNodeSigner)
  const noBXml = withNodeSigner(keys.users.get(noB.eui)!);
  const request = (counter: bigint): string =>
    emitDuisRequest(
      krpRequest({
        sender: noB.eui,
        device: BENCH_M2,
        counter,
        remotePartyRole: 'NetworkOperator',
        ds: noB.ds.certificate,
        ka: noB.ka.certificate,
        path: [pki.ca.certificate],
      }),
    );
  const xml = request(100n);
  const signed = signDuisXml(xml, noBXml);
  const trust: XmlSigTrust = {
    certificates: [...keys.users.values(), keys.dcc].map((p) => p.certificate),
    anchor: pki.root.certificate,
    intermediates: [pki.ca.certificate],
    at: BENCH_AT,
  };
  if (!verifyDuisXml(signed, trust).ok) throw new Error('bench: the signed request does not verify');
  const sign = measureRate(() => void signDuisXml(xml, noBXml), seconds, 8);
  const verify = measureRate(
    () => {
      if (!verifyDuisXml(signed, trust).ok) throw new Error('bench: verify failed');
    },
    seconds,
    8,
  );

  // just under the 1 MiB admission limit; the compact signed form is written by signDuisXml
  const linearity = {
    small: verifyPerKb(xml, noBXml, trust, 10 * 1024, seconds),
    large: verifyPerKb(xml, noBXml, trust, MAX_DUIS_BYTES - 4096, Math.max(seconds, 3)),
  };

  const server = createDuisReferenceServer({ policy: 'corrective', pinned: true, token: BENCH_TOKEN });
  const { url } = await server.listen(0);
  try {
    const provision = await fetch(`${url}/v1/provision`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${BENCH_TOKEN}` },
      body: JSON.stringify({ world: referenceWorldSpec(pki) }),
    });
    if (provision.status !== 204) throw new Error(`bench: provision answered ${provision.status}`);
    const dccTrust: XmlSigTrust = { certificates: [keys.dcc.certificate], dccEui: REFERENCE_DCC_EUI };
    const once = async (i: number): Promise<void> => {
      const res = await fetch(`${url}/api/v1/serviceT`, {
        method: 'POST',
        headers: { 'content-type': 'application/xml', 'x-request-time': BENCH_AT.toISOString() },
        body: signDuisXml(request(1000n + BigInt(i)), noBXml),
      });
      const answer = await res.text();
      if (res.status !== 200 || !verifyDuisXml(answer, dccTrust).ok)
        throw new Error('bench: DUIS round trip failed');
    };
    for (let i = 0; i < 20; i++) await once(i);
    const start = performance.now();
    const cpu = process.cpuUsage();
    let ops = 0;
    while (performance.now() - start < seconds * 1000) await once(100 + ops++);
    return { sign, verify, roundTrip: rateSince(ops, start, cpu), linearity };
  } finally {
    await server.close();
  }
}
