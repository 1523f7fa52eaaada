// The custom requests between the VS Code client and the language server, and their shapes: the
// one module both sides import (it imports neither LSP nor VS Code).
import type { DryRun } from './features/dryRun';

export type { DryRun };

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
