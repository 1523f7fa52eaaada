// Push diagnostics after every change. Changes that arrive in the same tick are coalesced by
// scheduling with setImmediate, which adds no timer delay to the edit-to-diagnostics latency.
import type { Connection } from 'vscode-languageserver/node';
import type { AnalysisStore } from './analysis';
import type { Diagnostic } from '../diagnostic';
import { toLspDiagnostic } from './convert';

export class DiagnosticsPublisher {
  private readonly pending = new Set<string>();
  private scheduled = false;

  constructor(
    private readonly connection: Connection,
    private readonly store: AnalysisStore,
    private readonly log: (msg: string) => void,
  ) {}

  schedule(uri: string): void {
    this.pending.add(uri);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const uris = [...this.pending];
      this.pending.clear();
      for (const u of uris) void this.publish(u);
    });
  }

  scheduleAll(): void {
    for (const d of this.store.documents.all()) this.schedule(d.uri);
  }

  clear(uri: string): void {
    this.pending.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private async publish(uri: string): Promise<void> {
    try {
      const a = await this.store.get(uri);
      if (!a) return;
      const all = a.result.diagnostics;
      const shown = a.validate ? capped(all, a.maxProblems) : [];
      // Each diagnostic's index in the analysis, found by identity (the cap keeps the objects).
      const index = shown.length < all.length ? new Map(all.map((d, i) => [d, i])) : undefined;
      const diagnostics = shown.map((d, i) => {
        const at = index ? index.get(d) : i;
        return toLspDiagnostic(d, at === undefined ? undefined : { xlcfg: { version: a.version, index: at } });
      });
      await this.connection.sendDiagnostics({ uri, version: a.version, diagnostics });
    } catch (e) {
      this.log(`diagnostics for ${uri} failed: ${(e as Error)?.stack ?? e}`);
    }
  }
}

/**
 * At most `max` diagnostics, errors first, then the rest in order, plus one entry saying how many
 * were left out: a generated 1 MB file can have tens of thousands, and sending them all on every
 * keystroke (megabytes of JSON) would make the editor lag. The CLI lists every one.
 */
export function capped(diagnostics: readonly Diagnostic[], max: number): Diagnostic[] {
  if (diagnostics.length <= max) return diagnostics as Diagnostic[];
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const kept = new Set(errors.slice(0, max));
  for (const d of diagnostics) {
    if (kept.size >= max) break;
    kept.add(d);
  }
  const shown = diagnostics.filter((d) => kept.has(d));
  const first = diagnostics[0].range.start;
  shown.push({
    code: 'internal/too-many-problems',
    severity: 'information',
    message: `${diagnostics.length - shown.length} more problems are not shown (xlcfg.validate.maxProblems = ${max}); \`xlcfg check\` lists them all.`,
    range: { start: first, end: first },
  });
  return shown;
}
