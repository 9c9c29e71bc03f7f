import { createLru, isCodedError, parseEui } from '../../certs';
import { parsePolicy, presetPolicy, type Policy, type WorldSpec } from '../../simulator';
import { freezeJson } from '../dut/frozen-json';
import { HttpError } from '../dut/http-errors';
import { httpValidators, requestBodyProblem, schemaProblem } from '../dut/http-schemas';
import { SESSION_HEADER, type SessionTable } from './http-sessions';
import type { DutRequest, WorldEvent } from '../dut/port';

/** What a route handler sees of a request: method, path, headers and a body reader. */
export interface RouteRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readBody(): Promise<Buffer>;
}

/** What a route handler answers: a status and an optional JSON body (or a raw body, e.g. XML). */
export interface RouteResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly raw?: { readonly contentType: string; readonly text: string };
  readonly headers?: Readonly<Record<string, string>>;
}

/** Everything the routes need besides the request. */
export interface RouteContext {
  readonly sessions: SessionTable;
  /** The server's policy (reported by /v1/health). */
  readonly policyName: string;
  /** False when provision requests choose the policy (the reference simulator in its default mode). */
  readonly policyPinned: boolean;
  readonly implementation: string;
}

type Handler = (req: RouteRequest, ctx: RouteContext, param?: string) => Promise<RouteResponse>;

const DEVICE_PATH = /^\/v1\/devices\/([^/]+)$/;

/** The route table: path -> method -> handler. @see harness/dut/openapi.yaml */
const ROUTES: Readonly<Record<string, Readonly<Record<string, Handler>>>> = {
  '/v1/health': { GET: health },
  '/v1/provision': { POST: provision },
  '/v1/requests': { POST: submit },
  '/v1/world-events': { POST: worldEvent },
  '/v1/reset': { POST: reset },
  '/v1/devices/{deviceId}': { GET: inspect },
};

/** Dispatches one request to its handler; unknown paths are 404 and wrong methods 405 with Allow. */
export async function route(req: RouteRequest, ctx: RouteContext): Promise<RouteResponse> {
  const device = DEVICE_PATH.exec(req.path);
  const key = device ? '/v1/devices/{deviceId}' : req.path;
  const methods = Object.prototype.hasOwnProperty.call(ROUTES, key) ? ROUTES[key] : undefined;
  if (!methods) throw new HttpError(404, 'ERR_HTTP_NOT_FOUND', `no route ${req.path}`);
  // HEAD is GET without the body (the server drops it); RFC 9110 section 9.3.2
  const handler = methods[req.method] ?? (req.method === 'HEAD' ? methods.GET : undefined);
  if (!handler) {
    const allow = [...Object.keys(methods), ...(methods.GET ? ['HEAD'] : [])].join(', ');
    throw new HttpError(405, 'ERR_HTTP_METHOD', `${req.method} is not allowed on ${key}; use ${allow}`, {
      headers: { allow },
    });
  }
  return handler(req, ctx, device?.[1]);
}

function mediaTypeOf(req: RouteRequest): string {
  const raw = req.headers['content-type'];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return (value ?? '').split(';')[0]!.trim().toLowerCase();
}

function headerValue(req: RouteRequest, name: string): string | undefined {
  const raw = req.headers[name];
  return Array.isArray(raw) ? raw[0] : raw;
}

function requireMediaType(req: RouteRequest, allowed: readonly string[]): string {
  const type = mediaTypeOf(req);
  if (!allowed.includes(type)) {
    throw new HttpError(
      415,
      'ERR_HTTP_MEDIA_TYPE',
      `Content-Type must be one of ${allowed.join(', ')}, got ${JSON.stringify(type)}`,
    );
  }
  return type;
}

async function readJson(req: RouteRequest): Promise<unknown> {
  return parseJson(await req.readBody());
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (cause) {
    throw new HttpError(400, 'ERR_HTTP_BODY_JSON', `body is not valid JSON: ${(cause as Error).message}`, {
      cause,
    });
  }
}

function validate(which: 'provision' | 'request' | 'worldEvent', value: unknown): void {
  const problem =
    which === 'request' ? requestBodyProblem(value) : schemaProblem(httpValidators()[which], value);
  if (problem) throw new HttpError(400, 'ERR_HTTP_BODY_SCHEMA', `invalid body: ${problem}`);
}

/** Maps an exception from the DUT to an HTTP error: not provisioned is 409, coded input errors 400. */
function dutFailure(err: unknown, inputCode: 'ERR_HTTP_BODY_WORLD' | 'ERR_HTTP_BODY_SCHEMA'): HttpError {
  if (err instanceof HttpError) return err;
  if (!isCodedError(err))
    return new HttpError(500, 'ERR_HTTP_INTERNAL', 'the implementation failed unexpectedly', { cause: err });
  const code = err.code;
  if (code === 'ERR_DUT_NOT_PROVISIONED') return notProvisioned();
  const httpCode = code.startsWith('ERR_POLICY') ? 'ERR_HTTP_BODY_POLICY' : inputCode;
  return new HttpError(400, httpCode, `${code}: ${err.message}`, { cause: err });
}

function notProvisioned(): HttpError {
  return new HttpError(
    409,
    'ERR_DUT_NOT_PROVISIONED',
    `no world provisioned in this session (${SESSION_HEADER}); POST /v1/provision first`,
  );
}

async function health(_req: RouteRequest, ctx: RouteContext): Promise<RouteResponse> {
  return {
    status: 200,
    body: {
      status: 'ok',
      policy: ctx.policyName,
      policyPinned: ctx.policyPinned,
      implementation: ctx.implementation,
      sessions: ctx.sessions.size(),
    },
  };
}

/**
 * Provision bodies up to this size are remembered (the last {@link RECENT_PROVISIONS}) once parsed
 * and validated: a conformance run provisions the same world for every case, so the same text is
 * parsed, validated and (by the in-process reference) built once. The remembered value is frozen
 * all the way down (harness/dut/frozen-json.ts), so no session can change what another one gets.
 */
export const MAX_REMEMBERED_PROVISION_BYTES = 256 * 1024;
/** How many provision bodies are remembered. @see MAX_REMEMBERED_PROVISION_BYTES */
export const RECENT_PROVISIONS = 8;

const provisionBodies = createLru<string, unknown>(RECENT_PROVISIONS);

/** The parsed, validated (and, when small, remembered and frozen) body of a provision request. */
async function readProvisionBody(req: RouteRequest): Promise<unknown> {
  const raw = await req.readBody();
  if (raw.length > MAX_REMEMBERED_PROVISION_BYTES) {
    const body = parseJson(raw);
    validate('provision', body);
    return body;
  }
  const text = raw.toString('latin1');
  const known = provisionBodies.get(text);
  if (known !== undefined) return known;
  const body = parseJson(raw);
  validate('provision', body);
  provisionBodies.set(text, freezeJson(body));
  return body;
}

async function provision(req: RouteRequest, ctx: RouteContext): Promise<RouteResponse> {
  requireMediaType(req, ['application/json']);
  const body = await readProvisionBody(req);
  const { world, policy } = body as { world: WorldSpec; policy?: string | Policy };
  const session = ctx.sessions.open(req.headers[SESSION_HEADER]);
  await session
    .run(async (dut) => {
      const chosen =
        policy === undefined
          ? undefined
          : typeof policy === 'string'
            ? presetPolicy(policy)
            : parsePolicy(policy);
      await dut.provision({ world, ...(chosen === undefined ? {} : { policy: chosen }) });
    })
    .catch((err: unknown) => {
      throw dutFailure(err, 'ERR_HTTP_BODY_WORLD');
    });
  return { status: 204 };
}

async function submit(req: RouteRequest, ctx: RouteContext): Promise<RouteResponse> {
  const type = requireMediaType(req, ['application/json', 'application/xml', 'text/xml']);
  let request: unknown;
  if (type === 'application/json') request = await readJson(req);
  else {
    const xml = (await req.readBody()).toString('utf8');
    const userRole = headerValue(req, 'x-user-role');
    request = {
      xml,
      at: headerValue(req, 'x-request-time') ?? '',
      ...(userRole === undefined ? {} : { userRole }),
    };
  }
  validate('request', request);
  const session = ctx.sessions.find(req.headers[SESSION_HEADER]);
  if (!session) throw notProvisioned();
  const response = await session
    .run((dut) => dut.submit(request as DutRequest))
    .catch((err: unknown) => {
      throw dutFailure(err, 'ERR_HTTP_BODY_SCHEMA');
    });
  return { status: 200, body: response };
}

async function worldEvent(req: RouteRequest, ctx: RouteContext): Promise<RouteResponse> {
  requireMediaType(req, ['application/json']);
  const body = await readJson(req);
  validate('worldEvent', body);
  const session = ctx.sessions.find(req.headers[SESSION_HEADER]);
  if (!session) throw notProvisioned();
  await session
    .run((dut) => dut.apply(body as WorldEvent))
    .catch((err: unknown) => {
      throw dutFailure(err, 'ERR_HTTP_BODY_SCHEMA');
    });
  return { status: 204 };
}

async function reset(req: RouteRequest, ctx: RouteContext): Promise<RouteResponse> {
  await req.readBody();
  await ctx.sessions.drop(req.headers[SESSION_HEADER]);
  // The certificate caches (decoded certificates by DER digest, path verdicts by content) are shared
  // by every session, hold pure results and are bounded LRUs (docs/reliability.md). A session's reset
  // leaves them: emptying them threw away every other session's work and made each conformance case
  // decode its whole world again (docs/performance.md, the HTTP JSON contract).
  return { status: 204 };
}

async function inspect(req: RouteRequest, ctx: RouteContext, param?: string): Promise<RouteResponse> {
  let deviceId: string;
  try {
    deviceId = parseEui(decodeURIComponent(param ?? ''));
  } catch (cause) {
    throw new HttpError(
      400,
      'ERR_HTTP_PARAM',
      `deviceId must be an EUI-64 (16 hex digits, optionally hyphenated)`,
      { cause },
    );
  }
  const session = ctx.sessions.find(req.headers[SESSION_HEADER]);
  if (!session) throw notProvisioned();
  const snapshot = await session
    .run((dut) => dut.inspect(deviceId))
    .catch((err: unknown) => {
      throw dutFailure(err, 'ERR_HTTP_BODY_SCHEMA');
    });
  if (!snapshot) throw new HttpError(404, 'ERR_DUT_DEVICE_NOT_FOUND', `no device ${deviceId}`);
  return { status: 200, body: snapshot };
}
