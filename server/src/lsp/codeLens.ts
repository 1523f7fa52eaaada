// textDocument/codeLens: the "Preview simulated boot" lens, where force_x2apic is set, unless the
// user turned lenses off (`xlcfg.codeLens.enable`, read into the document's options).
import type { CodeLens } from 'vscode-languageserver/node';
import { previewLensRange } from '../features/previewLens';
import type { Analysis } from './analysis';

export function codeLenses(a: Analysis): CodeLens[] {
  if (a.options.codeLens === false) return [];
  const range = previewLensRange(a.result);
  if (!range) return [];
  return [{ range, command: { title: 'Preview simulated boot', command: 'xlcfg.previewBoot', arguments: [a.uri] } }];
}
