// Shared test helpers: apply LSP-style edits to a text, as an editor would.
import type { Fix, TextEdit } from '../../server/src/diagnostic';
import { LineIndex } from '../../server/src/syntax/positions';

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = new LineIndex(text);
  const offs = edits
    .map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), newText: e.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of offs) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

export function applyFix(text: string, fix: Fix): string {
  return applyEdits(text, fix.edits);
}

/** Text with a `|` cursor marker -> the text without it and the marker's offset. */
export function cursor(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  if (offset < 0) throw new Error('no | cursor marker');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}
