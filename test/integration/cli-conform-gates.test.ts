import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { derToPem } from '../../certs';
import type { RunReport } from '../../harness/report';
import { referenceDuisKeys } from '../../harness/serve/duis-routes';
import { freePort } from '../support/net';
import { startServeChild, type ServeChild } from './support/serve-child';

// What a new user trips on, through the built CLI (`bin/smets1.js`, dist/) against a real
// `smets1 serve` child on loopback: a missing or wrong token, a run that checks nothing, a profile
// that does not apply, a `| head` that closes the pipe early.

jest.setTimeout(240_000);

const BIN = resolve(__dirname, '..', '..', 'bin', 'smets1.js');
const TOKEN = 'conform-gates-token-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'smets1-gates-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Ran {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/** Runs `node bin/smets1.js ARGS` in `dir` with SMETS1_TOKEN unset unless given. */
function cli(args: readonly string[], env: Record<string, string> = {}): Promise<Ran> {
  const { SMETS1_TOKEN: _unset, ...rest } = process.env;
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: dir,
    env: { ...rest, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((done) => child.on('close', (code) => done({ code, out, err })));
}

const codedLines = (err: string) => err.split('\n').filter((l) => l.startsWith('smets1: ERR_'));

describe.each([
  ['http', [] as string[]],
  ['duis+http', ['--interface', 'duis']],
])('conform against serve over %s: the token is checked before any case', (scheme, serveArgs) => {
  let served: ServeChild;
  let receiverPort = 0;
  beforeAll(async () => {
    receiverPort = await freePort();
    served = await startServeChild([
      '--token',
      TOKEN,
      '--policy',
      'legacy',
      ...serveArgs,
      ...(scheme === 'duis+http' ? ['--receiver', `http://127.0.0.1:${receiverPort}/smartdcc/duis`] : []),
    ]);
  });
  afterAll(() => served.stop());

  const conform = (name: string, extra: readonly string[], env: Record<string, string> = {}) =>
    cli(
      [
        'conform',
        '--target',
        scheme === 'http' ? served.url : `duis+${served.url}`,
        '--policy-expectation',
        'legacy',
        '--scenarios',
        'KRP-MIS-001',
        '--out',
        name,
        ...(scheme === 'duis+http' ? ['--receiver-port', String(receiverPort)] : []),
        ...extra,
      ],
      env,
    );

  it('without a token: one coded line, exit 2, no case run and no report written', async () => {
    const r = await conform(`${scheme}-none`, []);
    expect(r.code).toBe(2);
    expect(codedLines(r.err)).toEqual([
      `smets1: ERR_CONFORM_UNAUTHORIZED: ${served.url} needs a token (answered 401 ERR_HTTP_UNAUTHORIZED); no case ran: pass the target's token with --token T or SMETS1_TOKEN (smets1 serve prints it at start)`,
    ]);
    expect(r.err).not.toContain('catalogue');
    expect(r.out).toBe('');
    expect(existsSync(join(dir, `${scheme}-none`, 'report.json'))).toBe(false);
  });

  it.each([
    ['--token', ['--token', 'not-the-token'], {}],
    ['SMETS1_TOKEN', [], { SMETS1_TOKEN: 'not-the-token' }],
  ])('with a wrong token (%s): exit 2, no report', async (from, extra, env) => {
    const r = await conform(`${scheme}-wrong`, extra, env);
    expect(r.code).toBe(2);
    expect(codedLines(r.err)).toEqual([
      expect.stringContaining(
        `smets1: ERR_CONFORM_UNAUTHORIZED: ${served.url} refused the token given by ${from} (answered 401 ERR_HTTP_UNAUTHORIZED)`,
      ),
    ]);
    expect(existsSync(join(dir, `${scheme}-wrong`, 'report.json'))).toBe(false);
  });

  it('with the token the server was given: the case runs and passes', async () => {
    const r = await conform(`${scheme}-right`, [], { SMETS1_TOKEN: TOKEN });
    expect(codedLines(r.err)).toEqual([]);
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, `${scheme}-right`, 'report.json'), 'utf8')) as RunReport;
    expect(report.cases.map((c) => `${c.id} ${c.verdict}`)).toEqual(['KRP-MIS-001 PASS']);
  });
});

describe('conform against an implementation that lets the pre-flight through but refuses the run', () => {
  let server: Server;
  let url = '';
  const seen: string[] = [];
  beforeAll(async () => {
    // answers /v1/health and GET /v1/devices/{id} without a token, 401 on everything else
    server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.url === '/v1/health') return json(200, { status: 'ok', policy: 'legacy' });
      if (req.method === 'GET' && req.url?.startsWith('/v1/devices/'))
        return json(404, { error: { code: 'ERR_DUT_DEVICE_NOT_FOUND', message: 'no such device' } });
      json(401, { error: { code: 'ERR_HTTP_UNAUTHORIZED', message: 'who are you?' } });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('stops at the first 401 of the run: one coded line, exit 2, no report, no request after it', async () => {
    const r = await cli(['conform', '--target', url, '--scenarios', 'KRP-MIS-*', '--out', 'refused']);
    expect(r.code).toBe(2);
    expect(codedLines(r.err)).toEqual([
      `smets1: ERR_CONFORM_UNAUTHORIZED: ${url} refused the harness during the run (POST /v1/reset answered 401: ERR_HTTP_UNAUTHORIZED: who are you?); no report written: pass the target's token with --token T or SMETS1_TOKEN (smets1 serve prints it at start)`,
    ]);
    expect(existsSync(join(dir, 'refused', 'report.json'))).toBe(false);
    // the pre-flight's two GETs, then one refused POST: the other cases never reach the target
    expect(seen.filter((l) => l.startsWith('POST'))).toEqual(['POST /v1/reset']);
  });
});

describe('conform options a new user gets wrong', () => {
  let served: ServeChild;
  let receiverPort = 0;
  const profileFile = join(dir, 'no-users.json');
  beforeAll(async () => {
    receiverPort = await freePort();
    served = await startServeChild([
      '--token',
      TOKEN,
      '--interface',
      'duis',
      '--receiver',
      `http://127.0.0.1:${receiverPort}/smartdcc/duis`,
    ]);
    // a well-formed profile no scenario fits: no users, no devices, no stock world
    writeFileSync(join(dir, 'dcc.pem'), derToPem(referenceDuisKeys().dcc.certificate.der));
    writeFileSync(
      profileFile,
      JSON.stringify({
        name: 'no users',
        dcc: { eui: '90-B3-D5-1F-30-00-00-02', certificates: ['dcc.pem'] },
        users: [],
        devices: [],
      }),
    );
    writeFileSync(join(dir, 'badprof.json'), '{"name": ');
  });
  afterAll(() => served.stop());

  it('a run where every case is SKIPPED exits 2 with the reasons, its report written', async () => {
    const r = await cli(
      [
        'conform',
        '--target',
        `duis+${served.url}`,
        '--profile',
        'no-users.json',
        '--policy-expectation',
        'legacy',
        '--receiver-port',
        String(receiverPort),
        '--out',
        'skipped',
      ],
      { SMETS1_TOKEN: TOKEN },
    );
    expect(r.code).toBe(2);
    const report = JSON.parse(readFileSync(join(dir, 'skipped', 'report.json'), 'utf8')) as RunReport;
    expect(report.cases.length).toBeGreaterThan(100);
    expect(report.cases.every((c) => c.verdict === 'SKIPPED')).toBe(true);
    const [line, ...others] = codedLines(r.err);
    expect(others).toEqual([]);
    expect(line).toMatch(
      new RegExp(
        `^smets1: ERR_NOTHING_RAN: nothing ran: all ${report.cases.length} cases were SKIPPED \\(\\d+ x "`,
      ),
    );
    expect(line).toContain('the target profile has no user NO-A');
    expect(line).toContain("the scenario's world is not the stock world of no users");
    expect(r.out).toContain('wrote ');
  });

  it('--profile with an http:// target is refused, valid or not, before the network', async () => {
    for (const profile of ['no-users.json', 'badprof.json', 'dcc-boxed']) {
      const r = await cli(['conform', '--target', 'http://127.0.0.1:9', '--profile', profile]);
      expect(r.code).toBe(2);
      expect(codedLines(r.err)).toEqual([
        expect.stringMatching(/^smets1: ERR_CLI_OPTION: --profile applies to duis\+http:\/\/ targets only/),
      ]);
    }
  });

  it('an invalid --profile with a duis+http:// target is read and refused before the network', async () => {
    const r = await cli(['conform', '--target', 'duis+http://127.0.0.1:9', '--profile', 'badprof.json']);
    expect(r.code).toBe(2);
    expect(codedLines(r.err)).toEqual([
      expect.stringMatching(/^smets1: ERR_CLI_JSON: .*badprof\.json is not valid JSON/),
    ]);
  });
});

describe('a reader that closes the pipe early', () => {
  beforeAll(async () => {
    // its report.json (130 KB) is well over what a pipe holds (64 KiB), so `| head -3` cuts it short
    const r = await cli(['run', '--policy', 'all', '--scenarios', 'KRP-MIS-*,KRP-PLACE-*', '--out', 'pipe']);
    expect(r.code).toBe(0);
  });

  it.each(['junit', 'json', 'html', 'console'])(
    'report --format %s into a closed pipe: exit 141, no stack trace',
    async (format) => {
      const child = spawn(
        process.execPath,
        [BIN, 'report', join('pipe', 'report.json'), '--format', format],
        {
          cwd: dir,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      // the reader goes away before the CLI writes anything: its first write meets EPIPE
      child.stdout.destroy();
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
      expect(err).not.toMatch(/EPIPE|Error|internal error|\n\s+at /);
      expect(code).toBe(141);
    },
  );

  it('`| head -3` on a shell: three lines, no stack trace, the status of a tool stopped by SIGPIPE', async () => {
    expect(readFileSync(join(dir, 'pipe', 'report.json')).length).toBeGreaterThan(65_536 + 32_768);
    const child = spawn(
      'bash',
      [
        '-c',
        `"$0" "$1" report pipe/report.json --format json | head -3; echo "status \${PIPESTATUS[0]}"`,
        process.execPath,
        BIN,
      ],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
    expect(code).toBe(0);
    expect(out.split('\n').filter((l) => l.length > 0)).toEqual([
      '{',
      '  "schemaVersion": 1,',
      '  "tool": {',
      'status 141',
    ]);
    expect(err).not.toMatch(/EPIPE|Error|internal error|\n\s+at /);
  });
});

describe('smets1 world --help', () => {
  it('shows the token on its curl example (serve answers 401 without)', async () => {
    const r = await cli(['world', '--help']);
    expect(r.code).toBe(0);
    const curl = r.out.slice(r.out.indexOf('curl'));
    expect(curl).toContain('-H "Authorization: Bearer $TOKEN"');
  });
});
