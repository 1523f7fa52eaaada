// Safe markdown for hovers and completion docs. Config text is untrusted: it may hold markdown
// links (`command:` URIs run code in a trusted hover), HTML, backtick runs that break out of a
// code span, or terminal escapes. Everything the user wrote goes through `code` (an inline code
// span, inside which nothing is interpreted) or `escape` (every markdown-active character
// backslash-escaped). Neither ever emits a raw HTML tag, a link or a control character.

/** C0 and C1 controls, DEL, line/paragraph separators, bidi overrides and other invisibles. */
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/g;

/** Shows invisible and control characters as escapes (`\n`, `\x1b`, `\u202e`). */
export function showControls(s: string): string {
  return s.replace(UNSAFE_CHARS, (c) => {
    switch (c) {
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
    }
    const n = c.charCodeAt(0);
    return n <= 0xff ? '\\x' + n.toString(16).padStart(2, '0') : '\\u' + n.toString(16).padStart(4, '0');
  });
}

/** Cuts a string to `max` characters (marking the cut), before it is made safe. */
export function truncate(s: string, max = 120): string {
  if (s.length <= max) return s;
  // Do not split a surrogate pair.
  let cut = max;
  const c = s.charCodeAt(cut - 1);
  if (c >= 0xd800 && c <= 0xdbff) cut--;
  return s.slice(0, cut) + '…';
}

/**
 * An inline code span showing `s` literally. The fence is one backtick longer than the longest
 * run inside, and the content is padded with a space when it starts or ends with a backtick or
 * a space (CommonMark strips exactly one such space from each side).
 */
export function code(s: string): string {
  const body = showControls(s);
  if (body === '') return '` `';
  let longest = 0;
  for (const m of body.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(longest + 1);
  const pad = /^[` ]|[` ]$/.test(body) && !/^ +$/.test(body) ? ' ' : '';
  return fence + pad + body + pad + fence;
}

/** Plain text with every ASCII punctuation character backslash-escaped (CommonMark allows all). */
export function escape(s: string): string {
  return showControls(s).replace(/[!-\/:-@\[-`{-~]/g, (c) => '\\' + c);
}

/**
 * Text written by xlcfg itself (catalogue summaries, boot explanations, rule summaries) that may
 * hold single-backtick code spans: the spans are kept, everything else is escaped. Defensive,
 * since such text can quote config values.
 */
export function prose(s: string): string {
  const t = showControls(s);
  let out = '';
  let last = 0;
  for (const m of t.matchAll(/`[^`]+`/g)) {
    out += escape(t.slice(last, m.index)) + code(m[0].slice(1, -1));
    last = m.index! + m[0].length;
  }
  return out + escape(t.slice(last));
}

/** A GFM table cell: a pipe ends the cell even inside a code span unless it is escaped. */
export function cell(markdown: string): string {
  return markdown.replace(/\|/g, '\\|');
}

/** A link only to the places xlcfg itself points at (https URLs from the catalogue). */
export function safeLink(label: string, url: string): string {
  if (!/^https:\/\/[A-Za-z0-9.-]+\/[A-Za-z0-9._~:\/?#@!$&'*+,;=%-]*$/.test(url) || /[()\s]/.test(url)) return escape(label);
  return `[${escape(label)}](${url})`;
}
