'use strict';
// Adds up Jest --json result files and package-check files ({ checks: [{ name, ok }] }, one test
// each) and prints the one closing line CI reads.
const fs = require('node:fs');
let passed = 0;
let failed = 0;
for (const file of process.argv.slice(2)) {
  try {
    const r = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (Array.isArray(r.checks)) {
      for (const c of r.checks)
        if (c.ok === true) passed += 1;
        else failed += 1;
      if (r.checks.length === 0) failed += 1;
    } else {
      passed += r.numPassedTests;
      failed += r.numFailedTests + (r.numRuntimeErrorTestSuites || 0);
    }
  } catch (err) {
    process.stderr.write(`summary: cannot read ${file}: ${err.message}\n`);
    failed += 1;
  }
}
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exitCode = failed > 0 ? 1 : 0;
