// Small helpers shared by the sub-language parsers. Everything here is
// linear in the input length and never throws.
import { didYouMean as closestName } from '../schema/suggest';
import type { LibxlValue } from '../libxl/value';
import { isCSpace } from './clib';
import type { SpecField, SpecParse, SpecProblem, SpecSeverity, XlOutput } from './types';

export interface Tok {
  text: string;
  start: number;
  end: number;
}

export class Builder {
  readonly fields: SpecField[] = [];
  readonly problems: SpecProblem[] = [];
  readonly summary: Array<[string, string]> = [];
  /**
   * True for xl loops that exit at their first refusal: problems found after it keep their
   * message (the editor shows them) but lose `xl`, since xl never gets there.
   */
  exitOnRefusal = false;
  constructor(
    readonly syntax: string,
    readonly text: string,
  ) {}

  private clamp(n: number): number {
    if (!Number.isFinite(n) || n < 0) return 0;
    return Math.min(n, this.text.length);
  }

  problem(start: number, end: number, message: string, severity: SpecSeverity, fatal: boolean, xl?: XlOutput): void {
    // Keep absurd inputs cheap for the editor: beyond 1000 only fatal problems and xl's own output are kept.
    if (this.problems.length >= 1000 && !fatal && !xl) return;
    let s = this.clamp(start);
    let e = this.clamp(end);
    if (e < s) [s, e] = [e, s];
    const p: SpecProblem = { start: s, end: e, message, severity, fatal };
    if (xl && !(this.exitOnRefusal && this.exited)) {
      p.xl = xl;
      if (xl.effect === 'refusal' || xl.effect === 'crash') this.exited = true;
    }
    this.problems.push(p);
  }
  /** xl refuses the domain; `xl` says what xl prints there when xl reaches this problem. */
  fatal(start: number, end: number, message: string, xl?: XlOutput): void {
    this.problem(start, end, message, 'error', true, xl);
  }
  /** xl prints something and carries on, or the result is surely not what was meant */
  warn(start: number, end: number, message: string, xl?: XlOutput): void {
    this.problem(start, end, message, 'warning', false, xl);
  }
  /** xl silently ignores or alters the value */
  info(start: number, end: number, message: string, xl?: XlOutput): void {
    this.problem(start, end, message, 'information', false, xl);
  }
  hint(start: number, end: number, message: string): void {
    this.problem(start, end, message, 'hint', false);
  }
  private exited = false;
  /** True once a problem xl reaches makes it exit: later checks of xl never run. */
  get xlExited(): boolean {
    return this.exited;
  }
  field(name: string, value: string, start: number, end: number, valueStart: number, positional?: boolean): SpecField {
    const f: SpecField = {
      name,
      value,
      start: this.clamp(start),
      end: this.clamp(end),
      valueStart: this.clamp(valueStart),
    };
    if (f.end < f.start) f.end = f.start;
    if (f.valueStart < f.start || f.valueStart > f.end) f.valueStart = f.end;
    if (positional) f.positional = true;
    this.fields.push(f);
    return f;
  }
  sum(label: string, text: string): void {
    this.summary.push([label, text]);
  }
  done(device?: LibxlValue): SpecParse {
    const p: SpecParse = { syntax: this.syntax, fields: this.fields, problems: this.problems, summary: this.summary };
    if (device !== undefined) p.device = device;
    return p;
  }
}

/** strtok(3) semantics: runs of separators collapse, empty tokens vanish. */
export function strtok(text: string, sep: string, from = 0, to = text.length): Tok[] {
  const out: Tok[] = [];
  let i = from;
  while (i < to) {
    while (i < to && sep.includes(text[i])) i++;
    if (i >= to) break;
    const s = i;
    while (i < to && !sep.includes(text[i])) i++;
    out.push({ text: text.slice(s, i), start: s, end: i });
  }
  return out;
}

/** Skip leading ' ' (space only), as the xl loops `while (*p == ' ') p++` do. */
export function skipSpaces(t: Tok): Tok {
  let s = 0;
  while (s < t.text.length && t.text[s] === ' ') s++;
  return s ? { text: t.text.slice(s), start: t.start + s, end: t.end } : t;
}

/** trim(isspace, ...) from xl_parse.c, keeping offsets. */
export function trimTok(t: Tok): Tok {
  let s = 0;
  let e = t.text.length;
  while (s < e && isCSpace(t.text[s])) s++;
  while (e > s && isCSpace(t.text[e - 1])) e--;
  return { text: t.text.slice(s, e), start: t.start + s, end: t.start + e };
}

/**
 * MATCH_OPTION from xl_parse.c: the token must start with exactly `key=`.
 * Returns the key/value split of a token at its first '='.
 */
export interface KV {
  key: string;
  keyStart: number;
  value: string;
  valueStart: number;
  hasEq: boolean;
}
export function splitAtEq(t: Tok): KV {
  const eq = t.text.indexOf('=');
  if (eq < 0) return { key: t.text, keyStart: t.start, value: '', valueStart: t.end, hasEq: false };
  return {
    key: t.text.slice(0, eq),
    keyStart: t.start,
    value: t.text.slice(eq + 1),
    valueStart: t.start + eq + 1,
    hasEq: true,
  };
}

/**
 * The "strtok" style of xl_parse.c: strtok(",") then `while (*p == ' ') p++` and
 * MATCH_OPTION("key", p, oparg) (vtpm, vfb, pvcalls, usbctrl, usbdev, vkb, virtio, vdispl).
 */
export interface KvTok extends KV {
  tok: Tok;
}
export function strtokKv(text: string): KvTok[] {
  return strtok(text, ',').map((raw) => {
    const tok = skipSpaces(raw);
    return { tok, ...splitAtEq(tok) };
  });
}

/**
 * strtok-style items that xl reads up to the first one without `=`
 * (xl_parse.c: `if ((p2 = strchr(p, '=')) == NULL) break;`; vtpm, vfb, pvcalls). Each item is
 * recorded as a field before `each` sees it; `what` names the device in the message.
 */
export function forEachKvUntilBare(b: Builder, text: string, what: string, each: (k: KvTok) => void): void {
  for (const k of strtokKv(text)) {
    if (!k.hasEq) {
      b.info(k.tok.start, text.length, `xl silently ignores ${what} from ${q(k.tok.text, 30)} on (no \`=\`)`);
      break;
    }
    b.field(k.key, k.value, k.tok.start, k.tok.end, k.valueStart);
    each(k);
  }
}

/** Readable excerpt of user text for messages (bounded length). */
export function q(s: string, max = 40): string {
  const shown = s.length > max ? s.slice(0, max) + '…' : s;
  return (
    '`' + shown.replace(/[\u0000-\u001f\u007f]/g, (c) => '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0')) + '`'
  );
}

/**
 * ` (did you mean \`x\`?)` for a misspelt key or word, or ''. The distance is the one of
 * schema/suggest.ts with a flat limit of 2 edits (sub-language keys are short); overlong words
 * are not compared at all, so the work stays bounded.
 */
export function didYouMeanNote(word: string, options: readonly string[]): string {
  if (word.length > 40) return '';
  // A spec of thousands of the same misspelt key asks the same question thousands of times.
  let memo = NOTES.get(options);
  if (!memo) NOTES.set(options, (memo = new Map()));
  let note = memo.get(word);
  if (note === undefined) {
    const s = closestName(word, options, 2);
    note = s ? ` (did you mean \`${s}\`?)` : '';
    if (memo.size < 1000) memo.set(word, note);
  }
  return note;
}

const NOTES = new WeakMap<readonly string[], Map<string, string>>();

/** libxl_uuid_from_string: 8-4-4-4-12 hex digits, nothing else. */
export function isUuid(s: string): boolean {
  return /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(s);
}
