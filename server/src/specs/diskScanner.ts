// The tokens of a disk spec as libxlu's flex scanner (tools/libs/util/libxlu_disk_l.l) cuts them.
// flex takes the longest match over all rules, the earlier rule on a tie; a rule with trailing
// context (`head/trail`) competes with head and trail together but consumes only the head. `.`
// matches any character but a newline, `[^...]` matches newlines too.
//
// The scanner xl runs is the generated libxlu_disk_l.c committed beside the .l file. In 4.17 and
// 4.18 that file predates the `trusted`/`untrusted` rules (commit 54d8f27d04 changed only the .l);
// it was regenerated with `grant_usage=0|1` (commit 1eb013ef97) for 4.19. So those four rules
// exist from 4.19 on, and in older releases the words are positional parameters.
import { atLeast } from './release';

/** The scanner rules, in the order of the .l file (the order breaks ties). */
export type DiskRule =
  | 'space'
  | 'format'
  | 'cdrom'
  | 'devtype-cdrom'
  | 'devtype-disk'
  | 'devtype-other'
  | 'access'
  | 'backend'
  | 'backendtype'
  | 'specification'
  | 'vdev'
  | 'script'
  | 'direct-io-safe'
  | 'discard'
  | 'no-discard'
  | 'colo'
  | 'no-colo'
  | 'colo-host'
  | 'colo-port'
  | 'colo-export'
  | 'active-disk'
  | 'hidden-disk'
  | 'trusted'
  | 'untrusted'
  | 'grant_usage-1'
  | 'grant_usage-0'
  | 'target'
  | 'unknown-parameter'
  | 'prefix-format'
  | 'prefix-script'
  | 'prefix-tapdisk'
  | 'prefix-tap'
  | 'prefix-aio'
  | 'prefix-ioemu'
  | 'prefix-file'
  | 'prefix-phy'
  | 'prefix-unknown'
  | 'positional'
  | 'any';

export interface DiskToken {
  rule: DiskRule;
  /** Offsets in the spec string (a token may start or end inside a character: see scanDisk). */
  start: number;
  /** End of yytext (the head, for trailing-context rules). */
  end: number;
  /** yytext as libxlu prints it: bytes that are no UTF-8 on their own read as U+FFFD. */
  yytext: string;
}

/** `key=[^,]*,?` rules: the key before `=`. */
export const VALUE_RULES: Partial<Record<DiskRule, string>> = {
  format: 'format',
  'devtype-other': 'devtype',
  access: 'access',
  backend: 'backend',
  backendtype: 'backendtype',
  specification: 'specification',
  vdev: 'vdev',
  script: 'script',
  'colo-host': 'colo-host',
  'colo-port': 'colo-port',
  'colo-export': 'colo-export',
  'active-disk': 'active-disk',
  'hidden-disk': 'hidden-disk',
};

/** `word,?` rules: the literal word. */
export const WORD_RULES: Partial<Record<DiskRule, string>> = {
  cdrom: 'cdrom',
  'devtype-cdrom': 'devtype=cdrom',
  'devtype-disk': 'devtype=disk',
  'direct-io-safe': 'direct-io-safe',
  discard: 'discard',
  'no-discard': 'no-discard',
  colo: 'colo',
  'no-colo': 'no-colo',
  trusted: 'trusted',
  untrusted: 'untrusted',
  'grant_usage-1': 'grant_usage=1',
  'grant_usage-0': 'grant_usage=0',
};

/** The rules from 4.19 on (see the header). */
const SINCE_4_19: ReadonlySet<DiskRule> = new Set(['trusted', 'untrusted', 'grant_usage-1', 'grant_usage-0']);

const ORDER: readonly DiskRule[] = [
  'space',
  'format',
  'cdrom',
  'devtype-cdrom',
  'devtype-disk',
  'devtype-other',
  'access',
  'backend',
  'backendtype',
  'specification',
  'vdev',
  'script',
  'direct-io-safe',
  'discard',
  'no-discard',
  'colo',
  'no-colo',
  'colo-host',
  'colo-port',
  'colo-export',
  'active-disk',
  'hidden-disk',
  'trusted',
  'untrusted',
  'grant_usage-1',
  'grant_usage-0',
  'target',
  'unknown-parameter',
  'prefix-format',
  'prefix-script',
  'prefix-tapdisk',
  'prefix-tap',
  'prefix-aio',
  'prefix-ioemu',
  'prefix-file',
  'prefix-phy',
  'prefix-unknown',
  'positional',
  'any',
];

const PREFIXES: Partial<Record<DiskRule, readonly string[]>> = {
  'prefix-format': ['raw', 'qcow', 'qcow2', 'vhd'],
  'prefix-script': ['iscsi', 'nbd', 'enbd', 'drbd'],
  'prefix-tapdisk': ['tapdisk'],
  'prefix-tap': ['tap', 'tap2'],
  'prefix-aio': ['aio'],
  'prefix-ioemu': ['ioemu'],
  'prefix-file': ['file'],
  'prefix-phy': ['phy'],
};

const isLower = (c: string | undefined): boolean => c !== undefined && c >= 'a' && c <= 'z';
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n';

/**
 * Offsets of the next newline, comma, and `=`-or-comma at or after each position. A long string
 * gets tables (O(n) once: the rules ask at every position); a short one, most disk specs, is
 * searched on each question, which costs less than building the tables.
 */
class Scan {
  private readonly nl?: Int32Array;
  private readonly comma?: Int32Array;
  private readonly eqComma?: Int32Array;
  constructor(readonly s: string) {
    const n = s.length;
    if (n <= SHORT_SCAN) return;
    this.nl = new Int32Array(n + 1);
    this.comma = new Int32Array(n + 1);
    this.eqComma = new Int32Array(n + 1);
    this.nl[n] = this.comma[n] = this.eqComma[n] = n;
    for (let i = n - 1; i >= 0; i--) {
      const c = s[i];
      this.nl[i] = c === '\n' ? i : this.nl[i + 1];
      this.comma[i] = c === ',' ? i : this.comma[i + 1];
      this.eqComma[i] = c === ',' || c === '=' ? i : this.eqComma[i + 1];
    }
  }
  lineEnd(p: number): number {
    return p >= this.s.length ? this.s.length : this.nl ? this.nl[p] : this.next('\n', p);
  }
  nextComma(p: number): number {
    return p >= this.s.length ? this.s.length : this.comma ? this.comma[p] : this.next(',', p);
  }
  nextEqComma(p: number): number {
    if (p >= this.s.length) return this.s.length;
    if (this.eqComma) return this.eqComma[p];
    let i = p;
    while (i < this.s.length && this.s[i] !== ',' && this.s[i] !== '=') i++;
    return i;
  }
  private next(c: string, p: number): number {
    const i = this.s.indexOf(c, p);
    return i < 0 ? this.s.length : i;
  }
}

/** Strings up to this length are scanned without tables (each question then costs at most this). */
const SHORT_SCAN = 256;

// A match sets these two instead of allocating: the length with trailing context (what flex
// compares) and the length consumed (yytext). The scanner runs on every disk string of every check.
let hitTotal = 0;
let hitHead = 0;

/** One rule's matcher at offset p: true (and hitTotal, hitHead set) when the rule matches there. */
type Matcher = (scan: Scan, p: number) => boolean;

const hit = (total: number, head: number): true => {
  hitTotal = total;
  hitHead = head;
  return true;
};

/** A match from p to e, plus the comma at e if there is one (`...,?`). */
function optComma(s: string, p: number, e: number): true {
  const t = e < s.length && s[e] === ',' ? e + 1 - p : e - p;
  return hit(t, t);
}

/** The matcher of `rule`, and the first characters it can match at (undefined: any). */
function matcher(rule: DiskRule): { m: Matcher; first?: string } {
  const keyEq = VALUE_RULES[rule] === undefined ? undefined : `${VALUE_RULES[rule]}=`;
  if (keyEq !== undefined)
    return {
      first: keyEq[0],
      m: (scan, p) => scan.s.startsWith(keyEq, p) && optComma(scan.s, p, scan.nextComma(p + keyEq.length)),
    };
  const word = WORD_RULES[rule];
  if (word !== undefined)
    return { first: word[0], m: (scan, p) => scan.s.startsWith(word, p) && optComma(scan.s, p, p + word.length) };
  const words = PREFIXES[rule]?.map((w) => `${w}:`);
  if (words) {
    // `(words):/.*`: the head is the word and its colon, the trail the rest of the line.
    return {
      first: words.map((w) => w[0]).join(''),
      m: (scan, p) => {
        for (const w of words) if (scan.s.startsWith(w, p)) return hit(scan.lineEnd(p + w.length) - p, w.length);
        return false;
      },
    };
  }
  switch (rule) {
    case 'space':
      // [ \t\n]+/([^ \t\n].*)?
      return {
        first: ' \t\n',
        m: (scan, p) => {
          const s = scan.s;
          const n = s.length;
          if (!isBlank(s[p])) return false;
          let h = p;
          while (h < n && isBlank(s[h])) h++;
          const trail = h < n ? scan.lineEnd(h) - h : 0;
          return hit(h - p + trail, h - p);
        },
      };
    case 'target': // target=.*
      return {
        first: 't',
        m: (scan, p) => {
          if (!scan.s.startsWith('target=', p)) return false;
          const len = scan.lineEnd(p + 7) - p;
          return hit(len, len);
        },
      };
    case 'unknown-parameter':
      // [a-z][-a-z0-9]*=[^,],?   (one character of value)
      return {
        first: LOWER,
        m: (scan, p) => {
          const s = scan.s;
          const n = s.length;
          if (!isLower(s[p])) return false;
          let j = p + 1;
          while (j < n && (isLower(s[j]) || isDigit(s[j]) || s[j] === '-')) j++;
          if (s[j] !== '=' || j + 1 >= n || s[j + 1] === ',') return false;
          return optComma(s, p, j + 2);
        },
      };
    case 'prefix-unknown':
      // [a-z][a-z0-9]*:/([^a-z0-9].*)?
      return {
        first: LOWER,
        m: (scan, p) => {
          const s = scan.s;
          const n = s.length;
          if (!isLower(s[p])) return false;
          let j = p + 1;
          while (j < n && (isLower(s[j]) || isDigit(s[j]))) j++;
          if (s[j] !== ':') return false;
          const head = j + 1 - p;
          const c = s[j + 1];
          const trail = c !== undefined && !isLower(c) && !isDigit(c) ? 1 + scan.lineEnd(j + 2) - (j + 2) : 0;
          return hit(head + trail, head);
        },
      };
    case 'positional':
      // [^=,]*,|[^=,]+,?
      return {
        m: (scan, p) => {
          const s = scan.s;
          const k = scan.nextEqComma(p);
          if (k < s.length && s[k] === ',') return hit(k + 1 - p, k + 1 - p);
          return k > p && hit(k - p, k - p);
        },
      };
    case 'any':
      return { m: (scan, p) => p < scan.s.length && scan.s[p] !== '\n' && hit(1, 1) };
    default:
      return { m: () => false };
  }
}

const LOWER = 'abcdefghijklmnopqrstuvwxyz';

interface Candidate {
  rule: DiskRule;
  m: Matcher;
}

/**
 * For each first character (the scan runs on single bytes, so codes 0-255), the rules that can
 * match there, in the order of the .l file. Trying only these gives the same longest match, earlier
 * rule on a tie, as trying every rule.
 */
function candidateTable(rules: readonly DiskRule[]): Candidate[][] {
  const compiled = rules.map((rule) => ({ rule, ...matcher(rule) }));
  return Array.from({ length: 256 }, (_, code) => {
    const c = String.fromCharCode(code);
    return compiled.filter((r) => r.first === undefined || r.first.includes(c)).map(({ rule, m }) => ({ rule, m }));
  });
}

// Made on first use: a run targets one release, and start-up pays only for the table it needs.
let candidates: Candidate[][] | undefined;
let candidatesBefore419: Candidate[][] | undefined;

export type DiskScanEnd =
  /** the input ran out */
  | { kind: 'eof' }
  /** `.` then `<LEXERR>.*`: "bad disk syntax"; yytext is start..end */
  | { kind: 'lexerr'; start: number; end: number; yytext: string }
  /** `.` at the end of the input: LEXERR meets EOF, nothing is reported */
  | { kind: 'lexerr-eof'; start: number }
  /** `.` then a newline: no LEXERR rule matches, flex exits with "flex scanner jammed" */
  | { kind: 'jammed'; start: number };

/**
 * Runs the scanner over `text`, calling `onToken` for each rule matched (except the LEXERR pair);
 * `onToken` returns false where the rule's action returns 0 and scanning stops.
 * flex reads the UTF-8 bytes, and one rule (`[^,]` of the unknown-parameter rule) can take the
 * first byte of a character alone: the scan runs on the bytes, and offsets are mapped back to the
 * string (a token starting inside a character starts at that character).
 */
export function scanDisk(text: string, release: string, onToken: (t: DiskToken) => boolean): DiskScanEnd {
  const ascii = isAscii(text);
  const bytes = ascii ? undefined : ENCODER.encode(text);
  const b = bytes ? latin1(bytes) : text;
  // byte offset -> offset in `text` of the character holding it (and n -> text.length)
  const at = bytes ? byteToChar(text, bytes.length) : undefined;
  const charAt = (x: number): number => (at ? at[x] : x);
  const charEnd = (x: number): number => (at ? (x > 0 && at[x] === at[x - 1] ? at[x] + 1 : at[x]) : x);
  const decode = (x: number, y: number): string => (bytes ? DECODER.decode(bytes.subarray(x, y)) : text.slice(x, y));
  const scan = new Scan(b);
  const table = atLeast(release, '4.19')
    ? (candidates ??= candidateTable(ORDER))
    : (candidatesBefore419 ??= candidateTable(ORDER.filter((r) => !SINCE_4_19.has(r))));
  let p = 0;
  while (p < b.length) {
    let best: DiskRule | undefined;
    let total = -1;
    let head = 0;
    for (const r of table[b.charCodeAt(p)]) {
      if (r.m(scan, p) && hitTotal > total) {
        best = r.rule;
        total = hitTotal;
        head = hitHead;
      }
    }
    // `.` matches every byte but a newline, and `space` takes newlines: something matched.
    if (!best) return { kind: 'jammed', start: charAt(p) };
    if (best === 'any') {
      const rest = p + 1;
      if (rest >= b.length) return { kind: 'lexerr-eof', start: charAt(p) };
      if (b[rest] === '\n') return { kind: 'jammed', start: charAt(p) };
      const end = scan.lineEnd(rest);
      return { kind: 'lexerr', start: charAt(p), end: charEnd(end), yytext: decode(p, end) };
    }
    const end = p + head;
    const tok: DiskToken = { rule: best, start: charAt(p), end: charEnd(end), yytext: decode(p, end) };
    if (!onToken(tok)) return { kind: 'eof' };
    p = end;
  }
  return { kind: 'eof' };
}

const ENCODER = new TextEncoder();
const DECODER = new TextDecoder();

/** True when every character is ASCII: the UTF-8 bytes are then the characters themselves. */
function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return false;
  return true;
}

/** The bytes as a string of one character per byte. */
function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return s;
}

/** For each UTF-8 byte offset of `text` (and its end), the offset of its character in `text`. */
function byteToChar(text: string, nBytes: number): Int32Array {
  const at = new Int32Array(nBytes + 1);
  let bi = 0;
  for (let ci = 0; ci < text.length; ci++) {
    const c = text.codePointAt(ci)!;
    const len = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    for (let k = 0; k < len; k++) at[bi + k] = ci;
    bi += len;
    if (c >= 0x10000) ci++; // the low surrogate
  }
  at[nBytes] = text.length;
  return at;
}
