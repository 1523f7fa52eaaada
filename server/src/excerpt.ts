// User text quoted in a diagnostic message: a message is one short line whatever the input, so
// the text is cut to a bounded excerpt and control characters are shown escaped.

/** `s` in backticks, at most `max` characters (then `…`), control characters as `\xNN`. */
export function excerpt(s: string, max = 32): string {
  const cut = s.length > max ? s.slice(0, max) + '…' : s;
  return `\`${cut.replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}\``;
}
