import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { derToPem, issueTestPki, parseEui, RemotePartyRole } from '../../certs';
import { issueXmlSigningPair, issueXmlSigningPairs } from '../../certs/xml-signing';
import { runConform } from '../../harness/cli/commands/conform';
import { startServe } from '../../harness/cli/commands/serve';
import type { CliIo } from '../../harness/cli/io';
import { createDuisReferenceServer, type DuisReferenceServer } from '../../harness/serve/duis-server';
import { REGISTRATION_LIMITS } from '../../harness/serve/duis-routes';
import { referenceWorldSpec, signPreCommand } from '../../simulator';
import { emitDuisRequest, parseDuisResponse } from '../../simulator/duis';
import { signDuisXml } from '../../simulator/duis/xmldsig';
import { supplyRequest } from '../../simulator/requests';
import { freePort } from '../support/net';
import { M1, noKrp, party, pki } from '../support/reference-dcc';

jest.setTimeout(300_000);

// Through real HTTP on loopback: who may change what on `serve --interface duis`, and the bounds.

const TOKEN = 'duis-token-0123456789abcdef';
const AUTH = { authorization: `Bearer ${TOKEN}` };
const AT = '2024-06-01T12:00:00Z';
const users = issueXmlSigningPairs(pki()).users;
const noA = party('NO-A');
const sup1 = party('SUP-1');

function quietIo(err: string[] = [], out: string[] = []): CliIo {
  return {
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    cwd: tmpdir(),
    quiet: true,
  };
}

async function post(
  url: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string; code: string | null }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/xml', 'x-request-time': AT, ...headers },
    body,
  });
  const text = await res.text();
  let code = res.headers.get('x-refusal-code');
  if (!code && text.startsWith('{'))
    code = (JSON.parse(text) as { error?: { code?: string } }).error?.code ?? null;
  return { status: res.status, text, code };
}

/** NO-A's 6.15.1 putting its own NO certificates on M1, as DUIS XML (unsigned), from `sender`. */
function krp(sender = noA.eui, counter = 5000n): string {
  return emitDuisRequest(noKrp('NO-A', 'NO-A', M1, counter, { sender }));
}

async function provision(base: string, session?: string): Promise<void> {
  const res = await fetch(`${base}/v1/provision`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...AUTH,
      ...(session ? { 'x-dut-session': session } : {}),
    },
    body: JSON.stringify({ world: referenceWorldSpec(pki()) }),
  });
  expect(res.status).toBe(204);
}

describe('serve --interface duis: only a token holder changes state or trust', () => {
  let server: DuisReferenceServer;
  let base: string;
  beforeAll(async () => {
    server = createDuisReferenceServer({ policy: 'corrective', pinned: true, token: TOKEN });
    base = (await server.listen(0)).url;
    await provision(base);
  });
  afterAll(() => server.close());

  const device = async (): Promise<string> =>
    (await fetch(`${base}/v1/devices/${M1}`, { headers: AUTH })).text();

  it('every /v1 route but /v1/health answers 401 without the token; the DUIS endpoints go by signature', async () => {
    const routes: [string, string, string?][] = [
      ['POST', '/v1/provision', JSON.stringify({ world: referenceWorldSpec(pki()) })],
      ['POST', '/v1/requests', JSON.stringify({ xml: krp(), at: AT })],
      ['POST', '/v1/world-events', JSON.stringify({ kind: 'revoke', certificateId: '00' })],
      ['POST', '/v1/reset', ''],
      ['GET', `/v1/devices/${M1}`],
      ['GET', '/v1/duis/xml-signing'],
      ['POST', '/v1/duis/xml-signing', JSON.stringify({ certificates: [] })],
      ['GET', '/v1/duis/deliveries'],
    ];
    for (const [method, path, body] of routes) {
      for (const headers of [{}, { authorization: 'Bearer not-the-token-0123456789' }] as Record<
        string,
        string
      >[]) {
        const res = await fetch(`${base}${path}`, {
          method,
          headers: { 'content-type': 'application/json', ...headers },
          ...(body === undefined ? {} : { body }),
        });
        expect({ method, path, status: res.status }).toEqual({ method, path, status: 401 });
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('ERR_HTTP_UNAUTHORIZED');
      }
    }
    expect((await fetch(`${base}/v1/health`)).status).toBe(200);
    // the service endpoints need no token: they authenticate the signature
    expect(await post(`${base}/api/v1/serviceT`, krp())).toMatchObject({
      status: 400,
      code: 'XMLDSIG_MISSING',
    });
    const ok = await post(`${base}/api/v1/serviceT`, signDuisXml(krp(), users.get(noA.eui)!));
    expect(ok.status).toBe(200);
    expect(parseDuisResponse(ok.text).responseCode).toBe('I0');
  });

  it("a stranger cannot register its own CA or use its own-CA-signed key; the token holder's registration goes with /v1/reset", async () => {
    const before = await device();
    const stranger = issueTestPki({ seed: 'stranger', parties: [] });
    const strangerKey = issueXmlSigningPair(stranger, noA.eui, RemotePartyRole.xmlSign);
    const registration = JSON.stringify({
      anchor: derToPem(stranger.root.certificate.der),
      intermediates: [derToPem(stranger.ca.certificate.der)],
      certificates: [derToPem(strangerKey.certificate.der)],
    });
    const r = await fetch(`${base}/v1/duis/xml-signing`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: registration,
    });
    expect(r.status).toBe(401);
    expect(await post(`${base}/api/v1/serviceT`, signDuisXml(krp(), strangerKey))).toMatchObject({
      status: 400,
      code: 'XMLDSIG_UNKNOWN_SIGNER',
    });
    expect(await device()).toBe(before);
    // the registered users' requests still pass
    expect((await post(`${base}/api/v1/serviceT`, signDuisXml(krp(), users.get(noA.eui)!))).status).toBe(200);

    // a token holder registers the stranger's trust in session "t"; it holds there and only there
    await provision(base, 't');
    const reg = await fetch(`${base}/v1/duis/xml-signing`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-dut-session': 't', ...AUTH },
      body: registration,
    });
    expect(reg.status).toBe(204);
    const inT = { 'x-dut-session': 't' };
    expect((await post(`${base}/api/v1/serviceT`, signDuisXml(krp(), strangerKey), inT)).status).toBe(200);
    expect((await post(`${base}/api/v1/serviceT`, signDuisXml(krp(), strangerKey))).code).toBe(
      'XMLDSIG_UNKNOWN_SIGNER',
    );
    const reset = await fetch(`${base}/v1/reset`, { method: 'POST', headers: { ...inT, ...AUTH } });
    expect(reset.status).toBe(204);
    await provision(base, 't');
    expect((await post(`${base}/api/v1/serviceT`, signDuisXml(krp(), strangerKey), inT)).code).toBe(
      'XMLDSIG_UNKNOWN_SIGNER',
    );
  });

  it('a registration is bounded (certificates, certificate size) and needs a provisioned session; the server keeps serving', async () => {
    const extra = issueTestPki({ seed: 'many', parties: [] });
    const pem = (i: number): string =>
      derToPem(
        issueXmlSigningPair(extra, parseEui(`90B3D51F3009${i.toString(16).padStart(4, '0')}`), 135)
          .certificate.der,
      );
    const many = Array.from({ length: REGISTRATION_LIMITS.certificates + 1 }, (_, i) => pem(i));
    const register = (body: unknown, session?: string) =>
      fetch(`${base}/v1/duis/xml-signing`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...AUTH,
          ...(session ? { 'x-dut-session': session } : {}),
        },
        body: JSON.stringify(body),
      });
    const tooMany = await register({ certificates: many });
    expect(tooMany.status).toBe(413);
    expect(await tooMany.json()).toMatchObject({ error: { code: 'ERR_DUIS_REGISTRATION_TOO_LARGE' } });
    // one PEM string holding many certificates counts each of them
    const packed = await register({ certificates: [many.join('\n')] });
    expect(packed.status).toBe(413);
    const big = Buffer.alloc(REGISTRATION_LIMITS.certificateBytes + 1, 0x30).toString('base64');
    const tooBig = await register({ certificates: [big] });
    expect(tooBig.status).toBe(413);
    const noSession = await register({ certificates: [pem(1)] }, 'never-provisioned');
    expect(noSession.status).toBe(409);
    expect((await fetch(`${base}/v1/health`)).status).toBe(200);
    // the default trust is untouched by the refusals
    expect((await post(`${base}/api/v1/serviceT`, signDuisXml(krp(), users.get(noA.eui)!))).status).toBe(200);
  });
});

/** A DUIS reference server (corrective, pinned, the test token, then `options`), provisioned, for `fn`. */
async function withServer(
  options: Partial<Parameters<typeof createDuisReferenceServer>[0]>,
  fn: (base: string) => Promise<void>,
): Promise<void> {
  const server = createDuisReferenceServer({ policy: 'corrective', pinned: true, token: TOKEN, ...options });
  const base = (await server.listen(0)).url;
  try {
    await provision(base);
    await fn(base);
  } finally {
    await server.close();
  }
}

describe('serve --interface duis: signature checking is linear in the document', () => {
  it('a signed document of 30,000 elements is answered with a code, /v1/health answers meanwhile, and a tampered one too', async () => {
    await withServer({}, async (base) => {
      const bulky = krp().replace('</sr:Header>', `</sr:Header>${'<sr:X/>'.repeat(30_000)}`);
      const signed = signDuisXml(bulky, users.get(noA.eui)!);
      expect(signed.length).toBeGreaterThan(30_000 * 7);
      const tampered = signed.replace('<sr:X></sr:X>', '<sr:Y></sr:Y>').replace('<sr:X/>', '<sr:Y/>');
      expect(tampered).not.toBe(signed);
      const [big, health, bad] = await Promise.all([
        post(`${base}/api/v1/serviceT`, signed),
        fetch(`${base}/v1/health`).then((r) => r.status),
        post(`${base}/api/v1/serviceT`, tampered),
      ]);
      expect(health).toBe(200);
      // the signature holds; the DUIS schema has no such elements
      expect(big).toMatchObject({ status: 400, code: 'ERR_DUIS_SCHEMA' });
      expect(bad).toMatchObject({ status: 400, code: 'XMLDSIG_DIGEST' });
      expect((await fetch(`${base}/v1/health`)).status).toBe(200);
    });
  });
});

describe('serve --interface duis: namespace declarations cost what they hold', () => {
  it('a signed document of 30,000 root declarations and 10,000 declaring children is answered, /v1/health meanwhile', async () => {
    await withServer({}, async (base) => {
      // each child adds one binding under 30,000 in scope: canonicalising must not copy them per child
      const decls = Array.from({ length: 30_000 }, (_, i) => `xmlns:p${i}="u"`).join(' ');
      const bulky = krp()
        .replace('<sr:Request ', `<sr:Request ${decls} `)
        .replace('</sr:Header>', `</sr:Header>${'<sr:X xmlns:q="v"/>'.repeat(10_000)}`);
      const signed = signDuisXml(bulky, users.get(noA.eui)!);
      expect(signed.length).toBeGreaterThan(650_000);
      const [big, health] = await Promise.all([
        post(`${base}/api/v1/serviceT`, signed),
        fetch(`${base}/v1/health`).then((r) => r.status),
      ]);
      expect(health).toBe(200);
      // the signature holds; the DUIS schema has no such elements
      expect(big).toMatchObject({ status: 400, code: 'ERR_DUIS_SCHEMA' });
    });
    // a bound on a hang, not a speed target: copying the bindings per child took 157 s here
  }, 60_000);
});

describe("serve --interface duis: the signer is judged at the server's time", () => {
  // the reference XML-signing certificates are valid 2015-2035: a server in 2040 sees them expired
  const after = new Date('2040-01-01T00:00:00Z');
  const signed = (): string => signDuisXml(krp(), users.get(noA.eui)!);

  it('an X-Request-Time inside the validity does not revive an expired signer', async () => {
    await withServer({ clock: () => after }, async (base) => {
      const r = await post(`${base}/api/v1/serviceT`, signed(), { 'x-request-time': AT });
      expect(r).toMatchObject({ status: 400, code: 'XMLDSIG_CERT_PATH' });
      expect(r.text).toContain('EXPIRED');
    });
  });

  it('a client time outside the validity does not refuse a signer valid at the server time', async () => {
    await withServer({ clock: () => new Date(AT) }, async (base) => {
      const r = await post(`${base}/api/v1/serviceT`, signed(), { 'x-request-time': '2040-01-01T00:00:00Z' });
      expect(r.code).not.toBe('XMLDSIG_CERT_PATH');
    });
  });

  it('--trust-request-time lets the client time decide (off by default)', async () => {
    await withServer({ clock: () => after, trustRequestTime: true }, async (base) => {
      const r = await post(`${base}/api/v1/serviceT`, signed(), { 'x-request-time': AT });
      expect(r.status).toBe(200);
    });
  });

  it('serve --clock and --trust-request-time are checked options of --interface duis', async () => {
    const base = {
      host: '127.0.0.1',
      port: '0',
      bodyLimit: '1000',
      bodyTimeout: '1000',
      log: 'off' as const,
      sessionTtl: '60',
    };
    await expect(
      startServe(quietIo(), { ...base, interface: 'duis', clock: 'yesterday' }),
    ).rejects.toMatchObject({
      code: 'ERR_CLI_OPTION',
    });
    await expect(
      startServe(quietIo(), { ...base, interface: 'json', trustRequestTime: true }),
    ).rejects.toMatchObject({
      code: 'ERR_CLI_OPTION',
    });
  });
});

describe('serve --interface duis: asynchronous answers in flight are bounded', () => {
  let silent: Server;
  let silentUrl: string;
  beforeAll(async () => {
    // a receiver that takes the request and never answers
    silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    silentUrl = `http://127.0.0.1:${(silent.address() as { port: number }).port}/smartdcc/duis`;
  });
  afterAll(async () => {
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it('a full delivery queue refuses Sends with 503 ERR_DUIS_DELIVERY_BUSY before any work; Transforms and /v1/health go on', async () => {
    const server = createDuisReferenceServer({
      policy: 'corrective',
      pinned: true,
      token: TOKEN,
      receiver: silentUrl,
      delivery: { maxQueued: 2, concurrency: 1, attempts: 1, timeoutMs: 8_000 },
    });
    const base = (await server.listen(0)).url;
    try {
      await provision(base);
      const send = async (counter: bigint): Promise<{ status: number; code: string | null }> => {
        const supply = supplyRequest({ srv: '7.1', sender: sup1.eui, device: M1, counter });
        const t = await post(
          `${base}/api/v1/serviceT`,
          signDuisXml(emitDuisRequest(supply), users.get(sup1.eui)!),
        );
        expect(t.status).toBe(200);
        const pre = parseDuisResponse(t.text).body!.gbcsPayload;
        const cv5 = emitDuisRequest({
          ...supply,
          commandVariant: 5,
          body: { kind: 'SignedPreCommand', gbcsPayload: signPreCommand(pre, sup1.ds.signer) },
        });
        return post(`${base}/api/v1/serviceS`, signDuisXml(cv5, users.get(sup1.eui)!));
      };
      expect((await send(7100n)).status).toBe(200);
      expect((await send(7101n)).status).toBe(200);
      expect(server.delivery.stats().pending).toBe(2);
      expect(await send(7102n)).toMatchObject({ status: 503, code: 'ERR_DUIS_DELIVERY_BUSY' });
      expect(server.delivery.stats().pending).toBe(2);
      expect((await fetch(`${base}/v1/health`)).status).toBe(200);
    } finally {
      silent.closeAllConnections();
      await server.close(100);
    }
  });
});

describe('conform --target duis+http logs in to a token-protected serve --interface duis', () => {
  it('passes the whole catalogue with --token; names its target duis+http; without the token it stops before any case', async () => {
    const receiverPort = await freePort();
    const served = await startServe(quietIo(), {
      host: '127.0.0.1',
      port: '0',
      interface: 'duis',
      receiver: `http://127.0.0.1:${receiverPort}/smartdcc/duis`,
      policy: 'corrective',
      token: TOKEN,
      bodyLimit: String(2 * 1024 * 1024),
      bodyTimeout: '10000',
      log: 'off',
      sessionTtl: '900',
    });
    try {
      const common = {
        target: `duis+${served.url}`,
        receiverPort: String(receiverPort),
        policyExpectation: 'corrective',
        timeout: '5000',
        watchdog: '10000',
      };
      const { report } = await runConform(quietIo(), { ...common, token: TOKEN });
      expect(report.target).toEqual({ kind: 'duis+http', name: `duis+${served.url}` });
      expect(report.summary.total).toMatchObject({ FAIL: 0, HANG: 0, HARNESS_ERROR: 0, SKIPPED: 0 });
      expect(report.summary.total.PASS).toBe(report.cases.length);
      await expect(runConform(quietIo(), { ...common, scenarios: 'KRP-MIS-001' })).rejects.toMatchObject({
        code: 'ERR_CONFORM_UNAUTHORIZED',
        exitCode: 2,
      });
    } finally {
      await served.stop();
    }
  });
});
