// Tokeniser for xl.cfg, mirroring libxlutil's flex lexer (tools/libs/util/libxlu_cfg_l.l):
//   IDENT  [a-z][._0-9a-z]*      NUMBER [0-9][0-9a-fx]*      STRING '...' or "..." on one line
//   `=` `+=` `[` `]` `,` `;`     NEWLINE = LF, or `#` comment up to and including its LF
//   blanks: space and TAB only.  Anything else is a lexical error.
// Where flex would split an invalid run into several error fragments, we keep the whole run as
// one WORD token so the parser can name the real mistake (bareword value, key with `-`, `512M`...).
// Every WORD is an error in libxlutil too, so acceptance is unchanged.

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
  /** Only for String: no closing quote on the line. */
  unterminated?: boolean;
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

/** Characters that end a WORD run: blanks, line ends and the structural characters. */
function endsWord(c: number): boolean {
  return (
    c === C.Space || c === C.Tab || c === C.Lf || c === C.Cr || c === C.Comma || c === C.LBr || c === C.RBr ||
    c === C.Semi || c === C.Hash || c === C.DQuote || c === C.SQuote || c === C.Eq
  );
}

function isIdentStart(c: number): boolean {
  return c >= C.La && c <= C.Lz;
}

function isIdentPart(c: number): boolean {
  return (c >= C.La && c <= C.Lz) || (c >= C.D0 && c <= C.D9) || c === C.Underscore || c === C.Dot;
}

function isNumberPart(c: number): boolean {
  return (c >= C.D0 && c <= C.D9) || (c >= C.La && c <= C.Lf_) || c === C.Lx;
}

export class Scanner {
  private pos: number;
  readonly notes: ScanNotes = { firstCrlf: -1, crlfCount: 0, bom: false };

  constructor(private readonly text: string) {
    this.pos = 0;
    if (text.charCodeAt(0) === 0xfeff) {
      this.notes.bom = true;
      this.pos = 1;
    }
  }

  /** Offset where the next token will be looked for. */
  get offset(): number {
    return this.pos;
  }

  next(): Token {
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
    if (p >= n) {
      this.pos = n;
      return { kind: Tok.Eof, start: n, end: n };
    }
    const start = p;
    const c = text.charCodeAt(p);
    switch (c) {
      case C.Lf:
        this.pos = p + 1;
        return { kind: Tok.Newline, start, end: p + 1 };
      case C.Hash: {
        const lf = text.indexOf('\n', p);
        if (lf < 0) {
          // libxlutil's comment rule needs the LF; without it `#` is a lexical error.
          let end = n;
          if (text.charCodeAt(end - 1) === C.Cr) end--;
          this.notes.commentAtEof = { start, end };
          this.pos = n;
          return { kind: Tok.Newline, start, end: n };
        }
        this.pos = lf + 1;
        return { kind: Tok.Newline, start, end: lf + 1 };
      }
      case C.Eq:
        this.pos = p + 1;
        return { kind: Tok.Assign, start, end: p + 1 };
      case C.LBr:
        this.pos = p + 1;
        return { kind: Tok.LBracket, start, end: p + 1 };
      case C.RBr:
        this.pos = p + 1;
        return { kind: Tok.RBracket, start, end: p + 1 };
      case C.Comma:
        this.pos = p + 1;
        return { kind: Tok.Comma, start, end: p + 1 };
      case C.Semi:
        this.pos = p + 1;
        return { kind: Tok.Semi, start, end: p + 1 };
      case C.DQuote:
      case C.SQuote:
        return this.string(p, c);
      case C.Plus:
        if (text.charCodeAt(p + 1) === C.Eq) {
          this.pos = p + 2;
          return { kind: Tok.Append, start, end: p + 2 };
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
      if (q === e) return { kind: Tok.Ident, start, end: e };
    } else if (c >= C.D0 && c <= C.D9) {
      let q = p + 1;
      while (q < e && isNumberPart(text.charCodeAt(q))) q++;
      if (q === e) return { kind: Tok.Number, start, end: e };
    }
    return { kind: Tok.Word, start, end: e };
  }

  /**
   * A quoted string: flex's `"([^"\\\n]|\\[^\n])*"`. If no closing quote is found on the line the
   * token is still returned (as a String ending at the line end); the parser reports it.
   */
  private string(p: number, quote: number): Token {
    const text = this.text;
    const n = text.length;
    let q = p + 1;
    while (q < n) {
      const c = text.charCodeAt(q);
      if (c === quote) {
        this.pos = q + 1;
        return { kind: Tok.String, start: p, end: q + 1 };
      }
      if (c === C.Lf) break;
      if (c === C.Backslash) {
        if (q + 1 >= n || text.charCodeAt(q + 1) === C.Lf) break;
        q += 2;
        continue;
      }
      q++;
    }
    // Unterminated: stop before the LF (and before a CRLF's CR) so the line end still ends the statement.
    let end = q;
    if (end > p + 1 && text.charCodeAt(end - 1) === C.Cr && text.charCodeAt(end) === C.Lf) end--;
    this.pos = end;
    return { kind: Tok.String, start: p, end, unterminated: true };
  }
}
