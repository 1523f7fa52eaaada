// Test helpers for rule tests: run the checks, pick diagnostics, apply LSP-style quick fixes.
import assert from 'node:assert/strict';
import type { Diagnostic, Fix, Position, TextEdit } from '../../server/src/diagnostic';
import { checkText } from '../../server/src/checks/check';
import { defaultOptions, type XlcfgOptions } from '../../server/src/options';
import { parse } from '../../server/src/syntax/parser';

export function check(text: string, overrides: Partial<XlcfgOptions> = {}): Diagnostic[] {
  return checkText(text, defaultOptions(overrides)).diagnostics;
}

/** Diagnostics with the given code (or code prefix ending in '/'). */
export function only(diags: Diagnostic[], code: string): Diagnostic[] {
  return diags.filter((d) => (code.endsWith('/') ? d.code.startsWith(code) : d.code === code));
}

/** Exactly one diagnostic with `code`; returns it. */
export function one(text: string, code: string, overrides: Partial<XlcfgOptions> = {}): Diagnostic {
  const ds = only(check(text, overrides), code);
  assert.equal(ds.length, 1, `expected one ${code}, got ${JSON.stringify(ds.map((d) => d.message))}`);
  return ds[0];
}

export function none(text: string, code: string, overrides: Partial<XlcfgOptions> = {}): void {
  const ds = only(check(text, overrides), code);
  assert.deepEqual(
    ds.map((d) => `${d.code}: ${d.message}`),
    [],
    `expected no ${code}`,
  );
}

/** Offset of an LSP position in `text` (clamped to the line's and the text's end). */
export function offsetAt(text: string, p: Position): number {
  let line = 0;
  let i = 0;
  while (line < p.line) {
    const nl = text.indexOf('\n', i);
    if (nl < 0) return text.length;
    i = nl + 1;
    line++;
  }
  return Math.min(i + p.character, text.length);
}

/** Applies a fix's edits (LSP ranges over the original text, non-overlapping) and returns the new text. */
export function applyFix(text: string, fix: Fix): string {
  return applyEdits(text, fix.edits);
}

/** Applies LSP-style edits, as an editor would. */
export function applyEdits(text: string, textEdits: readonly TextEdit[]): string {
  const edits = textEdits
    .map((e) => ({ start: offsetAt(text, e.range.start), end: offsetAt(text, e.range.end), newText: e.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** The text a diagnostic's range covers. */
export function covered(text: string, d: Diagnostic): string {
  return text.slice(offsetAt(text, d.range.start), offsetAt(text, d.range.end));
}

/**
 * Applies the fix titled `title` (or the preferred / first one) of the single `code` diagnostic,
 * asserts the result still parses and no longer has that diagnostic; returns the new text.
 */
export function fixes(
  text: string,
  code: string,
  title?: string | RegExp,
  overrides: Partial<XlcfgOptions> = {},
): string {
  const d = one(text, code, overrides);
  assert.ok(d.fixes?.length, `${code} has no fixes`);
  const fix =
    title === undefined
      ? (d.fixes!.find((f) => f.preferred) ?? d.fixes![0])
      : d.fixes!.find((f) => (typeof title === 'string' ? f.title === title : title.test(f.title)));
  assert.ok(fix, `no fix ${String(title)} among ${d.fixes!.map((f) => f.title).join(' | ')}`);
  const out = applyFix(text, fix!);
  assert.ok(parse(out).ok, `fixed text does not parse:\n${out}`);
  none(out, code, overrides);
  return out;
}

/** Text with a `|` cursor marker -> the text without it and the marker's offset. */
export function cursor(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  if (offset < 0) throw new Error('no | cursor marker');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}
