// Text edits that fixes share: deleting a statement, replacing a value, writing an xl string.
import type { ConfigFile, Setting } from '../syntax/tree';
import type { OffsetEdit, OffsetFix } from './rule';

/** Delete a statement: its whole line when it stands alone there, else just its text. */
export function statementDeletion(file: ConfigFile, start: number, end: number): OffsetEdit {
  const line = file.lines.positionAt(start).line;
  const ls = file.lines.lineStarts[line];
  const le = file.lines.lineEnd(line);
  const before = file.text.slice(ls, start);
  const after = file.text.slice(end, le).replace(/^\s*;?\s*(#.*)?$/, '');
  if (/^\s*$/.test(before) && after === '') return { start: ls, end: Math.min(le + 1, file.text.length), newText: '' };
  return { start, end, newText: '' };
}

/** Remove every statement of a key. */
export function removeKeyFix(file: ConfigFile, s: Setting, preferred = false): OffsetFix {
  const fix: OffsetFix = {
    title: `Remove \`${s.key}\``,
    edits: s.all.map((a) => statementDeletion(file, a.start, a.end)),
  };
  if (preferred) fix.preferred = true;
  return fix;
}

/** Replace the value of a key set by one statement. */
export function replaceValueFix(s: Setting, title: string, newText: string, preferred = true): OffsetFix[] {
  if (s.sources.length !== 1) return [];
  const v = s.sources[0].value;
  if (!v) return [];
  return [{ title, edits: [{ start: v.start, end: v.end, newText }], preferred }];
}

/** An xl string literal for `s`: double quotes unless that needs escapes. */
export function quoteValue(s: string): string {
  if (!/["\\\n]/.test(s)) return `"${s}"`;
  if (!/['\\\n]/.test(s)) return `'${s}'`;
  return `"${s.replace(/[\\"]/g, (c) => '\\' + c).replace(/\n/g, '\\n')}"`;
}
