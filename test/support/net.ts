import { createServer } from 'node:net';

/** A loopback TCP port free a moment ago (bound, read and released), for servers that need one up front. */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', () => resolve()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/**
 * `smets1 serve --interface duis --world zaz1` options as the DCC Boxed twin tests start it: loopback,
 * a free port, answers POSTed to `receiverPort`, the command's default limits, no log.
 */
export function twinServeOptions(receiverPort: number, token: string) {
  return {
    interface: 'duis',
    world: 'zaz1',
    port: '0',
    host: '127.0.0.1',
    receiver: `http://127.0.0.1:${receiverPort}/smartdcc/duis`,
    bodyLimit: String(2 * 1024 * 1024),
    bodyTimeout: '10000',
    log: 'off',
    token,
    sessionTtl: '900',
  } as const;
}
