import { Agent } from 'node:http';
import { issueXmlSigningPairs, REFERENCE_DCC_EUI, withNodeSigner } from '../certs/xml-signing';
import { createDuisReferenceServer } from '../harness/serve/duis-server';
import { referencePki, referenceWorldSpec } from '../simulator';
import { emitDuisRequest, MAX_DUIS_BYTES } from '../simulator/duis';
import { MAX_REMEMBERED_CHARS, RECENT_DOCUMENTS } from '../simulator/duis/xml-tree';
import { duisRequestNode } from '../simulator/duis/request';
import { emittedDocument } from '../simulator/duis/xml-emit';
import { signDuisDocument, signDuisXml, verifyDuisXml, type XmlSigTrust } from '../simulator/duis/xmldsig';
import { krpRequest } from '../simulator/requests';
import { verifyP1363 } from '../certs';
import { postXml, startFloorExchange } from './duis-floor';
import { measurePaired, measurePairedAsync, measureRate, type PairedRate } from './measure';
import { BENCH_AT, BENCH_M2 } from './workloads';

const BENCH_TOKEN = 'bench-token-0123456789abcdef';

/**
 * Rates of DUIS XML signing and of a whole DUIS exchange over loopback, each measured in rounds that
 * alternate with rounds of the crypto seam's verify (which goes first alternates too), so a change
 * of load hits figure and baseline alike; the ratio is the median of the rounds' ratios.
 */
export interface DuisFigures {
  /** Sign a 6.15.1 request (compact, exc-c14n, digest, seam ECDSA). */
  readonly sign: PairedRate;
  /** Verify a signed 6.15.1 request (profile checks, lookup, path, digest, seam ECDSA). */
  readonly verify: PairedRate;
  /** Sign a Transform, POST it to serviceT, verify the DCC-signed answer. */
  readonly roundTrip: PairedRate;
  /**
   * The round trip's floor: its four ECDSA operations, SHA-256 of both documents and node's HTTP on
   * both ends, with no XML and no DUIS (bench/duis-floor.ts), measured the same way.
   */
  readonly roundTripFloor: PairedRate;
  /** Sizes in bytes of the round trip's request and answer (the floor's documents have them). */
  readonly exchangeBytes: { readonly request: number; readonly answer: number };
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
  request: (counter: bigint) => string,
  pair: Parameters<typeof signDuisXml>[1],
  trust: XmlSigTrust,
  bytes: number,
  seconds: number,
): VerifyPerKb {
  const room = bytes - signDuisXml(request(1n), pair).length;
  const elements = Math.max(0, Math.floor(room / 7));
  // distinct texts, more than the codec remembers (RECENT_DOCUMENTS): each verify admits and parses;
  // a document over MAX_REMEMBERED_CHARS is never remembered, one copy of it does
  const copies = bytes > MAX_REMEMBERED_CHARS ? 1 : DISTINCT;
  const signed = Array.from({ length: copies }, (_, i) =>
    signDuisXml(
      request(BigInt(200 + i)).replace('</sr:Header>', `</sr:Header>${'<sr:X/>'.repeat(elements)}`),
      pair,
    ),
  );
  const size = Buffer.byteLength(signed[0]!);
  const rate = measureRate(
    (i) => {
      if (!verifyDuisXml(signed[i % copies]!, trust).ok)
        throw new Error('bench: the padded request does not verify');
    },
    seconds,
    1,
    0,
  );
  return { bytes: size, elements, usPerKb: 1e6 / rate.perCpuSecond / (size / 1024) };
}

/**
 * Distinct documents each figure cycles through: more than the DUIS codec remembers
 * (RECENT_DOCUMENTS in simulator/duis/xml-tree.ts), so every sign and verify pays the admission
 * check and the parse, as a server's requests (each a new text) do.
 */
const DISTINCT = 4 * RECENT_DOCUMENTS;

/** Round trips run before the round trip is measured (each request a new document, as measured). */
const ROUND_TRIP_WARMUP = 3000;

/** Measures DUIS XML-DSig sign and verify of a 6.15.1 request and a DUIS round trip; `seconds` bounds each. */
export async function measureDuisFigures(seconds: number): Promise<DuisFigures> {
  const pki = referencePki();
  const keys = issueXmlSigningPairs(pki, REFERENCE_DCC_EUI);
  const noB = pki.parties.find((p) => p.name === 'NO-B')!;
  // the node:crypto signer of NO-B's XML-signing key, as the server's keys sign (withNodeSigner)
  const noBXml = withNodeSigner(keys.users.get(noB.eui)!);
  const transform = (counter: bigint) =>
    krpRequest({
      sender: noB.eui,
      device: BENCH_M2,
      counter,
      remotePartyRole: 'NetworkOperator',
      ds: noB.ds.certificate,
      ka: noB.ka.certificate,
      path: [pki.ca.certificate],
    });
  const request = (counter: bigint): string => emitDuisRequest(transform(counter));
  const xmls = Array.from({ length: DISTINCT }, (_, i) => request(100n + BigInt(i)));
  const signedAll = xmls.map((x) => signDuisXml(x, noBXml));
  const signed = signedAll[0]!;
  const trust: XmlSigTrust = {
    certificates: [...keys.users.values(), keys.dcc].map((p) => p.certificate),
    anchor: pki.root.certificate,
    intermediates: [pki.ca.certificate],
    at: BENCH_AT,
  };
  if (!verifyDuisXml(signed, trust).ok) throw new Error('bench: the signed request does not verify');
  // the baseline: the crypto seam's verify (as bench/crypto-figures.ts measures it) of NO-B's key
  const data = Buffer.from('the seam baseline of the DUIS figures');
  const seamSignature = noBXml.signer.sign(data);
  const seamKey = noBXml.certificate.publicKey!;
  const seam = (): void => {
    if (!verifyP1363(seamKey, data, seamSignature))
      throw new Error('bench: the seam baseline does not verify');
  };
  const seamRate = measureRate(seam, Math.min(0.5, seconds / 4)).perCpuSecond;
  // rounds of about 1/20 of `seconds` each side, sized at the seam's rate and the figure's expected share
  const rounds = 20;
  const baseOpsPerRound = Math.max(100, Math.round((seamRate * seconds) / (2 * rounds)));
  // warm: the first rounds would otherwise measure the compiler
  for (let i = 0; i < 300; i++) {
    signDuisXml(xmls[i % DISTINCT]!, noBXml);
    verifyDuisXml(signedAll[i % DISTINCT]!, trust);
  }
  const sign = measurePaired((i) => void signDuisXml(xmls[i % DISTINCT]!, noBXml), seam, {
    rounds,
    opsPerRound: Math.max(20, Math.round(baseOpsPerRound * 0.6)),
    baseOpsPerRound,
  });
  const verify = measurePaired(
    (i) => {
      if (!verifyDuisXml(signedAll[i % DISTINCT]!, trust).ok) throw new Error('bench: verify failed');
    },
    seam,
    { rounds, opsPerRound: Math.max(20, Math.round(baseOpsPerRound * 0.35)), baseOpsPerRound },
  );

  // just under the 1 MiB admission limit; the compact signed form is written by signDuisXml
  const linearity = {
    small: verifyPerKb(request, noBXml, trust, 10 * 1024, seconds),
    large: verifyPerKb(request, noBXml, trust, MAX_DUIS_BYTES - 4096, Math.max(seconds, 3)),
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
    // a DUIS user's client as a fast one is written: node:http over one kept-alive connection
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const at = BENCH_AT.toISOString();
    const sizes = { request: 0, answer: 0 };
    const once = async (i: number): Promise<void> => {
      // each request a new document, signed from the element tree the codec builds (as the server
      // signs its answers), not written and parsed again
      const body = signDuisDocument(emittedDocument(duisRequestNode(transform(1000n + BigInt(i)))), noBXml);
      const answer = await postXml(`${url}/api/v1/serviceT`, body, agent, { 'x-request-time': at });
      if (answer.status !== 200 || !verifyDuisXml(answer.text, dccTrust).ok)
        throw new Error('bench: DUIS round trip failed');
      sizes.request = Buffer.byteLength(body);
      sizes.answer = Buffer.byteLength(answer.text);
    };
    // warm: a round trip calls most of its functions once, so V8 optimises them only after a few
    // thousand exchanges (CPU per exchange fell by about 40% from the first 500 to after 2,000,
    // docs/performance.md); fewer would measure the compiler
    for (let i = 0; i < ROUND_TRIP_WARMUP; i++) await once(i);
    const exchangeRounds = {
      rounds,
      opsPerRound: Math.max(10, Math.round(baseOpsPerRound * 0.04)),
      baseOpsPerRound,
    };
    const roundTrip = await measurePairedAsync((i) => once(ROUND_TRIP_WARMUP + i), seam, exchangeRounds);
    agent.destroy();
    const floor = await startFloorExchange({
      client: noBXml,
      server: withNodeSigner(keys.dcc),
      requestBytes: sizes.request,
      answerBytes: sizes.answer,
    });
    try {
      for (let i = 0; i < ROUND_TRIP_WARMUP; i++) await floor.once(i);
      const roundTripFloor = await measurePairedAsync(
        (i) => floor.once(ROUND_TRIP_WARMUP + i),
        seam,
        exchangeRounds,
      );
      return { sign, verify, roundTrip, roundTripFloor, exchangeBytes: sizes, linearity };
    } finally {
      await floor.close();
    }
  } finally {
    await server.close();
  }
}
