import { connect, type Socket } from 'node:net';
import { startServeChild, type ServeChild } from './support/serve-child';

/**
 * With 256 descriptors, 300 clients that connect, start a request and never read must not deny
 * /v1/health to everyone else (docs/reliability.md, connection bound and socket destruction).
 */
describe('serve under ulimit -n 256', () => {
  let server: ServeChild | undefined;
  const clients: Socket[] = [];
  afterEach(async () => {
    clients.splice(0).forEach((c) => c.destroy());
    await server?.stop();
  });

  it('answers /v1/health while 300 never-reading clients hold connections', async () => {
    if (process.platform !== 'linux') return;
    server = await startServeChild(['--policy', 'legacy'], { shellPrefix: 'ulimit -n 256;' });
    const { port } = new URL(server.url);
    for (let i = 0; i < 300; i++) {
      const socket = connect(Number(port), '127.0.0.1');
      socket.on('error', () => undefined);
      socket.on('connect', () => {
        socket.write('POST /v1/requests HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{');
        socket.pause();
      });
      clients.push(socket);
    }
    await new Promise((r) => setTimeout(r, 1_000));
    for (let i = 0; i < 3; i++) {
      const health = await fetch(`${server.url}/v1/health`, { signal: AbortSignal.timeout(5_000) });
      expect(health.status).toBe(200);
    }
    expect(server.alive()).toBe(true);
  }, 60_000);
});
