import { createServer, Agent, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyP1363, type CredentialPair } from '../certs';
import { sha256Utf8 } from '../certs/crypto';

/**
 * The floor of a DUIS round trip: what the exchange's cryptography and node's HTTP cost with no XML
 * and no DUIS at all, measured the way the round trip is (both ends in this process, one exchange in
 * flight, a kept-alive node:http connection). Each exchange does what every signed DUIS exchange
 * must: the client hashes its request and signs, the server reads the body, hashes it and verifies
 * the signature, hashes and signs its answer, and the client hashes the answer and verifies. The
 * documents are plain text of the sizes of the measured round trip's request and answer; the
 * signature covers a SignedInfo-sized text that ends with the document's digest, as XML-DSig's does.
 * Every check must succeed (a refused one throws), so nothing is skipped.
 */
export interface FloorExchange {
  /** Signs and POSTs request `i`, then checks the answer; rejects when any check fails. */
  readonly once: (i: number) => Promise<void>;
  /** The URL the exchange POSTs to. */
  readonly url: string;
  readonly close: () => Promise<void>;
}

/** About the size of a DUIS SignedInfo (one Reference, exc-c14n, ECDSA-SHA256) before the digest. */
const SIGNED_INFO = 'S'.repeat(560);
/** The largest request body the floor's server reads (its requests are a few KB). */
export const MAX_FLOOR_BODY = 1024 * 1024;

/** Base64 of a 64-byte P1363 signature. */
const SIGNATURE_CHARS = 88;

/** The text a signature covers: the SignedInfo stand-in with the document's digest in it. */
function signedInfo(document: string): Uint8Array {
  const digest = sha256Utf8((update) => update(document));
  return Buffer.from(SIGNED_INFO + Buffer.from(digest).toString('base64'), 'latin1');
}

/** `bytes` characters of document text, distinct per `i` (every exchange a new text, as measured). */
function documentText(bytes: number, i: number): string {
  const stamp = `<x n="${i}">`;
  return stamp + 'A'.repeat(Math.max(0, bytes - SIGNATURE_CHARS - stamp.length));
}

/** A document followed by the base64 of its signature. */
function signed(document: string, pair: CredentialPair): string {
  return document + Buffer.from(pair.signer.sign(signedInfo(document))).toString('base64');
}

/** The document of a signed text, or undefined when its signature does not verify under `pair`. */
function checked(text: string, pair: CredentialPair): string | undefined {
  const document = text.slice(0, text.length - SIGNATURE_CHARS);
  const signature = Buffer.from(text.slice(text.length - SIGNATURE_CHARS), 'base64');
  const key = pair.certificate.publicKey;
  return key && verifyP1363(key, signedInfo(document), signature) ? document : undefined;
}

/**
 * Starts the floor's server on loopback and returns its exchange: `client` signs requests of
 * `requestBytes`, `server` signs answers of `answerBytes`.
 */
export async function startFloorExchange(o: {
  readonly client: CredentialPair;
  readonly server: CredentialPair;
  readonly requestBytes: number;
  readonly answerBytes: number;
}): Promise<FloorExchange> {
  let answers = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      // a loopback port another process could reach: what it holds is bounded like serve's bodies
      if (size > MAX_FLOOR_BODY) return void req.destroy();
      chunks.push(c);
    });
    req.on('end', () => {
      const ok = checked(Buffer.concat(chunks).toString('utf8'), o.client) !== undefined;
      const body = ok ? signed(documentText(o.answerBytes, answers++), o.server) : 'refused';
      res.writeHead(ok ? 200 : 400, {
        'content-type': 'application/xml',
        'content-length': String(Buffer.byteLength(body)),
      });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const url = `http://127.0.0.1:${port}/api/v1/serviceT`;
  return {
    url,
    once: async (i) => {
      const answer = await postXml(url, signed(documentText(o.requestBytes, i), o.client), agent);
      if (answer.status !== 200 || checked(answer.text, o.server) === undefined)
        throw new Error(`bench: the floor exchange failed (${answer.status})`);
    },
    close: async () => {
      agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** POSTs an XML text with node:http over `agent` and reads the whole answer. */
export function postXml(
  url: string,
  body: string,
  agent: Agent,
  headers: Readonly<Record<string, string>> = {},
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: 'POST',
        agent,
        headers: { ...headers, 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
