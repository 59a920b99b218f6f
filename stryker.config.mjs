// @ts-check
/**
 * Mutation testing of the meeting core: `npm run mutation` (not part of `npm test`; about 25 minutes
 * on two cores). docs/mutation-testing.md gives the score and says why each mutant that lives in a
 * rule file does.
 *
 * The mocha runner runs the core's tests in-process and, with per-test coverage, only those that
 * reach a mutant; it needs mocha 11 (the runner accepts mocha < 12), which is why the project keeps
 * mocha 11. tsx compiles the TypeScript in the runner's process.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  mutate: ['src/core/**/*.ts'],
  testRunner: 'mocha',
  testRunnerNodeArgs: ['--import', 'tsx'],
  mochaOptions: { config: 'test/mutation.mocharc.json' },
  coverageAnalysis: 'perTest',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  ignorePatterns: ['dist', 'data', 'docs', 'coverage', 'reports', '*.sqlite*', '*.db'],
  thresholds: { high: 90, low: 75, break: null },
  // A mutant whose tests time out counts as caught. With the default 5 s a busy machine timed out
  // mutants that no test catches (17 in the rule files on one run); the five that truly loop
  // forever (in local-time.ts and reminders.ts) cost 30 s each instead.
  timeoutMS: 30000,
};
