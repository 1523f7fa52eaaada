// textDocument/documentSymbol and textDocument/foldingRange: wrappers of features/symbols.ts.
import { FoldingRangeKind, SymbolKind, type DocumentSymbol, type FoldingRange } from 'vscode-languageserver/node';
import { documentSymbols, foldingRanges } from '../features/symbols';
import type { Analysis } from './analysis';

export function symbols(a: Analysis): DocumentSymbol[] {
  const file = a.result.file;
  return documentSymbols(file).map((s) => ({
    name: s.name,
    detail: s.detail,
    kind: s.kind === 'list' ? SymbolKind.Array : SymbolKind.Property,
    range: file.lines.range(s.start, s.end),
    selectionRange: file.lines.range(s.selectionStart, s.selectionEnd),
  }));
}

export function folding(a: Analysis): FoldingRange[] {
  return foldingRanges(a.result.file).map((f) => {
    const r: FoldingRange = { startLine: f.startLine, endLine: f.endLine };
    if (f.kind === 'comment') r.kind = FoldingRangeKind.Comment;
    return r;
  });
}
