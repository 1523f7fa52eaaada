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

export function refuseUnreadable(m: XlModel): void {
  const file = m.file;
  const read = libxluReaddata(file.text);
  if (read.abort) {
    const at = place(file, read.abort, 'syntax/nul');
    m.crash(at.rule, '', at, [DEQUOTE_ASSERTION], 'A NUL inside quotes: xl aborts while reading the file');
    return;
  }
  for (const e of read.errors) {
    const at = place(file, e, 'syntax/unexpected');
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
    const at = place(file, read.python, 'syntax/python');
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
  m.refuse('syntax/unexpected', '', { start: 0, end: 0 }, [FAILED], 'xl cannot parse the file');
}

/**
 * The error diagnostic of xlcfg's parser at `span`, else the first one on its line, else the last
 * one before it (libxlu often notices a problem later than where it is: an unclosed `[` at the end
 * of the file); with none of those, `span` itself.
 */
function place(file: ConfigFile, span: Span, fallback: RuleId): Span & { rule: RuleId; message?: string } {
  const line = file.lines.positionAt(span.start).line;
  let onLine: Diagnostic | undefined;
  let before: Diagnostic | undefined;
  for (const d of file.diagnostics) {
    if (d.severity !== 'error' || !d.code.startsWith('syntax/')) continue;
    const start = file.lines.offsetAt(d.range.start);
    const end = file.lines.offsetAt(d.range.end);
    if (start <= span.start && span.start < Math.max(end, start + 1)) {
      return { start, end, rule: ruleOf(d, fallback), message: d.message };
    }
    if (!onLine && d.range.start.line === line) onLine = d;
    if (start <= span.start) before = d;
  }
  const d = onLine ?? before;
  if (d) {
    const [start, end] = [file.lines.offsetAt(d.range.start), file.lines.offsetAt(d.range.end)];
    return { start, end, rule: ruleOf(d, fallback), message: d.message };
  }
  return { start: span.start, end: Math.max(span.end, span.start), rule: fallback };
}

function ruleOf(d: Diagnostic, fallback: RuleId): RuleId {
  return isRuleId(d.code) ? d.code : fallback;
}
