#!/usr/bin/env node
'use strict';
// Runs the compiled CLI (dist/, built by `npm run build`; `npm ci` builds it through `prepare` in a
// git checkout). SMETS1_FROM_SOURCE=1 runs the TypeScript sources instead, in a process started with
// a TypeScript loader (`npm run cli:source -- ARGS`: `node -r tsx/cjs`, a devDependency of a git
// checkout); this file itself loads nothing beyond node.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const compiled = join(__dirname, '..', 'dist', 'harness', 'cli', 'main.js');
const fromSource = process.env.SMETS1_FROM_SOURCE === '1';
if (!fromSource && !existsSync(compiled)) {
  process.stderr.write('smets1: ERR_NOT_BUILT: dist/ is missing: run `npm run build` (or `npm ci`) first\n');
  process.exit(2);
}
let entry = compiled;
if (fromSource) {
  entry = join(__dirname, '..', 'harness', 'cli', 'main.ts');
  // Without a loader registered for .ts, node cannot read the sources.
  if (!require.extensions['.ts']) {
    process.stderr.write(
      'smets1: ERR_NOT_BUILT: SMETS1_FROM_SOURCE=1 needs a TypeScript loader: run `npm run cli:source -- ARGS` in a git checkout\n',
    );
    process.exit(2);
  }
}
const { main } = require(entry);
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`smets1: internal error: ${err && err.stack ? err.stack : String(err)}\n`);
    process.exitCode = 3;
  },
);
