// Where each rule id is documented. docs/rules.md (written by scripts/gen-rules-doc.ts) has one
// heading per id, and every diagnostic links to it: the server's `codeDescription.href`, the CLI's
// JSON `href` and SARIF `helpUri`. The link depends on nothing but the id, so the same file gives
// the same output on every machine.

/**
 * docs/rules.md in the project's repository. The repository has no public address yet: this is the
 * one the project is to be published at, the only place to change when it moves (see README,
 * "Rule documentation links").
 */
export const RULES_DOC_URL = 'https://github.com/xlcfg/xlcfg/blob/main/docs/rules.md';

/**
 * The anchor of the heading `### <id>`, as GitHub and VS Code's markdown preview make it: lower
 * case, every character but letters, digits, `-` and `_` dropped (`syntax/crlf` -> `syntaxcrlf`).
 */
export function ruleAnchor(id: string): string {
  return id
    .toLowerCase()
    .replace(/[^a-z0-9_ -]/g, '')
    .replace(/ /g, '-');
}

export function ruleHref(id: string): string {
  return `${RULES_DOC_URL}#${ruleAnchor(id)}`;
}
