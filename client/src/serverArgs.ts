// How the extension starts the language server's Node process; shared with `npm run bench` so the
// benchmark measures the server as VS Code runs it.
//
// A small young generation: the server keeps little per document (about 13 kB), while V8's default
// semi-spaces alone would hold tens of MB with many documents open (measured by `npm run bench`:
// 104 MB RSS at 1,000 documents by default, 78 MB with this flag, no measurable change in parse
// speed).
export const SERVER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=1'];
