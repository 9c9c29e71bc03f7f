import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { resolve } from 'node:path';
import { serveCommand, type ServeOptions } from '../../harness/cli/commands/serve';
import { startServeThread } from '../../harness/cli/serve-thread';
import type { CliIo } from '../../harness/cli/io';

const BIN = resolve(__dirname, '..', '..', 'bin', 'smets1.js');
const TOKEN = 'thread-token-0123456789abcdef';

function captureIo(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd: process.cwd(), quiet: true };
}

/** `serve`'s options as the command parses them with no option given, then `extra`. */
function options(extra: Partial<ServeOptions>): ServeOptions {
  const defaults = serveCommand(captureIo(), () => undefined).opts() as ServeOptions;
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

/** Runs `smets1 serve` with `args`, POSTs a `mb` MB provision body, and reports how the process ended. */
async function outgrow(args: readonly string[], mb: number): Promise<{ code: number | null; stderr: string; answered?: number }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--token', TOKEN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
  // one JSON string of `mb` MB: read, it is a string of that size on the server's heap
  const body = `{"world":"${'x'.repeat(mb * 1024 * 1024)}"}`;
  let answered: number | undefined;
  try {
    const r = await fetch(`${url}/v1/provision`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body,
    });
    answered = r.status;
  } catch {
    answered = undefined;
  }
  if (answered !== undefined) {
    const health = await fetch(`${url}/v1/health`).then((r) => r.status, () => 0);
    if (health === 200) child.kill('SIGTERM');
  }
  const code = await exited;
  return { code, stderr: err, ...(answered === undefined ? {} : { answered }) };
}

describe('serve --max-heap (through the CLI)', () => {
  it('a server that outgrows its heap ends with ERR_CLI_SERVE_HEAP and exit 1, not a crash; without the bound the same request is answered', async () => {
    const bounded = await outgrow(['--max-heap', '48', '--body-limit', String(256 * 1024 * 1024)], 96);
    expect(bounded.code).toBe(1);
    expect(bounded.stderr).toMatch(/smets1: ERR_CLI_SERVE_HEAP: the server ran out of its 48 MB heap/);
    expect(bounded.stderr).not.toMatch(/FATAL|Abort|at .*\.js:\d+/);
    const unbounded = await outgrow(['--max-heap', '0', '--body-limit', String(256 * 1024 * 1024)], 96);
    expect(unbounded.answered).toBe(400);
    expect(unbounded.code).toBe(0);
  }, 120_000);
});
