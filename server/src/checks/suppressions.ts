// Suppression comments (`# xlcfg-disable-next-line <rule-id>[, ...]`, `# xlcfg-disable ...` for the whole
// file; their syntax is read by domain/directives.ts).
// Without ids they silence every rule. A directive that silences nothing is itself reported, so
// stale suppressions do not pile up.
import type { Diagnostic, Fix, Range } from '../diagnostic';
import { suppressionComment, suppressionDirectives } from '../domain/directives';
import type { ConfigFile } from '../syntax/tree';

/** A suppression comment and what it silenced in this run. */
interface Suppression {
  scope: 'next-line' | 'file';
  /** Empty = every rule. */
  ids: Array<{ id: string; start: number; end: number; used: boolean }>;
  start: number;
  end: number;
  /** Line the directive covers (next-line scope). */
  line: number;
  usedAny: boolean;
}

function suppressions(file: ConfigFile): Suppression[] {
  return suppressionDirectives(file).map((d) => ({
    scope: d.scope,
    ids: d.ids.map((w) => ({ id: w.text, start: w.start, end: w.end, used: false })),
    start: d.start,
    end: d.end,
    line: file.lines.positionAt(d.start).line + 1,
    usedAny: false,
  }));
}

/**
 * Drop suppressed diagnostics and add `directive/*` diagnostics for directives that suppress
 * nothing or name unknown rules.
 */
export function applySuppressions(
  file: ConfigFile,
  diagnostics: Diagnostic[],
  knownIds: ReadonlySet<string>,
): Diagnostic[] {
  const dirs = suppressions(file);
  if (dirs.length === 0) return diagnostics;
  const kept: Diagnostic[] = [];
  for (const d of diagnostics) {
    let suppressed = false;
    for (const dir of dirs) {
      if (dir.scope === 'next-line' && d.range.start.line !== dir.line) continue;
      if (dir.ids.length === 0) {
        suppressed = dir.usedAny = true;
      } else {
        for (const i of dir.ids) {
          if (i.id === d.code || (i.id.endsWith('/*') && d.code.startsWith(i.id.slice(0, -1)))) {
            suppressed = i.used = dir.usedAny = true;
          }
        }
      }
    }
    if (!suppressed) kept.push(d);
  }
  const range = (s: number, e: number) => file.lines.range(s, e);
  const removal = (dir: Suppression): Fix[] => [
    {
      title: 'Remove the unused suppression',
      edits: [{ range: directiveRemoval(file, dir), newText: '' }],
      preferred: true,
    },
  ];
  for (const dir of dirs) {
    for (const i of dir.ids) {
      const known =
        knownIds.has(i.id) || (i.id.endsWith('/*') && [...knownIds].some((k) => k.startsWith(i.id.slice(0, -1))));
      if (!known) {
        kept.push({
          code: 'directive/unknown-rule',
          severity: 'warning',
          message: `\`${i.id}\` is not an xlcfg rule id, so this suppresses nothing.`,
          range: range(i.start, i.end),
        });
      } else if (!i.used) {
        kept.push({
          code: 'directive/unused',
          severity: 'warning',
          message: `Nothing to suppress: \`${i.id}\` reports no problem ${dir.scope === 'file' ? 'in this file' : 'on the next line'}.`,
          range: range(i.start, i.end),
          unnecessary: true,
          // Other ids of the same comment may still be at work: remove only this one then.
          fixes:
            dir.usedAny || dir.ids.filter((x) => !x.used).length < dir.ids.length ? idRemoval(file, i) : removal(dir),
        });
      }
    }
    if (dir.ids.length === 0 && !dir.usedAny) {
      kept.push({
        code: 'directive/unused',
        severity: 'warning',
        message: `Nothing to suppress ${dir.scope === 'file' ? 'in this file' : 'on the next line'}.`,
        range: range(dir.start, dir.end),
        unnecessary: true,
        fixes: removal(dir),
      });
    }
  }
  return kept;
}

/** Delete one id from a directive's list, with the comma (and blanks) that join it to the others. */
function idRemoval(file: ConfigFile, id: { id: string; start: number; end: number }): Fix[] {
  const text = file.text;
  let { start, end } = id;
  const after = /^[ \t]*,[ \t]*/.exec(text.slice(end, end + 64));
  if (after) end += after[0].length;
  else {
    const before = /[ \t]*,[ \t]*$/.exec(text.slice(Math.max(0, start - 64), start));
    if (before) start -= before[0].length;
  }
  return [
    {
      title: `Remove \`${id.id}\` from the suppression`,
      edits: [{ range: file.lines.range(start, end), newText: '' }],
      preferred: true,
    },
  ];
}

/**
 * The text to delete for a directive: its whole line when it stands alone, else only the comment
 * and the blanks before it (taking the newline after a trailing comment would join the statement
 * to the next line, which xl rejects).
 */
function directiveRemoval(file: ConfigFile, dir: Suppression): Range {
  const line = file.lines.positionAt(dir.start).line;
  const lineStart = file.lines.lineStarts[line];
  const before = file.text.slice(lineStart, dir.start);
  if (/^[ \t]*$/.test(before)) return file.lines.range(lineStart, Math.min(dir.end + 1, file.text.length));
  return file.lines.range(lineStart + before.replace(/[ \t]+$/, '').length, dir.end);
}

/** Quick fixes that insert a suppression for one diagnostic (offered by the editor, never applied by fix-all). */
export function suppressionFixes(file: ConfigFile, d: Diagnostic): Fix[] {
  // Directive diagnostics are computed after suppression, so no comment can silence them.
  if (d.code.startsWith('directive/')) return [];
  const line = d.range.start.line;
  const lineStart = file.lines.lineStarts[line] ?? 0;
  const indent = /^[ \t]*/.exec(file.text.slice(lineStart, file.lines.lineEnd(line)))?.[0] ?? '';
  const at = { line, character: 0 };
  const top = { line: 0, character: 0 };
  const fileWide: Fix = {
    title: `Disable ${d.code} for this file`,
    edits: [{ range: { start: top, end: top }, newText: `${suppressionComment('file', [d.code])}\n` }],
  };
  // An empty range at 0:0 is about the whole file (a missing key): a comment inserted above it
  // would push the file's first line down and cover that line instead.
  if (isFileLevel(d)) return [fileWide];
  return [
    {
      title: `Disable ${d.code} for this line`,
      edits: [{ range: { start: at, end: at }, newText: `${indent}${suppressionComment('next-line', [d.code])}\n` }],
    },
    fileWide,
  ];
}

/** A diagnostic about the file as a whole (reported at an empty range at its very start). */
export function isFileLevel(d: Diagnostic): boolean {
  const { start, end } = d.range;
  return start.line === 0 && start.character === 0 && end.line === 0 && end.character === 0;
}
