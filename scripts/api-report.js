#!/usr/bin/env node
'use strict';
/**
 * The checked API report: API Extractor reads the built declarations of each entry point of the
 * package (dist/, so run `npm run build` first) and writes its public surface, every exported name
 * with its type, to api-report/<entry>.api.md.
 *
 *   node scripts/api-report.js          write the reports (after a deliberate change of the surface)
 *   node scripts/api-report.js --check  fail (exit 1) when a report differs from the code (CI)
 */
const { Extractor, ExtractorConfig } = require('@microsoft/api-extractor');
const { join } = require('node:path');

const root = join(__dirname, '..');
const ENTRIES = [
  ['smets1-harness', 'dist/index.d.ts'],
  ['smets1-harness-certs', 'dist/certs/index.d.ts'],
  ['smets1-harness-simulator', 'dist/simulator/index.d.ts'],
  ['smets1-harness-harness', 'dist/harness/index.d.ts'],
];
const check = process.argv.includes('--check');

let failed = 0;
for (const [name, entry] of ENTRIES) {
  const config = ExtractorConfig.prepare({
    configObject: {
      projectFolder: root,
      mainEntryPointFilePath: join(root, entry),
      compiler: {
        overrideTsconfig: {
          compilerOptions: {
            target: 'ES2022',
            module: 'commonjs',
            moduleResolution: 'node10',
            types: ['node'],
            skipLibCheck: true,
            strict: true,
          },
          files: [join(root, entry)],
        },
      },
      apiReport: {
        enabled: true,
        reportFileName: `${name}.api.md`,
        reportFolder: join(root, 'api-report'),
        reportTempFolder: join(root, 'dist', 'api-report-temp'),
      },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      messages: {
        compilerMessageReporting: { default: { logLevel: 'warning' } },
        extractorMessageReporting: {
          default: { logLevel: 'none' },
          'ae-forgotten-export': { logLevel: 'none', addToApiReportFile: true },
        },
        tsdocMessageReporting: { default: { logLevel: 'none' } },
      },
    },
    configObjectFullPath: join(root, 'api-extractor.json'),
    packageJsonFullPath: join(root, 'package.json'),
  });
  const result = Extractor.invoke(config, {
    localBuild: !check,
    showVerboseMessages: false,
    messageCallback: (m) => {
      if (m.logLevel === 'none') m.handled = true;
    },
  });
  if (check && result.apiReportChanged) {
    failed++;
    console.error(
      `api-report: ${name}.api.md differs from the code's public surface; run \`npm run api:report\` and commit it (the diff is in dist/api-report-temp/${name}.api.md)`,
    );
  } else if (!result.succeeded) {
    failed++;
    console.error(`api-report: ${name}: ${result.errorCount} error(s)`);
  } else console.log(`api-report: ${name}.api.md ${result.apiReportChanged ? 'written' : 'unchanged'}`);
}
process.exit(failed ? 1 : 0);
