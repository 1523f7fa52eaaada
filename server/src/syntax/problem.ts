// A problem the parser finds, by offset: shown as a `syntax/*` diagnostic once positions are
// resolved. Kept apart from the parser so the incremental re-parse (resume.ts) can move problems
// without importing the parser back.
import type { Severity } from '../diagnostic';
import type { RuleId } from '../rules';

export interface Problem {
  start: number;
  end: number;
  code: RuleId;
  severity: Severity;
  message: string;
  /** libxlutil rejects the file because of this problem. */
  rejects: boolean;
  fixes?: Array<{ title: string; edits: Array<{ start: number; end: number; newText: string }>; preferred?: boolean }>;
  pythonish?: boolean;
}

