import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpDut } from '../../../../../harness/conformance';
import { DutTransportError } from '../../../../../harness/dut';
import { dutRequest } from '../../../../support/http-fixtures';

// A real loopback server (no fetch interception): the adapter must stop reading a too large answer.
const REQUEST = dutRequest('<sr:Request/>');

async function transportCode(p: Promise<unknown>): Promise<string> {
  const err: unknown = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DutTransportError);
  return (err as DutTransportError).code;
}

describe('HTTP adapter: answer size cap', () => {
  test('an answer larger than the cap is ERR_DUT_TOO_LARGE, declared or streamed', async () => {
    const real = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (req.url === '/declared/v1/requests') {
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': '5000' });
          res.end(' '.repeat(5000));
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        let i = 0;
        const t = setInterval(() => {
          res.write(' '.repeat(500));
          if (++i === 10) {
            clearInterval(t);
            res.end();
          }
        }, 1);
      });
    });
    await new Promise<void>((r) => real.listen(0, '127.0.0.1', () => r()));
    const base = `http://127.0.0.1:${(real.address() as AddressInfo).port}`;
    try {
      for (const path of ['/declared', '/streamed']) {
        const d = createHttpDut({ baseUrl: `${base}${path}`, maxAnswerBytes: 1000, timeoutMs: 5000 });
        expect(await transportCode(d.submit(REQUEST))).toBe('ERR_DUT_TOO_LARGE');
      }
    } finally {
      real.closeAllConnections();
      real.close();
    }
  });
});
