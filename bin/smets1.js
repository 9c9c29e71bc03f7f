#!/usr/bin/env node
'use strict';
// Runs the compiled CLI (dist/, built by `npm run build`; `npm ci` builds it through `prepare` in a
// git checkout). SMETS1_FROM_SOURCE=1 runs the TypeScript sources through tsx instead (development).
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const compiled = join(__dirname, '..', 'dist', 'harness', 'cli', 'main.js');
let entry = compiled;
if (process.env.SMETS1_FROM_SOURCE === '1') {
  try {
    require('tsx/cjs'); // a devDependency: only a git checkout runs from source
  } catch {
    process.stderr.write(
      'smets1: ERR_NOT_BUILT: SMETS1_FROM_SOURCE=1 needs tsx (a devDependency of a git checkout)\n',
    );
    process.exit(2);
  }
  entry = join(__dirname, '..', 'harness', 'cli', 'main.ts');
} else if (!existsSync(compiled)) {
  process.stderr.write('smets1: ERR_NOT_BUILT: dist/ is missing: run `npm run build` (or `npm ci`) first\n');
  process.exit(2);
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
