// Seeded input generator for the differential tests and the fuzzer: grammar-aware xl.cfg files
// that lean on libxlutil's quirks, and byte-level mutations of those and of real configs.
// Everything is a pure function of the seed, so a failing input can always be regenerated.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

/** mulberry32: tiny, fast, good enough to drive a generator; not for anything else. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
}

const KEYS = [
  'name',
  'memory',
  'maxmem',
  'vcpus',
  'type',
  'builder',
  'disk',
  'vif',
  'pci',
  'cpus',
  'extra',
  'cmdline',
  'on_crash',
  'vif.default.script',
  'a',
  'b',
  'k_1',
  'x.y.z',
  'vnuma',
  'cpuid',
];
const BAD_KEYS = ['Name', '_a', 'a-b', '1a', 'a b', 'é', 'MEMORY', '.x'];
const NUMBERS = [
  '0',
  '1',
  '512',
  '010',
  '08',
  '0x1f',
  '0x',
  '0x1F',
  '0X1f',
  '12abc',
  '1e5',
  '12g',
  '-1',
  '+1',
  '1.5',
  '99999999999999999999',
  '0xffffffffffffffff',
  '007',
];
const PLAIN = [
  'a',
  'hvm',
  'phy:/dev/vg/d,xvda,w',
  'mac=00:16:3e:00:00:01,bridge=xenbr0',
  ' ',
  '\t',
  '#',
  ';',
  ',',
  '[',
  ']',
  '=',
  '+=',
  'é',
  '😀',
  '\u00a0',
  'x y',
  '/usr/lib/xen/boot/hvmloader',
];
const GOOD_ESCAPES = [
  '\\"',
  "\\'",
  '\\\\',
  '\\a',
  '\\b',
  '\\f',
  '\\n',
  '\\r',
  '\\t',
  '\\v',
  // octal-looking: \0-\7 plus at least two characters strtoul reads in base 10 -> accepted, vanish
  '\\0123',
  '\\0999x',
  '\\1 23',
  '\\1-12',
  '\\0+1',
  '\\777',
  '\\7\t9',
  '\\012',
  '\\3 -4',
];
const BAD_ESCAPES = [
  // hex escapes: always rejected by libxlutil
  '\\x41',
  '\\x4',
  '\\x',
  '\\xZZ',
  // octal-looking with fewer than two following digits
  '\\01',
  '\\7',
  '\\0',
  '\\3ab',
  // anything else after a backslash is an error
  '\\e',
  '\\8',
  '\\q',
  '\\:',
  '\\ ',
  '\\é',
];
const BAREWORDS = ['hvm', 'True', 'yes', 'a-b', 'foo(1)', '"unterminated', "'x", '512M'];

/** How error-prone the current config is: clean files exercise values, noisy ones the rejections. */
let noise = 1;

function ident(r: Rng): string {
  if (r.chance(0.03 * noise)) return r.pick(BAD_KEYS);
  if (r.chance(0.75)) return r.pick(KEYS);
  const first = 'abcdefghijklmnopqrstuvwxyz';
  const rest = first + '0123456789_.';
  let s = r.pick([...first]);
  for (let n = r.int(8); n > 0; n--) s += r.pick([...rest]);
  return s;
}

function blanks(r: Rng): string {
  return r.pick(['', '', ' ', ' ', '  ', '\t', ' \t ']);
}

function stringAtom(r: Rng): string {
  const q = r.chance(0.7) ? '"' : "'";
  let body = '';
  for (let n = r.int(6); n > 0; n--) {
    const roll = r.next();
    if (roll < 0.45) body += r.pick(PLAIN);
    else if (roll < 0.8) body += r.chance(0.2 * noise) ? r.pick(BAD_ESCAPES) : r.pick(GOOD_ESCAPES);
    else if (roll < 0.9) body += q === '"' ? "'" : '"';
    else
      body += String.fromCharCode(0x20 + r.int(95))
        .replace(q, '')
        .replace('\\', '');
  }
  if (r.chance(0.02 * noise)) return q + body; // unterminated on its line
  if (r.chance(0.01 * noise)) body += '\\'; // escapes the closing quote
  return q + body + q;
}

function atom(r: Rng): string {
  const roll = r.next();
  if (roll < 0.6) return stringAtom(r);
  if (roll < 1 - 0.03 * noise) return r.pick(NUMBERS.slice(0, r.chance(1 - 0.15 * noise) ? 8 : NUMBERS.length));
  return r.pick(BAREWORDS);
}

/** Whitespace a list allows after `[`, items and commas: newlines and comments included. */
function listGap(r: Rng): string {
  const roll = r.next();
  if (roll < 0.6) return blanks(r);
  if (roll < 0.8) return blanks(r) + '\n' + blanks(r);
  if (roll < 0.9) return ' # note, [x]\n' + blanks(r);
  return '\n\n';
}

function value(r: Rng, depth: number): string {
  if (depth > 3 || r.chance(0.65)) return atom(r);
  const items: string[] = [];
  for (let n = r.int(5); n > 0; n--) items.push(value(r, depth + 1));
  let s = '[' + listGap(r);
  items.forEach((item, i) => {
    s += item + listGap(r);
    if (i < items.length - 1) s += r.chance(1 - 0.03 * noise) ? ',' + listGap(r) : r.pick([' ', ';', ',,']);
  });
  if (items.length && r.chance(0.25)) s += ',' + listGap(r); // one trailing comma is fine
  if (r.chance(0.01 * noise)) s += ',';
  if (!items.length && r.chance(0.05 * noise)) s += ',';
  return r.chance(0.02 * noise) ? s : s + ']';
}

function statement(r: Rng): string {
  const roll = r.next();
  if (roll < 0.08) return '# ' + r.pick(['comment', 'memory = 5', 'é ü', '"', '']);
  if (roll < 0.12) return '';
  if (roll < 0.12 + 0.01 * noise)
    return r.pick(['= 1', 'a', '1', 'a =', 'a = 1 b = 2', "'a' = 1", 'a = 1, 2', 'a = hvm', "a = 'x' 'y'", 'a + = 1']);
  const op = r.chance(0.25) ? '+=' : '=';
  let s = blanks(r) + ident(r) + blanks(r) + op + blanks(r) + value(r, 0) + blanks(r);
  if (r.chance(0.1)) s += '# trailing comment';
  return s;
}

/** A whole config as text (may include a BOM and CRLF); see toBytes for byte-level endings. */
export function grammarConfig(r: Rng): string {
  noise = r.pick([0, 0, 0.3, 1]);
  let s = '';
  for (let n = 1 + r.int(r.chance(0.1) ? 40 : 8); n > 0; n--) {
    s += statement(r);
    const roll = r.next();
    s += roll < 0.75 ? '\n' : roll < 0.85 ? ';' : roll < 0.92 ? '; ' : roll < 0.97 ? ';\n' : '\n\n';
  }
  // How the file ends: libxlutil is fussy about the last byte.
  const end = r.next();
  if (end < 0.2) s = s.replace(/[\n;]+$/, '');
  else if (end < 0.2 + 0.05 * noise) s += '# comment without newline';
  else if (end < 0.25 + 0.1 * noise)
    s =
      s.replace(/[\n;]+$/, '') +
      r.pick(['F', '-', '#', '"', "'", '\\', '.', 'G', ' ', 'é', '\t', ')', 'x', '5', '@', '\u0001']);
  else if (end < 0.38) s += r.pick(['\t', ' ', '\n\n\n']);
  if (r.chance(0.03 * noise)) s = s.replace(/\n/g, '\r\n');
  if (r.chance(0.03 * noise)) s = '\ufeff' + s;
  return s;
}

const INTERESTING = [
  0x00, 0xff, 0xc3, 0xa9, 0xed, 0xa0, 0x80, 0xf0, 0x0d, 0x0a, 0x23, 0x22, 0x27, 0x5b, 0x5d, 0x2c, 0x3b, 0x3d, 0x2b,
  0x5c, 0x20, 0x09, 0x61, 0x31, 0x78, 0x46,
];

/** One to four byte-level edits. */
export function mutate(r: Rng, input: Uint8Array, donor?: Uint8Array): Uint8Array {
  let b = Buffer.from(input);
  for (let n = 1 + r.int(4); n > 0; n--) {
    const at = r.int(b.length + 1);
    const op = r.int(10);
    if (op === 0 || op === 1) {
      const byte = r.chance(0.8) ? r.pick(INTERESTING) : r.int(256);
      b = Buffer.concat([b.subarray(0, at), Buffer.from([byte]), b.subarray(at)]);
    } else if (op === 2 && b.length) {
      const len = 1 + r.int(Math.min(8, b.length));
      b = Buffer.concat([b.subarray(0, at), b.subarray(at + len)]);
    } else if (op === 3 && at < b.length) {
      b[at] ^= 1 << r.int(8);
    } else if (op === 4 && at < b.length) {
      const len = 1 + r.int(Math.min(16, b.length - at));
      b = Buffer.concat([b.subarray(0, at + len), b.subarray(at, at + len), b.subarray(at + len)]);
    } else if (op === 5 || op === 6) {
      // line surgery: drop, duplicate or move a line, or bring one in from another file
      const lines = splitLines(b);
      const source = donor && r.chance(0.5) ? splitLines(Buffer.from(donor)) : lines;
      if (!lines.length || !source.length) continue;
      const i = r.int(lines.length);
      const choice = r.int(3);
      if (choice === 0) lines.splice(i, 1);
      else lines.splice(r.int(lines.length + 1), 0, r.pick(source));
      if (choice === 2) lines.splice(r.int(lines.length), 1);
      b = Buffer.concat(lines);
    } else if (op === 7) {
      b = b.subarray(0, at); // truncate
    } else if (op === 8) {
      b = Buffer.concat([
        b.subarray(0, at),
        Buffer.from(
          r.pick(['\0', '"\0"', '\r', '\r\n', '#', '"', "'", '[', ']', '\\', ',', '[[', '+=', '\xff', '\ufeff']),
          'utf8',
        ),
        b.subarray(at),
      ]);
    } else if (at < b.length) {
      b[at] = r.pick(INTERESTING);
    }
  }
  return b;
}

function splitLines(b: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < b.length; i++)
    if (b[i] === 0x0a) {
      out.push(b.subarray(start, i + 1));
      start = i + 1;
    }
  if (start < b.length) out.push(b.subarray(start));
  return out;
}

/** Every regular file under dir (sorted, so the order is stable), or [] when dir is absent. */
export function readCorpus(dir: string): Array<{ name: string; bytes: Uint8Array }> {
  const out: Array<{ name: string; bytes: Uint8Array }> = [];
  const walk = (d: string): void => {
    let entries: string[];
    try {
      entries = readdirSync(d).sort();
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile() && !e.endsWith('.md')) out.push({ name: path.relative(dir, p), bytes: readFileSync(p) });
    }
  };
  walk(dir);
  return out;
}

/**
 * Input number `index` of the stream for `seed`: about half grammar-built configs, the rest
 * mutations of generated configs and of corpus files. Independent of every other index, so
 * batches can be generated in any order.
 */
export function generateInput(seed: number, index: number, corpus: readonly Uint8Array[]): Uint8Array {
  const r = new Rng((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  r.next();
  const roll = r.next();
  if (roll < 0.5) return Buffer.from(grammarConfig(r), 'utf8');
  if (roll < 0.75 || !corpus.length)
    return mutate(r, Buffer.from(grammarConfig(r), 'utf8'), corpus.length ? r.pick(corpus) : undefined);
  return mutate(r, r.pick(corpus), Buffer.from(grammarConfig(r), 'utf8'));
}

/** Hand-picked quirks of libxlutil's grammar, so the important ones are covered whatever the generator draws. */
export const LIBXLU_QUIRKS: readonly string[] = [
  'a = 1F',
  'a = 1',
  'a = "x"\n#',
  'a = 1\n# no newline',
  '\ufeffa = 1\n',
  'a = 1\r\nb = 2\r\n',
  'a = "\\x41"\n',
  'a = "A\\0123B"\n',
  'a = "A\\0999xB"\n',
  'a = "A\\1 23B"\n',
  'a = "A\\01"\n',
  'a = "x\0y"\n',
  'a = 1\0\n',
  'a = [1, [2, []], ]\n',
  'a = [,]\n',
  'a = ["x",,]\n',
  'a = [\n# c\n1,\n]\n',
  'a = 1; b = 2;; c = 3',
  'a = 1 b = 2\n',
  'a = "x"\na += "y"\n',
  'a = [1]\na += [2]\n',
  'a = [1]\na += "s"\n',
  'a += 1\n',
  'a = 1\na = 2\n',
  `a = ${'['.repeat(4996)}${']'.repeat(4996)}`,
  `a = ${'['.repeat(4997)}${']'.repeat(4997)}`,
  'a = 0X1f\n',
  'a = -1\n',
];
