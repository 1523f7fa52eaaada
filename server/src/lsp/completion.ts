// textDocument/completion: the LSP wrapper of features/completion.ts.
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type Position } from 'vscode-languageserver/node';
import { completeAt } from '../features/completion';
import type { Analysis } from './analysis';

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
