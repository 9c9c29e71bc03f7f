import { createServer, type AddressInfo } from 'node:net';
import { delay, http, HttpResponse, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import { createHttpDut } from '../../../../../harness/conformance';
import { DutTransportError, isDutTimeout, type DutTransportErrorCode } from '../../../../../harness/dut';
import { dutRequest, referenceWorld } from '../../../../support/http-fixtures';

const BASE = 'http://dut.example.test';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const REQUEST = dutRequest('<sr:Request/>');
const ACCEPTED = { outcome: 'accepted', duisCode: 'I0', preCommand: 'd9a1' };

function dut(extra: Partial<Parameters<typeof createHttpDut>[0]> = {}) {
  return createHttpDut({ baseUrl: BASE, timeoutMs: 200, retries: 2, backoffMs: 1, ...extra });
}

async function transportCode(p: Promise<unknown>): Promise<DutTransportErrorCode> {
  const err: unknown = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DutTransportError);
  return (err as DutTransportError).code;
}

describe('HTTP adapter: well-formed answers', () => {
  test('a JSON DutResponse is returned as data, and the request carries the session header', async () => {
    let seen: { body: unknown; session: string | null } | undefined;
    server.use(
      http.post(`${BASE}/v1/requests`, async ({ request }) => {
        seen = { body: await request.json(), session: request.headers.get('x-dut-session') };
        return HttpResponse.json(ACCEPTED);
      }),
    );
    expect(await dut({ session: 'run-7' }).submit(REQUEST)).toEqual(ACCEPTED);
    expect(seen).toEqual({ body: REQUEST, session: 'run-7' });
  });

  test('a preset policy object is provisioned by name; a custom policy as the object', async () => {
    const bodies: { policy?: unknown }[] = [];
    server.use(
      http.post(`${BASE}/v1/provision`, async ({ request }) => {
        bodies.push((await request.json()) as { policy?: unknown });
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const { presetPolicy } = await import('../../../../../simulator');
    const custom = { ...presetPolicy('legacy'), name: 'mine' };
    await dut().provision({ world: referenceWorld(), policy: presetPolicy('corrective') });
    await dut().provision({ world: referenceWorld(), policy: custom });
    expect(bodies.map((b) => b.policy)).toEqual(['corrective', custom]);
  });

  test('inspect maps 404 to undefined', async () => {
    server.use(
      http.get(`${BASE}/v1/devices/:id`, () =>
        HttpResponse.json({ error: { code: 'ERR_DUT_DEVICE_NOT_FOUND', message: 'no' } }, { status: 404 }),
      ),
    );
    expect(await dut().inspect('00DB123456789099')).toBeUndefined();
  });
});

describe('HTTP adapter: transport faults become coded DutTransportErrors', () => {
  test('a dropped connection is ERR_DUT_NETWORK', async () => {
    server.use(http.post(`${BASE}/v1/requests`, () => HttpResponse.error()));
    expect(await transportCode(dut().submit(REQUEST))).toBe('ERR_DUT_NETWORK');
  });

  test('an answer slower than the time limit is ERR_DUT_TIMEOUT (reported as HANG)', async () => {
    server.use(
      http.post(`${BASE}/v1/requests`, async () => {
        await delay(1_000);
        return HttpResponse.json(ACCEPTED);
      }),
    );
    // Had the adapter waited for the (delayed) answer, it would have returned it instead of a timeout.
    const err = await dut({ timeoutMs: 100 })
      .submit(REQUEST)
      .catch((e: unknown) => e);
    expect(isDutTimeout(err)).toBe(true);
  });

  test('503 then success is retried and succeeds', async () => {
    let calls = 0;
    server.use(
      http.post(`${BASE}/v1/requests`, () => {
        calls += 1;
        return calls === 1
          ? HttpResponse.json({ error: { code: 'BUSY', message: 'warming up' } }, { status: 503 })
          : HttpResponse.json(ACCEPTED);
      }),
    );
    expect(await dut().submit(REQUEST)).toEqual(ACCEPTED);
    expect(calls).toBe(2);
  });

  test('503 forever gives up after the bounded retries with ERR_DUT_HTTP_STATUS', async () => {
    let calls = 0;
    server.use(
      http.post(`${BASE}/v1/requests`, () => {
        calls += 1;
        return new HttpResponse('busy', { status: 503 });
      }),
    );
    const err = (await dut({ retries: 2 })
      .submit(REQUEST)
      .catch((e: unknown) => e)) as DutTransportError;
    expect(err.code).toBe('ERR_DUT_HTTP_STATUS');
    expect(err.status).toBe(503);
    expect(calls).toBe(3);
  });

  test('500 is not retried and its JSON error is quoted', async () => {
    let calls = 0;
    server.use(
      http.post(`${BASE}/v1/requests`, () => {
        calls += 1;
        return HttpResponse.json(
          { error: { code: 'ERR_BOOM', message: 'validator crashed' } },
          { status: 500 },
        );
      }),
    );
    const err = (await dut()
      .submit(REQUEST)
      .catch((e: unknown) => e)) as DutTransportError;
    expect([err.code, err.status, calls]).toEqual(['ERR_DUT_HTTP_STATUS', 500, 1]);
    expect(err.message).toContain('ERR_BOOM: validator crashed');
  });

  test('a truncated JSON body is ERR_DUT_MALFORMED', async () => {
    server.use(
      http.post(
        `${BASE}/v1/requests`,
        () => new HttpResponse('{"outcome":"accep', { headers: { 'content-type': 'application/json' } }),
      ),
    );
    expect(await transportCode(dut().submit(REQUEST))).toBe('ERR_DUT_MALFORMED');
  });

  test('a non-JSON body is ERR_DUT_MALFORMED', async () => {
    server.use(
      http.post(`${BASE}/v1/requests`, () => HttpResponse.html('<html><body>Bad Gateway</body></html>')),
    );
    expect(await transportCode(dut().submit(REQUEST))).toBe('ERR_DUT_MALFORMED');
  });

  test('a JSON body outside the contract is ERR_DUT_MALFORMED naming the field', async () => {
    server.use(
      http.post(`${BASE}/v1/requests`, () => HttpResponse.json({ outcome: 'maybe', duisCode: 'I0' })),
    );
    const err = (await dut()
      .submit(REQUEST)
      .catch((e: unknown) => e)) as DutTransportError;
    expect(err.code).toBe('ERR_DUT_MALFORMED');
    expect(err.message).toContain('/outcome');
  });

  test('a snapshot outside the contract is ERR_DUT_MALFORMED', async () => {
    server.use(http.get(`${BASE}/v1/devices/:id`, () => HttpResponse.json({ deviceId: 'x', cells: 'none' })));
    expect(await transportCode(dut().inspect('00DB123456789001'))).toBe('ERR_DUT_MALFORMED');
  });

  test('an unexpected status on provision is ERR_DUT_HTTP_STATUS', async () => {
    server.use(
      http.post(`${BASE}/v1/provision`, () =>
        HttpResponse.json(
          { error: { code: 'ERR_HTTP_BODY_SCHEMA', message: '/world: bad' } },
          { status: 400 },
        ),
      ),
    );
    expect(await transportCode(dut().provision({ world: referenceWorld() }))).toBe('ERR_DUT_HTTP_STATUS');
  });

  test('a refused connection (nothing listening) is ERR_DUT_NETWORK', async () => {
    const probe = createServer();
    const port = await new Promise<number>((done) =>
      probe.listen(0, '127.0.0.1', () => done((probe.address() as AddressInfo).port)),
    );
    await new Promise((done) => probe.close(done));
    server.use(http.all(`http://127.0.0.1:${port}/*`, () => passthrough()));
    const err = (await createHttpDut({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 2_000 })
      .reset()
      .catch((e: unknown) => e)) as DutTransportError;
    expect(err.code).toBe('ERR_DUT_NETWORK');
    expect(err.message).toContain('ECONNREFUSED');
  });
});

describe('HTTP adapter: hostile answers (redirects, token)', () => {
  test('a redirect to another origin is refused with ERR_DUT_REDIRECT; same-origin 307 is followed', async () => {
    let elsewhere = 0;
    server.use(
      http.post(
        `${BASE}/v1/requests`,
        () =>
          new HttpResponse(null, {
            status: 307,
            headers: { location: 'http://evil.example.test/v1/requests' },
          }),
      ),
      http.post('http://evil.example.test/v1/requests', () => {
        elsewhere += 1;
        return HttpResponse.json(ACCEPTED);
      }),
    );
    expect(await transportCode(dut().submit(REQUEST))).toBe('ERR_DUT_REDIRECT');
    expect(elsewhere).toBe(0);
    server.use(
      http.post(
        `${BASE}/v1/requests`,
        () => new HttpResponse(null, { status: 307, headers: { location: '/v2/requests' } }),
      ),
      http.post(`${BASE}/v2/requests`, () => HttpResponse.json(ACCEPTED)),
    );
    expect(await dut().submit(REQUEST)).toEqual(ACCEPTED);
  });

  test('the bearer token travels on every request', async () => {
    let auth: string | null = null;
    server.use(
      http.post(`${BASE}/v1/requests`, ({ request }) => {
        auth = request.headers.get('authorization');
        return HttpResponse.json(ACCEPTED);
      }),
    );
    await dut({ token: 's3cret' }).submit(REQUEST);
    expect(auth).toBe('Bearer s3cret');
  });
});
