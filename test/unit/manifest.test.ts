// package.json must agree with what the server reads and what the client registers: settings and
// their enums/defaults, commands and menus, engines, capabilities, activation, and packaging.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { HOVER_SIMULATION, defaultOptions, isHoverSimulation } from '../../server/src/options';
import { SEVERITY_ORDER } from '../../server/src/diagnostic';
import { LATEST_XEN, XEN_VERSIONS } from '../../server/src/schema/versions';
import { DEFAULT_DESIGN, DESIGNS } from '../../server/src/vlapic/design';
import { contentSecurityPolicy, renderShell } from '../../client/src/preview/html';
import { isFresh, PREVIEW_VIEW_TYPE, validatePageMessage } from '../../client/src/preview/protocol';
import { fixWorkspaceEdit, wireSimulation } from '../../server/src/protocol';
import { checkText } from '../../server/src/checks/check';
import { simulateDocument } from '../../server/src/features/simulation';

const ROOT = path.resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const props: Record<
  string,
  Record<string, unknown> & {
    type?: string;
    enum?: unknown[];
    enumDescriptions?: string[];
    default?: unknown;
    scope?: string;
    order?: number;
  }
> = pkg.contributes.configuration.properties;
const extensionSource = readFileSync(path.join(ROOT, 'client/src/extension.ts'), 'utf8');

test('manifest: engines.vscode is a ^1.x range no newer than 1.100 and matches @types/vscode', () => {
  const m = /^\^1\.(\d+)\.\d+$/.exec(pkg.engines.vscode);
  assert.ok(m, `unexpected engines.vscode ${pkg.engines.vscode}`);
  assert.ok(Number(m[1]) <= 100, 'code-server 4.100 (the e2e host) refuses extensions for newer VS Code');
  const types = String(pkg.devDependencies['@types/vscode']).replace(/^[\^~]/, '');
  assert.ok(
    Number(types.split('.')[1]) <= Number(m[1]),
    '@types/vscode must not be newer than engines.vscode (vsce refuses)',
  );
});

test('manifest: entry point, icon and packaging', () => {
  assert.equal(pkg.main, './dist/client.js');
  assert.ok(existsSync(path.join(ROOT, pkg.icon)), `icon ${pkg.icon} missing`);
  const png = readFileSync(path.join(ROOT, pkg.icon));
  assert.equal(png.subarray(1, 4).toString(), 'PNG');
  assert.equal(png.readUInt32BE(16), 128);
  assert.equal(png.readUInt32BE(20), 128);
  // No public repository yet: packaging must then say so, or vsce stops to ask interactively.
  assert.ok(
    pkg.repository?.url || /--allow-missing-repository/.test(pkg.scripts.package),
    'vsce asks interactively without a repository',
  );
  // vsce refuses a package that has both a .vscodeignore and a "files" list.
  assert.equal(pkg.files, undefined);
  const ignore = readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8');
  for (const keep of [
    'client/media',
    'dist/client.js',
    'dist/server.js',
    'syntaxes/',
    'snippets/',
    'language-configuration.json',
    'CHANGELOG.md',
  ]) {
    assert.ok(
      ignore.split('\n').some((l) => l.startsWith('!') && l.includes(keep)),
      `.vscodeignore drops ${keep}`,
    );
  }
  assert.ok(!/^!dist\/\*\*/m.test(ignore), 'a broad !dist/** would re-include source maps');
  for (const f of readdirSync(path.join(ROOT, 'client/media')))
    assert.ok(/\.(js|css|png)$/.test(f), `unexpected media file ${f}`);
});

test('manifest: capabilities allow Restricted Mode and virtual workspaces', () => {
  assert.deepEqual(pkg.capabilities.untrustedWorkspaces, { supported: true });
  assert.equal(pkg.capabilities.virtualWorkspaces, true);
});

test('manifest: language, grammar, snippets and language configuration', () => {
  const lang = pkg.contributes.languages.find((l: { id: string }) => l.id === 'xlcfg');
  assert.ok(lang);
  assert.equal(lang.aliases[0], 'Xen xl.cfg');
  assert.deepEqual(lang.extensions, ['.xl', '.xlcfg']);
  assert.deepEqual(lang.filenamePatterns, ['**/xen/**/*.cfg', '**/xen/auto/*']);
  assert.ok(!JSON.stringify(lang).includes('xl.conf'), 'xl.conf is a different file format');
  for (const p of [
    lang.configuration,
    ...pkg.contributes.grammars.map((g: { path: string }) => g.path),
    ...pkg.contributes.snippets.map((s: { path: string }) => s.path),
  ]) {
    assert.ok(existsSync(path.join(ROOT, p)), `${p} missing`);
  }
  const conf = JSON.parse(readFileSync(path.join(ROOT, lang.configuration), 'utf8'));
  assert.equal(conf.comments.lineComment, '#');
  assert.deepEqual(conf.brackets, [['[', ']']]);
  const closing = conf.autoClosingPairs.map((p: { open: string }) => p.open);
  for (const ch of ['[', '"', "'"]) {
    assert.ok(closing.includes(ch), `auto-closing ${ch}`);
    assert.ok(
      conf.surroundingPairs.some((p: string[]) => p[0] === ch),
      `surrounding ${ch}`,
    );
  }
});

test('manifest: activation covers the language and the restored preview', () => {
  assert.ok(pkg.activationEvents.includes('onLanguage:xlcfg'));
  assert.ok(pkg.activationEvents.includes(`onWebviewPanel:${PREVIEW_VIEW_TYPE}`));
});

test('manifest: commands are declared, registered and shown where promised', () => {
  const declared = pkg.contributes.commands.map((c: { command: string }) => c.command).sort();
  const registered = [...extensionSource.matchAll(/registerCommand\('([^']+)'/g)].map((m) => m[1]).sort();
  assert.deepEqual(declared, registered);
  const preview = pkg.contributes.commands.find((c: { command: string }) => c.command === 'xlcfg.previewBoot');
  assert.equal(`${preview.category}: ${preview.title}`, 'Xen: Preview Simulated Boot');
  assert.equal(preview.icon, '$(open-preview)');
  const menus = pkg.contributes.menus;
  const title = menus['editor/title'].find((m: { command: string }) => m.command === 'xlcfg.previewBoot');
  assert.equal(title.when, 'editorLangId == xlcfg');
  assert.equal(title.group, 'navigation');
  assert.ok(
    menus['editor/context'].some(
      (m: { command: string; when: string }) => m.command === 'xlcfg.previewBoot' && m.when === 'editorLangId == xlcfg',
    ),
  );
  const palette = menus.commandPalette.find((m: { command: string }) => m.command === 'xlcfg.previewBoot');
  assert.equal(palette.when, 'editorLangId == xlcfg');
  for (const list of Object.values(menus) as Array<Array<{ command: string }>>) {
    for (const m of list) assert.ok(declared.includes(m.command), `menu entry for undeclared ${m.command}`);
  }
});

test('settings: every contributed setting is one the extension or the server understands', () => {
  assert.deepEqual(Object.keys(props).sort(), [
    'xlcfg.codeLens.enable',
    'xlcfg.enableProposedOptions',
    'xlcfg.forceX2apic.design',
    'xlcfg.host.cpuVendor',
    'xlcfg.host.cpus',
    'xlcfg.host.nodes',
    'xlcfg.hover.simulation',
    'xlcfg.preview.debounceMs',
    'xlcfg.rules',
    'xlcfg.trace.server',
    'xlcfg.validate.enable',
    'xlcfg.validate.maxProblems',
    'xlcfg.xenVersion',
  ]);
  for (const [key, p] of Object.entries(props)) {
    assert.ok(p.markdownDescription || p.description, `${key} has no description`);
    assert.ok(p.scope, `${key} has no scope`);
  }
});

test('settings: each has an order, the Settings editor shows them in the order of the manifest', () => {
  const orders = Object.values(props).map((p) => p.order);
  assert.ok(
    orders.every((o) => Number.isInteger(o)),
    `every setting needs an integer order: ${JSON.stringify(orders)}`,
  );
  assert.deepEqual(
    orders,
    [...orders].sort((a, b) => Number(a) - Number(b)),
    'orders follow the manifest',
  );
  assert.equal(new Set(orders).size, orders.length, 'no two settings share an order');
});

test('settings: values and defaults match the server options', () => {
  const d = defaultOptions();
  const xen = props['xlcfg.xenVersion'];
  assert.deepEqual(xen.enum, [...XEN_VERSIONS]);
  assert.equal(xen.default, LATEST_XEN);
  assert.equal(xen.default, d.xenVersion);
  assert.equal(xen.enum![0], '4.0');
  assert.equal(xen.enum![xen.enum!.length - 1], '4.22');

  assert.equal(props['xlcfg.enableProposedOptions'].type, 'boolean');
  assert.equal(props['xlcfg.enableProposedOptions'].default, d.enableProposed);

  const cpu = props['xlcfg.host.cpuVendor'];
  assert.deepEqual(cpu.enum, ['auto', 'intel', 'amd']);
  assert.equal(cpu.default, d.hostCpu);
  assert.equal(cpu.scope, 'machine-overridable');

  const design = props['xlcfg.forceX2apic.design'];
  assert.deepEqual(design.enum, [...DESIGNS]);
  assert.equal(design.default, DEFAULT_DESIGN);

  const rules = props['xlcfg.rules'] as { type: string; additionalProperties: { enum: string[] } };
  assert.equal(rules.type, 'object');
  assert.deepEqual([...rules.additionalProperties.enum].sort(), ['off', ...Object.keys(SEVERITY_ORDER)].sort());
  assert.deepEqual(props['xlcfg.rules'].default, d.rules);

  const hover = props['xlcfg.hover.simulation'];
  assert.deepEqual(hover.enum, [...HOVER_SIMULATION]);
  assert.equal(hover.default, 'forceX2apic');
  assert.equal(hover.enumDescriptions?.length, HOVER_SIMULATION.length);
  assert.ok(isHoverSimulation(hover.default) && !isHoverSimulation('sometimes'));

  assert.equal(props['xlcfg.validate.enable'].default, true);
  assert.equal(props['xlcfg.codeLens.enable'].type, 'boolean');
  assert.equal(props['xlcfg.codeLens.enable'].default, d.codeLens);
  assert.equal(props['xlcfg.preview.debounceMs'].default, 150);
  const trace = props['xlcfg.trace.server'];
  assert.deepEqual(trace.enum, ['off', 'messages', 'verbose']);
  assert.equal(trace.scope, 'window');
});

test('client: LanguageClient options the other parts rely on', () => {
  assert.match(extensionSource, /new LanguageClient\('xlcfg', 'xlcfg language server'/);
  assert.match(extensionSource, /documentSelector: \[\{ language: LANGUAGE_ID \}\]/);
  // Settings changes reach the server through its own registration (server/src/lsp/server.ts), once.
  assert.doesNotMatch(extensionSource, /configurationSection:/);
  assert.match(
    readFileSync(path.join(ROOT, 'server/src/lsp/server.ts'), 'utf8'),
    /register\(DidChangeConfigurationNotification\.type, \{ section: 'xlcfg' \}\)/,
  );
  assert.match(extensionSource, /isTrusted: false/);
  assert.match(extensionSource, /RevealOutputChannelOn\.Never/);
  // The server is dist/server.js next to dist/client.js, started by the first module the bundle evaluates.
  assert.match(extensionSource.match(/^import .*$/m)?.[0] ?? '', /from '\.\/serverProcess'/);
  const serverProcess = readFileSync(path.join(ROOT, 'client/src/serverProcess.ts'), 'utf8');
  assert.match(serverProcess, /path\.join\(__dirname, 'server\.js'\)/);
  assert.match(readFileSync(path.join(ROOT, 'scripts/build.mjs'), 'utf8'), /outfile: 'dist\/client\.js'/);
});

// ---- the preview's security contract (pure parts) ------------------------------------------------

test('preview: the page shell has a nonce-only CSP and no inline data', () => {
  const csp = contentSecurityPolicy('https://x.vscode-cdn.net', 'abc123');
  assert.equal(
    csp,
    "default-src 'none'; style-src https://x.vscode-cdn.net; img-src https://x.vscode-cdn.net; script-src 'nonce-abc123'",
  );
  const html = renderShell({
    cspSource: 'https://x.vscode-cdn.net',
    nonce: 'abc123',
    scriptUri: 'https://x/preview.js',
    styleUri: 'https://x/preview.css',
  });
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
  assert.equal([...html.matchAll(/<script\b/g)].length, 1);
  assert.match(html, /<script nonce="abc123" src="https:\/\/x\/preview\.js"><\/script>/);
  assert.ok(!/\son[a-z]+=/.test(html), 'no inline event handlers');
  assert.ok(!/<style/.test(html), 'no inline styles');
});

test('preview: page messages are whitelisted and their arguments checked', () => {
  const ctx = {
    diagnostics: [
      {
        code: 'a',
        severity: 'warning',
        message: 'm',
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
        fixes: [{ title: 'f', edit: {} }],
      },
      {
        code: 'b',
        severity: 'error',
        message: 'm',
        range: { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } },
        fixes: [],
      },
    ],
    lineCount: 10,
  };
  const ok = (m: unknown) => validatePageMessage(m, ctx).ok;
  assert.ok(ok({ type: 'ready' }));
  assert.ok(ok({ type: 'setDesign', design: 'xapic-disable-status' }));
  assert.ok(ok({ type: 'setDesign', design: null }));
  assert.ok(!ok({ type: 'setDesign', design: 'bogus' }));
  assert.ok(!ok({ type: 'setDesign' }));
  assert.ok(ok({ type: 'applyFix', diagnostic: 0, fix: 0 }));
  assert.ok(ok({ type: 'applyFix', diagnostic: 0 }));
  assert.ok(!ok({ type: 'applyFix', diagnostic: 1, fix: 0 }), 'diagnostic without fixes');
  assert.ok(!ok({ type: 'applyFix', diagnostic: 2, fix: 0 }));
  assert.ok(!ok({ type: 'applyFix', diagnostic: '0', fix: 0 }));
  assert.ok(!ok({ type: 'applyFix', diagnostic: 0.5, fix: 0 }));
  assert.ok(!ok({ type: 'applyFix', diagnostic: -1, fix: 0 }));
  assert.ok(ok({ type: 'toggleCompare', enabled: true }));
  assert.ok(!ok({ type: 'toggleCompare', enabled: 'yes' }));
  assert.ok(ok({ type: 'reveal', line: 9 }));
  assert.ok(!ok({ type: 'reveal', line: 10 }));
  assert.ok(!ok({ type: 'reveal', line: Number.NaN }));
  for (const bad of [
    null,
    'ready',
    [],
    { type: 'command', command: 'workbench.action.terminal.new' },
    { type: 'openLink', href: 'file:///etc/passwd' },
    {},
  ]) {
    assert.ok(!ok(bad), JSON.stringify(bad));
  }
  const r = validatePageMessage({ type: 'reveal', line: 3, extra: 'dropped' }, ctx);
  assert.deepEqual(r, { ok: true, message: { type: 'reveal', line: 3 } });
});

test('preview: stale simulate responses are dropped', () => {
  const res = (version: number, uri = 'file:///a.xl') => ({ uri, version, simulation: null });
  assert.ok(isFresh(res(3), 'file:///a.xl', 3, 2));
  assert.ok(!isFresh(res(2), 'file:///a.xl', 3, 2), 'older than the document');
  assert.ok(!isFresh(res(3), 'file:///a.xl', 3, 4), 'older than what is shown');
  assert.ok(!isFresh(res(3, 'file:///b.xl'), 'file:///a.xl', 3, 0), 'another document');
  assert.ok(isFresh(res(3, 'file:///c%3A/a.xl'), 'file:///c:/a.xl', 3, 0), 'same URI, other encoding');
});

test("client: of the server's sources it imports only server/src/protocol.ts", () => {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|js|mjs)$/.test(e.name)) files.push(p);
    }
  };
  walk(path.join(ROOT, 'client'));
  const fromServer: string[] = [];
  for (const f of files) {
    for (const m of readFileSync(f, 'utf8').matchAll(/(?:from|import|require\()\s*['"]([^'"]+)['"]/g)) {
      const target = path.relative(ROOT, path.resolve(path.dirname(f), m[1]));
      if (m[1].startsWith('.') && target.startsWith('server/'))
        fromServer.push(`${path.relative(ROOT, f)} -> ${target}`);
    }
  }
  assert.ok(fromServer.length > 0, 'the client reads the protocol module');
  assert.deepEqual(
    fromServer.filter((s) => !s.endsWith('-> server/src/protocol')),
    [],
  );
});

test("preview: a simulation's fixes travel as workspace edits of the previewed document", () => {
  const uri = 'file:///a.xl';
  const text = 'name = "a"\ntype = "hvm"\nforce_x2apic = 1\n';
  const view = simulateDocument(checkText(text, { ...defaultOptions(), hostCpu: 'intel' }));
  const wire = wireSimulation(uri, view);
  assert.ok(
    wire.diagnostics.length > 0 &&
      wire.diagnostics.every(
        (d) => d.fixes.length === (view.diagnostics.find((v) => v.code === d.code)?.fixes ?? []).length,
      ),
  );
  const fix = view.diagnostics.find((d) => d.fixes?.length)!.fixes![0];
  const sent = wire.diagnostics.find((d) => d.fixes.length)!.fixes[0];
  assert.deepEqual(sent, { title: fix.title, preferred: !!fix.preferred, edit: fixWorkspaceEdit(uri, fix) });
  assert.deepEqual(sent.edit, { changes: { [uri]: fix.edits } });
  // What travels is JSON: nothing is lost on the way.
  assert.deepEqual(JSON.parse(JSON.stringify(wire.diagnostics)), wire.diagnostics);
});
