// Shapes shared by the extension host and the preview page, and the checks applied to what the
// page sends back. Nothing here imports `vscode`, so unit tests can load it directly.

/** Method of the custom LSP request the server answers with a simulation of one document. */
export const SIMULATE_METHOD = 'xlcfg/simulate';

/** View type of the boot preview panel; also the serializer id and the `activeWebviewPanelId`. */
export const PREVIEW_VIEW_TYPE = 'xlcfg.bootPreview';

export interface SimulateParams {
  uri: string;
  /** Overrides the config's own `force_x2apic` (used for the on/off comparison). */
  forceX2apic?: boolean;
  /** Simulate and check with this design instead of the configured one (the page's picker). */
  design?: string;
  /** Also simulate every design side by side (the page's comparison of the designs). */
  compareDesigns?: boolean;
}

/** The designs the page offers; the server validates what it receives anyway. */
export const DESIGNS = ['rfc', 'xapic-disable-status'] as const;

export interface SimulateResult {
  uri: string;
  version: number;
  simulation: SimulationView | null;
}

export type ApicMode = 'x2apic' | 'xapic' | 'disabled';

export interface VcpuState {
  vcpu: number;
  online: boolean;
  apicBase: string;
  mode: ApicMode;
  apicId: number;
  ldr: string;
  swDisabled: boolean;
  svr?: string;
  lvt0?: string;
  lvt1?: string;
}

export interface ChainItem {
  role: 'host-cpu' | 'xen' | 'design' | 'guest-type' | 'firmware' | 'bootloader' | 'os';
  value: string;
  source: string;
}

export interface TraceStep {
  stage: string;
  vcpu: number;
  op: string;
  detail: string;
  result: 'ok' | '#GP' | 'mmio-lost' | 'read';
  value?: string;
}

export interface Transition {
  vcpu: number;
  from: ApicMode;
  to: ApicMode;
  value: string;
  faulted: boolean;
}

export interface LspPosition {
  line: number;
  character: number;
}

export interface ViewFix {
  title: string;
  /** An LSP WorkspaceEdit; converted with the client's protocol2CodeConverter before applying. */
  edit?: unknown;
  /** The language core's own form: text edits of the previewed document (used when `edit` is absent). */
  edits?: Array<{ range: { start: LspPosition; end: LspPosition }; newText: string }>;
  preferred?: boolean;
}

/** The fix as an LSP WorkspaceEdit, whichever of the two forms the server sent; undefined if neither. */
export function fixWorkspaceEdit(fix: ViewFix, uri: string): unknown {
  if (fix.edit && typeof fix.edit === 'object') return fix.edit;
  if (Array.isArray(fix.edits)) return { changes: { [uri]: fix.edits } };
  return undefined;
}

export interface ViewDiagnostic {
  code: string;
  severity: string;
  message: string;
  range: { start: LspPosition; end: LspPosition };
  fixes?: ViewFix[];
}

/** The simulation result as the server returns it. Every field may be missing: the page draws what is present. */
/** Why the domain is never created (see server/src/features/simulation.ts: Refusal). */
export interface ViewRefusal {
  by?: 'xl' | 'libxl' | 'xen';
  effect?: 'refusal' | 'crash';
  rule?: string;
  message?: string;
  printed?: string[];
  range?: { start: LspPosition; end: LspPosition };
  afterEarlierExit?: boolean;
}

export interface SimulationView {
  file?: string;
  /** false: xl or libxl refuses the config (`refusals` says why); the rest is "if it were created". */
  created?: boolean;
  refusals?: ViewRefusal[];
  applicable?: boolean;
  forceX2apic?: boolean;
  hostCpu?: 'intel' | 'amd' | 'unknown';
  mmioBackend?: string;
  guest?: { type?: string; firmware?: string; bootloader?: string; os?: string };
  chain?: ChainItem[];
  vcpus?: VcpuState[];
  vcpusAfter?: VcpuState[];
  boot?: {
    outcome?: 'boots' | 'hangs' | 'faults' | 'unknown';
    stage?: string;
    waitingFor?: string;
    confidence?: 'high' | 'medium' | 'low';
    explanation?: string;
    citations?: string[];
    /** Index in `trace` of the operation the guest stops at. */
    stoppedAt?: number;
    trace?: TraceStep[];
    transitions?: Transition[];
  };
  compare?: { forceX2apic: boolean; outcome: string; stage: string; confidence: string; explanation?: string };
  /** force_x2apic is a proposed option: the simulation assumes a Xen with the RFC applied. */
  assumesPatchedXen?: boolean;
  diagnostics?: ViewDiagnostic[];
  /** The design simulated, and what the guest can read back about the lock. */
  design?: string;
  lock?: { advertised?: boolean; archCapabilities?: string; xapicDisableStatus?: string };
  notes?: string[];
  /** Every design side by side (present when asked for with `compareDesigns`). */
  designs?: {
    flagAssumed?: boolean;
    current?: string;
    runs?: Array<{ design?: string; summary?: string; outcome?: string; stage?: string; confidence?: string; explanation?: string; rule?: string; lock?: { advertised?: boolean; archCapabilities?: string; xapicDisableStatus?: string } }>;
    differences?: string[];
    note?: string;
  };
}

// ---- host → page ------------------------------------------------------------------------------

export interface RenderMessage {
  type: 'render';
  uri: string;
  fileName: string;
  version: number;
  simulation: SimulationView | null;
  /** Whether the page shows the force_x2apic on/off comparison. */
  compare: boolean;
  /** The same document simulated with force_x2apic flipped (present when `compare` is on and it succeeded). */
  compareSimulation?: SimulationView | null;
  /** The design picked in the page, or null when the configured design is shown. */
  pickedDesign: string | null;
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
  diagnostics: readonly ViewDiagnostic[];
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
      if (!isIndex(m.diagnostic, ctx.diagnostics.length)) return { ok: false, reason: 'applyFix: diagnostic index out of range' };
      const fixes = ctx.diagnostics[m.diagnostic].fixes ?? [];
      const fix = m.fix === undefined ? 0 : m.fix;
      if (!isIndex(fix, fixes.length)) return { ok: false, reason: 'applyFix: fix index out of range' };
      return { ok: true, message: { type: 'applyFix', diagnostic: m.diagnostic, fix } };
    }
    case 'toggleCompare':
      if (typeof m.enabled !== 'boolean') return { ok: false, reason: 'toggleCompare: enabled must be a boolean' };
      return { ok: true, message: { type: 'toggleCompare', enabled: m.enabled } };
    case 'setDesign':
      if (m.design !== null && !(DESIGNS as readonly unknown[]).includes(m.design)) return { ok: false, reason: 'setDesign: unknown design' };
      return { ok: true, message: { type: 'setDesign', design: m.design as string | null } };
    case 'reveal':
      if (!isIndex(m.line, ctx.lineCount)) return { ok: false, reason: 'reveal: line out of range' };
      return { ok: true, message: { type: 'reveal', line: m.line } };
    default:
      return { ok: false, reason: `unknown message type ${JSON.stringify(String(m.type)).slice(0, 40)}` };
  }
}

/** True when a simulate response may replace what the page shows (not older than the last render, same document). */
export function isFresh(result: SimulateResult, expectedUri: string, documentVersion: number | undefined, lastRenderedVersion: number): boolean {
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
