// textDocument/codeLens: the "Preview simulated boot" lens.
import type { CodeLens } from 'vscode-languageserver/node';
import type { Analysis } from './analysis';

/** One lens on the first line: open the simulated-boot preview beside the editor. */
export function codeLenses(a: Analysis): CodeLens[] {
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return [{ range, command: { title: 'Preview simulated boot', command: 'xlcfg.previewBoot', arguments: [a.uri] } }];
}
