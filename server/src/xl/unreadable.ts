// A file libxlu cannot read (xl_parse.c, parse_config_data): xlu_cfg_readdata prints its errors
// (and the Python warning), then xl prints "Failed to parse config: Invalid argument" and exits;
// a NUL inside quotes aborts xl in libxlu instead. Each of libxlu's lines is placed where xlcfg's
// parser reports the problem on that line, else on the text libxlu quotes.
import type { Diagnostic } from '../diagnostic';
import { isRuleId, type RuleId } from '../rules';
import type { ConfigFile } from '../syntax/tree';
import { DEQUOTE_ASSERTION, libxluReaddata, PYTHON_WARNING } from './libxluReaddata';
import type { Span, XlModel } from './model';

/** strerror(EINVAL): every error libxlu reports while reading leaves EINVAL. */
const FAILED = 'Failed to parse config: Invalid argument';

export function refuseUnreadable(m: XlModel, keep = Infinity): void {
  const file = m.file;
  const read = libxluReaddata(file.text, keep);
  const where = new SyntaxErrors(file);
  if (read.abort) {
    const at = where.place(read.abort, 'syntax/nul');
    m.crash(at.rule, '', at, [DEQUOTE_ASSERTION], 'A NUL inside quotes: xl aborts while reading the file');
    return;
  }
  for (const e of read.errors) {
    const at = where.place(e, 'syntax/unexpected');
    // Printed before xl exits: each is a reason it refuses the file, none stops libxlu reading.
    m.reports.push({
      effect: 'refusal',
      rule: at.rule,
      key: '',
      start: at.start,
      end: at.end,
      printed: [{ text: e.text, line: e.line }],
      message: at.message ?? 'xl cannot parse this',
    });
  }
  if (read.python) {
    const at = where.place(read.python, 'syntax/python');
    m.reports.push({
      effect: 'warning',
      rule: at.rule,
      key: '',
      start: at.start,
      end: at.end,
      printed: PYTHON_WARNING.map((text) => ({ text })),
      message: 'xl says the file looks like Python, which it no longer runs',
    });
  }
  // When xlcfg's parser and the replay disagree (they should not), xl's own last line still stands.
  const more = read.omitted ? `; libxlu prints ${read.omitted} more error lines, not kept here` : '';
  m.refuse('syntax/unexpected', '', { start: 0, end: 0 }, [FAILED], `xl cannot parse the file${more}`);
}

interface Placed extends Span {
  rule: RuleId;
  message?: string;
}

/**
 * The parser's syntax errors, to place libxlu's lines on: the error diagnostic at a span, else the
 * first one on its line, else the last one before it (libxlu often notices a problem later than
 * where it is: an unclosed `[` at the end of the file); with none of those, the span itself.
 * Found by binary search when the errors are in document order (the parser's always are), so a
 * file with a million of libxlu's lines costs no more than its parse.
 */
class SyntaxErrors {
  private readonly found: Diagnostic[] = [];
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  /** Running maximum of max(end, start + 1): the first entry that reaches past an offset. */
  private readonly reach: number[] = [];
  private readonly lines: number[] = [];
  private readonly sorted: boolean;

  constructor(private readonly file: ConfigFile) {
    let sorted = true;
    let reach = -1;
    for (const d of file.diagnostics) {
      if (d.severity !== 'error' || !d.code.startsWith('syntax/')) continue;
      const start = file.lines.offsetAt(d.range.start);
      const end = file.lines.offsetAt(d.range.end);
      if (this.starts.length && start < this.starts[this.starts.length - 1]) sorted = false;
      reach = Math.max(reach, end, start + 1);
      this.found.push(d);
      this.starts.push(start);
      this.ends.push(end);
      this.reach.push(reach);
      this.lines.push(d.range.start.line);
    }
    this.sorted = sorted;
  }

  place(span: Span, fallback: RuleId): Placed {
    const i = this.sorted ? this.indexSorted(span) : this.indexScan(span);
    if (i < 0) return { start: span.start, end: Math.max(span.end, span.start), rule: fallback };
    const d = this.found[i];
    return { start: this.starts[i], end: this.ends[i], rule: ruleOf(d, fallback), message: d.message };
  }

  /** The order of preference above, in one pass (errors out of order: never from the parser). */
  private indexScan(span: Span): number {
    const line = this.file.lines.positionAt(span.start).line;
    let onLine = -1;
    let before = -1;
    for (let i = 0; i < this.found.length; i++) {
      const start = this.starts[i];
      if (start <= span.start && span.start < Math.max(this.ends[i], start + 1)) return i;
      if (onLine < 0 && this.lines[i] === line) onLine = i;
      if (start <= span.start) before = i;
    }
    return onLine >= 0 ? onLine : before;
  }

  private indexSorted(span: Span): number {
    const s = span.start;
    // Entries starting at or before s: [0, upTo).
    const upTo = firstIndex(this.starts.length, (i) => this.starts[i] > s);
    // The first entry reaching past s contains it when it starts at or before s.
    const contains = firstIndex(this.reach.length, (i) => this.reach[i] > s);
    if (contains < upTo) return contains;
    const line = this.file.lines.positionAt(s).line;
    const onLine = firstIndex(this.lines.length, (i) => this.lines[i] >= line);
    if (onLine < this.lines.length && this.lines[onLine] === line) return onLine;
    return upTo - 1;
  }
}

/** The first i in [0, n) with pred(i), for a pred false then true; n when none. */
function firstIndex(n: number, pred: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pred(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function ruleOf(d: Diagnostic, fallback: RuleId): RuleId {
  return isRuleId(d.code) ? d.code : fallback;
}
