import { Command, Option } from 'commander';
import { createReferenceHttpServer, DUT_FAULTS, type DutFault } from '../../dut';
import { createDuisReferenceServer } from '../../dut/duis-server';
import { PRESET_POLICIES } from '../../../simulator';
import { CliError, type CliIo } from '../io';
import type { CommandFactory } from '../registry';

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
  readonly log: boolean;
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
): Promise<{ url: string; stop: () => Promise<void> }> {
  const policy = opts.policy ?? 'legacy';
  if (!PRESET_POLICIES.some((p) => p.name === policy)) {
    throw new CliError(
      'ERR_POLICY_UNKNOWN',
      `unknown policy ${JSON.stringify(policy)}; presets are ${PRESET_POLICIES.map((p) => p.name).join(', ')}`,
    );
  }
  const duis = opts.interface === 'duis';
  const port = positiveInt(opts.port ?? (duis ? '8079' : '8080'), '--port', 65535, true);
  if (opts.receiver !== undefined && !/^https?:\/\/[^\s]+$/.test(opts.receiver))
    throw new CliError(
      'ERR_CLI_OPTION',
      `--receiver must be an http(s) URL, got ${JSON.stringify(opts.receiver)}`,
    );
  const create = duis
    ? (o: Parameters<typeof createReferenceHttpServer>[0]) =>
        createDuisReferenceServer({ ...o, ...(opts.receiver ? { receiver: opts.receiver } : {}) })
    : createReferenceHttpServer;
  const server = create({
    policy,
    pinned: opts.policy !== undefined,
    ...(opts.fault ? { fault: opts.fault } : {}),
    bodyLimitBytes: positiveInt(opts.bodyLimit, '--body-limit', 256 * 1024 * 1024),
    bodyTimeoutMs: positiveInt(opts.bodyTimeout, '--body-timeout', 3_600_000),
    ...(opts.log ? { log: (line: string) => io.stderr(`${line}\n`) } : {}),
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
  return { url, stop: () => server.close() };
}

/** `smets1 serve`: the reference simulator behind the HTTP DUT contract (harness/dut/openapi.yaml). */
export const serveCommand: CommandFactory = (io) =>
  new Command('serve')
    .description(
      'Serve the reference simulator over HTTP (contract: harness/dut/openapi.yaml) until SIGINT/SIGTERM',
    )
    .option(
      '--policy <name>',
      `serve this fixed policy (${PRESET_POLICIES.map((p) => p.name).join(', ')}); without it the server follows the policy each provision request names (default legacy)`,
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
    .option('--no-log', 'do not log one line per request to stderr')
    .action(async (opts: ServeOptions) => {
      const { stop } = await startServe(io, opts);
      await new Promise<void>((resolve) => {
        const onSignal = (): void => {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
          void stop().then(resolve, resolve);
        };
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
      });
    });
