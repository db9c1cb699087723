/**
 * Four projects: unit (pure rules), integration (HTTP through the local gateway on DynamoDB
 * Local and the Cognito emulator, started once by globalSetup), infra (CDK assertions, cdk-nag),
 * e2e (the testers' black-box suite, on a local stack of its own).
 * TypeScript is compiled by @swc/jest to CommonJS; middy and other ESM-only packages are
 * transformed too.
 */
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }];
const common = {
  transform: { '^.+\\.(t|j)sx?$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(@middy|aws-jwt-verify)/)'],
  moduleNameMapper: {
    '^#shared/(.*)\\.js$': '<rootDir>/lambdas/shared/$1',
    '^#http/(.*)\\.js$': '<rootDir>/lambdas/http/$1',
    '^#domain/(.*)\\.js$': '<rootDir>/lambdas/domain/$1',
    '^#adapters/(.*)\\.js$': '<rootDir>/lambdas/adapters/$1',
    '^#compose/(.*)\\.js$': '<rootDir>/lambdas/compose/$1',
    '^#triggers/(.*)\\.js$': '<rootDir>/lambdas/triggers/$1',
    '^#handlers/(.*)\\.js$': '<rootDir>/lambdas/handlers/$1',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testEnvironment: 'node',
  setupFiles: ['<rootDir>/test/helpers/setup-env.ts'],
};

export default {
  // testTimeout is a global option (projects ignore it): generous for integration and infra suites.
  testTimeout: 120_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/test/helpers/global-setup.ts',
      globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
    },
    { ...common, displayName: 'infra', testMatch: ['<rootDir>/test/infra/**/*.test.ts'] },
    {
      // The testers' black-box suite (test/e2e/jest.config.js runs it against any API_URL) on a local stack of its own.
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
      globalSetup: '<rootDir>/test/e2e/global-setup.ts',
      globalTeardown: '<rootDir>/test/e2e/global-teardown.ts',
    },
  ],
};
