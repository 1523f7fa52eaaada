// Safe markdown for hovers and completion docs. Config text is untrusted: it may hold markdown
// links (`command:` URIs run code in a trusted hover), HTML, backtick runs that break out of a
// code span, or terminal escapes. Everything the user wrote goes through `code` (an inline code
// span, inside which nothing is interpreted) or `escape` (the characters that would start markup
// where they stand backslash-escaped). Neither ever emits a raw HTML tag, a link or a control
// character. Escapes are kept to those few: clients that show markdown as highlighted source
// (Neovim's hover) print every backslash, so `force_x2apic` must not become `force\_x2apic`.

/** C0 and C1 controls, DEL, line/paragraph separators, bidi overrides and other invisibles. */
const UNSAFE_CHARS =
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/g;

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

const ALNUM = /[A-Za-z0-9]/;
const ASCII_PUNCT = /[!-/:-@[-`{-~]/;
/** An HTML entity or numeric character reference starting at `&`. */
const ENTITY = /^&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});/;

/**
 * Plain text as markdown that renders exactly as the text (CommonMark + GFM, which VS Code's
 * hovers use). Escaped: backslashes before punctuation or at the end, backticks, `*`, `~`, `]`
 * before `(`, `[` or `:` and `[` opening a line (what makes a link), `_` at a word boundary (intraword `_` is never emphasis), `<` that could open a tag or an
 * autolink, `&` that would read as an entity, `://` and `www.` (GFM autolinks), `command:`, and the markers
 * that open a block at the start of a line (`#`, `>`, `-`, `+`, `=`, `1.`). Pipes are left to
 * `cell`. Nothing else: everything else in prose is literal in CommonMark already.
 */
export function escape(s: string, atLineStart = true): string {
  const t = showControls(s);
  // `1.` / `1)` at the start of a line opens an ordered list: where the leading digits end.
  const digitsEnd = atLineStart ? (/^[0-9]{1,9}/.exec(t)?.[0].length ?? -1) : -1;
  let out = '';
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    let esc = false;
    switch (c) {
      case '\\':
        esc = i + 1 === t.length || ASCII_PUNCT.test(t[i + 1]);
        break;
      case '`':
      case '*':
      case '~':
        esc = true;
        break;
      case '[':
        // A link needs `](` (inline) or a definition, which opens a line (`[x]: url`).
        esc = atLineStart && i === 0;
        break;
      case ']':
        esc = i + 1 < t.length && /[([:]/.test(t[i + 1]);
        break;
      case '_':
        esc = !(i > 0 && ALNUM.test(t[i - 1]) && i + 1 < t.length && ALNUM.test(t[i + 1]));
        break;
      case '<':
        esc = i + 1 < t.length && /[A-Za-z/!?]/.test(t[i + 1]);
        break;
      case '&':
        esc = ENTITY.test(t.slice(i, i + 40));
        break;
      case ':':
        // `://` is a GFM autolink; `command:x` is not one, but a URI scheme is never left to
        // chance in a hover that may be trusted.
        esc = t.startsWith('//', i + 1) || /(^|[^A-Za-z0-9+.-])command$/i.test(t.slice(Math.max(0, i - 8), i));
        break;
      case '.':
        esc = i >= 3 && /(^|[^A-Za-z0-9])www$/i.test(t.slice(Math.max(0, i - 4), i));
        break;
      case '>':
        esc = atLineStart && i === 0;
        break;
      case '#':
        esc = atLineStart && i === 0 && /^#{1,6}([ \t]|$)/.test(t);
        break;
      case '-':
      case '+':
      case '=':
        // A list item (`- x`), a setext underline or a thematic break (`===`, `---`).
        esc = atLineStart && i === 0 && (/^.([ \t]|$)/.test(t) || /^([-+=])[-+= \t]*$/.test(t));
        break;
      case ')':
        esc = i === digitsEnd && /^([ \t]|$)/.test(t.slice(i + 1, i + 2));
        break;
    }
    if (c === '.' && i === digitsEnd && /^([ \t]|$)/.test(t.slice(i + 1, i + 2))) esc = true;
    out += esc ? '\\' + c : c;
  }
  return out;
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
    out += escape(t.slice(last, m.index), last === 0) + code(m[0].slice(1, -1));
    last = m.index! + m[0].length;
  }
  return out + escape(t.slice(last), last === 0);
}

/** A GFM table cell: a pipe ends the cell even inside a code span unless it is escaped. */
export function cell(markdown: string): string {
  return markdown.replace(/\|/g, '\\|');
}

/** A link only to the places xlcfg itself points at (https URLs from the catalogue). */
export function safeLink(label: string, url: string): string {
  if (!/^https:\/\/[A-Za-z0-9.-]+\/[A-Za-z0-9._~:/?#@!$&'*+,;=%-]*$/.test(url) || /[()\s]/.test(url))
    return escape(label);
  return `[${escape(label)}](${url})`;
}
