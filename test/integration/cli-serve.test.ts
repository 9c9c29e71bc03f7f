import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLoopback, startServe, type ServeOptions } from '../../harness/cli/commands/serve';
import { referenceWorld } from '../support/http-fixtures';

const base: ServeOptions = {
  port: '0',
  host: '127.0.0.1',
  bodyLimit: String(2 * 1024 * 1024),
  bodyTimeout: '10000',
  log: 'off',
  sessionTtl: '900',
};

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      stdout: (t: string) => void out.push(t),
      stderr: (t: string) => void err.push(t),
      cwd: mkdtempSync(join(tmpdir(), 'smets1-serve-')),
      quiet: true,
    },
  };
}

describe('smets1 serve access', () => {
  test('refuses a non-loopback address without a token (ERR_CLI_INSECURE_BIND)', async () => {
    const t = io();
    await expect(startServe(t.io, { ...base, host: '0.0.0.0' })).rejects.toMatchObject({
      code: 'ERR_CLI_INSECURE_BIND',
    });
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('localhost')).toBe(true);
    expect(isLoopback('0.0.0.0')).toBe(false);
    expect(isLoopback('192.168.1.2')).toBe(false);
  });

  test('generates a token, prints it once, and requires it on POST routes; writes the audit file', async () => {
    const t = io();
    const { url, token, stop } = await startServe(t.io, { ...base, auditFile: 'audit.jsonl' });
    try {
      expect(t.out.join('')).toContain(`token ${token}\n`);
      expect(token.length).toBeGreaterThanOrEqual(16);
      const body = JSON.stringify({ world: referenceWorld() });
      const headers = { 'content-type': 'application/json' };
      expect((await fetch(`${url}/v1/provision`, { method: 'POST', headers, body })).status).toBe(401);
      const ok = await fetch(`${url}/v1/provision`, {
        method: 'POST',
        headers: { ...headers, authorization: `Bearer ${token}` },
        body,
      });
      expect(ok.status).toBe(204);
      const r = await fetch(`${url}/v1/requests`, {
        method: 'POST',
        headers: { ...headers, authorization: `Bearer ${token}` },
        body: JSON.stringify({ xml: '<not-duis/>', at: '2024-06-01T12:00:00Z' }),
      });
      expect(r.status).toBe(200);
    } finally {
      await stop();
    }
    const file = join(t.io.cwd, 'audit.jsonl');
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    expect(() => lines.map((l) => JSON.parse(l) as unknown)).not.toThrow();
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  test('a given token is not printed', async () => {
    const t = io();
    const { stop } = await startServe(t.io, { ...base, token: 'given-token-0123456789' });
    await stop();
    expect(t.out.join('')).not.toContain('given-token');
  });
});
