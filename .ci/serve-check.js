'use strict';
// Package check: the installed `smets1 serve` starts its server thread from the compiled entry (no
// TypeScript loader in an installed package), answers /v1/health, and ends with exit 0 on SIGTERM.
// Usage: node .ci/serve-check.js PATH-TO-SMETS1-BIN
const { spawn } = require('node:child_process');

const bin = process.argv[2];
const child = spawn(bin, ['serve', '--port', '0', '--max-heap', '64'], { stdio: ['ignore', 'pipe', 'pipe'] });
let out = '';
let err = '';
let stopping = false;
const fail = (why) => {
  console.error(`serve check: ${why}\nstdout: ${out}\nstderr: ${err}`);
  child.kill('SIGKILL');
  process.exit(1);
};
const timer = setTimeout(() => fail('no answer within 30 s'), 30_000);
child.stderr.on('data', (d) => (err += d));
child.on('exit', (code) => {
  if (!stopping) fail(`serve exited ${code} before it was stopped`);
  clearTimeout(timer);
  if (code !== 0) fail(`serve exited ${code} on SIGTERM`);
  console.log('serve check: listened, answered /v1/health, stopped with exit 0');
});
child.stdout.on('data', async (d) => {
  out += d;
  const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
  if (!url || stopping) return;
  stopping = true;
  const health = await fetch(`${url}/v1/health`).then(
    (r) => r.json(),
    (e) => fail(`health: ${e.message}`),
  );
  if (health.status !== 'ok') fail(`health answered ${JSON.stringify(health)}`);
  child.kill('SIGTERM');
});
