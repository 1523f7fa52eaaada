// Entry point of the bundled language server (dist/server.js, the `xlcfg-language-server` bin).
// The transport comes from the command line: --stdio (VS Code, other editors), --node-ipc or
// --socket=N; with none of them it speaks over standard input and output.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/server';
import { SERVER_VERSION } from './lsp/version';

const args = process.argv.slice(2);
if (args.includes('--version') || args.includes('-V')) {
  process.stdout.write(`${SERVER_VERSION}\n`);
  process.exit(0);
}
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(
    'Usage: xlcfg-language-server [--stdio | --node-ipc | --socket=PORT]\nThe xlcfg language server for Xen xl.cfg files; --stdio is the default.\n',
  );
  process.exit(0);
}
if (!args.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe')))
  process.argv.push('--stdio');

const connection = createConnection(ProposedFeatures.all);
process.on('unhandledRejection', (e) =>
  connection.console.error(`[xlcfg] unhandled rejection: ${(e as Error)?.stack ?? e}`),
);
process.on('uncaughtException', (e) => connection.console.error(`[xlcfg] uncaught exception: ${e?.stack ?? e}`));
startServer(connection);
