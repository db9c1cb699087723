/**
 * Imported first by the local entry points: drops the AWS SDKs' end-of-support notices (the
 * emulator bundles SDK v2; SDK v3 warns about Node 20) so the start-up banner stays readable.
 * Every other warning is printed as usual.
 */
const NOISE = /AWS SDK for JavaScript|NodeVersionSupportWarning/;
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (NOISE.test(`${warning.name} ${warning.message}`)) return;
  console.warn(`${warning.name}: ${warning.message}`);
});
