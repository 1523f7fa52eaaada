// Outline and folding: one symbol per assignment, folds for multi-line lists and for blocks of
// two or more consecutive comment lines.
import { toValue } from '../syntax/parser';
import type { ConfigFile, Value, ValueNode } from '../syntax/tree';

export interface DocumentSymbolInfo {
  /** The key. */
  name: string;
  /** A short preview of the value. */
  detail: string;
  kind: 'list' | 'value';
  /** The whole statement. */
  start: number;
  end: number;
  /** The key. */
  selectionStart: number;
  selectionEnd: number;
}

export interface FoldingRangeInfo {
  startLine: number;
  endLine: number;
  kind?: 'comment' | 'region';
}

const PREVIEW = 40;

/** A one-line preview of a value: control characters shown as `?`, long text cut. */
export function valuePreview(v: Value | undefined, max = PREVIEW): string {
  if (v === undefined) return '';
  let s: string;
  if (typeof v === 'string') s = v;
  else {
    const parts: string[] = [];
    let len = 2;
    for (const x of v) {
      const p = typeof x === 'string' ? JSON.stringify(x) : '[…]';
      parts.push(p);
      len += p.length + 2;
      if (len > max) break;
    }
    s = `[${parts.join(', ')}${parts.length < v.length ? ', …' : ''}]`;
  }
  s = s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?');
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}

export function documentSymbols(file: ConfigFile): DocumentSymbolInfo[] {
  return file.statements.map((s) => {
    let detail = '';
    if (s.value) {
      // Lists can be huge: preview only the first items instead of converting the whole list.
      const v: ValueNode =
        s.value.kind === 'list'
          ? {
              kind: 'list',
              start: s.value.start,
              end: s.value.end,
              items: s.value.items.slice(0, 8),
              commas: s.value.commas,
              closed: s.value.closed,
            }
          : s.value;
      detail = (s.op === '+=' ? '+= ' : '') + valuePreview(toValue(v));
      if (s.value.kind === 'list' && s.value.items.length > 8 && !detail.endsWith('…]'))
        detail = detail.replace(/\]$/, ', …]');
    }
    return {
      name: s.key,
      detail,
      kind: s.value?.kind === 'list' ? 'list' : 'value',
      start: s.start,
      end: Math.max(s.end, s.keyEnd),
      selectionStart: s.keyStart,
      selectionEnd: s.keyEnd,
    };
  });
}

export function foldingRanges(file: ConfigFile): FoldingRangeInfo[] {
  const out: FoldingRangeInfo[] = [];
  const lines = file.lines;
  for (const s of file.statements) {
    if (s.value?.kind !== 'list') continue;
    const startLine = lines.positionAt(s.value.start).line;
    const endLine = lines.positionAt(Math.max(s.value.start, s.value.end - 1)).line;
    if (endLine > startLine) out.push({ startLine, endLine });
  }
  // Runs of whole-line comments on consecutive lines.
  let runStart = -1;
  let runEnd = -1;
  const flush = () => {
    if (runStart >= 0 && runEnd > runStart) out.push({ startLine: runStart, endLine: runEnd, kind: 'comment' });
  };
  for (const c of file.comments) {
    const line = lines.positionAt(c.start).line;
    const lineStart = lines.lineStarts[line];
    if (!/^[ \t]*$/.test(file.text.slice(lineStart, c.start))) continue; // a comment after code
    if (line === runEnd + 1 && runStart >= 0) runEnd = line;
    else {
      flush();
      runStart = runEnd = line;
    }
  }
  flush();
  out.sort((a, b) => a.startLine - b.startLine || a.endLine - b.endLine);
  return out;
}
