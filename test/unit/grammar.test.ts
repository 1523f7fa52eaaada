// Offline checks of the TextMate grammar and the snippets. Tokenisation uses vscode-textmate and
// vscode-oniguruma (VS Code's own engine), devDependencies: without them (no `npm ci`) those tests
// fail rather than skip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from '../../server/src/syntax/parser';
import { keyInfo } from '../../server/src/schema/catalogue';

const ROOT = path.resolve(__dirname, '../..');
const GRAMMAR_PATH = path.join(ROOT, 'syntaxes/xlcfg.tmLanguage.json');
const SNIPPETS_PATH = path.join(ROOT, 'snippets/xlcfg.json');
const grammarText = readFileSync(GRAMMAR_PATH, 'utf8');

interface Rule {
  include?: string;
  match?: string;
  begin?: string;
  end?: string;
  name?: string;
  patterns?: Rule[];
  captures?: Record<string, Rule>;
  beginCaptures?: Record<string, Rule>;
  endCaptures?: Record<string, Rule>;
  repository?: Record<string, Rule>;
}

function walk(rule: Rule, visit: (r: Rule) => void): void {
  visit(rule);
  for (const p of rule.patterns ?? []) walk(p, visit);
  for (const caps of [rule.captures, rule.beginCaptures, rule.endCaptures])
    for (const c of Object.values(caps ?? {})) walk(c, visit);
}

test('grammar: valid JSON with the scope name the manifest points at', () => {
  const g = JSON.parse(grammarText) as Rule & { scopeName: string };
  assert.equal(g.scopeName, 'source.xlcfg');
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const contributed = pkg.contributes.grammars.find((x: { language: string }) => x.language === 'xlcfg');
  assert.equal(contributed.scopeName, g.scopeName);
  assert.equal(path.resolve(ROOT, contributed.path), GRAMMAR_PATH);
});

test('grammar: every include resolves and every regex compiles', () => {
  const g = JSON.parse(grammarText) as Rule;
  const repo = g.repository ?? {};
  const rules: Rule[] = [];
  walk(g, (r) => rules.push(r));
  for (const r of Object.values(repo)) walk(r, (x) => rules.push(x));
  let regexes = 0;
  for (const r of rules) {
    if (r.include) {
      assert.ok(r.include.startsWith('#'), `only local includes expected: ${r.include}`);
      assert.ok(repo[r.include.slice(1)], `unresolved include ${r.include}`);
    }
    for (const src of [r.match, r.begin, r.end]) {
      if (src === undefined) continue;
      // The grammar sticks to syntax shared by Oniguruma and JS (no \h, \G, possessive or atomic groups).
      assert.doesNotThrow(() => new RegExp(src), `regex does not compile: ${src}`);
      regexes++;
    }
  }
  assert.ok(regexes > 15);
  for (const [name] of Object.entries(repo)) {
    assert.ok(grammarText.includes(`"#${name}"`), `repository rule ${name} is never used`);
  }
});

test('grammar: the scopes themes and tests rely on are present', () => {
  for (const scope of [
    'comment.line.number-sign.xlcfg',
    'variable.other.key.xlcfg',
    'invalid.illegal.key.xlcfg',
    'keyword.operator.assignment.xlcfg',
    'keyword.operator.assignment.append.xlcfg',
    'string.quoted.double.xlcfg',
    'string.quoted.single.xlcfg',
    'constant.character.escape.xlcfg',
    'invalid.illegal.escape.xlcfg',
    'constant.numeric.xlcfg',
    'punctuation.definition.list.begin.xlcfg',
    'punctuation.separator.list.xlcfg',
    'invalid.illegal.bareword.xlcfg',
  ]) {
    assert.ok(grammarText.includes(`"${scope}`), `missing scope ${scope}`);
  }
});

test('grammar: key and number regexes follow the xl lexer', () => {
  const g = JSON.parse(grammarText) as Rule;
  const repo = g.repository!;
  const validKey = new RegExp(`^(?:${repo.assignment.patterns![0].begin})`);
  assert.ok(validKey.test('memory ='));
  assert.ok(validKey.test('vif.default.script='));
  assert.ok(validKey.test('cmdline += '));
  for (const bad of ['Memory =', 'a-b =', '_a =', '9a =', 'a + =']) assert.ok(!validKey.test(bad), bad);
  const num = new RegExp(repo.number.match!);
  for (const good of ['1024', '0x1f', '010', '12abc']) assert.equal(num.exec(` ${good} `)?.[0], good);
  for (const bad of ['0x1F', '12g', '-1']) assert.equal(num.exec(` ${bad}`), null, bad);
});

// ---- tokenisation with VS Code's engine ---------------------------------------------------------

interface Token {
  startIndex: number;
  endIndex: number;
  scopes: string[];
}
type Tokenize = (text: string) => Array<{ line: string; tokens: Token[] }>;

async function loadTokenizer(): Promise<Tokenize> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tm = require('vscode-textmate');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const onig = require('vscode-oniguruma');
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await onig.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new tm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new onig.OnigScanner(patterns),
      createOnigString: (s: string) => new onig.OnigString(s),
    }),
    loadGrammar: async (scope: string) =>
      scope === 'source.xlcfg' ? tm.parseRawGrammar(grammarText, GRAMMAR_PATH) : null,
  });
  const grammar = await registry.loadGrammar('source.xlcfg');
  return (text) => {
    let stack = tm.INITIAL;
    return text.split('\n').map((line) => {
      const r = grammar.tokenizeLine(line, stack);
      stack = r.ruleStack;
      return { line, tokens: r.tokens as Token[] };
    });
  };
}

let tokenizerPromise: Promise<Tokenize> | undefined;

/** VS Code's tokenizer on the grammar; a missing devDependency fails the test that asks. */
function tokenizer(): Promise<Tokenize> {
  tokenizerPromise ??= loadTokenizer().catch((e) => {
    throw new Error(`vscode-textmate / vscode-oniguruma (devDependencies) could not be loaded; run npm ci: ${e}`);
  });
  return tokenizerPromise;
}

/** Scopes of the token that starts `needle` (the n-th occurrence) on line `lineNo`. */
function scopesOf(lines: ReturnType<Tokenize>, lineNo: number, needle: string, nth = 0): string[] {
  const { line, tokens } = lines[lineNo];
  let at = -1;
  for (let i = 0; i <= nth; i++) at = line.indexOf(needle, at + 1);
  assert.ok(at >= 0, `"${needle}" not on line ${lineNo}: ${line}`);
  const tok = tokens.find((t) => t.startIndex <= at && at < t.endIndex)!;
  return tok.scopes;
}

function has(scopes: string[], prefix: string): boolean {
  return scopes.some((s) => s === prefix || s.startsWith(`${prefix}.`) || s.startsWith(`${prefix} `));
}

test('tokens: keys, operators, numbers and comments', async () => {
  const tok = await tokenizer();
  const l = tok('memory = 1024 # MiB\ncmdline += " quiet"\na=1; b=0x1f\n# xlcfg: guest-os=linux host-cpu=amd');
  assert.ok(has(scopesOf(l, 0, 'memory'), 'variable.other.key.xlcfg'));
  assert.ok(has(scopesOf(l, 0, '='), 'keyword.operator.assignment.xlcfg'));
  assert.ok(has(scopesOf(l, 0, '1024'), 'constant.numeric.xlcfg'));
  assert.ok(has(scopesOf(l, 0, '# MiB'), 'comment.line.number-sign.xlcfg'));
  assert.ok(has(scopesOf(l, 1, '+='), 'keyword.operator.assignment.append.xlcfg'));
  assert.ok(has(scopesOf(l, 1, 'quiet'), 'string.quoted.double.xlcfg'));
  assert.ok(has(scopesOf(l, 2, 'b'), 'variable.other.key.xlcfg'));
  assert.ok(has(scopesOf(l, 2, ';'), 'punctuation.terminator.statement.xlcfg'));
  assert.ok(has(scopesOf(l, 2, '0x1f'), 'constant.numeric.xlcfg'));
  assert.ok(has(scopesOf(l, 3, 'xlcfg'), 'keyword.other.directive.xlcfg'));
  assert.ok(has(scopesOf(l, 3, 'host-cpu'), 'variable.other.directive.xlcfg'));
});

test('tokens: invalid keys, barewords and numbers xl rejects', async () => {
  const tok = await tokenizer();
  const l = tok('Memory = 1\nfoo-bar = 1\ntype = hvm\nvcpus = 12g\nx = 0x1F');
  assert.ok(has(scopesOf(l, 0, 'Memory'), 'invalid.illegal.key.xlcfg'));
  assert.ok(has(scopesOf(l, 1, 'foo-bar'), 'invalid.illegal.key.xlcfg'));
  assert.ok(has(scopesOf(l, 2, 'hvm'), 'invalid.illegal.bareword.xlcfg'));
  assert.ok(has(scopesOf(l, 3, '12g'), 'invalid.illegal.bareword.xlcfg'));
  assert.ok(has(scopesOf(l, 4, '0x1F'), 'invalid.illegal.bareword.xlcfg'));
});

test('tokens: escapes in quoted strings', async () => {
  const tok = await tokenizer();
  const l = tok(String.raw`a = "x\n\"\t\012 \x41 \q \0" 'it\'s'` + '\nb = "unterminated');
  assert.ok(has(scopesOf(l, 0, String.raw`\n`), 'constant.character.escape.xlcfg'));
  assert.ok(has(scopesOf(l, 0, String.raw`\"`), 'constant.character.escape.xlcfg'));
  assert.ok(has(scopesOf(l, 0, String.raw`\012`), 'constant.character.escape.octal.xlcfg'));
  assert.ok(has(scopesOf(l, 0, String.raw`\x41`), 'invalid.illegal.escape.xlcfg'));
  assert.ok(has(scopesOf(l, 0, String.raw`\q`), 'invalid.illegal.escape.xlcfg'));
  assert.ok(has(scopesOf(l, 0, String.raw`\0"`), 'invalid.illegal.escape.xlcfg'));
  assert.ok(has(scopesOf(l, 0, String.raw`\'`), 'constant.character.escape.xlcfg'));
  assert.ok(
    has(scopesOf(l, 0, 's'), 'string.quoted.single.xlcfg') || has(scopesOf(l, 0, "s'"), 'string.quoted.single.xlcfg'),
  );
  assert.ok(has(scopesOf(l, 1, 'unterminated'), 'invalid.illegal.unterminated-string.xlcfg'));
});

test('tokens: lists span lines with comments and trailing commas', async () => {
  const tok = await tokenizer();
  const l = tok('disk = [ \'phy:/dev/vg/a,xvda,w\',  # root\n  "file:/b.img,xvdb,r",\n  [ 1, 2 ],\n]\nname = "g"');
  assert.ok(has(scopesOf(l, 0, '['), 'punctuation.definition.list.begin.xlcfg'));
  assert.ok(has(scopesOf(l, 0, 'phy'), 'string.quoted.single.xlcfg'));
  assert.ok(has(scopesOf(l, 0, '# root'), 'comment.line.number-sign.xlcfg'));
  assert.ok(has(scopesOf(l, 1, 'file'), 'string.quoted.double.xlcfg'));
  assert.ok(has(scopesOf(l, 1, 'file'), 'meta.structure.list.xlcfg'));
  const sep = l[1].line.indexOf('",') + 1; // the comma after the string, not those inside it
  assert.ok(
    has(l[1].tokens.find((t) => t.startIndex <= sep && sep < t.endIndex)!.scopes, 'punctuation.separator.list.xlcfg'),
  );
  assert.ok(has(scopesOf(l, 2, '1'), 'constant.numeric.xlcfg'));
  assert.ok(has(scopesOf(l, 3, ']'), 'punctuation.definition.list.end.xlcfg'));
  const after = scopesOf(l, 4, 'name');
  assert.ok(has(after, 'variable.other.key.xlcfg'));
  assert.ok(!has(after, 'meta.structure.list.xlcfg'), 'the list must be closed by line 4');
});

// ---- snippets -----------------------------------------------------------------------------------

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description?: string;
}
const snippets = JSON.parse(readFileSync(SNIPPETS_PATH, 'utf8')) as Record<string, Snippet>;

/** The text a snippet inserts when every placeholder keeps its default (first choice, variables named). */
function expand(body: string | string[]): string {
  let text = Array.isArray(body) ? body.join('\n') : body;
  text = text.replace(/\$TM_FILENAME_BASE|\$\{TM_FILENAME_BASE\}/g, 'guest');
  // Innermost placeholders first, until none is left.
  for (let prev = ''; prev !== text; ) {
    prev = text;
    text = text.replace(/\$\{\d+\|([^|,}]*)[^|]*\|\}/g, '$1').replace(/\$\{\d+:([^${}]*)\}/g, '$1');
  }
  return text.replace(/\$\{?\d+\}?/g, '');
}

test('snippets: the domain skeletons and list entries exist', () => {
  const prefixes = Object.values(snippets).flatMap((s) => (Array.isArray(s.prefix) ? s.prefix : [s.prefix]));
  for (const p of ['pv-domain', 'pvh-domain', 'hvm-domain', 'disk-phy', 'disk-file', 'vif-entry'])
    assert.ok(prefixes.includes(p), p);
  for (const [name, s] of Object.entries(snippets)) assert.ok(s.description, `${name} has no description`);
});

test('snippets: each domain skeleton is a config xl accepts, with known keys and the right type', () => {
  for (const [prefix, type] of [
    ['pv-domain', 'pv'],
    ['pvh-domain', 'pvh'],
    ['hvm-domain', 'hvm'],
  ] as const) {
    const s = Object.values(snippets).find((x) => x.prefix === prefix)!;
    const text = expand(s.body);
    const file = parse(`${text}\n`);
    assert.ok(file.ok, `${prefix} does not parse:\n${text}\n${JSON.stringify(file.diagnostics)}`);
    assert.equal(file.settings.get('type')?.value, type);
    for (const key of file.settings.keys()) assert.ok(keyInfo(key), `${prefix}: unknown key ${key}`);
    // Integers unquoted, strings quoted, device lists as lists.
    assert.match(text, /^memory = \d+$/m);
    assert.match(text, /^vcpus = \d+$/m);
    assert.ok(Array.isArray(file.settings.get('disk')?.value), `${prefix}: disk must be a list`);
    assert.ok(Array.isArray(file.settings.get('vif')?.value), `${prefix}: vif must be a list`);
  }
});

test('snippets: list entries are single quoted strings that fit in a list', () => {
  for (const prefix of ['disk-phy', 'disk-file', 'disk-cdrom', 'vif-entry', 'disk', 'vif']) {
    const s = Object.values(snippets).find((x) => x.prefix === prefix)!;
    const text = expand(s.body);
    const doc = text.includes('=') && /^[a-z]+ = \[/.test(text) ? text : `x = [ ${text} ]`;
    const file = parse(`${doc}\n`);
    assert.ok(file.ok, `${prefix}: ${doc}`);
  }
});

test('snippets: expanded skeletons have no invalid tokens', async () => {
  const tok = await tokenizer();
  for (const s of Object.values(snippets)) {
    const text = expand(s.body);
    const source = /^[a-z#]/.test(text) ? text : `x = [ ${text} ]`;
    for (const { line, tokens } of tok(source)) {
      for (const tk of tokens) assert.ok(!tk.scopes.some((x) => x.startsWith('invalid')), `invalid token in "${line}"`);
    }
  }
});
