// textDocument/formatting: the LSP wrapper of features/format.ts (spacing only, values untouched).
import type { TextEdit } from 'vscode-languageserver/node';
import { formatEdits } from '../features/format';
import type { Analysis } from './analysis';

export function formatting(a: Analysis): TextEdit[] {
  const file = a.result.file;
  return formatEdits(file).map((e) => ({ range: file.lines.range(e.start, e.end), newText: e.newText }));
}
