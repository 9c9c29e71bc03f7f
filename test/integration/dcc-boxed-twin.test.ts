import { tmpdir } from 'node:os';
import { runConform } from '../../harness/cli/commands/conform';
import { startServe } from '../../harness/cli/commands/serve';
import type { CliIo } from '../../harness/cli/io';

jest.setTimeout(300_000);

// `smets1 serve --interface duis --world zaz1` + `smets1 conform --target duis+http://... --profile
// dcc-boxed`: DCC Boxed's stock world served by the twin, judged through DUIS alone.

const TOKEN = 'dcc-boxed-token-0123456789';

function io(out: string[] = [], err: string[] = []): CliIo {
  return { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), cwd: tmpdir(), quiet: true };
}

describe('the DCC Boxed twin', () => {
  it('passes every BOXED-* case with every answer signature, device signature and MAC checked', async () => {
    const receiverPort = 0;
    const out: string[] = [];
    // the receiver URL is only known once the harness listens: serve POSTs to a fixed port
    const { freePort, twinServeOptions } = await import('../support/net');
    const port = await freePort();
    const served = await startServe(io(out), twinServeOptions(port, TOKEN));
    try {
      expect(out.join('')).toMatch(/world zaz1 .* world clock 2025-06-01T12:00/);
      const lines: string[] = [];
      const { report } = await runConform(io(lines, lines), {
        target: `duis+${served.url}`,
        profile: 'dcc-boxed',
        scenarios: 'BOXED-*',
        policyExpectation: 'legacy',
        receiverPort: String(port || receiverPort),
        timeout: '5000',
        watchdog: '10000',
        token: TOKEN,
        json: true,
      });
      const bad = report.cases.filter((c) => c.verdict !== 'PASS');
      expect(bad.map((c) => `${c.id} ${c.verdict} ${JSON.stringify(c.steps.filter((s) => !s.ok))}`)).toEqual(
        [],
      );
      expect(report.cases.length).toBeGreaterThanOrEqual(12);
      const summary = lines.join('');
      expect(summary).toMatch(/\(0 refused\)/);
      const macs = /GBCS answers: (\d+) device signatures and (\d+) MACs checked \(0 refused\)/.exec(summary);
      expect(macs).not.toBeNull();
      expect(Number(macs![1])).toBeGreaterThan(0);
      expect(Number(macs![2])).toBeGreaterThan(0);
    } finally {
      await served.stop();
    }
  });
});
