// @ts-check
'use strict';
const assert = require('node:assert/strict');
const { join } = require('node:path');
const { test } = require('node:test');
const { renderConsoleSummary, runFailed, runScenarios, writeReports } = require('smets1-harness');
const { createMyDcc } = require('../my-dcc');

const ROOT = join(__dirname, '..');

test('the catalogue passes under legacy, apart from the listed deviations', async () => {
  const dut = createMyDcc();
  try {
    const report = await runScenarios({
      dut,
      policies: ['legacy'],
      manifest: join(ROOT, 'deviations.json'),
    });
    // report/junit.xml is what the CI server publishes (one testcase per scenario and policy)
    const written = await writeReports(report, join(ROOT, 'report'));
    process.stdout.write(`${renderConsoleSummary(report)}wrote ${written.junit}\n`);

    const unexpected = report.cases.filter(
      (c) => c.verdict !== 'PASS' && c.verdict !== 'SKIPPED' && !c.deviation,
    );
    assert.deepEqual(
      unexpected.map((c) => `${c.id} ${c.verdict}`),
      [],
    );
    assert.equal(runFailed(report), false);
    // every listed deviation is a real failure of this implementation (an unexpected pass fails the run)
    assert.deepEqual(
      report.cases
        .filter((c) => c.deviation)
        .map((c) => `${c.id} ${c.verdict}`)
        .sort(),
      ['KRP-FLOOR-004 FAIL', 'KRP-FLOOR-005 FAIL', 'KRP-REPLAY-001 FAIL', 'KRP-REPLAY-002 FAIL'],
    );
  } finally {
    await dut.close();
  }
});

test('without the manifest the defect fails the run', async () => {
  const report = await runScenarios({ dut: createMyDcc(), policies: ['legacy'], filter: 'KRP-REPLAY-*' });
  assert.equal(runFailed(report), true);
});
