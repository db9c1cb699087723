/**
 * The e2e suite against a stack you name (docs/testing.md):
 *   API_URL=https://... ADMIN_EMAIL=... ADMIN_PASSWORD=... TEST_HOOKS_SECRET=... npm run test:e2e
 * `npm test` runs the same suite against a local stack of its own (the `e2e` project of ../../jest.config.js).
 */
export default {
  rootDir: '../..',
  displayName: 'e2e',
  testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }] },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironment: 'node',
  // A deployed stage answers over the internet, and the search snapshot may take its 2 s batch window and more.
  testTimeout: 60_000,
};
