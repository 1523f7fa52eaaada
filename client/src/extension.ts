// Activation: connects to the xlcfg language server (over its standard input and output; the client
// starts when this bundle loads, see startClient) and registers the boot preview. The extension
// only reads document text and never runs anything from the workspace, which is why package.json
// declares support for untrusted and virtual workspaces.
// First: starts the server's process while VS Code still prepares the activation (see serverProcess.ts).
import { dropUnusedServer, takeServer } from './serverProcess';
import * as vscode from 'vscode';
import {
  LanguageClient,
  type LanguageClientOptions,
  RevealOutputChannelOn,
  type ServerOptions,
} from 'vscode-languageclient/node';
import {
  activeXlcfgUri,
  LANGUAGE_ID,
  type PostedMessage,
  PreviewManager,
  type ReceivedMessage,
} from './preview/previewManager';
import type { HostToPageMessage } from './preview/protocol';
import { EFFECTIVE_SCHEME, EffectiveConfigProvider, showEffectiveConfig } from './effective/effectiveConfig';

/** What `activate` returns; the end-to-end tests use it to observe the client and the preview. */
export interface XlcfgApi {
  readonly client: LanguageClient;
  /** The boot-preview panel showing `uri`, if one is open. */
  previewPanelFor(uri: vscode.Uri | string): vscode.WebviewPanel | undefined;
  /** The last message posted to any preview page, with the document it was about. */
  readonly lastPreviewMessage: PostedMessage | undefined;
  /** The last message posted to the preview of `uri`. */
  lastPreviewMessageFor(uri: vscode.Uri | string): HostToPageMessage | undefined;
  readonly onDidPostPreviewMessage: vscode.Event<PostedMessage>;
  /** Fires for every message a page sends, with whether it passed the whitelist. */
  readonly onDidReceivePreviewMessage: vscode.Event<ReceivedMessage>;
  /** Feeds a message to the preview of `uri` as if its page had sent it; resolves to whether it was accepted. */
  sendPreviewMessage(uri: vscode.Uri | string, message: unknown): Promise<boolean>;
}

let client: LanguageClient | undefined;
let log: vscode.LogOutputChannel | undefined;

interface StartedClient {
  output: vscode.LogOutputChannel;
  languageClient: LanguageClient;
  starting: Promise<void>;
}

/**
 * The output channel and the language client, started. Called when this bundle is loaded: VS Code
 * loads it and builds the extension's context (storage, read from the workbench) side by side,
 * and in a fresh window the context takes the longer, so the handshake and the first document's
 * diagnostics happen in that wait instead of after activate() is called. Called again by an
 * activation after a deactivation in the same extension host.
 */
function startClient(): StartedClient {
  // Not in context.subscriptions: VS Code disposes those right after calling deactivate() without
  // waiting for it, and the client still writes to its channel while it stops the server (every
  // window reload then logged "Channel has been closed"). deactivate() disposes it last.
  const output = vscode.window.createOutputChannel('xlcfg', { log: true });
  // dist/server.js with SERVER_EXEC_ARGV: the process started when this bundle was loaded, then a
  // new one at each restart.
  const serverOptions: ServerOptions = async () => takeServer();
  const clientOptions: LanguageClientOptions = {
    // No scheme filter: untitled buffers and virtual file systems are served too.
    documentSelector: [{ language: LANGUAGE_ID }],
    // xlcfg.json at a workspace root is read by the server too; tell it when one changes. No
    // `configurationSection`: the server pulls settings and registers for changes to `xlcfg` itself,
    // and a second registration here doubled every change notification (each one makes the server
    // read the settings of every open document again), two of them at start-up.
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher('**/xlcfg.json'),
    },
    // Hovers quote config text; untrusted markdown cannot carry command: links.
    markdown: { isTrusted: false, supportHtml: false },
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    outputChannel: output,
  };
  const languageClient = new LanguageClient('xlcfg', 'xlcfg language server', serverOptions, clientOptions);
  const starting = languageClient.start();
  // Awaited (and a failure reported) by activate().
  starting.catch(() => {});
  return { output, languageClient, starting };
}

let early: StartedClient | undefined = startClient();

export async function activate(context: vscode.ExtensionContext): Promise<XlcfgApi> {
  const { output, languageClient, starting } = early ?? startClient();
  early = undefined;
  log = output;
  client = languageClient;
  // The server adds what it reads the configs for (Xen release, host CPU and where it came from).
  output.info(`xlcfg ${String(context.extension.packageJSON.version)} in ${vscode.env.appName} ${vscode.version}`);

  const previews = new PreviewManager(context.extensionUri, languageClient, output);
  const effective = new EffectiveConfigProvider(languageClient);
  context.subscriptions.push(
    previews,
    effective,
    vscode.workspace.registerTextDocumentContentProvider(EFFECTIVE_SCHEME, effective),
    vscode.commands.registerCommand('xlcfg.showEffectiveConfig', async (arg?: unknown) => {
      const uri = toUri(arg) ?? activeXlcfgUri();
      if (!uri) {
        void vscode.window.showInformationMessage('Open a Xen xl.cfg file to see the domain config xl would build.');
        return;
      }
      await showEffectiveConfig(uri);
    }),
    vscode.commands.registerCommand('xlcfg.previewBoot', (arg?: unknown) => {
      // Called with a Uri from menus, a URI string from the server's code lens, or nothing from the palette.
      const uri = toUri(arg) ?? activeXlcfgUri() ?? previews.current()?.uri;
      if (!uri) {
        void vscode.window.showInformationMessage('Open a Xen xl.cfg file to preview its simulated boot.');
        return;
      }
      previews.show(uri);
    }),
    vscode.commands.registerCommand('xlcfg.previewBootToggleForce', () => {
      const preview = previews.current();
      if (!preview) {
        void vscode.window.showInformationMessage('Open the boot preview first (Xen: Preview Simulated Boot).');
        return;
      }
      preview.setCompare(!preview.compareEnabled);
    }),
    vscode.commands.registerCommand('xlcfg.restartServer', async () => {
      try {
        await languageClient.restart();
        previews.refreshAll();
      } catch (e) {
        output.error(`restart failed: ${e instanceof Error ? e.message : String(e)}`);
        void vscode.window.showErrorMessage('xlcfg: the language server could not be restarted (see Output › xlcfg).');
      }
    }),
  );

  try {
    await starting;
  } catch (e) {
    dropUnusedServer();
    // Keep the grammar, snippets and commands working; say why the rest is missing.
    output.error(`language server failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }

  return {
    client: languageClient,
    previewPanelFor: (uri) => previews.panelFor(uri),
    get lastPreviewMessage() {
      return previews.lastPosted;
    },
    lastPreviewMessageFor: (uri) => previews.find(uri)?.lastPosted,
    onDidPostPreviewMessage: previews.onDidPostMessage,
    onDidReceivePreviewMessage: previews.onDidReceiveMessage,
    sendPreviewMessage: async (uri, message) => {
      const preview = previews.find(uri);
      return preview ? preview.onPageMessage(message) : false;
    },
  };
}

export async function deactivate(): Promise<void> {
  const stopping = client;
  const channel = log;
  client = undefined;
  log = undefined;
  try {
    // A client that never started (or already stopped) cannot be stopped: stop() would throw.
    if (stopping?.isRunning()) await stopping.stop();
  } catch (e) {
    channel?.error(`stopping the language server failed: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    channel?.dispose();
  }
}

function toUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && arg.length > 0) {
    try {
      return vscode.Uri.parse(arg, true);
    } catch {
      return undefined;
    }
  }
  // A code lens may pass `{ uri }` or an LSP TextDocumentIdentifier.
  if (typeof arg === 'object' && arg !== null && typeof (arg as { uri?: unknown }).uri === 'string')
    return toUri((arg as { uri: string }).uri);
  return undefined;
}
