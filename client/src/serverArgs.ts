// How the extension starts the language server's Node process (flags and environment); shared with
// `npm run bench` and the protocol tests, so they run the server as VS Code does.
//
// A small young generation: the server keeps little per document (about 13 kB), while V8's default
// semi-spaces alone would hold tens of MB with many documents open (measured by `npm run bench`:
// 104 MB RSS at 1,000 documents by default, 78 MB with this flag, no measurable change in parse
// speed).
export const SERVER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=1'];

/**
 * Environment added to the server's. glibc's malloc raises its trim threshold each time a large
 * block is freed, after which freed memory stays in the process: compiling the 750 kB bundle at
 * start-up left about 6 MB so. Setting the threshold (here to glibc's default) turns that
 * adjustment off and the memory goes back to the system (`npm run bench`: idle 60.6 -> 54.9 MB,
 * 1,000 documents 71-73 -> 65 MB). Other C libraries ignore the variable; one already set is kept.
 */
export function serverEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { MALLOC_TRIM_THRESHOLD_: '131072', ...env };
}
