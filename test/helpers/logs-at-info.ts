/**
 * Import first in a test file that reads handler logs: Powertools' logger goes back to its initial
 * level at the start of every invocation (its sample-rate refresh), so `setLogLevel` in a test does
 * not outlive the first invocation; the initial level must be INFO. Tests run with logs silenced
 * otherwise (./setup-env.ts).
 */
process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
