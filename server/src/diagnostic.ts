// The one diagnostic shape every stage of the language core produces. It is LSP-compatible
// (0-based line/character, UTF-16 columns) but imports nothing from LSP, so the CLI, the
// server and the tests share it unchanged.
//
// Before positions are worked out, the parser and the rules place what they find by offsets into
// the text (OffsetDiagnostic; the parser's Problem and a rule's Report add what only they need),
// and `diagnosticAt` is the one conversion to a Diagnostic. The sub-language parsers (specs/) work
// on a string's decoded value, not the file, and do not know the rule their string is checked
// under, so their SpecProblem is placed and given its id by the xl stage and the spec rules.
import type { RuleId, Severity } from './rules';

export type { Severity };

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

/** A fix the user can apply; `preferred` marks the one that is safe to apply blindly. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  preferred?: boolean;
}

/**
 * What a diagnostic says xl or libxl does, in a form tests can check against the real xl: it
 * prints a warning, refuses (exits), crashes, or does something without a word.
 */
export interface Claim {
  /** Xen itself when its domain-create hypercall refuses what libxl passes on. */
  by: 'xl' | 'libxl' | 'xen';
  /** 'hang': it never finishes (it walks a range of billions of numbers). */
  effect: 'warning' | 'refusal' | 'crash' | 'hang' | 'silent';
  /** The lines it prints, in its own words (libxlu's `file:line: ` prefix left out). */
  printed?: string[];
  /** xl stops at an earlier refusal first: it does this once that one is fixed. */
  afterEarlierExit?: boolean;
}

/** An edit by offsets into the text, before positions are worked out. */
export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

export interface OffsetFix {
  title: string;
  edits: OffsetEdit[];
  preferred?: boolean;
}

/** A Diagnostic placed by offsets into the text (what the parser and the rules find). */
export interface OffsetDiagnostic {
  code: RuleId;
  severity: Severity;
  message: string;
  start: number;
  end: number;
  fixes?: readonly OffsetFix[];
  unnecessary?: boolean;
  deprecated?: boolean;
  claim?: Claim;
}

export interface Diagnostic {
  /** Stable rule id, e.g. `syntax/crlf`; the same in server, CLI and suppression comments. */
  code: RuleId;
  severity: Severity;
  message: string;
  range: Range;
  fixes?: Fix[];
  /** Marks text that has no effect (rendered faded by editors). */
  unnecessary?: boolean;
  /** Marks deprecated usage (rendered struck through by editors). */
  deprecated?: boolean;
  /** What this diagnostic says xl or libxl does; absent for xlcfg's own advice. */
  claim?: Claim;
}

export const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

/** What a placed diagnostic takes from an OffsetDiagnostic, or from a rule's report (checks/rule.ts). */
export type OffsetFacts = Pick<OffsetDiagnostic, 'start' | 'end' | 'message' | 'unnecessary' | 'deprecated' | 'claim'>;

type Lines = { range(start: number, end: number): Range };

/**
 * The Diagnostic at the offsets of `d`, its fixes' edits placed too: a plain object (no getters),
 * safe to copy, spread and serialise. `lines` is the file's line index.
 */
export function diagnosticAt(lines: Lines, d: OffsetDiagnostic): Diagnostic {
  return placeDiagnostic(lines, d.code, d.severity, d, d.fixes);
}

/**
 * diagnosticAt with the code, severity and fixes given apart (a rule's report resolves them
 * itself, and need not be copied into an OffsetDiagnostic first). An edit over the diagnostic's
 * own span shares its Range: nothing mutates a placed range.
 */
export function placeDiagnostic(
  lines: Lines,
  code: RuleId,
  severity: Severity,
  d: OffsetFacts,
  offsetFixes: readonly OffsetFix[] | undefined,
): Diagnostic {
  const { message } = d;
  const range = lines.range(d.start, d.end);
  const fixes = offsetFixes?.length ? placeFixes(lines, offsetFixes, d, range) : undefined;
  // The usual shapes as one literal each: fields added after a literal's own go to a second
  // allocation per object (a 1 MB file can have 15k diagnostics).
  if (!d.deprecated && !d.claim) {
    if (!d.unnecessary) return fixes ? { code, severity, message, range, fixes } : { code, severity, message, range };
    if (!fixes) return { code, severity, message, range, unnecessary: true };
  }
  const out: Diagnostic = { code, severity, message, range };
  if (fixes) out.fixes = fixes;
  if (d.unnecessary) out.unnecessary = true;
  if (d.deprecated) out.deprecated = true;
  if (d.claim) out.claim = d.claim;
  return out;
}

function placeFixes(lines: Lines, fixes: readonly OffsetFix[], d: OffsetFacts, range: Range): Fix[] {
  return fixes.map((f): Fix => {
    const edits = f.edits.map((e) => ({
      range: e.start === d.start && e.end === d.end ? range : lines.range(e.start, e.end),
      newText: e.newText,
    }));
    return f.preferred ? { title: f.title, edits, preferred: true } : { title: f.title, edits };
  });
}
