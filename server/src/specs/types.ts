// Shared types for the parsers of the mini-languages found inside xl.cfg
// string values. Offsets are indexes into the decoded string value.

export type SpecSeverity = 'error' | 'warning' | 'information' | 'hint';

export interface SpecField {
  name: string;
  value: string;
  /** start..end covers the whole `name=value` token */
  start: number;
  end: number;
  valueStart: number;
  /** true for items identified by position rather than by `name=` */
  positional?: boolean;
  /** true when xl skips this item (it has no effect) */
  ignored?: boolean;
}

export interface SpecProblem {
  start: number;
  end: number;
  message: string;
  severity: SpecSeverity;
  /** true when xl refuses to create the domain */
  fatal: boolean;
}

export interface SpecParse {
  syntax: string;
  fields: SpecField[];
  problems: SpecProblem[];
  /** parsed meaning incl. defaults, for hover: label -> text */
  summary: Array<[string, string]>;
}

export interface SpecFieldDoc {
  name: string;
  doc: string;
  values?: string[];
  default?: string;
}

export interface SpecLanguage {
  syntax: string;
  parse(text: string): SpecParse;
  fields: SpecFieldDoc[];
}
