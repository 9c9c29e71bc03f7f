/**
 * A deliberately faulty DCC implementation for trying `smets1 conform`: the reference simulator with
 * one defect (default `skip-counter`: replays and counter rollbacks are accepted). Run with
 * `npx tsx examples/faulty-dut/server.ts [skip-counter|waive-all-gates] [port]`; listens on
 * 127.0.0.1 and, when SMETS1_TOKEN is set, requires it as the bearer token (as `smets1 serve` does).
 */
import { createReferenceHttpServer, DUT_FAULTS, type DutFault } from '../../harness/serve';
import { DEFAULT_POLICY } from '../../harness/policies';

async function start(): Promise<void> {
  const fault = (process.argv[2] ?? 'skip-counter') as DutFault;
  if (!DUT_FAULTS.includes(fault)) throw new Error(`fault must be one of ${DUT_FAULTS.join(', ')}`);
  const port = Number(process.argv[3] ?? '8081');
  const token = process.env.SMETS1_TOKEN;
  const server = createReferenceHttpServer({
    policy: DEFAULT_POLICY,
    pinned: true,
    fault,
    ...(token === undefined ? {} : { token }),
  });
  const { url } = await server.listen(port);
  process.stdout.write(`faulty implementation (${fault}, legacy) listening on ${url}\n`);
  const stop = (): void => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

start().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exitCode = 2;
});
