// Config text is untrusted (a downloaded config, a repository opened in the editor). Whatever its
// strings, keys and comments hold, it must never become markup, a link or a command in a hover,
// drive the terminal through the CLI, or reach the webview other than as data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkText } from '../../server/src/checks/check';
import { main } from '../../server/src/cli/main';
import { hoverAt } from '../../server/src/features/hover';
import { simulateDocument } from '../../server/src/features/simulation';
import { defaultOptions } from '../../server/src/options';
import { renderShell } from '../../client/src/preview/html';

const PAYLOADS = [
  '**b**',
  '[x](command:workbench.action.terminal.new)',
  '![i](http://x)',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  'command:workbench.action.terminal.new',
  '<command:workbench.action.terminal.new>',
  '<http://x>',
  '\u001b[31mred\u001b[0m',
  '\u001b]8;;http://x\u0007link\u001b]8;;\u0007',
  '\u0000\u0001\u0008\u000b\u000c\u007f\u0085\u009b',
  '```` `` `',
  '`',
  'a\u202eevil\u202c',
  '\u2066\u2067\u2068\u2069\u200f\u2028\u2029',
  '&lt;script&gt;',
  '| cell | [y](javascript:alert(1)) |',
];

/** A config with every payload in every kind of place: values, sub-language fields, lists, comments, directives, barewords. */
function hostileConfig(p: string): string {
  const q = JSON.stringify(p).replace(/\\u00([0-9a-f]{2})/g, (_, h) => `\\x${h}`); // xl strings know \x, not \u
  const raw = p.replace(/["\\\n\r]/g, ''); // as far as a single-quoted/unquoted spot allows
  return [
    `# xlcfg: guest-os=${raw} host-cpu=${raw}`,
    `# xlcfg-disable-next-line ${raw}, value/*`,
    `name = ${q}`,
    `type = ${q}`,
    `firmware = ${q}`,
    `kernel = '${raw.replace(/'/g, '')}'`,
    `cmdline = "nox2apic ${raw.replace(/"/g, '')}"`,
    `memory = ${q}`,
    `vcpus = ${q}`,
    `force_x2apic = ${q}`,
    `disk = [ "/img,raw,xvda,rw,${raw.replace(/"/g, '')}", ${q} ]`,
    `vif = [ "bridge=${raw.replace(/"/g, '')}", "mac=${raw.replace(/"/g, '')}" ]`,
    `pci = [ ${q} ]`,
    `cpuid = "host,${raw.replace(/"/g, '')}=0,x2apic=0"`,
    `cpus = ${q}`,
    `viridian = [ ${q} ]`,
    `tsc_mode = ${q}`,
    `on_crash = ${q}`,
    `unknown_key = ${q}`,
    `builder = ${q}`,
    `extra = ${raw.replace(/[\s"';#]/g, '') || 'x'}`,
    `device_model_args = ${q}`,
    '',
  ].join('\n');
}

/** The markdown with inline code spans and fenced blocks removed (CommonMark: a run of n backticks closes at the next run of exactly n), escapes kept. */
function outsideCode(md: string): string {
  let out = '';
  let i = 0;
  while (i < md.length) {
    const c = md[i];
    if (c === '\\' && i + 1 < md.length) {
      out += md.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (c !== '`') {
      out += c;
      i++;
      continue;
    }
    let n = 0;
    while (md[i + n] === '`') n++;
    let j = i + n;
    let close = -1;
    while (j < md.length) {
      const k = md.indexOf('`', j);
      if (k < 0) break;
      let m = 0;
      while (md[k + m] === '`') m++;
      if (m === n) {
        close = k;
        break;
      }
      j = k + m;
    }
    if (close < 0) {
      out += md.slice(i, i + n);
      i += n;
    } else i = close + n;
  }
  return out;
}

const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;

function unsafeMarkdown(md: string): string | null {
  if (CONTROL.test(md))
    return `raw control/bidi character U+${md.match(CONTROL)![0].charCodeAt(0).toString(16).padStart(4, '0')}`;
  const outside = outsideCode(md);
  // An unescaped `<` followed by a letter, `!`, `/` or `?` starts an HTML tag or an autolink.
  const tag = /(^|[^\\])<[a-zA-Z!/?]/.exec(outside);
  if (tag) return `raw HTML or autolink: ${outside.slice(tag.index, tag.index + 40)}`;
  // Links and images: only the https manual links xlcfg writes itself, never a URL taken from the config.
  for (const m of outside.matchAll(/(^|[^\\])\]\(([^)\s]*)/g)) {
    const target = m[2];
    if (!/^https:\/\/xenbits\.xen\.org\//.test(target) && !/^https:\/\/[a-z0-9.-]+\.(org|com|io)\//.test(target))
      return `link to ${target}`;
    if (
      PAYLOADS.some(
        (p) => target.includes('http://x') || target.includes('command:') || (p.length > 3 && target.includes(p)),
      )
    )
      return `link from config: ${target}`;
  }
  if (/command:/i.test(outside.replace(/\\:/g, ''))) return 'command: URI outside a code span';
  return null;
}

test('every hover over hostile configs is inert markdown', () => {
  let hovers = 0;
  // Markdown already found safe (hovers over the same place of a token repeat it).
  const safe = new Set<string>();
  for (const p of PAYLOADS) {
    const text = hostileConfig(p);
    const result = checkText(text, defaultOptions({ enableProposed: true }));
    let sim: ReturnType<typeof simulateDocument> | undefined;
    for (let offset = 0; offset <= text.length; offset++) {
      const h = hoverAt(result, offset, () => (sim ??= simulateDocument(result)));
      if (!h) continue;
      hovers++;
      if (safe.has(h.markdown)) continue;
      const bad = unsafeMarkdown(h.markdown);
      assert.equal(
        bad,
        null,
        `payload ${JSON.stringify(p)}, hover at ${offset} (${JSON.stringify(text.slice(offset, offset + 20))}):\n${h.markdown}`,
      );
      safe.add(h.markdown);
    }
  }
  assert.ok(hovers > 500, `only ${hovers} hovers: the configs no longer exercise the hover`);
});

test('the safety check itself catches what it must', () => {
  // Guards the test: each of these would be an injection and must be flagged.
  for (const md of [
    '<script>x</script>',
    'a [x](command:y)',
    '![i](http://x)',
    'see command:foo',
    'x\u001b[31m',
    'a\u202eb',
    '`` ` `` <img src=x>',
    '<http://x>',
  ]) {
    assert.notEqual(unsafeMarkdown(md), null, md);
  }
  for (const md of [
    '`<script>`',
    '\\<script\\>',
    '``a`b``',
    '[xl.cfg(5)](https://xenbits.xen.org/docs/unstable/man/xl.cfg.5.html#name)',
    '`command:x`',
    'command\\:x',
  ]) {
    assert.equal(unsafeMarkdown(md), null, md);
  }
});

// ---- CLI ------------------------------------------------------------------------------------------

const TERMINAL_UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

function runCli(argv: string[]): { out: string; err: string } {
  let out = '';
  let err = '';
  main(argv, { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, stdin: 0 });
  return { out, err };
}

test('CLI check and simulate text output never carries raw escapes, controls or bidi overrides', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'xlcfg-hostile-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // The file name is hostile too: it is echoed on every line.
  const files = PAYLOADS.map((p, i) => {
    const f = join(dir, `h${i}-\u001b[31m\u202e.cfg`);
    writeFileSync(f, hostileConfig(p));
    return f;
  });
  for (const f of files) {
    for (const argv of [
      ['check', f],
      ['check', '--enable-proposed', f],
      ['simulate', '--format', 'text', '--enable-proposed', f],
    ]) {
      const { out, err } = runCli(argv);
      assert.ok(out.length > 0, `${argv.join(' ')} printed nothing`);
      const m = TERMINAL_UNSAFE.exec(out);
      assert.equal(
        m,
        null,
        `${argv[0]} stdout has U+${m?.[0].charCodeAt(0).toString(16)}: ${JSON.stringify(out.slice(Math.max(0, (m?.index ?? 0) - 40), (m?.index ?? 0) + 40))}`,
      );
      assert.equal(TERMINAL_UNSAFE.exec(err), null, `${argv[0]} stderr: ${JSON.stringify(err)}`);
    }
  }
});

test('CLI error messages do not echo raw escapes from a path', () => {
  const { err } = runCli(['check', join(tmpdir(), 'missing-\u001b]8;;http://x\u0007-\u202e.cfg')]);
  assert.match(err, /cannot read/);
  assert.equal(TERMINAL_UNSAFE.exec(err), null, JSON.stringify(err));
});

// ---- webview --------------------------------------------------------------------------------------

const MEDIA = join(__dirname, '../../client/media/preview.js');
const PREVIEW_DIR = join(__dirname, '../../client/src/preview');

/** Source without comments, so a comment that mentions innerHTML does not count. */
function code(src: string): string {
  return src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

test('the preview page script draws only with DOM APIs (no HTML parsing sinks)', () => {
  const src = code(readFileSync(MEDIA, 'utf8'));
  assert.ok(src.includes('textContent'), 'preview.js no longer uses textContent: is this the right file?');
  for (const sink of [
    /\.innerHTML\b/,
    /\.outerHTML\b/,
    /insertAdjacentHTML/,
    /document\.write/,
    /\beval\s*\(/,
    /new\s+Function\b/,
    /\bsrcdoc\b/,
    /createContextualFragment/,
    /DOMParser/,
    /\.setHTML\b/,
    /setAttribute\(\s*['"`]on/i,
    /\.on[a-z]+\s*=\s*['"`]/,
  ]) {
    assert.ok(!sink.test(src), `preview.js uses ${sink}`);
  }
  // Attributes are set by name from the script's own literals: an attribute name from data could be `onclick`.
  for (const m of src.matchAll(/setAttribute\(\s*([^,]+),/g)) {
    assert.ok(/^['"`][a-z-]+['"`]$|^k$/.test(m[1].trim()), `setAttribute with a computed name: ${m[0]}`);
  }
});

test('the extension sets webview HTML only from the fixed shell; document data goes through postMessage', () => {
  const sources = readdirSync(PREVIEW_DIR)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ f, src: code(readFileSync(join(PREVIEW_DIR, f), 'utf8')) }));
  let assignments = 0;
  for (const { f, src } of sources) {
    for (const m of src.matchAll(/\.html\s*=(?!=)\s*([^;]*)/g)) {
      assignments++;
      assert.match(m[1], /^renderShell\(\{/, `${f}: webview.html is set from ${m[1].slice(0, 60)}`);
      // Only the CSP source, a nonce and our own media URIs go into the shell.
      const call = src.slice(m.index!, src.indexOf('});', m.index!));
      for (const name of ['result', 'model', 'message', 'diagnostic', 'document', 'text', 'view', 'simulation']) {
        assert.ok(
          !new RegExp(`:\\s*[^,]*\\b${name}\\b`).test(call.replace(/vscode\.Uri|asWebviewUri|webview\.cspSource/g, '')),
          `${f}: the shell is given ${name}`,
        );
      }
    }
    assert.ok(!/\.html\s*\+=/.test(src), `${f} appends to webview.html`);
  }
  assert.equal(assignments, 1, 'expected exactly one webview.html assignment (the shell)');
  assert.ok(
    sources.some(({ src }) => /\.postMessage\(/.test(src)),
    'the host no longer posts the model',
  );
  // The shell interpolates only escaped attributes.
  const shell = readFileSync(join(PREVIEW_DIR, 'html.ts'), 'utf8');
  const body = shell.slice(shell.indexOf('export function renderShell'));
  for (const m of body.matchAll(/\$\{([^}]*)\}/g))
    assert.match(m[1], /^(escapeAttribute\(|csp$)/, `renderShell interpolates ${m[1]} unescaped`);
});

test('the shell escapes whatever it is given', () => {
  const evil = '"><script>alert(1)</script><x a="';
  const html = renderShell({ cspSource: evil, nonce: evil, scriptUri: evil, styleUri: evil });
  assert.equal(html.match(/<script/g)?.length, 1, html);
  assert.ok(!html.includes('<script>alert') && !html.includes('"><script'), html);
});
