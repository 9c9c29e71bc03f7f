'use strict';
/** Jest runs TypeScript through @swc/jest in CommonJS mode (see README, Development). */
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    { jsc: { parser: { syntax: 'typescript', decorators: true }, target: 'es2022' }, module: { type: 'commonjs' } },
  ],
};
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform,
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  setupFiles: ['<rootDir>/test/setup/fast-check-seed.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  cacheDirectory: '<rootDir>/.jest-cache',
  testTimeout: 60000,
  reporters: process.env.CI
    ? ['default', ['jest-junit', { outputDirectory: 'report/ci', outputName: 'jest-junit.xml' }]]
    : ['default'],
};
