// The one diagnostic shape every stage of the language core produces. It is LSP-compatible
// (0-based line/character, UTF-16 columns) but imports nothing from LSP, so the CLI, the
// server and the tests share it unchanged.
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
