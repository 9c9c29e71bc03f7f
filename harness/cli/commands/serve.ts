import { isCodedError } from '../../../certs';
import { Command, Option } from 'commander';
import { closeSync, openSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { createReferenceHttpServer, DUT_FAULTS, SERVE_PENDING_CAP, type DutFault } from '../../serve';
import { createDuisReferenceServer } from '../../serve/duis-server';
import { createRequestLog, REQUEST_LOG_MODES, type RequestLogMode } from '../../serve/http-log';
import { DEFAULT_SESSION_TTL_MS } from '../../serve/http-sessions';
import { assertRealFolder } from '../../io';
import { dccBoxedWorld } from '../../scenario';
import { DEFAULT_POLICY } from '../../policies';
import { ONE_POLICY_HELP, onePolicyOption } from '../policy-option';
import { CliError, type CliIo } from '../io';
import type { CommandFactory } from '../command';
import { serveFromThread, startServeThread } from '../serve-thread';
import { SERVE_MAX_HEAP_MB, SERVE_MAX_HEAP_RANGE } from '../../serve/heap';

/** Options of `smets1 serve`, as parsed. */
export interface ServeOptions {
  readonly policy?: string;
  /** Default 8080, or 8079 (DCC Boxed's port) with `--interface duis`. */
  readonly port?: string;
  readonly host: string;
  /** `json` (default): the JSON contract only; `duis`: the DCC Boxed interface in front of it. */
  readonly interface?: 'json' | 'duis';
  /** `duis`: the user's Receive Response Service URL for asynchronous answers. */
  readonly receiver?: string;
  readonly fault?: DutFault;
  readonly bodyLimit: string;
  readonly bodyTimeout: string;
  readonly log: RequestLogMode;
  readonly token?: string;
  readonly sessionTtl: string;
  readonly maxConnections?: string;
  readonly pendingCap?: string;
  readonly auditFile?: string;
  /** `duis`: a fixed ISO time at which signer certificates are judged (default: the real time). */
  readonly clock?: string;
  /** `duis`: judge signer certificates at the client's X-Request-Time (off by default). */
  readonly trustRequestTime?: boolean;
  /** `duis`: serve a stock world (`zaz1`: DCC Boxed's, from the ZAZ1 keystore). */
  readonly world?: string;
  /** With `--world zaz1`: the keystore.json (or its folder) instead of the installed one. */
  readonly keystore?: string;
  /** MB of old-generation heap for the server's thread (default SERVE_MAX_HEAP_MB; 0: main thread). */
  readonly maxHeap?: string;
}

/** `--max-heap` as a number of MB: 0, or within SERVE_MAX_HEAP_RANGE. */
export function maxHeapOption(value: string | undefined): number {
  if (value === undefined) return SERVE_MAX_HEAP_MB;
  const n = Number(value);
  const { min, max } = SERVE_MAX_HEAP_RANGE;
  if (!/^[0-9]+$/.test(value) || !(n === 0 || (n >= min && n <= max)))
    throw new CliError(
      'ERR_CLI_OPTION',
      `--max-heap must be 0 (no bound of its own) or an integer of MB from ${min} to ${max}, got ${JSON.stringify(value)}`,
    );
  return n;
}

/** The serve command's thread entry (serve-thread.ts starts it with threadBootstrap). */
export function runServeThread(): void {
  serveFromThread(startServe);
}

/** The stock worlds `serve --world` knows. */
export const STOCK_WORLDS = ['zaz1'] as const;

/**
 * A clock that starts at `start` and runs with the real time (a stock world whose certificates have
 * since expired keeps a world time inside their validity, advancing as requests come).
 */
export function runningClock(start: Date, now: () => number = Date.now): () => Date {
  const origin = now();
  return () => new Date(start.getTime() + (now() - origin));
}

/** Environment variable that may carry the bearer token instead of --token. */
export const TOKEN_ENV = 'SMETS1_TOKEN';

/** True for an address only this host can reach (127.0.0.0/8, ::1, localhost). */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === '::ffff:127.0.0.1'
  );
}

/** JSON for an audit line: bigints as decimal strings, bytes as hex. */
function auditJson(entry: unknown): string {
  return JSON.stringify(entry, (_k, v: unknown) =>
    typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v,
  );
}

/** Opens the append-only audit file (JSON lines); a file that cannot be opened is a coded error. */
function openAuditFile(io: CliIo, file: string): { sink: (entry: unknown) => void; close: () => void } {
  const path = resolve(io.cwd, file);
  let fd: number;
  try {
    assertRealFolder(dirname(path));
    fd = openSync(path, 'a', 0o600);
  } catch (cause) {
    if (isCodedError(cause)) throw cause;
    throw new CliError(
      'ERR_CLI_FILE',
      `cannot open audit file ${file}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`,
      2,
      {
        cause,
      },
    );
  }
  return {
    sink: (entry) => void writeSync(fd, `${auditJson(entry)}\n`),
    close: () => closeSync(fd),
  };
}

function positiveInt(value: string, what: string, max: number, allowZero = false): number {
  const n = Number(value);
  if (!/^[0-9]+$/.test(value) || !Number.isSafeInteger(n) || n > max || (!allowZero && n === 0)) {
    throw new CliError(
      'ERR_CLI_OPTION',
      `${what} must be an integer${allowZero ? '' : ' above 0'} up to ${max}, got ${JSON.stringify(value)}`,
    );
  }
  return n;
}

/** Starts the reference server for `smets1 serve` and prints its URL; resolves with a stop function. */
export async function startServe(
  io: CliIo,
  opts: ServeOptions,
): Promise<{ url: string; token: string; stop: () => Promise<void> }> {
  const policy = opts.policy === undefined ? DEFAULT_POLICY : onePolicyOption(io, opts.policy);
  const duis = opts.interface === 'duis';
  const port = positiveInt(opts.port ?? (duis ? '8079' : '8080'), '--port', 65535, true);
  if (opts.receiver !== undefined && !/^https?:\/\/[^\s]+$/.test(opts.receiver))
    throw new CliError(
      'ERR_CLI_OPTION',
      `--receiver must be an http(s) URL, got ${JSON.stringify(opts.receiver)}`,
    );
  const fixed = opts.clock === undefined ? undefined : new Date(opts.clock);
  if (fixed !== undefined && (Number.isNaN(fixed.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(opts.clock!)))
    throw new CliError(
      'ERR_CLI_OPTION',
      `--clock must be an ISO 8601 time, got ${JSON.stringify(opts.clock)}`,
    );
  if (!duis && (fixed !== undefined || opts.trustRequestTime || opts.world !== undefined))
    throw new CliError(
      'ERR_CLI_OPTION',
      '--clock, --trust-request-time and --world belong to --interface duis',
    );
  if (opts.world !== undefined && !(STOCK_WORLDS as readonly string[]).includes(opts.world))
    throw new CliError(
      'ERR_CLI_OPTION',
      `--world must be one of ${STOCK_WORLDS.join(', ')}, got ${JSON.stringify(opts.world)}`,
    );
  if (opts.keystore !== undefined && opts.world === undefined)
    throw new CliError('ERR_CLI_OPTION', '--keystore belongs to --world zaz1');
  const boxed =
    opts.world === 'zaz1'
      ? dccBoxedWorld(opts.keystore === undefined ? {} : { keystore: resolve(io.cwd, opts.keystore) })
      : undefined;
  const clock = fixed ? () => fixed : boxed ? runningClock(boxed.clock) : undefined;
  const create = duis
    ? (o: Parameters<typeof createReferenceHttpServer>[0]) =>
        createDuisReferenceServer({
          ...o,
          ...(opts.receiver ? { receiver: opts.receiver } : {}),
          ...(clock ? { clock } : {}),
          ...(opts.trustRequestTime ? { trustRequestTime: true } : {}),
          ...(boxed
            ? {
                keys: boxed.keys,
                acbSigner: boxed.acbSigner,
                stockWorld: { world: boxed.spec, userXmlSigning: boxed.userXmlSigning },
              }
            : {}),
        })
    : createReferenceHttpServer;
  const given = opts.token ?? process.env[TOKEN_ENV];
  if (given !== undefined && !/^[\x21-\x7e]{16,256}$/.test(given))
    throw new CliError('ERR_CLI_OPTION', '--token must be 16 to 256 printable characters without spaces');
  if (given === undefined && !isLoopback(opts.host))
    throw new CliError(
      'ERR_CLI_INSECURE_BIND',
      `refusing to listen on ${opts.host} (reachable from other hosts) without --token or ${TOKEN_ENV}`,
    );
  const token = given ?? randomBytes(24).toString('base64url');
  const requestLog = createRequestLog(opts.log, (line) => io.stderr(`${line}\n`));
  const audit = opts.auditFile === undefined ? undefined : openAuditFile(io, opts.auditFile);
  const server = create({
    token,
    requestLog,
    sessionTtlMs: positiveInt(opts.sessionTtl, '--session-ttl', 7 * 24 * 3600) * 1000,
    ...(opts.maxConnections === undefined
      ? {}
      : { maxConnections: positiveInt(opts.maxConnections, '--max-connections', 100_000) }),
    limits: {
      pendingCap:
        opts.pendingCap === undefined
          ? SERVE_PENDING_CAP
          : positiveInt(opts.pendingCap, '--pending-cap', 10_000_000),
    },
    ...(audit ? { auditSink: audit.sink } : {}),
    policy,
    pinned: opts.policy !== undefined,
    ...(opts.fault ? { fault: opts.fault } : {}),
    bodyLimitBytes: positiveInt(opts.bodyLimit, '--body-limit', 256 * 1024 * 1024),
    bodyTimeoutMs: positiveInt(opts.bodyTimeout, '--body-timeout', 3_600_000),
  });
  let url: string;
  try {
    ({ url } = await server.listen(port, opts.host));
  } catch (cause) {
    throw new CliError(
      'ERR_CLI_LISTEN',
      `cannot listen on ${opts.host}:${port}: ${(cause as Error).message}`,
      2,
      { cause },
    );
  }
  io.stdout(`listening on ${url}\n`);
  if (boxed)
    io.stdout(
      `world zaz1 (DCC Boxed's stock world) on the default session; world clock ${clock!().toISOString()} (server side)\n`,
    );
  if (given === undefined) io.stdout(`token ${token}\n`);
  return {
    url,
    token,
    stop: async () => {
      await server.close();
      audit?.close();
    },
  };
}

/** `smets1 serve`: the reference simulator behind the HTTP DUT contract (harness/dut/openapi.yaml). */
export const serveCommand: CommandFactory = (io) =>
  new Command('serve')
    .description(
      'Serve the reference simulator over HTTP (contract: harness/dut/openapi.yaml) until SIGINT/SIGTERM',
    )
    .option(
      '--policy <policy>',
      `serve this fixed policy, ${ONE_POLICY_HELP}; without it the server follows the policy each provision request names (default legacy)`,
    )
    .option('--port <n>', 'TCP port (0 picks a free one; default 8080, 8079 with --interface duis)')
    .addOption(
      new Option(
        '--interface <kind>',
        'json: the JSON contract; duis: the DCC Boxed interface in front of it',
      )
        .choices(['json', 'duis'])
        .default('json'),
    )
    .option('--receiver <url>', 'with --interface duis: where asynchronous DUIS answers are POSTed')
    .option('--host <addr>', 'address to bind', '127.0.0.1')
    .addOption(
      new Option(
        '--fault <fault>',
        'serve a deliberately faulty implementation (examples/faulty-dut)',
      ).choices(DUT_FAULTS),
    )
    .option('--body-limit <bytes>', 'largest request body', String(2 * 1024 * 1024))
    .option('--body-timeout <ms>', 'time allowed for a request body before 408', '10000')
    .addOption(
      new Option(
        '--log <mode>',
        'request log on stderr: a summary line per 10,000 requests or minute, every request, or off',
      )
        .choices(REQUEST_LOG_MODES)
        .default('summary'),
    )
    .option(
      '--token <token>',
      `bearer token required on every /v1 route but /v1/health (or ${TOKEN_ENV}); default: generated and printed once`,
    )
    .option('--session-ttl <s>', 'seconds an idle session lives', String(DEFAULT_SESSION_TTL_MS / 1000))
    .option(
      '--max-connections <n>',
      'most open connections (default: from the open-file limit, at most 1024)',
    )
    .option(
      '--pending-cap <n>',
      `most pre-commands waiting for their Send, per session (default ${SERVE_PENDING_CAP})`,
    )
    .option('--audit-file <file>', 'append every audit entry to this file as JSON lines (0600)')
    .option(
      '--clock <time>',
      'with --interface duis: judge signer certificates at this fixed ISO 8601 time instead of the real time (a world whose certificates have since expired)',
    )
    .option(
      '--world <name>',
      "with --interface duis: serve a stock world on the default session (zaz1: DCC Boxed's users, devices and keys from the installed @smartdcc/dccboxed-keystore, its clock set inside their validity; docs/dcc-boxed.md)",
    )
    .option(
      '--keystore <file|dir>',
      'with --world zaz1: this keystore.json (or its folder) instead of the installed one',
    )
    .option(
      '--max-heap <MB>',
      `JavaScript heap for the server, which runs in a thread of its own so bounded: it keeps the process's memory near its live size under a steady load (docs/reliability.md); 0 runs it on the main thread with node's own limit (default ${SERVE_MAX_HEAP_MB})`,
    )
    .option(
      '--trust-request-time',
      "with --interface duis: judge signer certificates at the client's X-Request-Time (off by default: a client could then revive an expired certificate)",
    )
    .action(async (opts: ServeOptions) => {
      const maxHeap = maxHeapOption(opts.maxHeap);
      const served = maxHeap === 0 ? await startServe(io, opts) : await startServeThread(io, opts, maxHeap);
      await new Promise<void>((resolve, reject) => {
        const onSignal = (): void => {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
          void served.stop().then(resolve, resolve);
        };
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
        // a server thread that fails (out of its heap) ends the command with its coded error
        if ('ended' in served)
          served.ended.catch((err: Error) => {
            process.off('SIGINT', onSignal);
            process.off('SIGTERM', onSignal);
            reject(err);
          });
      });
    });
