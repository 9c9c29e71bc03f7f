import {
  CertsError,
  decodeCertificate,
  derToPem,
  parseCellKey,
  pemToDerList,
  type CredentialPair,
  type Eui,
  type OrgCertificate,
} from '../../certs';
import {
  issueXmlSigningPair,
  issueXmlSigningPairs,
  REFERENCE_DCC_EUI,
  withNodeSigner,
} from '../../certs/xml-signing';
import { parseEui } from '../../certs/eui';
import { referencePki, type UserRole, type WorldSpec } from '../../simulator';
import {
  DuisError,
  formatRequestId,
  parseDuisRequest,
  type DuisRequest,
  type DuisResponse,
} from '../../simulator/duis';
import { executionOutcomeOfGbcs, type ExecutionOutcome } from '../../simulator/duis/execution-outcome';
import { emitSmets1DuisResponse, emitSmets1SignedResponse } from '../../simulator/duis/smets1-response';
import { GbcsError } from '../../simulator/gbcs';
import { duisResponseNode } from '../../simulator/duis/response';
import { emittedDocument } from '../../simulator/duis/xml-emit';
import {
  signDuisDocument,
  signDuisXml,
  verifyDuisXml,
  withoutComments,
  type XmlSigTrust,
} from '../../simulator/duis/xmldsig';
import type { DeliveryQueue } from './duis-delivery';
import type { RouteContext, RouteRequest, RouteResponse } from './http-routes';
import { DEFAULT_SESSION, SESSION_HEADER, sessionIdOf, type DutSession } from './http-sessions';
import type { DeviceUnderTest, DutResponse } from '../dut/port';

// The DCC Boxed interface of the reference (docs/dcc-boxed.md): signed DUIS XML in, signed DUIS
// XML out, device responses POSTed asynchronously to the user's receiver.

/** The EUI of the reference SMETS1 service provider (signs SMETS1SignedResponse). */
export const REFERENCE_S1SP_EUI: Eui = parseEui('90B3D51F30000005');

/** The reference DCC's XML-signing keys: the DCC's own and its SMETS1 service provider's. */
export interface DuisSigningKeys {
  readonly dcc: CredentialPair;
  readonly s1sp: CredentialPair;
}

/** The reference DCC's deterministic XML-signing keys (OU 89), issued under the reference PKI. */
export function referenceDuisKeys(): DuisSigningKeys {
  const pki = referencePki();
  return {
    dcc: withNodeSigner(issueXmlSigningPairs(pki, REFERENCE_DCC_EUI).dcc),
    s1sp: withNodeSigner(issueXmlSigningPair(pki, REFERENCE_S1SP_EUI, 137)),
  };
}

/** XML-signing trust registered for one session (project extension `POST /v1/duis/xml-signing`). */
interface Registered {
  readonly certificates: readonly OrgCertificate[];
  /** Certificates trusted one by one (no path to an anchor): a stock world's users, as DCC Boxed holds them. */
  readonly pinned?: readonly OrgCertificate[];
  readonly anchor?: OrgCertificate;
  readonly intermediates: readonly OrgCertificate[];
}

/** Where a session's registered trust is kept (DutSession.attached): it goes with the session. */
const REGISTERED = 'duis.xml-signing';

/** Bounds of one registration; with the session bound they bound the memory all registrations hold. */
export const REGISTRATION_LIMITS = {
  /** Signer certificates per registration. */
  certificates: 32,
  /** Intermediate CA certificates per registration. */
  intermediates: 8,
  /** DER bytes of any one registered certificate (XML-signing and CA certificates are under 1 KiB). */
  certificateBytes: 2048,
} as const;

/** What the DUIS routes need: keys, the default trust, the delivery queue and the DUT's world. */
export interface DuisRouteOptions {
  readonly keys: DuisSigningKeys;
  readonly delivery: DeliveryQueue;
  /** Whether a device is SMETS1 (its answers take the DUIS SMETS1 form); from the DUT's world. */
  readonly isSmets1: (dut: DeviceUnderTest, device: Eui) => boolean;
  /** The world's revocation list and anchor, when the DUT exposes them. */
  readonly worldTrust: (dut: DeviceUnderTest) => { anchor?: OrgCertificate; revoked?: ReadonlySet<string> };
  /**
   * The server's clock, at which a signer certificate's validity is judged (default: the real time;
   * a fixed time for a world whose certificates have since expired). Never the client's time,
   * unless `trustRequestTime`.
   */
  readonly clock?: () => Date;
  /** Judge signer validity at the request's `X-Request-Time` (`serve --trust-request-time`; off by default). */
  readonly trustRequestTime?: boolean;
  /**
   * A stock world (`serve --world zaz1`): the default session is provisioned with it on its first
   * DUIS request (and again after a reset or expiry), its users' XML-signing certificates trusted one
   * by one, and the world's clock is the server's (`clock`), whatever `X-Request-Time` says, unless
   * `trustRequestTime`.
   */
  readonly stockWorld?: { readonly world: WorldSpec; readonly userXmlSigning: readonly OrgCertificate[] };
}

const XML_TYPES = ['application/xml', 'text/xml'];
const ENDPOINTS: Readonly<Record<string, (cv: number) => boolean>> = {
  '/api/v1/serviceT': (cv) => cv === 4,
  '/api/v1/serviceS': (cv) => cv !== 4 && cv !== 8,
  // every SRV this project knows addresses a device, so none belongs on the non-device endpoint
  '/api/v1/serviceD': () => false,
};

/** The DCC Boxed service endpoints: authenticated by the request's signature, not by the token. */
export const DUIS_SERVICE_PATHS: readonly string[] = Object.keys(ENDPOINTS);

function header(req: RouteRequest, name: string): string | undefined {
  const raw = req.headers[name];
  return Array.isArray(raw) ? raw[0] : raw;
}

function jsonError(status: number, code: string, message: string): RouteResponse {
  return { status, body: { error: { code, message } }, headers: { 'x-refusal-code': code } };
}

function xmlAnswer(text: string, headers: Record<string, string> = {}): RouteResponse {
  return { status: 200, raw: { contentType: 'application/xml; charset=utf-8', text }, headers };
}

class RegistrationTooLarge extends Error {}

function readCertificates(list: unknown, max: number, what: string): OrgCertificate[] {
  if (!Array.isArray(list))
    throw new CertsError('ERR_CERT_DECODE', `${what}: expected a list of certificates`);
  const out: OrgCertificate[] = [];
  for (const item of list as unknown[]) {
    if (typeof item !== 'string')
      throw new CertsError('ERR_CERT_DECODE', `${what}: certificates are PEM or base64 DER strings`);
    const ders = item.includes('-----BEGIN')
      ? pemToDerList(item)
      : [Uint8Array.from(Buffer.from(item, 'base64'))];
    for (const der of ders) {
      if (out.length >= max) throw new RegistrationTooLarge(`${what}: at most ${max} certificates`);
      if (der.length > REGISTRATION_LIMITS.certificateBytes)
        throw new RegistrationTooLarge(
          `${what}: a certificate of ${der.length} bytes (at most ${REGISTRATION_LIMITS.certificateBytes})`,
        );
      out.push(decodeCertificate(der));
    }
  }
  return out;
}

/** The DUT's GBCS response bytes (hex), or undefined when it gave none or not hex. */
function responseBytes(r: DutResponse): Uint8Array | undefined {
  if (!r.response || !/^(?:[0-9a-fA-F]{2})+$/.test(r.response)) return undefined;
  return new Uint8Array(Buffer.from(r.response, 'hex'));
}

/**
 * The per-cell execution outcome of an applied 6.15.1 for the DUIS SMETS1 form: read from the DUT's
 * GBCS response when it decodes, else from its per-cell outcomes; undefined when it reported neither.
 */
function executionOf(r: DutResponse, counter: bigint): ExecutionOutcome | undefined {
  const bytes = responseBytes(r);
  if (bytes) {
    try {
      const e = executionOutcomeOfGbcs(bytes);
      // The MMC schema holds at most three ReplacementOutcome elements (a 6.15.1 has at most three cells).
      return { ...e, outcomes: e.outcomes.slice(0, 3) };
    } catch (err) {
      if (!(err instanceof GbcsError)) throw err;
    }
  }
  if (!r.outcomes) return undefined;
  const owner = (o: string | null) => {
    try {
      return o === null ? undefined : parseEui(o);
    } catch {
      return undefined;
    }
  };
  return {
    authorisingCounter: counter,
    outcomes: r.outcomes.slice(0, 3).flatMap((o) => {
      let cell;
      try {
        cell = parseCellKey(o.cell);
      } catch {
        return [];
      }
      const existing = owner(o.previousOwner);
      const replacing = owner(o.newOwner);
      return [
        { cell, status: o.status, ...(existing ? { existing } : {}), ...(replacing ? { replacing } : {}) },
      ];
    }),
  };
}

/**
 * Builds the DUIS route handler (tried before the JSON contract's): the three DCC Boxed endpoints
 * and the project's extensions under `/v1/duis/` (XML-signing registration, the DCC's certificates,
 * delivery counters).
 */
export function createDuisRoutes(
  options: DuisRouteOptions,
): (req: RouteRequest, ctx: RouteContext) => Promise<RouteResponse | undefined> {
  const pki = referencePki();
  const clock = options.clock ?? (() => new Date());
  const defaults: Registered = {
    certificates: [...issueXmlSigningPairs(pki).users.values()].map((p) => p.certificate),
    intermediates: [pki.ca.certificate],
  };

  const trustFor = (session: DutSession | undefined, at: Date): XmlSigTrust => {
    const reg = (session?.attached.get(REGISTERED) as Registered | undefined) ?? defaults;
    const world = session ? options.worldTrust(session.dut) : {};
    if (reg.pinned)
      return {
        certificates: reg.certificates,
        pinned: reg.pinned,
        ...(world.revoked ? { revoked: world.revoked } : {}),
        at,
      };
    const anchor = reg.anchor ?? world.anchor ?? pki.root.certificate;
    return {
      certificates: reg.certificates,
      anchor,
      intermediates: reg.intermediates,
      ...(world.revoked ? { revoked: world.revoked } : {}),
      at,
    };
  };

  const sign = (xml: string): string => signDuisXml(xml, options.keys.dcc);
  // a DUIS Response the server emits is signed from its element tree, not written and parsed again
  const signResponse = (r: DuisResponse): string =>
    signDuisDocument(emittedDocument(duisResponseNode(r)), options.keys.dcc);

  /** The stock world's session: the default one, provisioned with the stock world when it is not. */
  const stockSession = async (req: RouteRequest, ctx: RouteContext): Promise<DutSession | undefined> => {
    const found = ctx.sessions.find(req.headers[SESSION_HEADER]);
    const stock = options.stockWorld;
    if (found || !stock || sessionIdOf(req.headers[SESSION_HEADER]) !== DEFAULT_SESSION) return found;
    const session = ctx.sessions.open(req.headers[SESSION_HEADER]);
    if (!session.attached.has(REGISTERED)) {
      session.attached.set(REGISTERED, { certificates: [], pinned: stock.userXmlSigning, intermediates: [] });
      await session.run((dut) => dut.provision({ world: stock.world }));
    }
    return session;
  };

  const service = async (req: RouteRequest, ctx: RouteContext): Promise<RouteResponse> => {
    if (req.method !== 'POST')
      return {
        ...jsonError(405, 'ERR_HTTP_METHOD', `${req.method} is not allowed; use POST`),
        headers: { allow: 'POST' },
      };
    const type = (header(req, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (!XML_TYPES.includes(type))
      return jsonError(
        415,
        'ERR_HTTP_MEDIA_TYPE',
        `Content-Type must be application/xml, got ${JSON.stringify(type)}`,
      );
    const xml = (await req.readBody()).toString('utf8');
    const session = await stockSession(req, ctx);
    const now = clock();
    // X-Request-Time moves the simulated world's clock (not a stock world's: its clock is the
    // server's); the signer is judged at the server's time
    const atText =
      options.stockWorld && !options.trustRequestTime ? undefined : header(req, 'x-request-time');
    const at = atText === undefined ? now : new Date(atText);
    if (Number.isNaN(at.getTime()))
      return jsonError(400, 'ERR_DUT_REQUEST_TIME', 'X-Request-Time is not a date');
    let request: DuisRequest;
    let signed: string;
    try {
      const verdict = verifyDuisXml(xml, trustFor(session, options.trustRequestTime ? at : now));
      if (!verdict.ok) return jsonError(400, verdict.code, verdict.detail);
      // what was signed: comments are outside the signature (c14n without comments), so none is read
      signed = withoutComments(xml);
      request = parseDuisRequest(signed);
    } catch (err) {
      if (err instanceof DuisError)
        return jsonError(err.code === 'ERR_DUIS_TOO_LARGE' ? 413 : 400, err.code, err.message);
      throw err;
    }
    if (!ENDPOINTS[req.path]!(request.commandVariant))
      return jsonError(
        400,
        'ERR_DUIS_ENDPOINT',
        `CommandVariant ${request.commandVariant} does not belong on ${req.path}`,
      );
    if (!session)
      return jsonError(409, 'ERR_DUT_NOT_PROVISIONED', 'no world provisioned; POST /v1/provision first');
    // an answer that would go to the receiver needs room in the delivery queue before any work
    if (request.commandVariant !== 4 && options.delivery.full())
      return {
        ...jsonError(
          503,
          'ERR_DUIS_DELIVERY_BUSY',
          'the queue of asynchronous answers is full (a slow or silent receiver); retry later',
        ),
        headers: { 'x-refusal-code': 'ERR_DUIS_DELIVERY_BUSY', 'retry-after': '5' },
      };
    const userRole = header(req, 'x-user-role');
    const response = await session.run((dut) =>
      dut.submit({
        xml: signed,
        at: at.toISOString(),
        ...(userRole ? { userRole: userRole as UserRole } : {}),
      }),
    );
    return answer(request, response, at, session.dut);
  };

  const answer = (request: DuisRequest, r: DutResponse, at: Date, dut: DeviceUnderTest): RouteResponse => {
    const srv = request.serviceReferenceVariant;
    const base = {
      requestId: request.requestId,
      responseDateTime: at,
      serviceReference: request.serviceReference,
      serviceReferenceVariant: srv,
    };
    const extension: Record<string, string> = {};
    if (r.code) extension['x-refusal-code'] = r.code;
    if (r.stage) extension['x-stage'] = r.stage;
    if (r.waiver) extension['x-waiver'] = r.waiver;
    if (r.outcome === 'rejected')
      return xmlAnswer(signResponse({ ...base, responseCode: r.duisCode }), extension);
    if (request.commandVariant === 4) {
      const gbcsPayload = new Uint8Array(Buffer.from(r.preCommand ?? '', 'hex'));
      return xmlAnswer(
        signResponse({
          ...base,
          responseCode: 'I0',
          body: { kind: 'PreCommand', gbcsVersion: '4.0', gbcsPayload },
        }),
        extension,
      );
    }
    const id = formatRequestId(request.requestId);
    const device = request.requestId.target;
    // The device's answer: the DUIS SMETS1 form with the 6.15.1 execution outcome, or (SMETS2) the
    // device's GBCS response as ResponseMessage/GBCSPayload (docs/dcc-boxed.md).
    const execution = srv === '6.15.1' ? executionOf(r, request.requestId.counter) : undefined;
    const payload = responseBytes(r);
    const async = options.isSmets1(dut, device)
      ? sign(
          emitSmets1DuisResponse({
            requestId: request.requestId,
            responseCode: 'I0',
            at,
            srv,
            signedResponse: emitSmets1SignedResponse(
              {
                device,
                user: request.requestId.originator,
                counter: request.requestId.counter,
                srv,
                success: true,
                ...(execution ? { execution } : {}),
              },
              options.keys.s1sp,
            ),
          }),
        )
      : signResponse({
          ...base,
          responseCode: 'I0',
          ...(payload ? { body: { kind: 'GBCSPayload' as const, gbcsPayload: payload } } : {}),
        });
    options.delivery.send(id, async);
    return xmlAnswer(signResponse({ ...base, responseCode: 'I99' }), extension);
  };

  const registration = async (req: RouteRequest, ctx: RouteContext): Promise<RouteResponse> => {
    if (req.method === 'GET')
      return {
        status: 200,
        body: {
          dcc: {
            eui: options.keys.dcc.certificate.eui,
            certificate: derToPem(options.keys.dcc.certificate.der),
          },
          s1sp: {
            eui: options.keys.s1sp.certificate.eui,
            certificate: derToPem(options.keys.s1sp.certificate.der),
          },
        },
      };
    if (req.method !== 'POST') return jsonError(405, 'ERR_HTTP_METHOD', 'use GET or POST');
    const body = await req.readBody();
    const session = await stockSession(req, ctx);
    if (!session)
      return jsonError(409, 'ERR_DUT_NOT_PROVISIONED', 'no world provisioned; POST /v1/provision first');
    try {
      const raw = JSON.parse(body.toString('utf8')) as {
        certificates?: unknown;
        anchor?: unknown;
        intermediates?: unknown;
      };
      if (raw === null || typeof raw !== 'object')
        throw new CertsError('ERR_CERT_DECODE', 'expected an object');
      const certificates = readCertificates(
        raw.certificates,
        REGISTRATION_LIMITS.certificates,
        'certificates',
      );
      const anchor = raw.anchor === undefined ? undefined : readCertificates([raw.anchor], 1, 'anchor')[0];
      const intermediates =
        raw.intermediates === undefined
          ? []
          : readCertificates(raw.intermediates, REGISTRATION_LIMITS.intermediates, 'intermediates');
      const registered: Registered = { certificates, intermediates, ...(anchor ? { anchor } : {}) };
      session.attached.set(REGISTERED, registered);
    } catch (err) {
      if (err instanceof RegistrationTooLarge)
        return jsonError(413, 'ERR_DUIS_REGISTRATION_TOO_LARGE', `XML-signing registration: ${err.message}`);
      if (err instanceof SyntaxError || err instanceof CertsError)
        return jsonError(
          400,
          'ERR_HTTP_BODY_SCHEMA',
          `invalid XML-signing registration: ${(err as Error).message}`,
        );
      throw err;
    }
    return { status: 204 };
  };

  return async (req, ctx) => {
    if (Object.prototype.hasOwnProperty.call(ENDPOINTS, req.path)) return service(req, ctx);
    if (req.path === '/v1/duis/xml-signing') return registration(req, ctx);
    if (req.path === '/v1/duis/deliveries' && req.method === 'GET')
      return { status: 200, body: options.delivery.stats() };
    return undefined;
  };
}
