import { connect, type Socket } from 'node:net';
import { clearDecodeCache, decodeCacheStats, decodeCertificate } from '../../../../certs';
import { createReferenceHttpServer, type DutHttpServer } from '../../../../harness/dut';
import { createRequestLog } from '../../../../harness/dut/http-log';
import { party, referenceWorld } from './http-fixtures';

const TOKEN = 'test-token-0123456789';
const servers: DutHttpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close(100)));
});

async function start(extra: Parameters<typeof createReferenceHttpServer>[0] = {}) {
  const s = createReferenceHttpServer({ policy: 'legacy', token: TOKEN, ...extra });
  servers.push(s);
  const { url, port } = await s.listen(0);
  return { s, url, port };
}

const auth = { authorization: `Bearer ${TOKEN}` };
const provision = (url: string, session: string, headers: Record<string, string> = auth) =>
  fetch(`${url}/v1/provision`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-dut-session': session, ...headers },
    body: JSON.stringify({ world: referenceWorld() }),
  });

/** A client that connects, sends `text` and never reads or closes. */
function stalled(port: number, text: string): Promise<Socket> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(text);
      socket.pause();
      resolve(socket);
    });
    socket.on('error', () => undefined);
  });
}

const waitFor = async (cond: () => boolean, ms: number): Promise<boolean> => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return cond();
};

describe('DUT HTTP server hardening', () => {
  test('a timed-out connection is destroyed after its 408 even when the client never reads', async () => {
    const { s, port } = await start({ headersTimeoutMs: 200, requestTimeoutMs: 400 });
    const clients = await Promise.all(
      [1, 2, 3].map(() => stalled(port, 'GET /v1/health HTTP/1.1\r\nHost: x\r\n')),
    );
    expect(await waitFor(() => s.stats().open === 3, 1_000)).toBe(true);
    expect(await waitFor(() => s.stats().open === 0, 4_000)).toBe(true);
    clients.forEach((c) => c.destroy());
  });

  test('at the connection bound, stalled connections make room: /v1/health still answers', async () => {
    const { s, url, port } = await start({ maxConnections: 5 });
    const clients = await Promise.all(
      Array.from({ length: 12 }, () => stalled(port, 'GET /v1/health HTTP/1.1\r\n')),
    );
    const health = await fetch(`${url}/v1/health`);
    expect(health.status).toBe(200);
    expect(s.stats().open).toBeLessThanOrEqual(5);
    expect(s.stats().shed).toBeGreaterThan(0);
    clients.forEach((c) => c.destroy());
  });

  test('oversized headers get 431, not 400', async () => {
    const { port } = await start();
    const socket = await stalled(
      port,
      `GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    socket.resume();
    const text = await new Promise<string>((resolve) => {
      let t = '';
      socket.setEncoding('utf8');
      socket.on('data', (d: string) => (t += d));
      socket.on('close', () => resolve(t));
    });
    expect(text).toMatch(/^HTTP\/1\.1 431 /);
    expect(text).toContain('ERR_HTTP_HEADERS_TOO_LARGE');
  });

  test('HEAD answers like GET without a body; Allow names HEAD', async () => {
    const { url } = await start();
    const get = await fetch(`${url}/v1/health`);
    const head = await fetch(`${url}/v1/health`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(get.headers.get('content-length'));
    expect(await head.text()).toBe('');
    const wrong = await fetch(`${url}/v1/health`, { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, HEAD');
  });

  test('every POST needs the bearer token (401 otherwise, changing nothing); GETs do not', async () => {
    const { url } = await start();
    expect((await provision(url, 'a', {})).status).toBe(401);
    expect((await provision(url, 'a', { authorization: 'Bearer wrong-token-0123456789' })).status).toBe(401);
    const device = `${url}/v1/devices/00-DB-12-34-56-78-90-01`;
    expect((await fetch(device, { headers: { 'x-dut-session': 'a' } })).status).toBe(409);
    expect((await provision(url, 'a')).status).toBe(204);
    expect((await fetch(device, { headers: { 'x-dut-session': 'a' } })).status).toBe(200);
    const reset = await fetch(`${url}/v1/reset`, { method: 'POST', headers: { 'x-dut-session': 'a' } });
    expect(reset.status).toBe(401);
    expect(reset.headers.get('www-authenticate')).toBe('Bearer');
    expect((await fetch(device, { headers: { 'x-dut-session': 'a' } })).status).toBe(200);
    expect((await fetch(`${url}/v1/health`)).status).toBe(200);
  });

  test('idle sessions expire, so a full table frees up without resets', async () => {
    const { url } = await start({ maxSessions: 2, sessionTtlMs: 150 });
    expect((await provision(url, 'a')).status).toBe(204);
    expect((await provision(url, 'b')).status).toBe(204);
    expect((await provision(url, 'c')).status).toBe(429);
    await new Promise((r) => setTimeout(r, 300));
    expect((await provision(url, 'c')).status).toBe(204);
  });

  test('/v1/reset empties the certificate decode cache', async () => {
    const { url } = await start();
    clearDecodeCache();
    decodeCertificate(party('NO-A').ds.certificate.der);
    expect(decodeCacheStats().size).toBeGreaterThan(0);
    const r = await fetch(`${url}/v1/reset`, { method: 'POST', headers: auth });
    expect(r.status).toBe(204);
    expect(decodeCacheStats().size).toBe(0);
  });
});

describe('request log', () => {
  test('summary mode writes one line per N requests, requests mode one per request, off nothing', () => {
    const lines: string[] = [];
    const log = createRequestLog('summary', (l) => lines.push(l), { every: 100, intervalMs: 60_000 });
    for (let i = 0; i < 250; i++) log.request('POST', '/v1/requests', i % 10 === 0 ? 400 : 200, 1);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^100 requests in .* 90 2xx, 10 4xx, 0 5xx/);
    log.close();
    expect(lines).toHaveLength(3);
    const every: string[] = [];
    const l2 = createRequestLog('requests', (l) => every.push(l));
    l2.request('GET', '/v1/health', 200, 0.5);
    expect(every).toEqual(['GET /v1/health 200 0.5ms']);
    const none: string[] = [];
    const l3 = createRequestLog('off', (l) => none.push(l));
    l3.request('GET', '/v1/health', 200, 1);
    l3.close();
    expect(none).toEqual([]);
  });
});
