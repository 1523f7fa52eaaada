// tsconfig uses `moduleResolution: node`, which ignores package.json "exports", so the
// `vscode-languageclient/node` subpath has no types for tsc. esbuild resolves it through
// "exports" at bundle time; this maps the same subpath to its declaration file for tsc.
declare module 'vscode-languageclient/node' {
  export * from 'vscode-languageclient/lib/node/main';
}
