// Push diagnostics after every change. Changes that arrive in the same tick are coalesced by
// scheduling with setImmediate, which adds no timer delay to the edit-to-diagnostics latency.
import type { Connection, PublishDiagnosticsParams } from 'vscode-languageserver/node';
import type { Analysis, AnalysisStore } from './analysis';
import { toLspDiagnostic } from './convert';

export class DiagnosticsPublisher {
  private readonly pending = new Set<string>();
  /** The client shows `relatedInformation` (xl's printed lines go there). */
  relatedInformation = false;
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
      // Converted as soon as it is made (see AnalysisStore.read), and the analysis is not held
      // while the message waits for its turn to be written.
      const params = await this.store.read(uri, false, (a) => this.params(uri, a));
      if (params) await this.connection.sendDiagnostics(params);
    } catch (e) {
      this.log(`diagnostics for ${uri} failed: ${(e as Error)?.stack ?? e}`);
    }
  }

  private params(uri: string, a: Analysis | undefined): PublishDiagnosticsParams | undefined {
    if (!a) return undefined;
    // Already capped (xlcfg.validate.maxProblems) by the check; each carries its index for code actions.
    const related = this.relatedInformation ? uri : undefined;
    const diagnostics = a.validate
      ? a.result.diagnostics.map((d, index) => toLspDiagnostic(d, { xlcfg: { version: a.version, index } }, related))
      : [];
    return { uri, version: a.version, diagnostics };
  }
}
