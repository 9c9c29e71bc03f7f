/**
 * A child process for the kill tests: writes ever newer versions of an output (one file, or a set
 * of three files, one 0600) until it is killed; prints one line once the first version is complete. Each version is a complete JSON document
 * naming its version, so a reader can tell a whole file from a torn one.
 */
import { OUTPUT_KINDS, lockOutput, writeOutput, writeOutputSet } from '../../../harness/io';

const [mode, target, sizeText] = process.argv.slice(2);
const size = Number(sizeText ?? 200_000);

function doc(version: number, extra: Record<string, unknown>): string {
  return `${JSON.stringify({ ...extra, version, pid: process.pid, padding: 'x'.repeat(size) })}\n`;
}

let version = 0;
if (mode === 'file') {
  for (;;) {
    version++;
    writeOutput(
      target!,
      { kind: OUTPUT_KINDS.estate, content: doc(version, { seed: 's', misplacedRate: 0, results: [] }) },
      'kill-test',
    );
    if (version === 1) process.stdout.write('wrote\n');
  }
} else {
  lockOutput(target!, 'kill-test');
  for (;;) {
    version++;
    writeOutputSet(
      target!,
      [
        {
          name: 'report.json',
          kind: OUTPUT_KINDS.reportJson,
          content: doc(version, { schemaVersion: 1, tool: {}, cases: [] }),
        },
        {
          name: 'estate.json',
          kind: OUTPUT_KINDS.estate,
          content: doc(version, { seed: 's', misplacedRate: 0, results: [] }),
        },
        {
          name: 'key.json',
          kind: OUTPUT_KINDS.estate,
          content: doc(version, { seed: 'k', misplacedRate: 0, results: [] }),
          mode: 0o600,
        },
      ],
      {},
    );
    if (version === 1) process.stdout.write('wrote\n');
  }
}
