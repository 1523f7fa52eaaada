// The language server: wires the protocol to the language core. Every handler is guarded so a
// failure is logged and answered with "nothing", never a crash; requests for documents the client
// never opened get empty answers.
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  DidChangeConfigurationNotification,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { checkFile } from '../checks/check';
import { isDesign } from '../vlapic/design';
import { simulateDocument } from '../features/simulation';
import { AnalysisStore, type Analysis } from './analysis';
import { codeActions, FIX_ALL_KIND } from './codeActions';
import { DiagnosticsPublisher } from './diagnostics';
import { codeLenses } from './codeLens';
import { completion } from './completion';
import { formatting } from './formatting';
import { hover } from './hover';
import { folding, symbols } from './symbols';
import { SettingsCache } from './settings';
import { dryRun } from '../features/dryRun';
import { stringifyJson, type JsonValue } from '../libxl/jsonText';
import { targetSummary } from '../features/targetSummary';
import {
  EFFECTIVE_CONFIG_METHOD,
  SIMULATE_METHOD,
  wireSimulation,
  type EffectiveConfigParams,
  type EffectiveConfigResult,
  type SimulateParams,
  type SimulateResult,
} from '../protocol';
import { SERVER_VERSION } from './version';
import { warmUp } from './warmUp';

export function startServer(connection: Connection): void {
  const log = (msg: string): void => connection.console.log(`[xlcfg] ${msg}`);
  const settings = new SettingsCache(connection, log);
  // What the documents are read for (Xen release, host CPU and its origin), logged once per
  // distinct answer: at the first document, and again after a settings change.
  const targets = new Set<string>();
  const store = new AnalysisStore(settings, (options) => {
    const t = targetSummary(options);
    if (!targets.has(t)) {
      targets.add(t);
      log(t);
    }
  });
  let lensRefresh = false;
  const diagnostics = new DiagnosticsPublisher(connection, store, log);
  let dynamicConfig = false;
  let snippets = false;

  /** Run a handler on a document's analysis; unknown documents and failures give `empty`. */
  const withAnalysis =
    <P extends { textDocument: { uri: string } }, R>(name: string, empty: R, fn: (a: Analysis, params: P) => R) =>
    async (params: P): Promise<R> => {
      try {
        const a = await store.get(params.textDocument.uri);
        return a ? fn(a, params) : empty;
      } catch (e) {
        log(`${name} failed: ${(e as Error)?.stack ?? e}`);
        return empty;
      }
    };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    settings.canPull = !!params.capabilities.workspace?.configuration;
    dynamicConfig = !!params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration;
    snippets = !!params.capabilities.textDocument?.completion?.completionItem?.snippetSupport;
    diagnostics.relatedInformation = !!params.capabilities.textDocument?.publishDiagnostics?.relatedInformation;
    // Helix and others also hand the settings over at start.
    settings.push(params.initializationOptions);
    lensRefresh = !!params.capabilities.workspace?.codeLens?.refreshSupport;
    settings.workspaceFolders = (params.workspaceFolders ?? []).map((f) => f.uri.replace(/\/?$/, '/'));
    if (!settings.workspaceFolders.length && params.rootUri)
      settings.workspaceFolders = [params.rootUri.replace(/\/?$/, '/')];
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['=', '"', "'", ',', ' ', ':'] },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        documentFormattingProvider: true,
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        codeLensProvider: { resolveProvider: false },
      },
      serverInfo: { name: 'xlcfg', version: SERVER_VERSION },
    };
  });

  connection.onInitialized(() => {
    if (dynamicConfig) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'xlcfg' });
  });

  const settingsChanged = (): void => {
    settings.clear();
    store.invalidateAll();
    targets.clear();
    diagnostics.scheduleAll();
    // xlcfg.codeLens.enable may have changed.
    if (lensRefresh) void connection.sendRequest(CodeLensRefreshRequest.type);
  };
  connection.onDidChangeConfiguration((params) => {
    settings.push(params?.settings);
    settingsChanged();
  });
  // An xlcfg.json was created, changed or deleted (the client watches **/xlcfg.json).
  connection.onDidChangeWatchedFiles(settingsChanged);

  store.documents.onDidChangeContent((e) => diagnostics.schedule(e.document.uri));
  store.documents.onDidClose((e) => {
    store.drop(e.document.uri);
    settings.forget(e.document.uri);
    diagnostics.clear(e.document.uri);
  });

  connection.onHover(withAnalysis('hover', null, (a, p) => hover(a, p.position)));
  connection.onCompletion(withAnalysis('completion', [], (a, p) => completion(a, p.position, snippets)));
  connection.onCodeAction(withAnalysis('codeAction', [], codeActions));
  connection.onDocumentFormatting(withAnalysis('formatting', [], (a) => formatting(a)));
  connection.onDocumentSymbol(withAnalysis('documentSymbol', [], (a) => symbols(a)));
  connection.onFoldingRanges(withAnalysis('foldingRange', [], (a) => folding(a)));
  connection.onCodeLens(withAnalysis('codeLens', [], (a) => codeLenses(a)));

  // The boot preview's data: the simulation of the document as it stands, with its version so the
  // client can drop stale answers, and the force-x2apic fixes as workspace edits.
  connection.onRequest(SIMULATE_METHOD, async (params: SimulateParams): Promise<SimulateResult | null> => {
    try {
      if (!params || typeof params.uri !== 'string') return null;
      const a = await store.get(params.uri);
      if (!a) return { uri: params.uri, version: -1, simulation: null };
      // A picked design changes the rules too: check the same parse again with it, so the view's
      // diagnostics and its simulation agree.
      const result =
        isDesign(params.design) && params.design !== a.result.domain.design.value
          ? checkFile(a.result.file, {
              ...a.options,
              design: params.design,
              designOrigin: "the boot preview's design picker",
              designForced: true,
            })
          : a.result;
      const view = simulateDocument(result, {
        file: a.uri,
        compare: true,
        compareDesigns: params.compareDesigns === true,
        ...(typeof params.forceX2apic === 'boolean' ? { forceX2apic: params.forceX2apic } : {}),
      });
      return { uri: a.uri, version: a.version, simulation: wireSimulation(a.uri, view) };
    } catch (e) {
      log(`${SIMULATE_METHOD} failed: ${(e as Error)?.stack ?? e}`);
      return null;
    }
  });

  // The effective domain config view: what `xl -N create` would print for the document.
  connection.onRequest(
    EFFECTIVE_CONFIG_METHOD,
    async (params: EffectiveConfigParams): Promise<EffectiveConfigResult | null> => {
      try {
        if (!params || typeof params.uri !== 'string') return null;
        const a = await store.get(params.uri);
        if (!a) return { uri: params.uri, version: -1, json: null };
        return {
          uri: a.uri,
          version: a.version,
          json: stringifyJson(dryRun(a.result, a.uri) as unknown as JsonValue, 2),
        };
      } catch (e) {
        log(`${EFFECTIVE_CONFIG_METHOD} failed: ${(e as Error)?.stack ?? e}`);
        return null;
      }
    },
  );

  store.documents.listen(connection);
  connection.listen();
  // The server waits for the client's initialize now: compile the check meanwhile (see warmUp.ts).
  // Deferred twice: an initialize already read (the client started the server just before) is
  // answered first, and the warm-up then runs while the client reads the answer. A failure here
  // would fail the first document's check too, which logs it.
  setImmediate(() =>
    setImmediate(() => {
      try {
        warmUp();
      } catch {}
    }),
  );
}
