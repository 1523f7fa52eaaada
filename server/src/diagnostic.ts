// The one diagnostic shape every stage of the language core produces. It is LSP-compatible
// (0-based line/character, UTF-16 columns) but imports nothing from LSP, so the CLI, the
// server and the tests share it unchanged.

export type Severity = 'error' | 'warning' | 'information' | 'hint';

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

export interface Diagnostic {
  /** Stable rule id, e.g. `syntax/crlf`; the same in server, CLI and suppression comments. */
  code: string;
  severity: Severity;
  message: string;
  range: Range;
  fixes?: Fix[];
  /** Marks text that has no effect (rendered faded by editors). */
  unnecessary?: boolean;
  /** Marks deprecated usage (rendered struck through by editors). */
  deprecated?: boolean;
}

export const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };
