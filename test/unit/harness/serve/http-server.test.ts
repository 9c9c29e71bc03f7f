import { presetPolicy } from '../../../../simulator';
import { createReferenceHttpServer, type DutHttpServer } from '../../../../harness/serve';
import {
  dutRequest,
  inProcess,
  krpXml,
  M1,
  M2,
  party,
  referenceWorld,
  T0,
} from '../../../support/http-fixtures';
import { signPreCommand } from '../../../../simulator';
import { emitDuisRequest } from '../../../../simulator/duis';
import { decodeGeneralSigning, decodeUscResponse, encodeGbcsDateTime } from '../../../../simulator/gbcs';
import { noKrp } from '../../../support/reference-dcc';

let server: DutHttpServer;
let base: string;
const logLines: string[] = [];

beforeAll(async () => {
  server = createReferenceHttpServer({
    policy: presetPolicy('legacy'),
    bodyLimitBytes: 64 * 1024,
    bodyTimeoutMs: 300,
    log: (l) => logLines.push(l),
  });
  ({ url: base } = await server.listen(0));
});
afterAll(() => server.close());

const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const provision = (session = 'default', policy?: string) =>
  fetch(`${base}/v1/provision`, {
    ...json({ world: referenceWorld(), ...(policy ? { policy } : {}) }),
    headers: { 'content-type': 'application/json', 'x-dut-session': session },
  });
const errorOf = async (res: Response) =>
  ((await res.json()) as { error: { code: string; message: string } }).error;
const snapshot = async (id = M1) => (await fetch(`${base}/v1/devices/${id}`)).json();

describe('DUT HTTP server: contract', () => {
  beforeEach(async () => {
    expect((await provision()).status).toBe(204);
  });

  test('health reports the served policy', async () => {
    const res = await fetch(`${base}/v1/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', policy: 'legacy' });
  });

  test('a submitted request is answered exactly as the in-process reference answers it', async () => {
    const oracle = inProcess('legacy');
    await oracle.provision({ world: referenceWorld() });
    for (const [sender, owner] of [
      ['NO-B', 'NO-A'],
      ['NO-A', 'NO-A'],
    ] as const) {
      const request = dutRequest(krpXml(sender, owner, 10n));
      const res = await fetch(`${base}/v1/requests`, json(request));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual(await oracle.submit(request));
    }
  });

  test('an applied 6.15.1 answers the device response bytes (hex) and the per-cell outcomes', async () => {
    const duis = noKrp('NO-B', 'NO-B', M2, 10n);
    const t = (await (
      await fetch(`${base}/v1/requests`, json(dutRequest(emitDuisRequest(duis))))
    ).json()) as {
      preCommand: string;
    };
    const gbcsPayload = signPreCommand(
      Uint8Array.from(Buffer.from(t.preCommand, 'hex')),
      party('NO-B').ds.signer,
    );
    const send = dutRequest(
      emitDuisRequest({ ...duis, commandVariant: 5, body: { kind: 'SignedPreCommand', gbcsPayload } }),
    );
    const body = (await (await fetch(`${base}/v1/requests`, json(send))).json()) as {
      outcome: string;
      response: string;
      outcomes: { cell: string; status: number }[];
    };
    expect(body.outcome).toBe('accepted');
    expect(body.outcomes.map((o) => [o.cell, o.status])).toEqual([
      ['3/DS/management', 0],
      ['3/KA/management', 0],
    ]);
    const apdu = decodeGeneralSigning(Uint8Array.from(Buffer.from(body.response, 'hex')));
    expect([apdu.craFlag, apdu.originatorCounter, apdu.originator]).toEqual([2, 10n, M2.replace(/-/g, '')]);
    expect(apdu.dateTime).toEqual(encodeGbcsDateTime(T0));
    expect(decodeUscResponse(apdu.content).outcomes).toHaveLength(2);
  });

  test('the wrong network operator is refused E4 at the gate under legacy', async () => {
    const body = await (
      await fetch(`${base}/v1/requests`, json(dutRequest(krpXml('NO-B', 'NO-A', 10n))))
    ).json();
    expect(body).toMatchObject({
      outcome: 'rejected',
      duisCode: 'E4',
      code: 'GATE_NOT_REGISTERED',
      stage: 'gate',
    });
  });

  test('a raw DUIS XML body with X-User-Role and X-Request-Time gets the same answer as the JSON form', async () => {
    const xml = krpXml('NO-A', 'NO-A', 11n);
    const raw = await fetch(`${base}/v1/requests`, {
      method: 'POST',
      headers: {
        'content-type': 'application/xml; charset=utf-8',
        'x-user-role': 'ED',
        'x-request-time': T0.toISOString(),
      },
      body: xml,
    });
    expect(raw.status).toBe(200);
    const oracle = inProcess('legacy');
    await oracle.provision({ world: referenceWorld() });
    expect(await raw.json()).toEqual(await oracle.submit(dutRequest(xml)));
  });

  test('a raw XML body without X-Request-Time is a schema error naming /at', async () => {
    const res = await fetch(`${base}/v1/requests`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body: krpXml('NO-A', 'NO-A', 11n),
    });
    expect(res.status).toBe(400);
    const err = await errorOf(res);
    expect(err.code).toBe('ERR_HTTP_BODY_SCHEMA');
    expect(err.message).toContain('/at');
  });

  test('inspect returns the snapshot of a known device and 404 for an unknown one', async () => {
    const res = await fetch(`${base}/v1/devices/${M2}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ deviceId: M2, supply: 'enabled' });
    const missing = await fetch(`${base}/v1/devices/00-DB-12-34-56-78-99-99`);
    expect(missing.status).toBe(404);
    expect((await errorOf(missing)).code).toBe('ERR_DUT_DEVICE_NOT_FOUND');
    const bad = await fetch(`${base}/v1/devices/not-an-eui`);
    expect(bad.status).toBe(400);
  });

  test('world events move registrations; a bad event is a schema error', async () => {
    const ok = await fetch(`${base}/v1/world-events`, json({ kind: 'revoke', certificateId: 'anything' }));
    expect(ok.status).toBe(204);
    const bad = await fetch(`${base}/v1/world-events`, json({ kind: 'registration', mpxn: 'x' }));
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).code).toBe('ERR_HTTP_BODY_SCHEMA');
    // Well-formed but impossible date, and a party that is no NO of the world: 400 naming the cause.
    const impossible = await fetch(
      `${base}/v1/world-events`,
      json({
        kind: 'registration',
        mpxn: '1200000000011',
        capacity: 'networkOperator',
        userId: '90B3D51F30030002',
        at: '2024-13-45T99:99Z',
      }),
    );
    expect(impossible.status).toBe(400);
    expect((await errorOf(impossible)).message).toContain('ERR_DUT_WORLD_EVENT');
    const stranger = await fetch(
      `${base}/v1/world-events`,
      json({
        kind: 'registration',
        mpxn: '1200000000011',
        capacity: 'networkOperator',
        userId: '90B3D51F300300FF',
        at: '2024-01-01T00:00:00Z',
      }),
    );
    expect(stranger.status).toBe(400);
  });

  test('an unknown policy name in provision is a 400 ERR_HTTP_BODY_POLICY', async () => {
    const res = await fetch(`${base}/v1/provision`, json({ world: referenceWorld(), policy: 'nonsense' }));
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('ERR_HTTP_BODY_POLICY');
  });

  test('reset forgets the world: the next submit is 409', async () => {
    expect((await fetch(`${base}/v1/reset`, { method: 'POST' })).status).toBe(204);
    const res = await fetch(`${base}/v1/requests`, json(dutRequest(krpXml('NO-A', 'NO-A', 12n))));
    expect(res.status).toBe(409);
    expect((await errorOf(res)).code).toBe('ERR_DUT_NOT_PROVISIONED');
  });
});

describe('DUT HTTP server: bad input gets coded JSON errors, never 500', () => {
  beforeEach(async () => {
    expect((await provision()).status).toBe(204);
  });

  test.each([
    [
      'malformed JSON',
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"xml": ' },
      '/v1/requests',
      400,
      'ERR_HTTP_BODY_JSON',
    ],
    [
      'empty JSON body',
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '' },
      '/v1/provision',
      400,
      'ERR_HTTP_BODY_JSON',
    ],
    [
      'unknown field',
      json({ xml: '<a/>', at: T0.toISOString(), extra: 1 }),
      '/v1/requests',
      400,
      'ERR_HTTP_BODY_SCHEMA',
    ],
    [
      'bad user role',
      json({ xml: '<a/>', at: T0.toISOString(), userRole: 'XX' }),
      '/v1/requests',
      400,
      'ERR_HTTP_BODY_SCHEMA',
    ],
    ['world missing fields', json({ world: {} }), '/v1/provision', 400, 'ERR_HTTP_BODY_SCHEMA'],
    [
      'unsupported media type',
      { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' },
      '/v1/requests',
      415,
      'ERR_HTTP_MEDIA_TYPE',
    ],
    ['unknown route', { method: 'GET' }, '/v2/anything', 404, 'ERR_HTTP_NOT_FOUND'],
    ['prototype key as route', { method: 'GET' }, '/constructor', 404, 'ERR_HTTP_NOT_FOUND'],
    ['wrong method', { method: 'DELETE' }, '/v1/provision', 405, 'ERR_HTTP_METHOD'],
  ] as const)('%s', async (_name, init, path, status, code) => {
    const before = await snapshot();
    const res = await fetch(`${base}${path}`, init);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect((await errorOf(res)).code).toBe(code);
    expect(await snapshot()).toEqual(before);
  });

  test('405 names the allowed methods', async () => {
    const res = await fetch(`${base}/v1/health`, { method: 'POST' });
    expect(res.headers.get('allow')).toBe('GET, HEAD');
  });

  test('malformed DUIS XML is a domain refusal (PARSE_XML), not an HTTP error', async () => {
    const res = await fetch(
      `${base}/v1/requests`,
      json({ xml: '<not-duis', at: T0.toISOString(), userRole: 'ED' }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ outcome: 'rejected', code: 'PARSE_XML' });
  });
});
