#!/usr/bin/env node
'use strict';
// Runs the TypeScript CLI through tsx so the package works without a build step.
require('tsx/cjs');
const { main } = require('../harness/cli/main.ts');
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`smets1: internal error: ${err && err.stack ? err.stack : String(err)}\n`);
    process.exitCode = 3;
  },
);
