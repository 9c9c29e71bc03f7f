'use strict';
/** Jest runs TypeScript through @swc/jest in CommonJS mode (see README, Development). */
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
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform,
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  setupFiles: ['<rootDir>/test/setup/fast-check-seed.ts'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  cacheDirectory: '<rootDir>/.jest-cache',
  testTimeout: 60000,
  reporters: process.env.CI
    ? ['default', ['jest-junit', { outputDirectory: 'report/ci', outputName: 'jest-junit.xml' }]]
    : ['default'],
};
