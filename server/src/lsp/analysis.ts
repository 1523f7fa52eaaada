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
import type { DocumentSettings, SettingsCache } from './settings';

/**
 * Analyses kept, most recently used: enough for every editor a user can have visible. Only the
 * documents a request asked about (hover, completion, symbols, code lens, the preview, ...) and
 * large ones keep theirs; an analysis made only to publish diagnostics is dropped once published,
 * and made again if a request comes (well under a millisecond for a typical file). A thousand
 * open documents then hold no syntax tree, xl model or domain view each, and none of them lives
 * long enough to reach the old generation of the heap, where it would stay as garbage until the
 * next full collection (measured by `npm run bench -- --only memory`).
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

  /** The analysis of the document as it is now (kept); undefined for documents the client never opened. */
  get(uri: string): Promise<Analysis | undefined> {
    return this.read(uri, true, (a) => a);
  }

  /**
   * `reader` given the analysis of the document as it is now (undefined for documents the client
   * never opened), called as soon as it is made, in the same microtask. `keep`: false when only
   * diagnostics are published, which keeps the analysis only for a document kept already (one a
   * request asked about) or a large one (its parse is re-used by the next edit's re-parse).
   *
   * The reader runs at once because analyses that wait for their reader pile up: when a chunk of
   * settings answers resolves many documents at once, every continuation is queued behind the
   * others, and the thousand analyses of a burst of opens then lived long enough to be promoted
   * to the heap's old generation (96 MB RSS instead of 77 MB for 1,000 documents, `npm run bench`).
   */
  async read<R>(uri: string, keep: boolean, reader: (a: Analysis | undefined) => R): Promise<R> {
    const document = this.documents.get(uri);
    if (!document) return reader(undefined);
    const cached = this.cache.get(uri);
    if (cached && cached.version === document.version) {
      // Most recently used last: the oldest analyses are the ones dropped.
      this.cache.delete(uri);
      this.cache.set(uri, cached);
      return reader(cached);
    }
    const generation = this.generation;
    const settings = await this.settings.get(uri);
    // Settings changed while they were fetched: start again with the new ones.
    if (generation !== this.generation) return this.read(uri, keep, reader);
    return reader(this.analyse(uri, settings, keep));
  }

  private analyse(uri: string, { options, validate }: DocumentSettings, keep: boolean): Analysis | undefined {
    // The document may have changed while settings were fetched: analyse what is current.
    const current = this.documents.get(uri);
    if (!current) return undefined;
    const again = this.cache.get(uri);
    if (again && again.version === current.version) return again;
    const text = current.getText();
    // Whether this document's analyses are kept: asked for, kept already, or large.
    const kept = keep || again !== undefined || text.length >= INCREMENTAL_FROM;
    // In a large document an edit re-parses only the statements it touched (see reparse). The
    // previous parse is consumed by that, so its analysis leaves the cache first and is never
    // served again. Small documents are parsed whole (well under a millisecond), which spares
    // every open document the memory a resumable parse keeps.
    this.cache.delete(uri);
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
    if (!kept) return analysis;
    this.cache.set(uri, analysis);
    if (this.cache.size > KEPT_ANALYSES) this.cache.delete(this.cache.keys().next().value!);
    return analysis;
  }
}
