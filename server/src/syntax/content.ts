// Content that is not a config at all: an image, an archive, a UTF-16 file, random bytes saved
// as .cfg. libxlutil rejects such a file at its first invalid character; reporting every one
// (5 MB of random bytes held two million) tells the user nothing more than "this is not a config"
// and cost 20 s and gigabytes. The parser says that once instead (syntax/not-a-config).

/** Share of characters, from which content is taken for binary. */
export const NOT_A_CONFIG_SHARE = 0.2;
/** Shorter texts always get their precise diagnostics. */
const MIN_LENGTH = 32;
/**
 * Characters looked at: the start of the text tells (as git and file(1) decide from the first
 * few kB), and a whole-text pass would cost every parse of a large config a few per cent. A config
 * that turns into junk further down is bounded by the problem budgets instead.
 */
const SAMPLE = 16384;

/**
 * Characters no text config holds: NUL and the other C0 controls except tab, LF, VT, FF and CR,
 * DEL, the C1 controls, and U+FFFD (what invalid UTF-8 decodes to). A UTF-16 file is half NULs,
 * random bytes about two thirds such characters, a Latin-1 config a few per cent at most.
 */
export function binaryShare(text: string, limit = text.length): number {
  const end = Math.min(text.length, limit);
  let n = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 ? c < 9 || (c > 13 && c < 0x20) : c >= 0x7f ? c <= 0x9f || c === 0xfffd : false) n++;
  }
  return end ? n / end : 0;
}

/** The share of binary characters (in the first SAMPLE) when `text` is not a config, else undefined. */
export function notAConfig(text: string): number | undefined {
  if (text.length < MIN_LENGTH) return undefined;
  const share = binaryShare(text, SAMPLE);
  return share >= NOT_A_CONFIG_SHARE ? share : undefined;
}
