/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 60000,
  // Builds dist/ when a source is newer: the stack, reliability, e2e and CLI tests run the compiled code.
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  // Integration tests start real servers; two workers suit the 2-core machines this runs on.
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/test/support/totals-reporter.js'],
};
