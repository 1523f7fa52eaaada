// The ids the parser itself emits (server/src/syntax/parser.ts). Listed here so that severities,
// suppression comments and the documentation know them; the parser does the checking.
import type { RuleModule } from '../rule';

export const syntaxRules: RuleModule = {
  name: 'syntax',
  rules: [
    { id: 'syntax/unexpected', severity: 'error', summary: 'A token xl does not expect here; xl rejects the file.' },
    { id: 'syntax/missing-assignment', severity: 'error', summary: 'A word that is not followed by `=`.' },
    { id: 'syntax/missing-value', severity: 'error', summary: '`key =` with no value on the same line.' },
    { id: 'syntax/missing-separator', severity: 'error', summary: 'Two statements on one line without `;`.' },
    { id: 'syntax/missing-comma', severity: 'error', summary: 'List items not separated by `,`.' },
    { id: 'syntax/empty-item', severity: 'error', summary: 'An empty list item (`[,]`, `,,`).' },
    { id: 'syntax/unterminated-string', severity: 'error', summary: 'A string without its closing quote.' },
    { id: 'syntax/unterminated-list', severity: 'error', summary: 'A list without its closing `]`.' },
    { id: 'syntax/invalid-key', severity: 'error', summary: 'A key with characters xl does not allow.' },
    { id: 'syntax/key-uppercase', severity: 'error', summary: 'Uppercase letters in a key.' },
    { id: 'syntax/key-dash', severity: 'error', summary: '`-` in a key.' },
    { id: 'syntax/bareword', severity: 'error', summary: 'An unquoted word used as a value (`type = hvm`).' },
    { id: 'syntax/unquoted-number', severity: 'error', summary: 'A negative or fractional number without quotes.' },
    { id: 'syntax/uppercase-hex', severity: 'error', summary: 'Uppercase hex digits, which xl\'s lexer rejects.' },
    { id: 'syntax/number-suffix', severity: 'error', summary: 'A number with a unit suffix (`512M`).' },
    { id: 'syntax/escape', severity: 'error', summary: 'A backslash escape xl rejects (`\\x41`, `\\e`).' },
    { id: 'syntax/escape-dropped', severity: 'warning', summary: 'An octal-looking escape xl accepts but drops from the value.' },
    { id: 'syntax/append-mixed', severity: 'error', summary: '`+=` mixing a list and a string.' },
    { id: 'syntax/crlf', severity: 'error', summary: 'Windows line endings; xl rejects every line.' },
    { id: 'syntax/bom', severity: 'error', summary: 'A UTF-8 byte-order mark.' },
    { id: 'syntax/nul', severity: 'error', summary: 'A NUL byte (xl aborts on one inside quotes).' },
    { id: 'syntax/comment-at-eof', severity: 'error', summary: 'A comment on the last line without a final newline.' },
    { id: 'syntax/ignored-last-char', severity: 'warning', summary: 'A stray last character that xl silently drops.' },
    { id: 'syntax/invalid-utf8', severity: 'warning', summary: 'Bytes that are not valid UTF-8.' },
    { id: 'syntax/not-a-config', severity: 'error', summary: 'Binary or other non-text content (a fifth or more of its start NULs, control characters or invalid UTF-8): said once.' },
    { id: 'syntax/too-deep', severity: 'error', summary: "Lists nested deeper than libxlutil's parser stack allows; xl rejects the file." },
    { id: 'syntax/python', severity: 'error', summary: 'An xm-era Python config; xl does not run Python.' },
    { id: 'key/duplicate', severity: 'warning', summary: 'A key set twice; xl keeps only the last value.' },
  ],
  check() {
    // The parser reports these.
  },
};
