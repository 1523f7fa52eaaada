// Hover, completion, formatting, symbols, folding and CodeLens: LSP wrappers over the LSP-free
// feature functions in server/src/features/.
import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  SymbolKind,
  FoldingRangeKind,
  type CodeLens,
  type CompletionItem,
  type DocumentSymbol,
  type FoldingRange,
  type Hover,
  type Position,
  type TextEdit,
} from 'vscode-languageserver/node';
import { completeAt } from '../features/completion';
import { formatEdits } from '../features/format';
import { hoverAt } from '../features/hover';
import { documentSymbols, foldingRanges } from '../features/symbols';
import type { Analysis } from './analysis';

export function hover(a: Analysis, position: Position): Hover | null {
  const file = a.result.file;
  const h = hoverAt(a.result, file.lines.offsetAt(position), a.simulation);
  if (!h) return null;
  return { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: file.lines.range(h.start, h.end) };
}

const COMPLETION_KIND = { key: CompletionItemKind.Property, value: CompletionItemKind.Value, field: CompletionItemKind.Field, snippet: CompletionItemKind.Snippet } as const;

export function completion(a: Analysis, position: Position): CompletionItem[] {
  const file = a.result.file;
  return completeAt(a.result, file.lines.offsetAt(position), a.options).map((e) => {
    const item: CompletionItem = {
      label: e.label,
      kind: COMPLETION_KIND[e.kind],
      textEdit: { range: file.lines.range(e.replaceStart, e.replaceEnd), newText: e.insertText },
      insertTextFormat: e.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    };
    if (e.detail) item.detail = e.detail;
    if (e.documentation) item.documentation = { kind: MarkupKind.Markdown, value: e.documentation };
    if (e.sortText) item.sortText = e.sortText;
    if (e.deprecated) item.tags = [1];
    return item;
  });
}

export function formatting(a: Analysis): TextEdit[] {
  const file = a.result.file;
  return formatEdits(file).map((e) => ({ range: file.lines.range(e.start, e.end), newText: e.newText }));
}

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

/** One lens on the first line: open the simulated-boot preview beside the editor. */
export function codeLenses(a: Analysis): CodeLens[] {
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return [{ range, command: { title: 'Preview simulated boot', command: 'xlcfg.previewBoot', arguments: [a.uri] } }];
}
