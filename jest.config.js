'use strict';
/**
 * Jest runs TypeScript through @swc/jest in CommonJS mode (see README, Development), in three tiers
 * (CONTRIBUTING.md, "Tests"):
 *  - unit: test/unit and test/property, no processes or sockets beyond loopback helpers (`npm run test:unit`);
 *  - integration: test/integration but the extended files (`npm run test:integration`);
 *  - extended: the whole-catalogue runs over HTTP and DUIS and the floods, soaks and kills
 *    (`npm run test:extended`, one file at a time so the floods and memory bounds measure one server;
 *    `.ci/run` runs it after `npm test`).
 * `npm test` (plain `jest`) is unit + integration; SMETS1_TEST_TIERS (comma-separated tier names, or
 * `all`) picks others, so paths and flags after `npm test --` work as usual. Workers fit the
 * machine's cores (all of them: most tests wait on crypto or loopback I/O).
 */
const { availableParallelism } = require('node:os');

const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: { parser: { syntax: 'typescript', decorators: true }, target: 'es2022' },
      module: { type: 'commonjs' },
    },
  ],
  // msw 2's CommonJS build requires these ESM-only packages; swc turns them into CommonJS for Jest.
  '^.+\\.m?js$': [
    '@swc/jest',
    { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } },
  ],
};
const ESM_ONLY = ['rettime', 'until-async', '@open-draft/deferred-promise'];

/**
 * The extended tier: each file runs a whole catalogue through a transport (or once per mutant of
 * the reference), the whole demo into a browser, every DUIS template through the DCC's tool and
 * xmlsec1, or floods, soaks or kills servers.
 */
const EXTENDED = [
  'catalogue',
  'analyst-report.browser',
  'duis-xmldsig-interop',
  'duis-interface',
  'duis-auth-bounds',
  'http-conform',
  'memory-flood',
  'kill-during-write',
  'descriptors',
  'mutation-score',
].map((name) => `<rootDir>/test/integration/${name}.test.ts`);

const common = {
  testEnvironment: 'node',
  cacheDirectory: '<rootDir>/.jest-cache',
  transform,
  setupFiles: ['<rootDir>/test/setup/fast-check-seed.ts'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
};

/** The projects of the tiers SMETS1_TEST_TIERS names (default: unit and integration). */
function selectedTiers(projects) {
  const raw = process.env.SMETS1_TEST_TIERS ?? 'unit,integration';
  if (raw === 'all') return projects;
  const wanted = raw.split(',').map((t) => t.trim());
  const unknown = wanted.filter((t) => !projects.some((p) => p.displayName === t));
  if (unknown.length > 0)
    throw new Error(
      `SMETS1_TEST_TIERS: unknown tier ${unknown.join(', ')}; tiers are unit, integration, extended, all`,
    );
  return projects.filter((p) => wanted.includes(p.displayName));
}

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 60000,
  maxWorkers: Math.max(1, availableParallelism()),
  projects: selectedTiers([
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/test/unit/**/*.test.ts', '<rootDir>/test/property/**/*.test.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', ...EXTENDED.map((p) => p.replace('<rootDir>', ''))],
    },
    { ...common, displayName: 'extended', testMatch: EXTENDED },
  ]),
  reporters: process.env.CI
    ? [
        'default',
        [
          'jest-junit',
          {
            outputDirectory: 'report/ci',
            outputName: process.env.JEST_JUNIT_OUTPUT_NAME ?? 'jest-junit.xml',
          },
        ],
      ]
    : ['default'],
};
