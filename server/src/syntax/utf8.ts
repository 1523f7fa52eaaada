// xl reads files as bytes; xlcfg reads them as UTF-8. Invalid sequences become U+FFFD (one per
// maximal invalid subpart, the WHATWG rule that Node and VS Code also use), and their offsets in
// the decoded text are returned so the parser can warn at the exact place.

export interface DecodedText {
  text: string;
  /** Where invalid sequences were replaced (offsets in `text`): the first MAX_INVALID_KEPT of them. */
  invalidUtf8: number[];
  /** How many invalid sequences the bytes hold in all. */
  invalidUtf8Count: number;
  /** How many bytes the last character of `text` came from (libxlutil's end-of-file quirk depends on it). */
  lastCharBytes: number;
}

/** Offsets of invalid sequences kept: enough for every diagnostic a file can show, bounded for binary junk. */
export const MAX_INVALID_KEPT = 65536;

function utf8Length(cp: number): number {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

const replacing = new TextDecoder('utf-8', { ignoreBOM: true });
// The platform's decoder (no Node import: the core runs anywhere); it throws at the first invalid byte.
const strict = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true });

function decodeValid(bytes: Uint8Array): string | undefined {
  try {
    return strict.decode(bytes);
  } catch {
    return undefined;
  }
}

export function decodeUtf8(bytes: Uint8Array): DecodedText {
  const valid = decodeValid(bytes);
  if (valid !== undefined) {
    const text = valid;
    const last = text.length
      ? text.codePointAt(text.length - (text.length > 1 && /[\udc00-\udfff]/.test(text[text.length - 1]) ? 2 : 1))!
      : 0;
    return { text, invalidUtf8: [], invalidUtf8Count: 0, lastCharBytes: text.length ? utf8Length(last) : 0 };
  }
  // Only files that actually contain invalid bytes. The text comes from the platform's WHATWG
  // decoder in one call; this loop follows the same state machine to find where each U+FFFD it
  // inserted lands, counting UTF-16 units instead of building the string a character at a time
  // (which took 3 s for 5 MB of random bytes).
  const invalid: number[] = [];
  let count = 0;
  let len = 0;
  const bad = (): void => {
    if (invalid.length < MAX_INVALID_KEPT) invalid.push(len);
    count++;
    len++;
  };
  let lastCharBytes = 0;
  let seqStart = 0;
  let needed = 0;
  let seen = 0;
  let cp = 0;
  let lower = 0x80;
  let upper = 0xbf;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (needed === 0) {
      seqStart = i;
      lastCharBytes = 1;
      if (b <= 0x7f) len++;
      else if (b >= 0xc2 && b <= 0xdf) {
        needed = 1;
        cp = b & 0x1f;
      } else if (b >= 0xe0 && b <= 0xef) {
        if (b === 0xe0) lower = 0xa0;
        if (b === 0xed) upper = 0x9f;
        needed = 2;
        cp = b & 0x0f;
      } else if (b >= 0xf0 && b <= 0xf4) {
        if (b === 0xf0) lower = 0x90;
        if (b === 0xf4) upper = 0x8f;
        needed = 3;
        cp = b & 0x07;
      } else bad();
      continue;
    }
    if (b < lower || b > upper) {
      needed = seen = cp = 0;
      lower = 0x80;
      upper = 0xbf;
      lastCharBytes = i - seqStart;
      bad();
      i--; // the byte starts something new
      continue;
    }
    lower = 0x80;
    upper = 0xbf;
    cp = (cp << 6) | (b & 0x3f);
    if (++seen === needed) {
      lastCharBytes = i - seqStart + 1;
      len += cp >= 0x10000 ? 2 : 1;
      needed = seen = cp = 0;
    }
  }
  if (needed !== 0) {
    lastCharBytes = bytes.length - seqStart;
    bad();
  }
  const text = replacing.decode(bytes);
  if (text.length !== len)
    throw new Error(`UTF-8 decoding disagrees with the platform decoder (${len} vs ${text.length} units)`);
  return { text, invalidUtf8: invalid, invalidUtf8Count: count, lastCharBytes };
}
