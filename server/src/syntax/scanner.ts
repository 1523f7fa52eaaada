// Tokeniser for xl.cfg, mirroring libxlutil's flex lexer (tools/libs/util/libxlu_cfg_l.l):
//   IDENT  [a-z][._0-9a-z]*      NUMBER [0-9][0-9a-fx]*      STRING '...' or "..." on one line
//   `=` `+=` `[` `]` `,` `;`     NEWLINE = LF, or `#` comment up to and including its LF
//   blanks: space and TAB only.  Anything else is a lexical error.
// Where flex would split an invalid run into several error fragments, we keep the whole run as
// one WORD token so the parser can name the real mistake (bareword value, key with `-`, `512M`...).
// Every WORD is an error in libxlutil too, so acceptance is unchanged.

import { SpanList } from './spans';

export const enum Tok {
  Ident,
  Number,
  String,
  Assign,
  Append,
  LBracket,
  RBracket,
  Comma,
  Semi,
  Newline,
  Word,
  Eof,
}

export interface Token {
  kind: Tok;
  start: number;
  end: number;
  /** 0-based line of `start` (only LF counts as a line end, as in xl). */
  line: number;
  /** Only for String: no closing quote on the line. */
  unterminated: boolean;
  /** Only for String: the body has no backslash and no NUL, so it decodes to itself. */
  plain: boolean;
}

/** Lexical facts noticed while scanning that the parser turns into diagnostics. */
export interface ScanNotes {
  /** Offset of the first CR that ends a line (CRLF file), or -1. */
  firstCrlf: number;
  crlfCount: number;
  /** A UTF-8 byte-order mark at offset 0. */
  bom: boolean;
  /** A `#` comment that reaches the end of the file without LF. */
  commentAtEof?: { start: number; end: number };
  /** libxlutil's end-of-input quirk dropped the last character (see `Scanner.atEnd`). */
  droppedLastChar?: boolean;
}

const enum C {
  Tab = 9,
  Lf = 10,
  Cr = 13,
  Space = 32,
  DQuote = 34,
  Hash = 35,
  SQuote = 39,
  Plus = 43,
  Comma = 44,
  Dot = 46,
  D0 = 48,
  D9 = 57,
  Semi = 59,
  Eq = 61,
  LBr = 91,
  Backslash = 92,
  RBr = 93,
  Underscore = 95,
  La = 97,
  Lf_ = 102,
  Lx = 120,
  Lz = 122,
}

// Character classes as bit flags in one table (a lookup beats a chain of comparisons in the
// hot loop). Characters >= 128 have no class: inside a word they are just invalid.
const ENDS_WORD = 1;
const IDENT_PART = 2;
const NUMBER_PART = 4;
const CLASS = new Uint8Array(128);
for (const ch of ' \t\n\r,[];#"\'=') CLASS[ch.charCodeAt(0)] |= ENDS_WORD;
for (let c = C.La; c <= C.Lz; c++) CLASS[c] |= IDENT_PART;
for (let c = C.D0; c <= C.D9; c++) CLASS[c] |= IDENT_PART | NUMBER_PART;
CLASS[C.Underscore] |= IDENT_PART;
CLASS[C.Dot] |= IDENT_PART;
for (let c = C.La; c <= C.Lf_; c++) CLASS[c] |= NUMBER_PART;
CLASS[C.Lx] |= NUMBER_PART;

/** Characters that end a WORD run: blanks, line ends and the structural characters. */
function endsWord(c: number): boolean {
  return c < 128 && (CLASS[c] & ENDS_WORD) !== 0;
}

function isIdentStart(c: number): boolean {
  return c >= C.La && c <= C.Lz;
}

function isIdentPart(c: number): boolean {
  return c < 128 && (CLASS[c] & IDENT_PART) !== 0;
}

function isNumberPart(c: number): boolean {
  return c < 128 && (CLASS[c] & NUMBER_PART) !== 0;
}

export class Scanner {
  private pos: number;
  private line: number;
  readonly notes: ScanNotes = { firstCrlf: -1, crlfCount: 0, bom: false };
  /** Every `#` comment, without its LF, in source order. */
  readonly comments = new SpanList();

  /**
   * @param lastCharBytes how many bytes the last character was decoded from (libxlutil's
   *   end-of-input quirk only concerns a single byte); by default its UTF-8 length.
   * @param from where to start (the incremental re-parse resumes at a statement boundary); a
   *   byte-order mark is only looked for at offset 0.
   * @param line the 0-based line of `from`.
   */
  constructor(
    private readonly text: string,
    private readonly lastCharBytes?: number,
    from = 0,
    line = 0,
  ) {
    this.pos = from;
    this.line = line;
    if (from === 0 && text.charCodeAt(0) === 0xfeff) {
      this.notes.bom = true;
      this.pos = 1;
    }
  }

  /** Offset where the next token will be looked for. */
  get offset(): number {
    return this.pos;
  }

  /**
   * Scan the next token into `t` (the parser recycles a few token objects: a 1 MB file has
   * ~150k tokens, and allocating each cost more than the scanning itself).
   */
  next(t: Token = newToken()): Token {
    this.scan(t);
    if (t.end === this.text.length && t.kind !== Tok.Eof) this.atEnd(t);
    return t;
  }

  private scan(t: Token): Token {
    const text = this.text;
    const n = text.length;
    let p = this.pos;
    // Blanks. A CR directly before LF is a CRLF line end: libxlutil rejects it on every line,
    // which the parser reports once for the whole file; here it is skipped so parsing goes on.
    for (;;) {
      const c = text.charCodeAt(p);
      if (c === C.Space || c === C.Tab) p++;
      else if (c === C.Cr && text.charCodeAt(p + 1) === C.Lf) {
        if (this.notes.firstCrlf < 0) this.notes.firstCrlf = p;
        this.notes.crlfCount++;
        p++;
      } else break;
    }
    const line = this.line;
    if (p >= n) {
      this.pos = n;
      return fill(t, Tok.Eof, n, n, line, false, false);
    }
    const start = p;
    const c = text.charCodeAt(p);
    switch (c) {
      case C.Lf:
        this.pos = p + 1;
        this.line++;
        return fill(t, Tok.Newline, start, p + 1, line, false, false);
      case C.Hash: {
        const lf = text.indexOf('\n', p);
        if (lf < 0) {
          // libxlutil's comment rule needs the LF; without it `#` is a lexical error.
          let end = n;
          if (text.charCodeAt(end - 1) === C.Cr) end--;
          this.notes.commentAtEof = { start, end };
          this.comments.add(start, n);
          this.pos = n;
          return fill(t, Tok.Newline, start, n, line, false, false);
        }
        this.comments.add(start, lf);
        this.pos = lf + 1;
        this.line++;
        return fill(t, Tok.Newline, start, lf + 1, line, false, false);
      }
      case C.Eq:
        this.pos = p + 1;
        return fill(t, Tok.Assign, start, p + 1, line, false, false);
      case C.LBr:
        this.pos = p + 1;
        return fill(t, Tok.LBracket, start, p + 1, line, false, false);
      case C.RBr:
        this.pos = p + 1;
        return fill(t, Tok.RBracket, start, p + 1, line, false, false);
      case C.Comma:
        this.pos = p + 1;
        return fill(t, Tok.Comma, start, p + 1, line, false, false);
      case C.Semi:
        this.pos = p + 1;
        return fill(t, Tok.Semi, start, p + 1, line, false, false);
      case C.DQuote:
      case C.SQuote:
        return this.string(t, p, c, line);
      case C.Plus:
        if (text.charCodeAt(p + 1) === C.Eq) {
          this.pos = p + 2;
          return fill(t, Tok.Append, start, p + 2, line, false, false);
        }
        break;
    }
    // A run of non-structural characters: IDENT, NUMBER, or an invalid WORD.
    let e = p;
    while (e < n) {
      const d = text.charCodeAt(e);
      if (endsWord(d)) break;
      if (d === C.Plus && text.charCodeAt(e + 1) === C.Eq && e > p) break;
      e++;
    }
    if (e === p) e = p + 1; // a lone character that ends words but matched nothing above (CR)
    this.pos = e;
    if (isIdentStart(c)) {
      let q = p + 1;
      while (q < e && isIdentPart(text.charCodeAt(q))) q++;
      if (q === e) return fill(t, Tok.Ident, start, e, line, false, false);
    } else if (c >= C.D0 && c <= C.D9) {
      let q = p + 1;
      while (q < e && isNumberPart(text.charCodeAt(q))) q++;
      if (q === e) return fill(t, Tok.Number, start, e, line, false, false);
    }
    return fill(t, Tok.Word, start, e, line, false, false);
  }

  /**
   * A quoted string: flex's `"([^"\\\n]|\\[^\n])*"`. If no closing quote is found on the line the
   * token is still returned (as a String ending at the line end); the parser reports it.
   */
  private string(t: Token, p: number, quote: number, line: number): Token {
    const text = this.text;
    const n = text.length;
    // Fast path: no backslash before the closing quote and the quote comes before the line end.
    // The next LF, backslash, NUL and quote positions are cached cursors that only move forward,
    // so the indexOf calls cost O(n) over the whole file however many strings there are.
    const from = p + 1;
    const close =
      quote === C.DQuote
        ? (this.nextDq = this.find(this.nextDq, '"', from))
        : (this.nextSq = this.find(this.nextSq, "'", from));
    const lf = (this.nextLf = this.find(this.nextLf, '\n', from));
    const bs = (this.nextBs = this.find(this.nextBs, '\\', from));
    if (close < lf && close < bs) {
      this.pos = close + 1;
      return fill(
        t,
        Tok.String,
        p,
        close + 1,
        line,
        false,
        (this.nextNul = this.find(this.nextNul, '\0', from)) > close,
      );
    }
    let q = p + 1;
    let plain = true;
    while (q < n) {
      const c = text.charCodeAt(q);
      if (c === quote) {
        this.pos = q + 1;
        return fill(t, Tok.String, p, q + 1, line, false, plain);
      }
      if (c === C.Lf) break;
      if (c === C.Backslash) {
        plain = false;
        if (q + 1 >= n || text.charCodeAt(q + 1) === C.Lf) break;
        q += 2;
        continue;
      }
      if (c === 0) plain = false;
      q++;
    }
    // Unterminated: stop before the LF (and before a CRLF's CR) so the line end still ends the statement.
    let end = q;
    if (end > p + 1 && text.charCodeAt(end - 1) === C.Cr && text.charCodeAt(end) === C.Lf) end--;
    this.pos = end;
    return fill(t, Tok.String, p, end, line, true, false);
  }

  // Cached positions of the next `"`, `'`, LF, backslash and NUL (-1: not looked up yet).
  private nextDq = -1;
  private nextSq = -1;
  private nextLf = -1;
  private nextBs = -1;
  private nextNul = -1;

  /** The first `ch` at or after `from` (the text length when there is none), given the cached one. */
  private find(cached: number, ch: string, from: number): number {
    if (cached >= from) return cached;
    const at = this.text.indexOf(ch, from);
    return at < 0 ? this.text.length : at;
  }

  /**
   * libxlutil's lexer never reports a lexical error that starts on the very last byte of the
   * input: its error rule needs one more byte to match, and at end of input flex just stops. So
   * `memory = 512F` (no newline) reads as `512`, and a lone `#`, `"` or stray byte at the very
   * end of a file vanishes. `t` is the token that reaches the end of the text.
   */
  private atEnd(t: Token): void {
    const text = this.text;
    const n = text.length;
    const last = text.charCodeAt(n - 1);
    const bytes = this.lastCharBytes ?? (last < 0x80 ? 1 : 3);
    if (bytes !== 1) return;
    const eof = (): void => void fill(t, Tok.Eof, n, n, this.line, false, false);
    if (t.kind === Tok.Word) {
      const errAt = flexErrorStart(text, t);
      // a-z or 0-9 there would start a valid token (and a syntax error), not a lexical error
      if (errAt !== n - 1 || (last >= C.La && last <= C.Lz) || (last >= C.D0 && last <= C.D9)) return;
      this.notes.droppedLastChar = true;
      if (errAt === t.start) return eof();
      t.kind = text.charCodeAt(t.start) >= C.D0 && text.charCodeAt(t.start) <= C.D9 ? Tok.Number : Tok.Ident;
      t.end = n - 1;
      return;
    }
    if (t.kind === Tok.String && t.unterminated && t.start === n - 1) {
      this.notes.droppedLastChar = true;
      return eof();
    }
    if (t.kind === Tok.Newline && this.notes.commentAtEof?.start === n - 1) {
      this.notes.commentAtEof = undefined;
      this.comments.pop();
      this.notes.droppedLastChar = true;
      return eof();
    }
  }
}

export function newToken(): Token {
  return { kind: Tok.Eof, start: 0, end: 0, line: 0, unterminated: false, plain: false };
}

function fill(
  t: Token,
  kind: Tok,
  start: number,
  end: number,
  line: number,
  unterminated: boolean,
  plain: boolean,
): Token {
  t.kind = kind;
  t.start = start;
  t.end = end;
  t.line = line;
  t.unterminated = unterminated;
  t.plain = plain;
  return t;
}

/** Where flex's first lexical error inside an invalid word starts: after one valid IDENT/NUMBER prefix. */
function flexErrorStart(text: string, t: Token): number {
  const c = text.charCodeAt(t.start);
  let q = t.start;
  if (isIdentStart(c)) {
    q++;
    while (q < t.end && isIdentPart(text.charCodeAt(q))) q++;
  } else if (c >= C.D0 && c <= C.D9) {
    q++;
    while (q < t.end && isNumberPart(text.charCodeAt(q))) q++;
  }
  return q;
}
