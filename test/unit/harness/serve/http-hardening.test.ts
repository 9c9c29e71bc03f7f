import { connect, type Socket } from 'node:net';
import { clearDecodeCache, decodeCacheStats, decodeCertificate } from '../../../../certs';
import { createReferenceHttpServer, type DutHttpServer } from '../../../../harness/serve';
import { createRequestLog } from '../../../../harness/serve/http-log';
import { party, referenceWorld } from '../../../support/http-fixtures';

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

  test('every route but /v1/health needs the bearer token, whatever the method (401, changing nothing)', async () => {
    const { url } = await start();
    expect((await provision(url, 'a', {})).status).toBe(401);
    expect((await provision(url, 'a', { authorization: 'Bearer wrong-token-0123456789' })).status).toBe(401);
    expect((await provision(url, 'a', { authorization: `Bearer ${TOKEN}x` })).status).toBe(401);
    expect((await provision(url, 'a', { authorization: TOKEN })).status).toBe(401);
    const device = `${url}/v1/devices/00-DB-12-34-56-78-90-01`;
    const unauth = await fetch(device, { headers: { 'x-dut-session': 'a' } });
    expect(unauth.status).toBe(401);
    expect(await unauth.json()).toMatchObject({ error: { code: 'ERR_HTTP_UNAUTHORIZED' } });
    expect((await fetch(device, { headers: { 'x-dut-session': 'a', ...auth } })).status).toBe(409);
    expect((await provision(url, 'a')).status).toBe(204);
    expect((await fetch(device, { headers: { 'x-dut-session': 'a', ...auth } })).status).toBe(200);
    expect((await fetch(device, { headers: { 'x-dut-session': 'a' } })).status).toBe(401);
    expect((await fetch(device, { method: 'HEAD', headers: { 'x-dut-session': 'a' } })).status).toBe(401);
    for (const path of ['/v1/reset', '/v1/requests', '/v1/world-events']) {
      const r = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'x-dut-session': 'a', 'content-type': 'application/json' },
        body: '{}',
      });
      expect([path, r.status]).toEqual([path, 401]);
      expect(r.headers.get('www-authenticate')).toBe('Bearer');
    }
    // an unknown path is not told apart from a known one without the token
    expect((await fetch(`${url}/v1/nothing`)).status).toBe(401);
    expect((await fetch(`${url}/v1/../v1/reset`, { method: 'POST' })).status).toBe(401);
    expect((await fetch(device, { headers: { 'x-dut-session': 'a', ...auth } })).status).toBe(200);
    expect((await fetch(`${url}/v1/health`)).status).toBe(200);
  });

  test('a connection with more requests in progress than the bound gets 429 ERR_HTTP_PIPELINE_LIMIT and is closed; the server keeps serving', async () => {
    const { url, port } = await start({ maxPipelined: 4 });
    const text = await new Promise<string>((resolve) => {
      let t = '';
      const socket = connect(port, '127.0.0.1', () =>
        socket.write('GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n'.repeat(200)),
      );
      socket.setEncoding('utf8');
      socket.on('data', (d: string) => (t += d));
      socket.on('error', () => undefined);
      socket.on('close', () => resolve(t));
    });
    const statuses = [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.length).toBeLessThan(200);
    expect(statuses).toContain(429);
    expect(statuses.filter((x) => x === 200).length).toBeLessThanOrEqual(4);
    expect(text).toContain('ERR_HTTP_PIPELINE_LIMIT');
    expect((await fetch(`${url}/v1/health`)).status).toBe(200);
  });

  test('a server without a token opens every route (in-process and test use)', async () => {
    const s = createReferenceHttpServer({ policy: 'legacy' });
    servers.push(s);
    const { url } = await s.listen(0);
    expect((await fetch(`${url}/v1/reset`, { method: 'POST' })).status).toBe(204);
  });

  test('idle sessions expire, so a full table frees up without resets', async () => {
    const { url } = await start({ maxSessions: 2, sessionTtlMs: 150 });
    expect((await provision(url, 'a')).status).toBe(204);
    expect((await provision(url, 'b')).status).toBe(204);
    expect((await provision(url, 'c')).status).toBe(429);
    await new Promise((r) => setTimeout(r, 300));
    expect((await provision(url, 'c')).status).toBe(204);
  });

  test("/v1/reset leaves the shared, bounded certificate decode cache (other sessions' work)", async () => {
    const { url } = await start();
    clearDecodeCache();
    decodeCertificate(party('NO-A').ds.certificate.der);
    const before = decodeCacheStats();
    expect(before.size).toBeGreaterThan(0);
    const r = await fetch(`${url}/v1/reset`, { method: 'POST', headers: auth });
    expect(r.status).toBe(204);
    expect(decodeCacheStats()).toEqual(before);
    expect(before.size).toBeLessThanOrEqual(before.limit);
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

  test('summary mode aggregates notes: the first of a kind at once, the rest counted per window', () => {
    const lines: string[] = [];
    let t = 0;
    const log = createRequestLog('summary', (l) => lines.push(l), { intervalMs: 60_000, now: () => t });
    for (let i = 0; i < 50_000; i++) log.note('connection refused: 1024 connections busy');
    for (let i = 0; i < 30; i++)
      log.note(`undelivered 90-B3-D5-1F-30-00-00-0${i % 10}:x:${i} after 4 attempt(s)`);
    for (let i = 0; i < 40; i++) log.note(`kind${String.fromCharCode(97 + (i % 26))}x${i}: odd`);
    expect(lines.length).toBeLessThanOrEqual(18);
    expect(lines[0]).toBe('connection refused: 1024 connections busy');
    t = 60_000;
    log.close();
    expect(lines).toContain('connection refused: 49999 more in the last 60.0 s');
    expect(lines).toContain('undelivered: 29 more in the last 60.0 s');
    expect(lines.length).toBeLessThanOrEqual(36);
    const every: string[] = [];
    const l2 = createRequestLog('requests', (l) => every.push(l));
    l2.note('connection refused: 1 connections busy');
    l2.note('connection refused: 1 connections busy');
    expect(every).toHaveLength(2);
  });
});
