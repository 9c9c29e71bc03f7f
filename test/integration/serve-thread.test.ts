import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { resolve } from 'node:path';
import { serveCommand, type ServeOptions } from '../../harness/cli/commands/serve';
import { startServeThread } from '../../harness/cli/serve-thread';
import { SERVE_MAX_HEAP_MB } from '../../harness/serve/heap';
import { runFlood } from '../../bench/flood';
import type { CliIo } from '../../harness/cli/io';

const BIN = resolve(__dirname, '..', '..', 'bin', 'smets1.js');
const TOKEN = 'thread-token-0123456789abcdef';

function captureIo(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    cwd: process.cwd(),
    quiet: true,
  };
}

/** `serve`'s options as the command parses them with no option given, then `extra`. */
function options(extra: Partial<ServeOptions>): ServeOptions {
  const defaults = serveCommand(captureIo(), () => undefined).opts<ServeOptions>();
  return { ...defaults, port: '0', token: TOKEN, log: 'off', ...extra };
}

describe('serve in its heap-bounded thread (serve-thread.ts)', () => {
  it('listens, answers, prints through the caller, reports its own heap, and stops', async () => {
    const io = captureIo();
    const served = await startServeThread(io, options({}), 64);
    try {
      expect(io.out.join('')).toContain(`listening on ${served.url}`);
      const health = await fetch(`${served.url}/v1/health`);
      expect(health.status).toBe(200);
      const unauthorised = await fetch(`${served.url}/v1/reset`, { method: 'POST' });
      expect(unauthorised.status).toBe(401);
      const memory = await served.memory(false);
      expect(memory.heapUsed).toBeGreaterThan(1024 * 1024);
      expect(memory.rss).toBeGreaterThan(memory.heapUsed);
    } finally {
      await served.stop();
    }
    await expect(served.ended).resolves.toBeUndefined();
    await expect(fetch(`${served.url}/v1/health`)).rejects.toThrow();
  }, 60_000);

  it('refuses to start with the same coded error and exit code as the main thread', async () => {
    const busy: Server = createServer();
    await new Promise<void>((done) => busy.listen(0, '127.0.0.1', done));
    const port = (busy.address() as { port: number }).port;
    try {
      await expect(startServeThread(captureIo(), options({ port: String(port) }), 64)).rejects.toMatchObject({
        code: 'ERR_CLI_LISTEN',
        exitCode: 2,
      });
      await expect(startServeThread(captureIo(), options({ port: 'eighty' }), 64)).rejects.toMatchObject({
        code: 'ERR_CLI_OPTION',
      });
    } finally {
      busy.close();
    }
  }, 60_000);
});

/**
 * Runs `smets1 serve --max-heap MB` with no pending bound and leaves `total` accepted Transforms
 * pending, each with fresh 20 KB certificates (many live objects: the shape a heap bound stops
 * cleanly, where one huge allocation can abort a process, nodejs/node#47224); reports how it ended.
 */
async function fill(
  maxHeapMb: number,
  total: number,
): Promise<{ code: number | null; stderr: string; sent: number }> {
  const child = spawn(
    process.execPath,
    [
      BIN,
      'serve',
      '--port',
      '0',
      '--token',
      TOKEN,
      '--policy',
      'legacy',
      '--pending-cap',
      '10000000',
      '--max-heap',
      String(maxHeapMb),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  const url = await new Promise<string>((done, fail) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) done(m[1]!);
    });
    void exited.then((code) => fail(new Error(`serve exited ${code}: ${err}`)));
  });
  let sent = 0;
  try {
    const r = await runFlood({
      baseUrl: url,
      token: TOKEN,
      total,
      concurrency: 4,
      kinds: ['cv4-pending'],
      padBytes: 20_000,
    });
    sent = r.counts['cv4-pending accepted'] ?? 0;
  } catch {
    // the server went away under the flood
  }
  child.kill('SIGTERM');
  return { code: await exited, stderr: err, sent };
}

describe('serve --max-heap (through the CLI)', () => {
  it('a server that outgrows its heap ends with ERR_CLI_SERVE_HEAP and exit 1; the default heap holds the same load', async () => {
    const bounded = await fill(32, 1500);
    expect(bounded.code).toBe(1);
    expect(bounded.stderr).toMatch(/smets1: ERR_CLI_SERVE_HEAP: the server ran out of its 32 MB heap/);
    expect(bounded.stderr).not.toMatch(/FATAL|Abort/);
    expect(bounded.sent).toBeLessThan(1500);
    const roomy = await fill(SERVE_MAX_HEAP_MB, 1500);
    expect(roomy.sent).toBe(1500);
    expect(roomy.code).toBe(0);
  }, 120_000);
});
