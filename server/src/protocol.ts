// The custom requests between the VS Code client and the language server, and their shapes: the
// one module of server/src the client imports (it imports neither LSP nor VS Code, and its values
// are a few constants, so the client bundle takes little from it).
import type { Diagnostic, Fix, TextEdit } from './diagnostic';
import type { DryRun } from './features/dryRun';
import type { SimulationView } from './features/simulation';

export type { DryRun, SimulationView };
/** The designs the preview's picker offers, and the one used when nothing chooses (the server validates what it receives anyway). */
export { DEFAULT_DESIGN, DESIGNS, type Design } from './vlapic/design';

// ---- xlcfg/simulate ------------------------------------------------------------------------------

/** The simulation of one open document, for the boot preview. */
export const SIMULATE_METHOD = 'xlcfg/simulate';

export interface SimulateParams {
  uri: string;
  /** Overrides the config's own `force_x2apic` (the preview's on/off comparison). */
  forceX2apic?: boolean;
  /** Simulate and check with this design instead of the configured one (the preview's picker). */
  design?: string;
  /** Also simulate every design side by side. */
  compareDesigns?: boolean;
}

/** An LSP WorkspaceEdit, in the core's own edit shape (the same fields). */
export interface WireWorkspaceEdit {
  changes: Record<string, TextEdit[]>;
}

/** A fix as it travels: its edits as a workspace edit of the document. */
export interface WireFix {
  title: string;
  preferred: boolean;
  edit: WireWorkspaceEdit;
}

export type WireDiagnostic = Omit<Diagnostic, 'fixes'> & { fixes: WireFix[] };

/** The simulation view with each diagnostic's fixes as workspace edits. */
export type WireSimulation = Omit<SimulationView, 'diagnostics'> & { diagnostics: WireDiagnostic[] };

export interface SimulateResult {
  uri: string;
  /** The document version simulated; -1 when the document is not open. */
  version: number;
  simulation: WireSimulation | null;
}

/** A fix's edits as a workspace edit of the document `uri` (also what code actions carry). */
export function fixWorkspaceEdit(uri: string, fix: Fix): WireWorkspaceEdit {
  return { changes: { [uri]: fix.edits.map((e) => ({ range: e.range, newText: e.newText })) } };
}

export function wireSimulation(uri: string, view: SimulationView): WireSimulation {
  const fixes = (d: Diagnostic): WireFix[] =>
    (d.fixes ?? []).map((f) => ({ title: f.title, preferred: !!f.preferred, edit: fixWorkspaceEdit(uri, f) }));
  return { ...view, diagnostics: view.diagnostics.map((d) => ({ ...d, fixes: fixes(d) })) };
}

// ---- xlcfg/effectiveConfig -----------------------------------------------------------------------

/** `xlcfg/effectiveConfig`: what `xl -N create` would print for an open document. */
export const EFFECTIVE_CONFIG_METHOD = 'xlcfg/effectiveConfig';

export interface EffectiveConfigParams {
  uri: string;
}

export interface EffectiveConfigResult {
  uri: string;
  version: number;
  /**
   * The document's DryRun as JSON text, indented by two, as `xlcfg dry-run --format json` prints
   * it: libxl's 64-bit fields (`max_memkb = -1`) exceed JSON-RPC's numbers, so the server writes
   * them exactly. Null when the document is not open.
   */
  json: string | null;
}
