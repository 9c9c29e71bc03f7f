import { presetPolicy } from '../../../../simulator';
import { connect, type Socket } from 'node:net';
import { createReferenceHttpServer, type DutHttpServer } from '../../../../harness/serve';
import { dutRequest, krpXml, M1, referenceWorld } from '../../../support/http-fixtures';

const LIMIT = 64 * 1024;
let server: DutHttpServer;
let base: string;
let port: number;

beforeAll(async () => {
  server = createReferenceHttpServer({
    policy: presetPolicy('legacy'),
    bodyLimitBytes: LIMIT,
    bodyTimeoutMs: 300,
  });
  ({ url: base, port } = await server.listen(0));
});
afterAll(() => server.close());

const json = (body: unknown, session?: string): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...(session ? { 'x-dut-session': session } : {}) },
  body: JSON.stringify(body),
});

/** Opens a raw TCP connection, lets `drive` write to it, and resolves with everything read until the server closes it. */
function rawExchange(
  drive: (socket: Socket) => void,
  giveUpMs = 5_000,
): Promise<{ text: string; closedByServer: boolean; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ text, closedByServer: false, ms: Date.now() - started });
    }, giveUpMs);
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (text += d));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text, closedByServer: true, ms: Date.now() - started });
    });
    socket.on('connect', () => {
      try {
        drive(socket);
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  });
}

const snapshotM1 = async () => (await fetch(`${base}/v1/devices/${M1}`)).json();

describe('DUT HTTP server robustness', () => {
  beforeEach(async () => {
    expect((await fetch(`${base}/v1/provision`, json({ world: referenceWorld() }))).status).toBe(204);
  });

  test('a declared oversize body is refused 413 before it is read, and nothing changes', async () => {
    const before = await snapshotM1();
    const { text, closedByServer } = await rawExchange((s) => {
      s.write(
        `POST /v1/provision HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${LIMIT + 1}\r\n\r\n{"world":`,
      );
    });
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    expect(text).toContain('ERR_HTTP_BODY_TOO_LARGE');
    expect(closedByServer).toBe(true);
    expect(await snapshotM1()).toEqual(before);
  });

  test('a chunked body that grows past the limit is cut off with 413, and nothing changes', async () => {
    const before = await snapshotM1();
    const chunk = 'x'.repeat(16 * 1024);
    const { text, closedByServer } = await rawExchange((s) => {
      s.write(
        'POST /v1/provision HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n',
      );
      for (let i = 0; i < 6; i++) s.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    });
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    expect(closedByServer).toBe(true);
    expect(await snapshotM1()).toEqual(before);
  });

  test('a client that stalls mid-body gets 408 and the connection is closed', async () => {
    const { text, closedByServer } = await rawExchange((s) => {
      s.write(
        'POST /v1/requests HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 200\r\n\r\n{"xml":',
      );
    });
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(text).toContain('ERR_HTTP_TIMEOUT');
    expect(closedByServer).toBe(true);
  });

  test('garbage instead of HTTP gets a JSON 400 and a closed connection', async () => {
    const { text, closedByServer } = await rawExchange((s) =>
      s.write('\x16\x03\x01 not http at all\r\n\r\n'),
    );
    expect(text).toMatch(/^HTTP\/1\.1 400 /);
    expect(text).toContain('ERR_HTTP_BAD_REQUEST');
    expect(closedByServer).toBe(true);
  });

  test('50 concurrent submits are all answered, each as the sequential reference would', async () => {
    const requests = Array.from({ length: 50 }, (_, i) =>
      dutRequest(krpXml(i % 2 ? 'NO-B' : 'NO-C', 'NO-A', BigInt(100 + i))),
    );
    const responses = await Promise.all(requests.map((r) => fetch(`${base}/v1/requests`, json(r))));
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as {
      outcome: string;
      duisCode: string;
    }[];
    // Both senders are not the registered NO of M1 (NO-A), so legacy refuses every one at the gate.
    expect(bodies.every((b) => b.outcome === 'rejected' && b.duisCode === 'E4')).toBe(true);
  });

  test('sessions keep concurrent worlds apart: a reset in one leaves the other provisioned', async () => {
    expect((await fetch(`${base}/v1/provision`, json({ world: referenceWorld() }, 'run-a'))).status).toBe(
      204,
    );
    expect((await fetch(`${base}/v1/provision`, json({ world: referenceWorld() }, 'run-b'))).status).toBe(
      204,
    );
    expect(
      (await fetch(`${base}/v1/reset`, { method: 'POST', headers: { 'x-dut-session': 'run-a' } })).status,
    ).toBe(204);
    const a = await fetch(`${base}/v1/devices/${M1}`, { headers: { 'x-dut-session': 'run-a' } });
    const b = await fetch(`${base}/v1/devices/${M1}`, { headers: { 'x-dut-session': 'run-b' } });
    expect([a.status, b.status]).toEqual([409, 200]);
    const bad = await fetch(`${base}/v1/health`, { headers: { 'x-dut-session': 'bad id!' } });
    expect(bad.status).toBe(200);
    const badSubmit = await fetch(`${base}/v1/devices/${M1}`, { headers: { 'x-dut-session': 'bad id!' } });
    expect(badSubmit.status).toBe(400);
  });

  test('the session table is bounded: a new session past the limit gets 429', async () => {
    const small = createReferenceHttpServer({ maxSessions: 1 });
    const { url } = await small.listen(0);
    try {
      expect((await fetch(`${url}/v1/provision`, json({ world: referenceWorld() }, 'one'))).status).toBe(204);
      const second = await fetch(`${url}/v1/provision`, json({ world: referenceWorld() }, 'two'));
      expect(second.status).toBe(429);
    } finally {
      await small.close();
    }
  });
});

describe('DUT HTTP server lifecycle', () => {
  test('close lets an in-flight request finish and then refuses connections', async () => {
    const s = createReferenceHttpServer();
    const { url } = await s.listen(0);
    // close only once the server holds the request, so the race cannot decide the test
    const received = new Promise((r) => s.server.once('request', r));
    const inFlight = fetch(`${url}/v1/provision`, json({ world: referenceWorld() }));
    await received;
    const closing = s.close(1_000);
    expect((await inFlight).status).toBe(204);
    await closing;
    await expect(fetch(`${url}/v1/health`)).rejects.toThrow();
  });

  test('request log lines carry method, path and status only', async () => {
    const lines: string[] = [];
    const s = createReferenceHttpServer({ log: (l) => lines.push(l) });
    const { url } = await s.listen(0);
    try {
      await fetch(`${url}/v1/provision`, json({ world: referenceWorld() }));
      await fetch(`${url}/v1/requests`, json(dutRequest(krpXml('NO-A', 'NO-A', 5n))));
    } finally {
      await s.close();
    }
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^POST \/v1\/provision 204 [0-9.]+ms$/);
    expect(lines.join('\n')).not.toMatch(/BEGIN|PRIVATE|<|\{/);
  });
});
