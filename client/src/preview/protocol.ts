// The messages between the extension host and the preview page, and the checks applied to what the
// page sends back. What the server sends is typed by server/src/protocol.ts, the one module of the
// server the client imports. Nothing here imports `vscode`, so unit tests can load it directly.
import { DESIGNS, type SimulateResult, type WireSimulation } from '../../../server/src/protocol';

/** View type of the boot preview panel; also the serializer id and the `activeWebviewPanelId`. */
export const PREVIEW_VIEW_TYPE = 'xlcfg.bootPreview';

// ---- host → page ------------------------------------------------------------------------------

export interface RenderMessage {
  type: 'render';
  uri: string;
  fileName: string;
  version: number;
  simulation: WireSimulation | null;
  /** Whether the page shows the force_x2apic on/off comparison. */
  compare: boolean;
  /** The same document simulated with force_x2apic flipped (present when `compare` is on and it succeeded). */
  compareSimulation?: WireSimulation | null;
  /** The design picked in the page, or null when the configured design is shown. */
  pickedDesign: string | null;
  /** The designs the page's picker offers, and the one shown when the simulation names none. */
  designs: readonly string[];
  defaultDesign: string;
}

export interface StatusMessage {
  type: 'status';
  uri: string;
  fileName: string;
  /** `loading` before the first answer, `error` when the server failed, `unavailable` when it is not running. */
  state: 'loading' | 'error' | 'unavailable';
  text: string;
}

export type HostToPageMessage = RenderMessage | StatusMessage;

// ---- page → host ------------------------------------------------------------------------------

export type PageToHostMessage =
  | { type: 'ready' }
  | { type: 'applyFix'; diagnostic: number; fix: number }
  | { type: 'toggleCompare'; enabled: boolean }
  /** null: back to the configured design. */
  | { type: 'setDesign'; design: string | null }
  | { type: 'reveal'; line: number };

/** What the host last sent, which is all a page message may refer to. */
export interface ValidationContext {
  /** Diagnostics of the last render; fix indexes are checked against their `fixes`. */
  diagnostics: ReadonlyArray<{ fixes?: readonly unknown[] }>;
  /** Line count of the previewed document (reveal targets must be inside it). */
  lineCount: number;
}

export type Validation = { ok: true; message: PageToHostMessage } | { ok: false; reason: string };

const isIndex = (v: unknown, length: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < length;

/**
 * Checks a message posted by the page. The page renders untrusted config text, so anything it
 * sends is treated as untrusted too: only whitelisted types with in-range arguments pass, and
 * the returned message is rebuilt from the checked fields (extra properties are dropped).
 */
export function validatePageMessage(raw: unknown, ctx: ValidationContext): Validation {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, reason: 'not an object' };
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return { ok: true, message: { type: 'ready' } };
    case 'applyFix': {
      if (!isIndex(m.diagnostic, ctx.diagnostics.length))
        return { ok: false, reason: 'applyFix: diagnostic index out of range' };
      const fixes = ctx.diagnostics[m.diagnostic].fixes ?? [];
      const fix = m.fix === undefined ? 0 : m.fix;
      if (!isIndex(fix, fixes.length)) return { ok: false, reason: 'applyFix: fix index out of range' };
      return { ok: true, message: { type: 'applyFix', diagnostic: m.diagnostic, fix } };
    }
    case 'toggleCompare':
      if (typeof m.enabled !== 'boolean') return { ok: false, reason: 'toggleCompare: enabled must be a boolean' };
      return { ok: true, message: { type: 'toggleCompare', enabled: m.enabled } };
    case 'setDesign':
      if (m.design !== null && !(DESIGNS as readonly unknown[]).includes(m.design))
        return { ok: false, reason: 'setDesign: unknown design' };
      return { ok: true, message: { type: 'setDesign', design: m.design as string | null } };
    case 'reveal':
      if (!isIndex(m.line, ctx.lineCount)) return { ok: false, reason: 'reveal: line out of range' };
      return { ok: true, message: { type: 'reveal', line: m.line } };
    default:
      return { ok: false, reason: `unknown message type ${JSON.stringify(String(m.type)).slice(0, 40)}` };
  }
}

/** True when a simulate response may replace what the page shows (not older than the last render, same document). */
export function isFresh(
  result: SimulateResult,
  expectedUri: string,
  documentVersion: number | undefined,
  lastRenderedVersion: number,
): boolean {
  if (!sameUri(result.uri, expectedUri)) return false;
  if (result.version < lastRenderedVersion) return false;
  // When the document is open its current version is known; an answer for an older text is stale.
  if (documentVersion !== undefined && result.version !== documentVersion) return false;
  return true;
}

/** URI strings compared after decoding, since a server may echo `file:///a%3Ab` as `file:///a:b`. */
export function sameUri(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    return decodeURIComponent(a) === decodeURIComponent(b);
  } catch {
    return false;
  }
}
