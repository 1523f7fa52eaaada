// One analysis per document version: the check result, and the simulation computed lazily the
// first time a hover or the preview asks for it. Every feature reads from here, so a document is
// parsed and checked once per edit whatever the number of requests.
import { TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { problemBudget } from '../checks/cap';
import { checkFile, type CheckResult } from '../checks/check';
import { reparse, parse } from '../syntax/parser';
import { simulateDocument, type SimulationView } from '../features/simulation';
import type { XlcfgOptions } from '../options';
import type { SettingsCache } from './settings';

/**
 * Analyses kept, most recently used: enough for every editor a user can have visible. Those of
 * other open documents are made again if asked for (well under a millisecond for a typical file),
 * so a thousand open documents do not each hold their syntax tree and diagnostics.
 */
const KEPT_ANALYSES = 64;

/** Documents from this size on are re-parsed incrementally. */
const INCREMENTAL_FROM = 64 * 1024;

export interface Analysis {
  uri: string;
  version: number;
  document: TextDocument;
  result: CheckResult;
  options: XlcfgOptions;
  validate: boolean;
  simulation(): SimulationView;
}

export class AnalysisStore {
  readonly documents = new TextDocuments(TextDocument);
  private readonly cache = new Map<string, Analysis>();
  /** Bumped on every settings change, so an analysis begun with the old settings is not cached. */
  private generation = 0;

  constructor(
    private readonly settings: SettingsCache,
    /** Told the options of every analysis made (the server logs what they target). */
    private readonly onOptions: (options: XlcfgOptions) => void = () => {},
  ) {}

  invalidateAll(): void {
    this.generation++;
    this.cache.clear();
  }

  drop(uri: string): void {
    this.cache.delete(uri);
  }

  /** The analysis of the document as it is now; undefined for documents the client never opened. */
  async get(uri: string): Promise<Analysis | undefined> {
    const document = this.documents.get(uri);
    if (!document) return undefined;
    const cached = this.cache.get(uri);
    if (cached && cached.version === document.version) {
      // Most recently used last: the oldest analyses are the ones dropped.
      this.cache.delete(uri);
      this.cache.set(uri, cached);
      return cached;
    }
    const generation = this.generation;
    const { options, validate } = await this.settings.get(uri);
    // Settings changed while they were fetched: start again with the new ones.
    if (generation !== this.generation) return this.get(uri);
    // The document may have changed while settings were fetched: analyse what is current.
    const current = this.documents.get(uri);
    if (!current) return undefined;
    const again = this.cache.get(uri);
    if (again && again.version === current.version) return again;
    // In a large document an edit re-parses only the statements it touched (see reparse). The
    // previous parse is consumed by that, so its analysis leaves the cache first and is never
    // served again. Small documents are parsed whole (well under a millisecond), which spares
    // every open document the memory a resumable parse keeps.
    this.cache.delete(uri);
    const text = current.getText();
    const maxProblems = problemBudget(options.maxProblems);
    const file =
      text.length < INCREMENTAL_FROM
        ? parse(text, { maxProblems })
        : again
          ? reparse(again.result.file, text, maxProblems)
          : parse(text, { incremental: true, maxProblems });
    this.onOptions(options);
    const result = checkFile(file, options);
    let sim: SimulationView | undefined;
    const analysis: Analysis = {
      uri,
      version: current.version,
      document: current,
      result,
      options,
      validate,
      simulation: () => (sim ??= simulateDocument(result, { file: uri })),
    };
    this.cache.set(uri, analysis);
    if (this.cache.size > KEPT_ANALYSES) this.cache.delete(this.cache.keys().next().value!);
    return analysis;
  }
}
