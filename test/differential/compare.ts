// One input, two parsers: does xlcfg agree with libxlutil, and does it keep its own promises?
import { decodeUtf8 } from '../../server/src/syntax/utf8';
import { parse, settingsJson } from '../../server/src/syntax/parser';
import type { ConfigFile, Value } from '../../server/src/syntax/tree';
import { candidateKeys, type OracleResult } from './oracle';

export interface Xlcfg {
  file?: ConfigFile;
  ok?: boolean;
  settings?: Record<string, Value>;
  threw?: string;
  invalidUtf8: boolean;
}

export function runXlcfg(bytes: Uint8Array): Xlcfg {
  const d = decodeUtf8(bytes);
  try {
    const file = parse(d.text, d);
    return { file, ok: file.ok, settings: settingsJson(file), invalidUtf8: d.invalidUtf8.length > 0 };
  } catch (e) {
    return { threw: e instanceof Error ? (e.stack ?? e.message) : String(e), invalidUtf8: d.invalidUtf8.length > 0 };
  }
}

/** Keys to ask libxlutil about: scanned from the bytes, plus whatever xlcfg stored. */
export function keysFor(bytes: Uint8Array, x: Xlcfg): string[] {
  return candidateKeys(bytes, x.settings ? Object.keys(x.settings) : []);
}

/**
 * xlcfg decodes the file before parsing, libxlutil copies bytes. They can only differ where
 * invalid UTF-8 bytes inside one value get joined by libxlutil into a valid sequence (a vanishing
 * `\0..` escape or `+=` between them). Comparing with every run of non-ASCII characters
 * collapsed to one mark keeps the check strict everywhere else.
 */
export function lossy(s: string): string {
  return s.replace(/[^\x00-\x7f]+/g, '\u00a4');
}

/** Deep equality with an explicit stack: accepted lists can be ~5,000 levels deep. */
function sameValue(a: Value, b: Value, map: (s: string) => string = (s) => s): boolean {
  const todo: Array<[Value, Value]> = [[a, b]];
  while (todo.length) {
    const [x, y] = todo.pop()!;
    if (typeof x === 'string' || typeof y === 'string') {
      if (typeof x !== 'string' || typeof y !== 'string' || map(x) !== map(y)) return false;
      continue;
    }
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) todo.push([x[i], y[i]]);
  }
  return true;
}

export type Outcome = 'agree' | 'agree-lossy' | 'disagree' | 'property';

export interface Verdict {
  outcome: Outcome;
  reason?: string;
}

export function compare(x: Xlcfg, o: OracleResult): Verdict {
  if (x.threw) return { outcome: 'property', reason: `parse threw: ${x.threw}` };
  if ('crash' in o) return { outcome: 'disagree', reason: `libxlutil crashed (${o.crash})` };
  // libxlutil aborts on a NUL inside quotes; xlcfg must reject such a file.
  if ('abort' in o)
    return x.ok
      ? { outcome: 'disagree', reason: 'libxlutil aborts (NUL in quotes) but xlcfg accepts' }
      : { outcome: 'agree' };
  if (!o.ok) return x.ok ? { outcome: 'disagree', reason: 'libxlutil rejects, xlcfg accepts' } : { outcome: 'agree' };
  if (!x.ok) return { outcome: 'disagree', reason: 'libxlutil accepts, xlcfg rejects' };
  const xs = x.settings!;
  const os = o.settings;
  const keys = new Set([...Object.keys(xs), ...Object.keys(os)]);
  let lossyUsed = false;
  for (const k of keys) {
    if (!(k in xs)) return { outcome: 'disagree', reason: `key ${k} only in libxlutil` };
    if (!(k in os)) return { outcome: 'disagree', reason: `key ${k} only in xlcfg` };
    if (sameValue(xs[k], os[k])) continue;
    if (x.invalidUtf8 && sameValue(xs[k], os[k], lossy)) {
      lossyUsed = true;
      continue;
    }
    return { outcome: 'disagree', reason: `value of ${k} differs` };
  }
  return { outcome: lossyUsed ? 'agree-lossy' : 'agree' };
}

/**
 * xlcfg's own promises: every diagnostic range lies inside the document, and `ok` is false
 * exactly when an error-severity `syntax/*` diagnostic exists. Returns the first broken one.
 */
export function checkProperties(x: Xlcfg): string | null {
  if (x.threw) return `parse threw: ${x.threw}`;
  const f = x.file!;
  const starts = f.lines.lineStarts;
  const within = (p: { line: number; character: number }): boolean => {
    if (
      !Number.isInteger(p.line) ||
      !Number.isInteger(p.character) ||
      p.line < 0 ||
      p.character < 0 ||
      p.line >= starts.length
    )
      return false;
    return p.character <= f.lines.lineEnd(p.line) - starts[p.line];
  };
  for (const d of f.diagnostics) {
    const { start, end } = d.range;
    if (!within(start) || !within(end))
      return `diagnostic ${d.code} range outside the document: ${JSON.stringify(d.range)}`;
    if (start.line > end.line || (start.line === end.line && start.character > end.character))
      return `diagnostic ${d.code} range is reversed: ${JSON.stringify(d.range)}`;
  }
  const syntaxError = f.diagnostics.some((d) => d.severity === 'error' && d.code.startsWith('syntax/'));
  if (syntaxError === f.ok) return `ok=${f.ok} but ${syntaxError ? 'an' : 'no'} error-severity syntax/* diagnostic`;
  return null;
}

/** A readable account of one input for failure messages and findings files. */
export function describeCase(bytes: Uint8Array, x: Xlcfg, o: OracleResult | undefined, why: string): string {
  const json = (v: unknown): string => {
    try {
      return JSON.stringify(v);
    } catch (e) {
      return `(not printable: ${String(e)})`; // e.g. thousands of nesting levels
    }
  };
  return [
    `why: ${why}`,
    `input (latin1, JSON-escaped): ${JSON.stringify(Buffer.from(bytes).toString('latin1'))}`,
    `input (base64): ${Buffer.from(bytes).toString('base64')}`,
    `xlcfg: ${x.threw ? 'threw ' + x.threw : json({ ok: x.ok, settings: x.settings })}`,
    `xlcfg diagnostics: ${json(x.file?.diagnostics.map((d) => `${d.severity} ${d.code} ${d.range.start.line}:${d.range.start.character}`))}`,
    `libxlutil: ${json(o)}`,
  ].join('\n');
}
