// Inputs that are not configs, or configs gone wrong, 5 MB each: what one file can cost.
// Deterministic (a fixed-seed generator), so every run measures the same bytes.

/** xorshift32: the same bytes on every machine. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

const SIZE = 5 * 1024 * 1024;

function repeat(unit: string): Buffer {
  return Buffer.from(unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE), 'latin1');
}

/** name -> bytes. */
export function garbageInputs(): Record<string, Buffer> {
  const random = Buffer.alloc(SIZE);
  const r = rng(13);
  for (let i = 0; i < SIZE; i++) random[i] = r() & 0xff;
  const printable = Buffer.alloc(SIZE);
  const p = rng(12);
  for (let i = 0; i < SIZE; i++) {
    const v = p() % 97;
    printable[i] = v === 96 ? 10 : 32 + v;
  }
  const cfg = 'name = "guest"\ntype = "hvm"\nmemory = 2048\nvcpus = 2\n# a comment line\n';
  const utf16 = Buffer.from(cfg.repeat(Math.ceil(SIZE / 2 / cfg.length)).slice(0, SIZE / 2), 'utf16le');
  let distinct = '';
  for (let i = 0; distinct.length < SIZE; i++) distinct += `key_${i} = ${i}\n`;
  return {
    'random bytes': random,
    'random printable ASCII': printable,
    'UTF-16 config': utf16,
    'a word per line': repeat('a\n'),
    'one key set again and again': repeat('a=1\n'),
    'distinct unknown keys': Buffer.from(distinct.slice(0, SIZE)),
    // libxlu prints one error per line: a million lines xl would print.
    'a lexical error on every line': repeat('k-=1\n'),
    'a one-item list per line': repeat('a=[1]\n'),
    'one 5 MB line': repeat('x'),
    'unclosed lists': repeat('['),
  };
}
