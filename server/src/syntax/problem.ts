// A problem the parser finds, by offset: shown as a `syntax/*` (or `key/duplicate`) diagnostic once
// positions are resolved (diagnosticAt). Kept apart from the parser so the incremental re-parse
// (resume.ts) can move problems without importing the parser back.
import type { OffsetDiagnostic, OffsetFix } from '../diagnostic';

export interface Problem extends OffsetDiagnostic {
  /** libxlutil rejects the file because of this problem. */
  rejects: boolean;
  fixes?: OffsetFix[];
  /** A lexical error on a line that looks like Python (grouped under one syntax/python). */
  pythonish?: boolean;
}
