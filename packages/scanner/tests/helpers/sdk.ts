// The @mark1/sdk functions the tests use, in one place: the module-boundary lint reports a cycle
// through tools/package.json (which lists @mark1/scanner) on every file importing the sdk.
export { type CliEntryPoint, Mark1Error, readManifest, renderCliArgv } from '@mark1/sdk';
