// textDocument/completion: the LSP wrapper of features/completion.ts. Skeletons are snippets
// (`key = ${1|0,1|}`) only for clients that declare snippetSupport; others (Neovim without a
// snippet plugin, plain-text clients) get the same text with the placeholders resolved.
import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type Position,
} from 'vscode-languageserver/node';
import { completeAt } from '../features/completion';
import type { Analysis } from './analysis';

const COMPLETION_KIND = {
  key: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  field: CompletionItemKind.Field,
  snippet: CompletionItemKind.Snippet,
} as const;

export function completion(a: Analysis, position: Position, snippets: boolean): CompletionItem[] {
  const file = a.result.file;
  return completeAt(a.result, file.lines.offsetAt(position), a.options).map((e) => {
    const asSnippet = e.snippet && snippets;
    const item: CompletionItem = {
      label: e.label,
      kind: COMPLETION_KIND[e.kind],
      textEdit: {
        range: file.lines.range(e.replaceStart, e.replaceEnd),
        newText: e.snippet && !snippets ? snippetToPlain(e.insertText) : e.insertText,
      },
      insertTextFormat: asSnippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    };
    if (e.detail) item.detail = e.detail;
    if (e.documentation) item.documentation = { kind: MarkupKind.Markdown, value: e.documentation };
    if (e.sortText) item.sortText = e.sortText;
    if (e.deprecated) item.tags = [1];
    return item;
  });
}

/**
 * The text a snippet inserts with every tab stop left empty, every placeholder at its default and
 * every choice at its first value (LSP snippet grammar: `$1`, `${1}`, `${1:text}`, `${1|a,b|}`,
 * backslash escapes of `$`, `}`, `\` and, inside choices, `,` and `|`).
 */
export function snippetToPlain(snippet: string): string {
  let out = '';
  let i = 0;
  const n = snippet.length;
  while (i < n) {
    const c = snippet[i];
    if (c === '\\' && i + 1 < n) {
      out += snippet[i + 1];
      i += 2;
    } else if (c === '$' && /[0-9]/.test(snippet[i + 1] ?? '')) {
      i++;
      while (i < n && /[0-9]/.test(snippet[i])) i++;
    } else if (c === '$' && snippet[i + 1] === '{' && /[0-9]/.test(snippet[i + 2] ?? '')) {
      i += 2;
      while (i < n && /[0-9]/.test(snippet[i])) i++;
      if (snippet[i] === '|') {
        // A choice: keep the first value, skip to the closing `|}`.
        i++;
        let first = '';
        let done = false;
        while (i < n && !(snippet[i] === '|' && snippet[i + 1] === '}')) {
          if (snippet[i] === '\\' && i + 1 < n) {
            if (!done) first += snippet[i + 1];
            i += 2;
            continue;
          }
          if (snippet[i] === ',') done = true;
          else if (!done) first += snippet[i];
          i++;
        }
        out += first;
        i += 2;
      } else if (snippet[i] === ':') {
        // A placeholder: its default text (which may hold nested tab stops) stays, the closing `}` goes.
        i++;
        let depth = 1;
        let inner = '';
        while (i < n && depth > 0) {
          if (snippet[i] === '\\' && i + 1 < n) {
            inner += snippet.slice(i, i + 2);
            i += 2;
            continue;
          }
          if (snippet[i] === '{') depth++;
          else if (snippet[i] === '}' && --depth === 0) break;
          inner += snippet[i++];
        }
        out += snippetToPlain(inner);
        i++;
      } else if (snippet[i] === '}') i++;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}
