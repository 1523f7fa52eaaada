// The language-core entry points the benchmark times. bench.ts bundles this file with esbuild (as
// scripts/build.mjs bundles the server and the CLI) and times the bundle, so the figures are those
// of the code that ships rather than of tsx's module wrappers.
export { simulate } from '../server/src/boot/simulate';
export { checkBytes, checkFile, checkText } from '../server/src/checks/check';
export { simulateDocument } from '../server/src/features/simulation';
export { defaultOptions } from '../server/src/options';
export { parse } from '../server/src/syntax/parser';
export { decodeUtf8 } from '../server/src/syntax/utf8';
export { completeAt } from '../server/src/features/completion';
export { SPEC_LANGUAGES } from '../server/src/specs/index';
