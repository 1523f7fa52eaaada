// textDocument/hover: the LSP wrapper of features/hover.ts.
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver/node';
import { hoverAt } from '../features/hover';
import type { Analysis } from './analysis';

export function hover(a: Analysis, position: Position): Hover | null {
  const file = a.result.file;
  const h = hoverAt(a.result, file.lines.offsetAt(position), a.simulation);
  if (!h) return null;
  return { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: file.lines.range(h.start, h.end) };
}
