// Formatting: only the blanks between tokens change (plus commas and line breaks inside lists),
// never a value. Strings keep their exact source text, numbers too. The result is re-parsed and
// compared with the original settings; any difference (which would be a bug here) means no edits.
import { parse, settingsJson } from '../syntax/parser';
import { Scanner, Tok, type Token } from '../syntax/scanner';
import type { ConfigFile } from '../syntax/tree';

export interface FormatEdit {
  start: number;
  end: number;
  newText: string;
}

const INDENT = '    ';
/** Blank lines kept in a row at top level, and inside a list. */
const MAX_BLANK_TOP = 2;
const MAX_BLANK_LIST = 1;

interface ListInfo {
  open: number;
  close: number;
  multiline: boolean;
  /** Laid out in a way we do not rewrite (a comma after a comment): only trailing blanks go. */
  raw: boolean;
  /** Inline list written with blanks inside its brackets: `[ "a" ]` rather than `["a"]`. */
  padded: boolean;
  depth: number;
}

const isComment = (text: string, t: Token) => t.kind === Tok.Newline && text.charCodeAt(t.start) === 35;
const isLf = (text: string, t: Token) => t.kind === Tok.Newline && text.charCodeAt(t.start) !== 35;

export function formatEdits(file: ConfigFile): FormatEdit[] {
  if (!file.ok) return [];
  const text = file.text;
  if (text.includes('\r')) return [];
  const toks: Token[] = [];
  const scanner = new Scanner(text);
  for (;;) {
    const t = scanner.next();
    toks.push(t);
    if (t.kind === Tok.Eof) break;
  }
  const lists = listStructure(text, toks);
  if (!lists) return [];

  const edits: FormatEdit[] = [];
  const gap = (start: number, end: number, want: string) => {
    if (text.slice(start, end) !== want) edits.push({ start, end, newText: want });
  };
  const stack: ListInfo[] = [];
  let prev: Token | undefined; // previous significant token
  let blankRun = 0; // consecutive empty lines at top level

  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    const ctx = stack[stack.length - 1];
    const gapStart = prev ? prev.end : 0;
    const orig = text.slice(gapStart, t.start);

    // Inside a list, line breaks are blanks: they are laid out with the next real token.
    if (ctx && isLf(text, t)) continue;

    if (t.kind === Tok.Newline && isComment(text, t)) trimComment(text, t, edits);

    if (!ctx) {
      if (t.kind === Tok.Eof) {
        gap(gapStart, t.start, '');
        break;
      }
      const atLineStart = !prev || prev.kind === Tok.Newline;
      if (isLf(text, t)) {
        if (atLineStart && ++blankRun > MAX_BLANK_TOP && prev) {
          // Drop the whole empty line (its blanks and its LF).
          edits.push({ start: gapStart, end: t.end, newText: '' });
          prev = t;
          continue;
        }
        gap(gapStart, t.start, '');
      } else {
        blankRun = 0;
        if (atLineStart) gap(gapStart, t.start, '');
        else if (isComment(text, t)) gap(gapStart, t.start, orig.length ? orig : ' ');
        else if (t.kind === Tok.Semi) gap(gapStart, t.start, '');
        else if (
          prev &&
          (prev.kind === Tok.Semi || prev.kind === Tok.Ident || prev.kind === Tok.Assign || prev.kind === Tok.Append)
        )
          gap(gapStart, t.start, ' ');
      }
    } else if (ctx.raw) {
      // Keep the layout; only blanks at line ends go.
      gap(gapStart, t.start, orig.replace(/[ \t]+\n/g, '\n'));
    } else if (!ctx.multiline) {
      const opener = prev?.kind === Tok.LBracket;
      if (t.kind === Tok.RBracket) gap(gapStart, t.start, opener ? '' : ctx.padded ? ' ' : '');
      else if (opener) gap(gapStart, t.start, ctx.padded ? ' ' : '');
      else if (t.kind === Tok.Comma) gap(gapStart, t.start, '');
      else if (prev?.kind === Tok.Comma) gap(gapStart, t.start, ' ');
    } else {
      gap(gapStart, t.start, multilineGap(text, toks, i, prev!, orig, ctx));
    }

    if (t.kind === Tok.LBracket) {
      const info = lists.get(i)!;
      info.depth = (ctx?.depth ?? 0) + (info.multiline ? 1 : 0);
      if (ctx?.raw) info.raw = true; // nested lists of a raw list are left alone too
      stack.push(info);
    } else if (t.kind === Tok.RBracket) stack.pop();
    prev = t;
  }

  if (edits.length === 0) return [];
  edits.sort((a, b) => a.start - b.start);
  // A formatter bug must never change what xl reads: check, and give up rather than corrupt.
  const out = applyEdits(text, edits);
  const again = parse(out);
  if (!again.ok || JSON.stringify(settingsJson(again)) !== JSON.stringify(settingsJson(file))) return [];
  return edits;
}

/** The blanks wanted before token `i` inside a multi-line list. */
function multilineGap(text: string, toks: Token[], i: number, prev: Token, orig: string, ctx: ListInfo): string {
  const t = toks[i];
  const indent = INDENT.repeat(ctx.depth);
  const closeIndent = INDENT.repeat(ctx.depth - 1);
  const lfs = (orig.match(/\n/g) ?? []).length;
  const prevIsComment = isComment(text, prev);
  // A comment ends with its own LF, so the LFs left in the gap after it are empty lines.
  const blank = Math.min(prevIsComment ? lfs : Math.max(lfs - 1, 0), MAX_BLANK_LIST);
  const breakTo = (ind: string) => (prevIsComment ? '' : '\n') + '\n'.repeat(blank) + ind;
  const comma = isItemEnd(prev) && lastItem(text, toks, i) ? ',' : '';

  if (t.kind === Tok.Comma) return '';
  if (isComment(text, t)) {
    if (lfs === 0 && !prevIsComment) return comma + (orig.length ? orig : ' ');
    return comma + breakTo(indent);
  }
  if (t.kind === Tok.RBracket) return comma + (prevIsComment ? '' : '\n') + closeIndent;
  return breakTo(indent);
}

/** The previous token ends an item (so a trailing comma may follow it). */
function isItemEnd(t: Token): boolean {
  return t.kind === Tok.String || t.kind === Tok.Number || t.kind === Tok.Word || t.kind === Tok.RBracket;
}

/** From token i on, only comments and line breaks remain before this list's `]`. */
function lastItem(text: string, toks: Token[], i: number): boolean {
  for (let k = i; k < toks.length; k++) {
    const t = toks[k];
    if (t.kind === Tok.Newline) continue;
    return t.kind === Tok.RBracket;
  }
  return false;
}

function trimComment(text: string, t: Token, edits: FormatEdit[]): void {
  const bodyEnd = text.charCodeAt(t.end - 1) === 10 ? t.end - 1 : t.end;
  let s = bodyEnd;
  while (s > t.start + 1 && (text[s - 1] === ' ' || text[s - 1] === '\t')) s--;
  if (s < bodyEnd) edits.push({ start: s, end: bodyEnd, newText: '' });
}

/** Matching brackets and their layout, keyed by the index of `[`; undefined if unbalanced. */
function listStructure(text: string, toks: Token[]): Map<number, ListInfo> | undefined {
  const out = new Map<number, ListInfo>();
  const stack: ListInfo[] = [];
  let lastReal: Token | undefined;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    const top = stack[stack.length - 1];
    if (t.kind === Tok.LBracket) {
      const info: ListInfo = {
        open: i,
        close: -1,
        multiline: false,
        raw: false,
        padded: /^[ \t]/.test(text.slice(t.end, t.end + 1)),
        depth: 0,
      };
      out.set(i, info);
      stack.push(info);
    } else if (t.kind === Tok.RBracket) {
      const info = stack.pop();
      if (!info) return undefined;
      info.close = i;
      info.multiline = text.slice(toks[info.open].start, t.end).includes('\n');
      // A nested list that breaks lines makes its parent multi-line too (already true by text).
    } else if (top) {
      if (t.kind === Tok.Comma && lastReal && isComment(text, lastReal)) top.raw = true;
      if (
        t.kind === Tok.Word ||
        t.kind === Tok.Semi ||
        t.kind === Tok.Ident ||
        t.kind === Tok.Assign ||
        t.kind === Tok.Append
      )
        top.raw = true;
    }
    if (!(t.kind === Tok.Newline && !isComment(text, t))) lastReal = t;
    if (t.kind === Tok.Eof && stack.length) return undefined;
  }
  return out;
}

export function applyEdits(text: string, edits: readonly FormatEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    out += text.slice(at, e.start) + e.newText;
    at = e.end;
  }
  return out + text.slice(at);
}
