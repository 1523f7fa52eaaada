// What xlu_cfg_readdata (tools/libs/util/libxlu_cfg.c) prints for a file it refuses. libxlu's
// flex lexer (libxlu_cfg_l.l) is replayed byte by byte and its bison parser from the tables of the
// generated libxlu_cfg_y.c (Bison 3.3.2; the same file in every release from 4.17 to 4.22), with
// the error reporting of xlu__cfg_yyerror, xlu__cfgl_lexicalerror and xlu__cfgl_dequote, so the
// lines, their numbers and their words are libxlu's own, quirks included (a line number one too
// low for an error at a line end; only the first error of a line; none during bison's recovery).
// Whether the file parses, and why, is xlcfg's parser's business (server/src/syntax): this only
// says what xl prints on the way out.

/** One line libxlu prints: `<file>:<line>: <text>`. */
export interface LibxluLine {
  line: number;
  text: string;
  /** Offsets in the decoded text of what the line quotes (bison's lookahead, or the lexer's text). */
  start: number;
  end: number;
}

export interface LibxluRead {
  /** xlu_cfg_readdata returned 0 (no error). */
  ok: boolean;
  /** Every error line, in the order libxlu prints them. */
  errors: LibxluLine[];
  /** ctx->likely_python: a `+ - . ( ) :` where no token starts (the three-line warning follows the errors). */
  python?: { start: number; end: number };
  /** A NUL inside quotes: xlu__cfgl_dequote's assertion aborts xl (where the string is). */
  abort?: { start: number; end: number };
  /** Error lines libxlu prints past the `keep` asked for: counted, not kept. */
  omitted?: number;
}

/** The assertion glibc prints when xlu__cfgl_dequote meets a NUL inside quotes (libxlu_cfg.c line 607). */
export const DEQUOTE_ASSERTION =
  "xl: libxlu_cfg.c:607: xlu__cfgl_dequote: Assertion `len>=2 && src[0]==src[len-1]' failed.";

/** libxlu_cfg.c: parse, after a failed parse of a file that looked like Python. */
export const PYTHON_WARNING = [
  'warning: Config file looks like it contains Python code.',
  'warning:  Arbitrary Python is no longer supported.',
  'warning:  See https://wiki.xen.org/wiki/PythonInXlConfig',
];

/** Decodes what libxlu prints; a byte-order mark in it is text like any other. */
const UTF8 = new TextDecoder('utf-8', { ignoreBOM: true });
const ENCODER = new TextEncoder();
const ASCII = /^[\0-\x7f]*$/;

// libxlu_cfg_y.c's tables (YYFINAL 3, YYLAST 27, YYNTOKENS 13, YYPACT_NINF -18).
const YYFINAL = 3;
const YYLAST = 27;
const YYNTOKENS = 13;
const YYPACT_NINF = -18;
const YYTERROR = 1;
const YYMAXDEPTH = 10000;
const YYPACT = [
  -18, 5, 1, -18, -3, 14, -18, -18, -18, 3, -18, -18, 10, 10, -18, -18, -18, -18, -18, -18, -18, 13, -18, -18, 15, 12,
  19, -18, -18, 13, -18, 19,
];
const YYDEFACT = [
  4, 0, 0, 1, 0, 0, 11, 12, 5, 3, 7, 8, 0, 0, 6, 15, 16, 22, 10, 13, 9, 17, 23, 22, 0, 18, 20, 14, 22, 19, 22, 21,
];
const YYPGOTO = [-18, -18, -18, -18, -18, 18, -13, -18, -18, -18, -17];
const YYDEFGOTO = [-1, 1, 2, 8, 9, 10, 18, 19, 24, 25, 21];
const YYTABLE = [
  20, -2, 4, 11, 5, 3, 26, 6, 23, 6, 7, 29, 7, 31, 15, 16, 30, 15, 16, 22, 17, 12, 13, 17, 28, 22, 27, 14,
];
const YYCHECK = [13, 0, 1, 6, 3, 0, 23, 6, 21, 6, 9, 28, 9, 30, 4, 5, 29, 4, 5, 6, 10, 7, 8, 10, 12, 6, 11, 9];
const YYR1 = [0, 13, 14, 14, 15, 15, 16, 16, 16, 17, 17, 18, 18, 19, 19, 20, 20, 21, 21, 21, 22, 22, 23, 23];
const YYR2 = [0, 2, 1, 2, 0, 2, 2, 1, 2, 3, 3, 1, 1, 1, 4, 1, 1, 0, 1, 3, 2, 5, 0, 2];
/** yytname as yytnamerr prints it (`"+="` loses its double quotes). */
const YYTNAME = [
  '$end',
  'error',
  '$undefined',
  'IDENT',
  'STRING',
  'NUMBER',
  'NEWLINE',
  '+=',
  "'='",
  "';'",
  "'['",
  "']'",
  "','",
];

// Symbol numbers of the tokens (yytranslate of the token codes the lexer returns).
const T_EOF = 0;
const T_IDENT = 3;
const T_STRING = 4;
const T_NUMBER = 5;
const T_NEWLINE = 6;
const T_ADD = 7;
const SINGLE: Record<number, number> = { 61: 8, 59: 9, 91: 10, 93: 11, 44: 12 };
/** Rules whose actions matter here: `assignment: IDENT '=' value`, `IDENT "+=" value`, `value: atom`. */
const RULE_ASSIGN = 9;
const RULE_APPEND = 10;
const RULE_ATOM = 13;
const RULE_LIST = 14;
/** Semantic values on the replay's value stack: none, a value's kind, or (>= 0) an IDENT's byte offset. */
const V_NONE = -1;
const V_STRING = -2;
const V_LIST = -3;
const A_SHIFT = 0;
const A_REDUCE = 1;
const A_ERROR = 2;

const enum B {
  Tab = 9,
  Lf = 10,
  Space = 32,
  DQuote = 34,
  Hash = 35,
  SQuote = 39,
  Plus = 43,
  Backslash = 92,
}

/** `[+-.():]`: the rule that sets likely_python (`,` within `+-.` goes to its own earlier rule). */
function pythonish(c: number): boolean {
  return c === 0x2b || c === 0x2d || c === 0x2e || c === 0x28 || c === 0x29 || c === 0x3a;
}
function identStart(c: number): boolean {
  return c >= 0x61 && c <= 0x7a;
}
function identPart(c: number): boolean {
  return identStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x5f;
}
function digit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
function numberPart(c: number): boolean {
  return digit(c) || (c >= 0x61 && c <= 0x66) || c === 0x78;
}
function cSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/** What libxlu prints reading `text` (the file's bytes decoded; re-encoded here as UTF-8). */
export function libxluReaddata(text: string, keep = Infinity): LibxluRead {
  return new Reader(text, keep).run();
}

class Reader {
  private readonly b: Uint8Array;
  private readonly n: number;
  /** Byte offset -> offset in the decoded text (undefined when the text is ASCII). */
  private readonly charAt?: Int32Array;
  private p = 0;
  private lineno = 1;
  private lexerr = false;
  /** yymore(): where the text being accumulated started. */
  private more = -1;
  /** yytext as [start, end) bytes; the end may be n + 1, the NUL flex leaves at the end of input. */
  private ts = 0;
  private te = 0;
  /** yylloc.first_line: the only field libxlu's lexer sets. */
  private firstLine = 1;
  private err = false;
  private lexerrlineno = 0;
  private likelyPython?: { start: number; end: number };
  private abort?: { start: number; end: number };
  private readonly errors: LibxluLine[] = [];
  /** Where the last IDENT or NUMBER starts (its name is read only when an assignment is stored). */
  private tokenStart = 0;
  /** Settings stored so far: the kind of value each name last got (for `+=`). */
  private readonly stored = new Map<string, 'string' | 'list'>();

  /** Error lines past `keep` are counted, not kept (a 5 MB file can make a million). */
  private omitted = 0;

  constructor(
    text: string,
    private readonly keep: number,
  ) {
    // The file's bytes again: UTF-8, except that a U+FFFD stands for the invalid byte the decoder
    // replaced (one byte: 0xFF, never part of UTF-8; lone bad bytes are by far the common case).
    if (ASCII.test(text)) {
      // The usual file: its bytes are its characters (and the platform's encoder is many times
      // faster than the loops below on a large file).
      this.b = ENCODER.encode(text);
      this.n = text.length;
      return;
    }
    const width = (cp: number): number => (cp < 0x80 || cp === 0xfffd ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4);
    let n = 0;
    for (let c = 0; c < text.length; c++) {
      const cp = text.codePointAt(c)!;
      n += width(cp);
      if (cp >= 0x10000) c++;
    }
    const b = new Uint8Array(n);
    const ascii = n === text.length && !text.includes('\ufffd');
    const map = ascii ? undefined : new Int32Array(n + 2);
    let i = 0;
    for (let c = 0; c < text.length; c++) {
      const cp = text.codePointAt(c)!;
      const w = width(cp);
      if (map) map.fill(c, i, i + w);
      if (w === 1) b[i++] = cp === 0xfffd ? 0xff : cp;
      else {
        const lead = w === 2 ? 0xc0 : w === 3 ? 0xe0 : 0xf0;
        b[i] = lead | (cp >> (6 * (w - 1)));
        for (let k = 1; k < w; k++) b[i + k] = 0x80 | ((cp >> (6 * (w - 1 - k))) & 63);
        i += w;
      }
      if (cp >= 0x10000) c++;
    }
    if (map) map.fill(text.length, n);
    this.b = b;
    this.n = n;
    this.charAt = map;
  }

  private offset(byte: number): number {
    const at = Math.min(byte, this.n);
    return this.charAt ? this.charAt[at] : at;
  }

  run(): LibxluRead {
    this.parse();
    const out: LibxluRead = { ok: !this.err && !this.abort, errors: this.errors };
    if (this.omitted) out.omitted = this.omitted;
    if (this.err && this.likelyPython) out.python = this.likelyPython;
    if (this.abort) out.abort = this.abort;
    return out;
  }

  // --- xlu__cfg_yyerror and xlu__cfgl_lexicalerror -------------------------------------------

  private yyerror(firstLine: number, msg: string): void {
    let lineno = firstLine;
    if (lineno <= this.lexerrlineno) return;
    this.err = true;
    if (this.errors.length >= this.keep) {
      this.omitted++;
      return;
    }
    const b = this.b;
    const byte = (i: number): number => (i < this.n ? b[i] : 0);
    let len = this.te - this.ts;
    let newline = '';
    if (len > 0 && byte(this.ts + len - 1) === B.Lf) {
      len--;
      lineno--;
      if (!len) newline = '<newline>';
    }
    while (len > 0 && (byte(this.ts + len - 1) === B.Tab || byte(this.ts + len - 1) === B.Space)) len--;
    // %.*s stops at a NUL.
    let shown = 0;
    while (shown < len && byte(this.ts + shown) !== 0) shown++;
    const quoted = UTF8.decode(b.subarray(this.ts, this.ts + shown));
    const near = len ? `\`${quoted}'` : '';
    this.errors.push({
      line: lineno,
      text: `config parsing error near ${near}${newline}: ${msg}`,
      start: this.offset(this.ts),
      end: this.offset(this.ts + Math.max(len, 0)),
    });
  }

  private lexicalError(msg: string): void {
    this.yyerror(this.lineno, msg);
    this.lexerrlineno = this.lineno;
  }

  // --- the lexer (libxlu_cfg_l.l) ---------------------------------------------------------------

  private setText(start: number, end: number): void {
    this.ts = start;
    this.te = end;
  }

  /** yylex: the next token's symbol number (0 at the end of input). */
  private lex(): number {
    const b = this.b;
    const n = this.n;
    for (;;) {
      const p = this.p;
      if (p >= n) {
        // End of input: yytext is what yymore() kept plus the NUL at the end of flex's buffer.
        this.setText(this.more >= 0 ? this.more : n, n + 1);
        this.more = -1;
        return T_EOF;
      }
      const from = this.more >= 0 ? this.more : p;
      const c = b[p];
      if (this.lexerr) {
        // <lexerr>[^ \t\n]*|[ \t]  and  <lexerr>\n
        this.lexerr = false;
        this.more = -1;
        if (c === B.Lf) {
          this.p = p + 1;
          this.lineno++;
          this.setText(from, this.p);
          this.lexicalError('lexical error');
          this.firstLine = this.lineno;
          return T_NEWLINE;
        }
        let q = p + 1;
        if (c !== B.Space && c !== B.Tab) while (q < n && b[q] !== B.Space && b[q] !== B.Tab && b[q] !== B.Lf) q++;
        this.p = q;
        this.setText(from, q);
        this.lexicalError('lexical error');
        continue;
      }
      if (identStart(c) || digit(c)) {
        const part = identStart(c) ? identPart : numberPart;
        let q = p + 1;
        while (q < n && part(b[q])) q++;
        this.p = q;
        this.setText(p, q);
        this.tokenStart = p;
        return this.got(identStart(c) ? T_IDENT : T_NUMBER);
      }
      if (c === B.Space || c === B.Tab) {
        this.p = p + 1;
        continue;
      }
      if (c === B.Plus && b[p + 1] === 0x3d) {
        this.p = p + 2;
        this.setText(p, p + 2);
        return this.got(T_ADD);
      }
      const single = SINGLE[c];
      if (single !== undefined) {
        this.p = p + 1;
        this.setText(p, p + 1);
        return this.got(single);
      }
      if (c === B.Lf || c === B.Hash) {
        const lf = c === B.Lf ? p : b.indexOf(B.Lf, p);
        if (lf >= 0) {
          this.p = lf + 1;
          this.lineno++;
          this.setText(p, lf + 1);
          this.firstLine = this.lineno - 1;
          return T_NEWLINE;
        }
      }
      if (c === B.DQuote || c === B.SQuote) {
        const end = this.stringEnd(p, c);
        if (end >= 0) {
          this.p = end;
          this.setText(p, end);
          this.dequote(p, end);
          return this.got(T_STRING);
        }
      }
      // `[+-.():]` (sets likely_python) or `.`: BEGIN(lexerr); yymore();
      if (pythonish(c) && !this.likelyPython) this.likelyPython = { start: this.offset(p), end: this.offset(p + 1) };
      this.lexerr = true;
      this.more = p;
      this.p = p + 1;
    }
  }

  private got(token: number): number {
    this.firstLine = this.lineno;
    return token;
  }

  /** `"([^"\\\n]|\\.)*"` (or with '): the offset past the closing quote, or -1. */
  private stringEnd(p: number, quote: number): number {
    const b = this.b;
    let q = p + 1;
    while (q < this.n) {
      const c = b[q];
      if (c === quote) return q + 1;
      if (c === B.Lf) return -1;
      if (c === B.Backslash) {
        if (q + 1 >= this.n || b[q + 1] === B.Lf) return -1;
        q += 2;
      } else q++;
    }
    return -1;
  }

  /** xlu__cfgl_dequote on yytext [p, end): nothing once an error was seen. */
  private dequote(p: number, end: number): void {
    if (this.err) return;
    const b = this.b;
    // strlen(src) stops at a NUL, and the assertion that src ends with its quote fails.
    if (b.subarray(p, end).includes(0)) {
      this.abort ??= { start: this.offset(p), end: this.offset(end) };
      return;
    }
    const last = end - 1;
    let q = p + 1;
    while (q < last) {
      if (b[q++] !== B.Backslash) continue;
      const nc = b[q++];
      if ('"\'\\abfnrtv'.includes(String.fromCharCode(nc))) continue;
      if (nc === 0x78) {
        // `p++` skips one more character, then 2 hex digits are wanted where strtoul can take at
        // most 2: `ep <= numbuf + 2` holds whatever follows, so every \x escape is refused.
        this.lexicalError('invalid digit after backslash hexnumerical character escape in quoted string');
        return;
      }
      if (nc >= 0x30 && nc <= 0x37) {
        // strncpy(numbuf, p, 3) and strtoul(numbuf, &ep, 10): at least 2 characters consumed.
        const window = b.subarray(q, Math.min(q + 3, end));
        let i = 0;
        while (i < window.length && cSpace(window[i])) i++;
        if (i < window.length && (window[i] === 0x2b || window[i] === 0x2d)) i++;
        const digits = i;
        while (i < window.length && digit(window[i])) i++;
        const consumed = i === digits ? 0 : i;
        if (consumed <= 1) {
          this.lexicalError('invalid digit after backslash octalnumerical character escape in quoted string');
          return;
        }
        q += consumed;
        continue;
      }
      this.lexicalError('invalid character after backlash in quoted string');
      return;
    }
  }

  // --- the parser (libxlu_cfg_y.c's yyparse) --------------------------------------------------

  private parse(): void {
    // The state and value stacks as typed arrays with an explicit top: a JS array's push, pop and
    // `length -=` per token cost more than the rest of the replay (a 5 MB file has millions).
    // YYMAXDEPTH bounds the depth: the check below stops before one more push.
    const ss = new Int32Array(YYMAXDEPTH + 1);
    /** Semantic values (V_* or an IDENT's byte offset; see reduce). */
    const vs = new Int32Array(YYMAXDEPTH + 1);
    let sp = 0; // ss[sp] is the top; the stack holds sp + 1 states
    ss[0] = 0;
    vs[0] = V_NONE;
    let yychar = -2; // YYEMPTY
    let errstatus = 0;
    let state = 0;
    for (;;) {
      // yysetstate: the stack is full at YYMAXDEPTH entries.
      if (sp + 1 >= YYMAXDEPTH) {
        this.yyerror(this.firstLine, 'memory exhausted');
        return;
      }
      if (this.abort) return;
      if (state === YYFINAL) return;
      let yyn = YYPACT[state];
      let action = A_REDUCE;
      let token = -2;
      if (yyn !== YYPACT_NINF) {
        if (yychar === -2) yychar = this.lex();
        if (this.abort) return;
        token = yychar;
        yyn += token;
        if (yyn < 0 || yyn > YYLAST || YYCHECK[yyn] !== token) {
          yyn = YYDEFACT[state];
          if (yyn === 0) action = A_ERROR;
        } else {
          yyn = YYTABLE[yyn];
          if (yyn <= 0) yyn = -yyn;
          else action = A_SHIFT;
        }
      } else {
        yyn = YYDEFACT[state];
        if (yyn === 0) action = A_ERROR;
      }
      if (action === A_SHIFT) {
        if (errstatus) errstatus--;
        yychar = -2;
        state = yyn;
        sp++;
        vs[sp] = token === T_IDENT ? this.tokenStart : V_NONE;
        ss[sp] = state;
        continue;
      }
      if (action === A_REDUCE) {
        const len = YYR2[yyn];
        const value = this.reduce(yyn, vs, sp - len + 1, len);
        sp -= len;
        const lhs = YYR1[yyn] - YYNTOKENS;
        const top = ss[sp];
        const i = YYPGOTO[lhs] + top;
        state = i >= 0 && i <= YYLAST && YYCHECK[i] === top ? YYTABLE[i] : YYDEFGOTO[lhs];
        sp++;
        vs[sp] = value;
        ss[sp] = state;
        continue;
      }
      // yyerrlab
      const tok = yychar === -2 ? -2 : yychar;
      if (!errstatus) this.yyerror(this.firstLine, syntaxError(ss[sp], tok));
      if (errstatus === 3) {
        if (yychar === T_EOF) return; // YYABORT
        yychar = -2;
      }
      errstatus = 3;
      for (;;) {
        const top = ss[sp];
        let k = YYPACT[top];
        if (k !== YYPACT_NINF) {
          k += YYTERROR;
          if (k >= 0 && k <= YYLAST && YYCHECK[k] === YYTERROR && YYTABLE[k] > 0) {
            state = YYTABLE[k];
            break;
          }
        }
        if (sp === 0) return; // YYABORT
        sp--;
      }
      sp++;
      vs[sp] = V_NONE;
      ss[sp] = state;
    }
  }

  /**
   * The semantic actions that can print: xlu__cfg_set_store's `+=` of a list to a string. The
   * rule's symbols have their values at vs[base .. base + len).
   */
  private reduce(rule: number, vs: Int32Array, base: number, len: number): number {
    switch (rule) {
      case RULE_ATOM:
        return V_STRING;
      case RULE_LIST:
        return V_LIST;
      case RULE_ASSIGN:
      case RULE_APPEND: {
        if (this.err) return V_NONE;
        const name = vs[base] >= 0 ? this.identAt(vs[base]) : '';
        const kind = vs[base + 2] === V_LIST ? 'list' : 'string';
        const prev = this.stored.get(name);
        if (rule === RULE_APPEND && prev !== undefined && prev !== kind) {
          this.lexicalError('can\'t add [list] to "string" or vice versa');
          return V_NONE;
        }
        this.stored.set(name, kind);
        return V_NONE;
      }
      default:
        // $$ = $1
        return len ? vs[base] : V_NONE;
    }
  }

  /** The IDENT starting at byte `start` (`[a-z][._0-9a-z]*`: ASCII). */
  private identAt(start: number): string {
    let end = start + 1;
    while (end < this.n && identPart(this.b[end])) end++;
    return UTF8.decode(this.b.subarray(start, end));
  }
}

/** yysyntax_error: the unexpected token and up to four expected ones, from the state's actions. */
function syntaxError(state: number, token: number): string {
  if (token === -2) return 'syntax error';
  const args = [YYTNAME[token]];
  const yyn = YYPACT[state];
  if (yyn !== YYPACT_NINF) {
    const begin = yyn < 0 ? -yyn : 0;
    const end = Math.min(YYLAST - yyn + 1, YYNTOKENS);
    for (let x = begin; x < end; x++) {
      if (YYCHECK[x + yyn] !== x || x === YYTERROR) continue;
      if (args.length === 5) {
        args.length = 1;
        break;
      }
      args.push(YYTNAME[x]);
    }
  }
  if (args.length === 1) return `syntax error, unexpected ${args[0]}`;
  return `syntax error, unexpected ${args[0]}, expecting ${args.slice(1).join(' or ')}`;
}
