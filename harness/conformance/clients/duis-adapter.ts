import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CertsError,
  cellKey,
  decodeCertificate,
  derToPem,
  issueTestPki,
  parseEui,
  RemotePartyRole,
  type CredentialPair,
  type Eui,
  type TestPki,
} from '../../../certs';
import { issueXmlSigningPair, withNodeSigner } from '../../../certs/xml-signing';
import {
  DuisError,
  formatRequestId,
  parseDuisRequest,
  parseDuisResponse,
  type DuisRequest,
} from '../../../simulator/duis';
import { executionOutcomeOfGbcs, type ExecutionOutcome } from '../../../simulator/duis/execution-outcome';
import {
  readResponseHeader,
  readSmets1ExecutionOutcome,
  verifySmets1Inner,
} from '../../../simulator/duis/smets1-response';
import {
  decodeCs02bCommand,
  decodeGbcs,
  GbcsError,
  verifyGbcs,
  type DecodedGbcs,
  type GbcsPartyKeys,
} from '../../../simulator/gbcs';
import type { KeyObject } from 'node:crypto';
import { signDuisXml, verifyDuisXml, type XmlSigTrust } from '../../../simulator/duis/xmldsig';
import { readBody } from '../../dut/http-body';
import { createHttpDut } from './http-adapter';
import { DEFAULT_MAX_ANSWER_BYTES, readCapped, transportFailure } from './fetch';
import { DutTransportError } from '../../dut/http-errors';
import { SESSION_HEADER } from '../../dut/http-schemas';
import type {
  DeviceUnderTest,
  DutCellOutcome,
  DutRequest,
  DutResponse,
  ProvisionOptions,
} from '../../dut/port';

/** The DUT answer code for an answer whose DCC (or S1SP) signature is missing or does not verify. */
export const DCC_SIGNATURE_INVALID = 'DCC_SIGNATURE_INVALID';

/** Whom the harness trusts to sign answers: the DCC's (and the S1SP's) XML-signing certificates. */
export interface DccTrust extends Pick<
  XmlSigTrust,
  'certificates' | 'pinned' | 'anchor' | 'intermediates' | 'dccEui'
> {
  readonly s1spEui?: Eui;
}

/** Codes of the findings on a device's GBCS answer (the step is `rejected` with one of them). */
export const GBCS_ANSWER_FINDINGS = {
  /** The GBCSPayload does not decode as a GBCS response. */
  unreadable: 'GBCS_ANSWER_UNREADABLE',
  /** The General-Ciphering MAC does not verify with any KA key of the recipient user. */
  mac: 'GBCS_ANSWER_MAC',
  /** The device's GBCS signature does not verify with its DS key. */
  signature: 'GBCS_ANSWER_SIGNATURE',
} as const;

/** The keys with which a device's GBCS answer is checked: its DS and KA public keys, the users' KA private keys. */
export interface DuisGbcsKeys {
  /** Each user's KA private keys (the MAC of an answer is agreed with the recipient's KA key; Z1 and Z1b alike). */
  readonly users: ReadonlyMap<Eui, readonly KeyObject[]>;
  /** A device's DS and KA public keys, or undefined when the profile has none. */
  readonly device: (device: Eui) => { readonly ds?: KeyObject; readonly ka?: KeyObject } | undefined;
}

/** Options of createDuisDut. */
export interface DuisDutOptions {
  /** Base URL of the DUIS target (the DCC Boxed interface), e.g. `http://127.0.0.1:8079`. */
  readonly baseUrl: string;
  /** Port the harness's Receive Response Service listens on (0 picks one). */
  readonly receiverPort: number;
  readonly receiverHost?: string;
  readonly session?: string;
  /** Bearer token for the target (sent on every request, DUIS and JSON alike). */
  readonly token?: string;
  /** Per HTTP request (default 5 s). */
  readonly timeoutMs?: number;
  /** Longest wait for an asynchronous answer before the step is a HANG (default 5 s). */
  readonly asyncWaitMs?: number;
  readonly dccTrust: DccTrust;
  /**
   * The users' XML-signing keys by EUI. Absent: the harness issues its own under a harness CA for
   * every party of each provisioned world and registers them with the target (project extension).
   */
  readonly userKeys?: ReadonlyMap<Eui, CredentialPair>;
  /** Keep the target's JSON contract for provisioning (false for a real DCC Boxed, already provisioned). */
  readonly jsonContract?: boolean;
  /** Check each GBCS answer's device signature and MAC with these keys (a target profile's). */
  readonly gbcsKeys?: DuisGbcsKeys;
}

/** Counters of one DUIS transport: what was signed, checked and received. */
export interface DuisDutStats {
  requestsSigned: number;
  signaturesChecked: number;
  signaturesRefused: number;
  asyncExpected: number;
  asyncReceived: number;
  /** GBCS answers whose device signature was checked, and those refused. */
  gbcsSignaturesChecked: number;
  /** GBCS answers whose General-Ciphering MAC was checked. */
  gbcsMacsChecked: number;
  /** GBCS answers that were unreadable or whose signature or MAC did not verify. */
  gbcsRefused: number;
}

interface Arrival {
  readonly xml: string;
  readonly responseCode: string;
}

/** A DUIS transport: the DeviceUnderTest port over the DCC Boxed interface, plus its counters. */
export type DuisDut = DeviceUnderTest & { stats(): DuisDutStats; receiverUrl(): string | undefined };

const ENDPOINT = (cv: number): string => (cv === 4 ? '/api/v1/serviceT' : '/api/v1/serviceS');

/** Certificate IDs of the replacements a signed CS02b request installs, by target cell key. */
function replacementIds(request: DuisRequest): Map<string, string> {
  const ids = new Map<string, string>();
  if (request.body?.kind !== 'SignedPreCommand') return ids;
  try {
    for (const r of decodeCs02bCommand(request.body.gbcsPayload).usc.replacements)
      ids.set(cellKey(r.targetCell), decodeCertificate(r.certificate).certificateId);
  } catch (err) {
    if (!(err instanceof GbcsError || err instanceof CertsError)) throw err;
  }
  return ids;
}

/** A finding on a device's answer: the step is `rejected` with this code. */
export interface AnswerFinding {
  readonly code: string;
  readonly detail: string;
}

/**
 * Checks a device's GBCS answer with the profile's keys: the device's signature (its DS key) and the
 * General-Ciphering MAC (the device's KA key with any of the recipient user's KA private keys). A
 * check without keys is skipped; a failure is a finding.
 */
function checkGbcsAnswer(
  decoded: DecodedGbcs,
  keys: DuisGbcsKeys,
  stats: DuisDutStats,
): AnswerFinding | undefined {
  const device = keys.device(decoded.originator);
  const keystore = (kaPrivate?: KeyObject) =>
    new Map<Eui, GbcsPartyKeys>([
      [
        decoded.originator,
        { ...(device?.ds ? { ds: device.ds } : {}), ...(device?.ka ? { ka: device.ka } : {}) },
      ],
      [decoded.recipient, kaPrivate ? { kaPrivate } : {}],
    ]);
  const signature = verifyGbcs(decoded, keystore()).signature;
  if (signature.status === 'valid' || signature.status === 'invalid') stats.gbcsSignaturesChecked++;
  if (signature.status === 'invalid')
    return {
      code: GBCS_ANSWER_FINDINGS.signature,
      detail: `the device ${decoded.originator}'s GBCS signature does not verify`,
    };
  if (!decoded.generalCiphering || !device?.ka) return undefined;
  const candidates = keys.users.get(decoded.recipient) ?? [];
  if (candidates.length === 0) return undefined;
  stats.gbcsMacsChecked++;
  if (candidates.some((k) => verifyGbcs(decoded, keystore(k)).mac.status === 'valid')) return undefined;
  return {
    code: GBCS_ANSWER_FINDINGS.mac,
    detail: `the General-Ciphering MAC of ${decoded.originator}'s answer does not verify with any KA key of ${decoded.recipient}`,
  };
}

/**
 * What an asynchronous device answer carries back: the device's GBCS response bytes (SMETS2:
 * ResponseMessage/GBCSPayload, unwrapped from General-Ciphering, its signature and MAC checked when
 * the keys are given) and the per-cell outcomes, read from those bytes or from the DUIS SMETS1
 * form's ExecutionOutcome. A GBCSPayload that does not decode, or whose signature or MAC does not
 * verify, is a finding; an unreadable SMETS1 form gives nothing (the verdict stands on the code).
 */
export function readDuisDeviceAnswer(
  xml: string,
  request: DuisRequest,
  keys: DuisGbcsKeys | undefined,
  stats: DuisDutStats,
): Pick<DutResponse, 'response' | 'outcomes'> | { finding: AnswerFinding } {
  let execution: ExecutionOutcome | undefined;
  let response: string | undefined;
  try {
    if (xml.includes('SMETS1SignedResponse')) execution = readSmets1ExecutionOutcome(xml);
    else {
      const body = parseDuisResponse(xml).body;
      if (body?.kind === 'GBCSPayload') {
        response = Buffer.from(body.gbcsPayload).toString('hex');
        let decoded: DecodedGbcs;
        try {
          decoded = decodeGbcs(body.gbcsPayload);
          execution = executionOutcomeOfGbcs(body.gbcsPayload);
        } catch (err) {
          if (!(err instanceof GbcsError)) throw err;
          stats.gbcsRefused++;
          return {
            finding: { code: GBCS_ANSWER_FINDINGS.unreadable, detail: `${err.code}: ${err.message}` },
          };
        }
        const finding = keys ? checkGbcsAnswer(decoded, keys, stats) : undefined;
        if (finding) {
          stats.gbcsRefused++;
          return { finding };
        }
      }
    }
  } catch (err) {
    if (!(err instanceof DuisError || err instanceof GbcsError)) throw err;
  }
  const ids = execution ? replacementIds(request) : new Map<string, string>();
  const outcomes = execution?.outcomes.map((o): DutCellOutcome => ({
    cell: cellKey(o.cell),
    status: o.status,
    previousOwner: o.existing ?? null,
    newOwner: o.replacing ?? null,
    certificateId: ids.get(cellKey(o.cell)) ?? '',
  }));
  return { ...(response ? { response } : {}), ...(outcomes?.length ? { outcomes } : {}) };
}

/** Counters of a DUIS adapter before any exchange. */
export function emptyDuisStats(): DuisDutStats {
  return {
    requestsSigned: 0,
    signaturesChecked: 0,
    signaturesRefused: 0,
    asyncExpected: 0,
    asyncReceived: 0,
    gbcsSignaturesChecked: 0,
    gbcsMacsChecked: 0,
    gbcsRefused: 0,
  };
}

/**
 * The harness as a DCC user over DUIS: signs each request with the sender's XML-signing key, sends
 * CV 4 to serviceT and the rest to serviceS, checks the DCC's signature on every synchronous and
 * asynchronous answer, and waits (bounded) for the asynchronous device response on its own receiver.
 * Provisioning, world events, inspection and reset use the target's JSON contract.
 */
export function createDuisDut(options: DuisDutOptions): DuisDut {
  const base = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 5_000;
  const asyncWaitMs = options.asyncWaitMs ?? 5_000;
  const json = createHttpDut({
    baseUrl: base,
    timeoutMs,
    ...(options.session ? { session: options.session } : {}),
    ...(options.token ? { token: options.token } : {}),
  });
  const auth: Record<string, string> = options.token ? { authorization: `Bearer ${options.token}` } : {};
  const stats = emptyDuisStats();
  const userKeys = new Map(options.userKeys ?? []);
  let harnessPki: TestPki | undefined;
  const arrivals = new Map<string, Arrival[]>();
  const waiters = new Map<string, () => void>();
  let receiver: Server | undefined;
  let receiverUrl: string | undefined;

  const trust = (): XmlSigTrust => ({
    certificates: options.dccTrust.certificates,
    ...(options.dccTrust.pinned ? { pinned: options.dccTrust.pinned } : {}),
    ...(options.dccTrust.anchor ? { anchor: options.dccTrust.anchor } : {}),
    ...(options.dccTrust.intermediates ? { intermediates: options.dccTrust.intermediates } : {}),
    ...(options.dccTrust.dccEui ? { dccEui: options.dccTrust.dccEui } : {}),
  });

  /** Checks the DCC's signature (and an inner S1SP one); undefined when valid, else the failure. */
  const checkAnswer = (xml: string): string | undefined => {
    stats.signaturesChecked++;
    const outer = verifyDuisXml(xml, trust());
    if (!outer.ok) {
      stats.signaturesRefused++;
      return `${outer.code}: ${outer.detail}`;
    }
    if (!xml.includes('SMETS1SignedResponse')) return undefined;
    stats.signaturesChecked++;
    const inner = verifySmets1Inner(xml, trust(), options.dccTrust.s1spEui);
    if (inner.ok) return undefined;
    stats.signaturesRefused++;
    return `S1SP ${inner.code}: ${inner.detail}`;
  };

  const startReceiver = async (): Promise<void> => {
    if (receiver) return;
    const server = createServer((req, res) => {
      void readBody(req, 2 * 1024 * 1024, 10_000).then(
        (body) => {
          const xml = body.toString('utf8');
          let header: ReturnType<typeof readResponseHeader>;
          try {
            header = readResponseHeader(xml);
          } catch {
            res.writeHead(400).end();
            return;
          }
          const id = formatRequestId(header.requestId);
          const list = arrivals.get(id) ?? [];
          if (list.length < 16) list.push({ xml, responseCode: header.responseCode });
          arrivals.set(id, list);
          stats.asyncReceived++;
          waiters.get(id)?.();
          res.writeHead(204).end();
        },
        () => {
          res.writeHead(413, { connection: 'close' }).end();
        },
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.receiverPort, options.receiverHost ?? '127.0.0.1', () => resolve());
    });
    receiver = server;
    const addr = server.address() as AddressInfo;
    receiverUrl = `http://${addr.address}:${addr.port}/smartdcc/duis`;
  };

  const takeArrival = (id: string): Arrival | undefined => {
    const list = arrivals.get(id);
    const first = list?.shift();
    if (list && list.length === 0) arrivals.delete(id);
    return first;
  };

  const awaitArrival = (id: string): Promise<Arrival | undefined> => {
    const ready = takeArrival(id);
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        waiters.delete(id);
        resolve(undefined);
      }, asyncWaitMs);
      waiters.set(id, () => {
        clearTimeout(timer);
        waiters.delete(id);
        resolve(takeArrival(id));
      });
    });
  };

  const keyFor = (eui: Eui): CredentialPair => {
    let pair = userKeys.get(eui);
    if (!pair && harnessPki) {
      pair = withNodeSigner(issueXmlSigningPair(harnessPki, eui, RemotePartyRole.xmlSign));
      userKeys.set(eui, pair);
    }
    if (!pair) throw new DutTransportError('ERR_DUT_MALFORMED', `no XML-signing key for sender ${eui}`);
    return pair;
  };

  const post = async (
    path: string,
    xml: string,
    r: DutRequest,
  ): Promise<{ status: number; text: string; headers: Headers }> => {
    const url = `${base}${path}`;
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const res = await fetch(url, {
        method: 'POST',
        signal,
        headers: {
          ...auth,
          'content-type': 'application/xml',
          'x-request-time': r.at,
          ...(r.userRole ? { 'x-user-role': r.userRole } : {}),
          ...(options.session ? { [SESSION_HEADER]: options.session } : {}),
        },
        body: xml,
      });
      return {
        status: res.status,
        text: await readCapped(res, DEFAULT_MAX_ANSWER_BYTES, `POST ${url}`),
        headers: res.headers,
      };
    } catch (cause) {
      if (cause instanceof DutTransportError) throw cause;
      throw transportFailure(cause, signal, `POST ${url}`);
    }
  };

  const extension = (headers: Headers): Partial<DutResponse> => {
    const code = headers.get('x-refusal-code');
    const stage = headers.get('x-stage');
    const waiver = headers.get('x-waiver');
    return { ...(code ? { code } : {}), ...(stage ? { stage } : {}), ...(waiver ? { waiver } : {}) };
  };

  /** The senders whose XML-signing certificates the target holds for this world. */
  let registered = new Set<Eui>();
  /** Registers the harness's XML-signing certificates of `senders` with the target (project extension). */
  const registerSigners = async (senders: readonly Eui[]): Promise<void> => {
    const pki = harnessPki!;
    const certificates = senders.map((eui) => derToPem(keyFor(eui).certificate.der));
    const res = await fetch(`${base}/v1/duis/xml-signing`, {
      method: 'POST',
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        ...auth,
        'content-type': 'application/json',
        ...(options.session ? { [SESSION_HEADER]: options.session } : {}),
      },
      body: JSON.stringify({
        anchor: derToPem(pki.root.certificate.der),
        intermediates: [derToPem(pki.ca.certificate.der)],
        certificates,
      }),
    });
    await res.arrayBuffer();
    if (res.status !== 204)
      throw new DutTransportError(
        'ERR_DUT_HTTP_STATUS',
        `POST /v1/duis/xml-signing answered ${res.status}`,
        res.status,
      );
    registered = new Set(senders);
  };

  const badSignature = (detail: string): DutResponse => ({
    outcome: 'rejected',
    duisCode: DCC_SIGNATURE_INVALID,
    code: DCC_SIGNATURE_INVALID,
    detail,
  });

  return {
    name: `duis ${base}`,
    async provision(p: ProvisionOptions) {
      await startReceiver();
      if (options.jsonContract === false) return;
      await json.provision(p);
      if (options.userKeys) return;
      harnessPki ??= issueTestPki({ seed: 'smets1-harness/duis-users', parties: [] });
      await registerSigners(p.world.parties.map((party) => parseEui(party.userId)));
    },
    async submit(r: DutRequest): Promise<DutResponse> {
      const request = parseDuisRequest(r.xml);
      const sender = request.requestId.originator;
      // The harness signs as whoever a scenario names, a DCC User or not: access control (E1), not
      // the XML signature, is what refuses a sender that is not a DCC User.
      if (harnessPki && !options.userKeys && options.jsonContract !== false && !registered.has(sender))
        await registerSigners([...registered, sender]);
      const signed = signDuisXml(r.xml, keyFor(sender));
      stats.requestsSigned++;
      const { status, text, headers } = await post(ENDPOINT(request.commandVariant), signed, r);
      if (status !== 200) {
        const code = headers.get('x-refusal-code') ?? `HTTP_${status}`;
        return { outcome: 'rejected', duisCode: `HTTP_${status}`, code, detail: text.slice(0, 200) };
      }
      const refused = checkAnswer(text);
      if (refused) return badSignature(refused);
      const sync = parseDuisResponse(text);
      const ext = extension(headers);
      if (!sync.responseCode.startsWith('I'))
        return { outcome: 'rejected', duisCode: sync.responseCode, ...ext };
      if (request.commandVariant === 4) {
        if (sync.body?.kind !== 'PreCommand')
          return {
            outcome: 'rejected',
            duisCode: sync.responseCode,
            detail: 'Transform answered without a PreCommand',
            ...ext,
          };
        return {
          outcome: 'accepted',
          duisCode: 'I0',
          preCommand: Buffer.from(sync.body.gbcsPayload).toString('hex'),
          ...ext,
        };
      }
      stats.asyncExpected++;
      const id = formatRequestId(request.requestId);
      const arrival = await awaitArrival(id);
      if (!arrival)
        throw new DutTransportError(
          'ERR_DUT_TIMEOUT',
          `no asynchronous response for ${id} on ${receiverUrl ?? 'the receiver'} within ${asyncWaitMs} ms`,
        );
      const asyncRefused = checkAnswer(arrival.xml);
      if (asyncRefused) return badSignature(asyncRefused);
      const code = arrival.responseCode;
      if (code !== 'I0') return { outcome: 'rejected', duisCode: code, ...ext };
      const read = readDuisDeviceAnswer(arrival.xml, request, options.gbcsKeys, stats);
      if ('finding' in read)
        return { outcome: 'rejected', duisCode: code, code: read.finding.code, detail: read.finding.detail };
      return { outcome: 'accepted', duisCode: 'I0', ...ext, ...read };
    },
    apply: (e) => json.apply(e),
    inspect: (id) => json.inspect(id),
    async reset() {
      arrivals.clear();
      if (options.jsonContract !== false) await json.reset();
    },
    async close() {
      await json.close();
      const server = receiver;
      receiver = undefined;
      if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    stats: () => ({ ...stats }),
    receiverUrl: () => receiverUrl,
  };
}
