// Entry point of the bundled language server (dist/server.js). The transport comes from the
// command line: --node-ipc (VS Code), --stdio (other editors) or --socket=N.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/server';

const connection = createConnection(ProposedFeatures.all);
process.on('unhandledRejection', (e) => connection.console.error(`[xlcfg] unhandled rejection: ${(e as Error)?.stack ?? e}`));
process.on('uncaughtException', (e) => connection.console.error(`[xlcfg] uncaught exception: ${e?.stack ?? e}`));
startServer(connection);
