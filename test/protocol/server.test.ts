// Protocol tests: the bundled server, started as a real child process, over JSON-RPC.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkText } from '../../server/src/checks/check';
import { completeAt } from '../../server/src/features/completion';
import { hoverAt } from '../../server/src/features/hover';
import { simulateDocument } from '../../server/src/features/simulation';
import { defaultOptions, type XlcfgOptions } from '../../server/src/options';
import { applyEditorSettings, type EditorSettings } from '../../server/src/lsp/settings';
import { ruleHref } from '../../server/src/checks/ruleDocs';
import { applyEdits } from '../unit/helpers';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LspClient, ROOT } from '../lspClient';
import {
  EFFECTIVE_CONFIG_METHOD,
  SIMULATE_METHOD,
  type EffectiveConfigResult,
  type SimulateParams,
  type SimulateResult,
  type WireSimulation,
} from '../../server/src/protocol';

const PROBLEMS = 'name = "p"\ntype = "hvm"\nmemmory = 2048\nacpi = "true"\nvcpus = 4\nforce_x2apic = 1\n';

/** A random edit (delete `del` characters at `at`, insert `ins`) as an LSP range change, and the text after it. */
function rangeEdit(
  text: string,
  e: { at: number; del: number; ins: string },
): { text: string; change: { range: unknown; text: string } } {
  const start = e.at % (text.length + 1);
  const end = Math.min(text.length, start + e.del);
  const position = (offset: number): { line: number; character: number } => {
    const lines = text.slice(0, offset).split('\n');
    return { line: lines.length - 1, character: lines[lines.length - 1].length };
  };
  return {
    text: text.slice(0, start) + e.ins + text.slice(end),
    change: { range: { start: position(start), end: position(end) }, text: e.ins },
  };
}

/** The simulation of an open document (the server must have one). */
async function simulated(
  lsp: LspClient,
  params: SimulateParams,
): Promise<{ version: number; simulation: WireSimulation }> {
  const res = await lsp.request<SimulateResult | null>(SIMULATE_METHOD, params);
  assert.ok(res?.simulation, JSON.stringify(res)?.slice(0, 300));
  assert.equal(res.uri, params.uri);
  return { version: res.version, simulation: res.simulation };
}

/**
 * The clients' settings here pin the host CPU vendor: with `auto` the server would read this
 * machine's CPU when it is a Xen dom0, and the expectations would depend on where the tests run.
 */
const PINNED: EditorSettings = { host: { cpuVendor: 'intel' } };
const pinned = (more: EditorSettings = {}): EditorSettings => ({ ...PINNED, ...more });

/** The options the server checks with under the pinned settings. */
function serverDefaults(): XlcfgOptions {
  const options = defaultOptions();
  applyEditorSettings(options, PINNED);
  return options;
}

/** What the language core answers for a hover at `position` of `text` (positions clamped as the server clamps them). */
function coreHover(uri: string, text: string, position: { line: number; character: number }) {
  const result = checkText(text, serverDefaults());
  const h = hoverAt(result, result.file.lines.offsetAt(position), () => simulateDocument(result, { file: uri }));
  return h
    ? { contents: { kind: 'markdown', value: h.markdown }, range: result.file.lines.range(h.start, h.end) }
    : null;
}

/** The labels the language core completes at `position` of `text`. */
function coreCompletion(text: string, position: { line: number; character: number }): string[] {
  const options = serverDefaults();
  const result = checkText(text, options);
  return completeAt(result, result.file.lines.offsetAt(position), options).map((e) => e.label);
}

/** Open `text` as version 1 of `uri` and wait for its first diagnostics. */
async function openDocument(lsp: LspClient, uri: string, text: string): Promise<void> {
  const opened = lsp.diagnosticsFor(uri, 1);
  lsp.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'xlcfg', version: 1, text } });
  await opened;
}

describe('xlcfg language server over JSON-RPC', () => {
  let lsp: LspClient;
  before(async () => {
    lsp = new LspClient();
    lsp.configuration = pinned();
  });
  after(async () => {
    const code = await lsp.shutdown();
    assert.equal(code, 0, `server exit code (stderr: ${lsp.stderr})`);
  });

  test('initialize advertises the features', async () => {
    const init = await lsp.initialize();
    const caps = init.capabilities;
    assert.equal(caps.textDocumentSync, 2);
    assert.equal(caps.hoverProvider, true);
    assert.ok(caps.completionProvider);
    assert.deepEqual(caps.codeActionProvider.codeActionKinds, ['quickfix', 'source.fixAll.xlcfg']);
    assert.equal(caps.documentFormattingProvider, true);
    assert.equal(caps.documentSymbolProvider, true);
    assert.equal(caps.foldingRangeProvider, true);
    assert.ok(caps.codeLensProvider);
    assert.equal(init.serverInfo.name, 'xlcfg');
  });

  test('didOpen publishes diagnostics with rule ids and exact ranges', async () => {
    const uri = 'file:///tmp/problems.cfg';
    const published = lsp.diagnosticsFor(uri);
    lsp.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'xlcfg', version: 1, text: PROBLEMS } });
    const diags = await published;
    const byCode = new Map(diags.map((d: any) => [d.code, d]));
    assert.deepEqual(byCode.get('force-x2apic/seabios')?.range, {
      start: { line: 5, character: 0 },
      end: { line: 5, character: 12 },
    });
    assert.equal(byCode.get('force-x2apic/seabios')?.severity, 2);
    assert.equal(byCode.get('force-x2apic/seabios')?.source, 'xlcfg');
    // This client does not declare relatedInformation: xl's printed lines are not sent.
    assert.equal(byCode.get('value/boolean')?.relatedInformation, undefined);
  });

  test('quick fixes come back as workspace edits; fix-all applies only preferred fixes', async () => {
    const uri = 'file:///tmp/fix.cfg';
    const text = 'name = "f"\ntype = hvm\n';
    const published = lsp.diagnosticsFor(uri);
    lsp.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'xlcfg', version: 1, text } });
    const diags = await published;
    const bare = diags.find((d: any) => d.code === 'syntax/bareword');
    assert.ok(bare);
    const actions = await lsp.request('textDocument/codeAction', {
      textDocument: { uri },
      range: bare.range,
      context: { diagnostics: [bare] },
    });
    const preferred = actions.find((a: any) => a.isPreferred);
    assert.equal(preferred.kind, 'quickfix');
    assert.equal(applyEdits(text, preferred.edit.changes[uri]), 'name = "f"\ntype = "hvm"\n');
    assert.ok(actions.some((a: any) => a.title === 'Disable syntax/bareword for this line'));
    const fixAll = await lsp.request('textDocument/codeAction', {
      textDocument: { uri },
      range: bare.range,
      context: { diagnostics: [], only: ['source.fixAll.xlcfg'] },
    });
    assert.equal(fixAll.length, 1);
    assert.equal(applyEdits(text, fixAll[0].edit.changes[uri]), 'name = "f"\ntype = "hvm"\n');
  });

  test('hover on force_x2apic shows the simulated vCPU table', async () => {
    const uri = 'file:///tmp/problems.cfg';
    const hover = await lsp.request('textDocument/hover', {
      textDocument: { uri },
      position: { line: 5, character: 3 },
    });
    assert.equal(hover.contents.kind, 'markdown');
    assert.match(hover.contents.value, /\| vCPU \| IA32_APIC_BASE \| mode \| APIC ID \| LDR \|/);
    assert.match(hover.contents.value, /0xfee00d00/);
  });

  test('xlcfg/simulate returns the simulation for the current version', async () => {
    const res = await simulated(lsp, { uri: 'file:///tmp/problems.cfg' });
    assert.equal(res.version, 1);
    assert.equal(res.simulation.forceX2apic, true);
    assert.equal(res.simulation.guest.type, 'hvm');
    assert.equal(res.simulation.vcpus.length, 4);
    assert.equal(res.simulation.vcpus[1].apicBase, '0xfee00c00');
    assert.equal(res.simulation.boot.outcome, 'hangs');
    assert.ok(res.simulation.compare);
    assert.ok(
      res.simulation.diagnostics.some(
        (d: any) => d.code === 'force-x2apic/seabios' && d.fixes.every((f: any) => f.edit.changes),
      ),
    );
    const off = await simulated(lsp, { uri: 'file:///tmp/problems.cfg', forceX2apic: false });
    assert.equal(off.simulation.forceX2apic, false);
    assert.equal(off.simulation.vcpus[0].apicBase, '0xfee00900');
  });

  test('xlcfg/effectiveConfig returns what xl -N create would print, and what xl says', async () => {
    const res = await lsp.request<EffectiveConfigResult>(EFFECTIVE_CONFIG_METHOD, { uri: 'file:///tmp/problems.cfg' });
    assert.equal(res.version, 1);
    const run = JSON.parse(res.json!);
    assert.equal(run.accepted, true);
    assert.equal(run.config.c_info.name, 'p');
    assert.equal(run.config.b_info.max_vcpus, 4);
    assert.deepEqual(run.config.b_info.avail_vcpus, [0, 1, 2, 3]);
    const warning = run.reports.find((r: any) => r.rule === 'value/boolean');
    assert.equal(warning.message, "problems.cfg:4: warning: parameter `acpi' is not a valid number");
    assert.deepEqual(warning.range.start, { line: 3, character: 7 });
    const never = await lsp.request<EffectiveConfigResult>(EFFECTIVE_CONFIG_METHOD, {
      uri: 'file:///never/opened.cfg',
    });
    assert.deepEqual(never, { uri: 'file:///never/opened.cfg', version: -1, json: null });
    // 64-bit fields travel exactly: max_memkb of memory = "-1" is 2^64 - 1024.
    await openDocument(lsp, 'file:///tmp/huge.cfg', 'name = "h"\ntype = "hvm"\nmemory = "-1"\n');
    const huge = await lsp.request<EffectiveConfigResult>(EFFECTIVE_CONFIG_METHOD, { uri: 'file:///tmp/huge.cfg' });
    assert.match(huge.json!, /"max_memkb": 18446744073709550592\b/);
  });

  test('xlcfg/simulate with a picked design re-checks with it, and compares the designs', async () => {
    const uri = 'file:///tmp/design.cfg';
    await openDocument(
      lsp,
      uri,
      '# xlcfg: host-cpu=intel\nname = "d"\ntype = "pvh"\nkernel = "/boot/vmlinuz"\nextra = "nox2apic"\nforce_x2apic = 1\n',
    );
    const rfc = await simulated(lsp, { uri, compareDesigns: true });
    assert.equal(rfc.simulation.design, 'rfc');
    assert.equal(rfc.simulation.boot.outcome, 'faults');
    assert.ok(rfc.simulation.diagnostics.some((d: any) => d.code === 'force-x2apic/nox2apic'));
    assert.deepEqual(
      rfc.simulation.designs!.runs.map((r: any) => r.outcome),
      ['faults', 'boots'],
    );
    const picked = await simulated(lsp, { uri, design: 'xapic-disable-status' });
    assert.equal(picked.simulation.design, 'xapic-disable-status');
    assert.equal(picked.simulation.boot.outcome, 'boots');
    assert.deepEqual(picked.simulation.diagnostics, []);
    assert.equal(picked.simulation.designs, undefined);
    assert.ok(picked.simulation.chain.some((c: any) => c.role === 'design' && /picker/.test(c.source)));
    const bogus = await simulated(lsp, { uri, design: 'bogus' });
    assert.equal(bogus.simulation.design, 'rfc');
  });

  test('symbols, folding, formatting and CodeLens answer', async () => {
    const uri = 'file:///tmp/shape.cfg';
    const text = 'name="s"\ndisk = [\n  "a",\n  "b"\n]\n';
    const published = lsp.diagnosticsFor(uri);
    lsp.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'xlcfg', version: 1, text } });
    await published;
    const symbols = await lsp.request('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(
      symbols.map((s: any) => s.name),
      ['name', 'disk'],
    );
    const folds = await lsp.request('textDocument/foldingRange', { textDocument: { uri } });
    assert.ok(folds.some((f: any) => f.startLine === 1 && f.endLine >= 3));
    const edits = await lsp.request('textDocument/formatting', {
      textDocument: { uri },
      options: { tabSize: 4, insertSpaces: true },
    });
    assert.ok(edits.length > 0);
    assert.match(applyEdits(text, edits), /^name = "s"\n/);
    // No force_x2apic: no boot-preview lens.
    assert.deepEqual(await lsp.request('textDocument/codeLens', { textDocument: { uri } }), []);
  });

  test('the CodeLens sits on the line where force_x2apic is set', async () => {
    const lenses = await lsp.request('textDocument/codeLens', { textDocument: { uri: 'file:///tmp/problems.cfg' } });
    assert.equal(lenses.length, 1);
    assert.deepEqual(lenses[0].range, { start: { line: 5, character: 0 }, end: { line: 5, character: 12 } });
    assert.equal(lenses[0].command.command, 'xlcfg.previewBoot');
    assert.deepEqual(lenses[0].command.arguments, ['file:///tmp/problems.cfg']);
  });

  test('xlcfg/simulate on a config xl refuses: created false and the refusal first', async () => {
    const uri = 'file:///tmp/refused.cfg';
    await openDocument(lsp, uri, 'name = "r"\ntype = "hvm"\nvcpus = 4\nmaxvcpus = 2\nforce_x2apic = 1\n');
    const res = await simulated(lsp, { uri, compareDesigns: true });
    assert.equal(res.simulation.created, false);
    const [refusal] = res.simulation.refusals;
    assert.equal(refusal.by, 'xl');
    assert.equal(refusal.rule, 'relation/maxvcpus-below-vcpus');
    assert.ok(
      refusal.printed.some((p: string) => p.includes('maxvcpus < vcpus')),
      JSON.stringify(refusal.printed),
    );
    assert.deepEqual(refusal.range.start, { line: 3, character: 11 });
    // The simulation is still there, for the "if it were created" part of the preview.
    assert.equal(res.simulation.boot.outcome, 'hangs');
    const position = { line: 4, character: 3 };
    const hover = await lsp.request('textDocument/hover', { textDocument: { uri }, position });
    const md: string = hover.contents.value;
    assert.ok(md.indexOf('Not created: xl refuses this config') >= 0, md.slice(0, 300));
    assert.ok(md.indexOf('Not created') < md.indexOf('Predicted boot if it were created'));
    const ok = await simulated(lsp, { uri: 'file:///tmp/problems.cfg' });
    assert.equal(ok.simulation.created, true);
    assert.deepEqual(ok.simulation.refusals, []);
  });

  test('the log says the Xen version targeted and where the host CPU came from, again after a change', async () => {
    const logs = () =>
      lsp.notifications.filter((m) => m.method === 'window/logMessage').map((m) => String(m.params.message));
    // Opened documents were analysed with the pinned settings.
    const first =
      /targets Xen 4\.22; host CPU intel \(from setting xlcfg\.host\.cpuVendor\); a `# xlcfg: host-cpu=` comment overrides it/;
    assert.ok(
      logs().some((l) => first.test(l)),
      logs().join('\n'),
    );
    lsp.configuration = pinned({ xenVersion: '4.20', host: { cpuVendor: 'amd' } });
    const logged = lsp.waitFor((m) => m.method === 'window/logMessage' && /targets Xen 4\.20/.test(m.params.message));
    lsp.notify('workspace/didChangeConfiguration', { settings: {} });
    const amd = /targets Xen 4\.20; host CPU amd \(from setting xlcfg\.host\.cpuVendor\)/;
    assert.match((await logged).params.message, amd);
    lsp.configuration = pinned();
    const back = lsp.waitFor((m) => m.method === 'window/logMessage' && /targets Xen 4\.22/.test(m.params.message));
    lsp.notify('workspace/didChangeConfiguration', { settings: {} });
    await back;
  });

  test('completion offers keys not yet set', async () => {
    const uri = 'file:///tmp/complete.cfg';
    const published = lsp.diagnosticsFor(uri);
    lsp.notify('textDocument/didOpen', {
      textDocument: { uri, languageId: 'xlcfg', version: 1, text: 'name = "c"\n\n' },
    });
    await published;
    const items = await lsp.request('textDocument/completion', {
      textDocument: { uri },
      position: { line: 1, character: 0 },
    });
    const labels = (Array.isArray(items) ? items : items.items).map((i: any) => i.label);
    assert.ok(labels.includes('memory'));
    assert.ok(!labels.includes('name'));
  });

  test('a malformed diagnostic sent back is skipped; the others still get their fixes', async () => {
    const uri = 'file:///tmp/malformed-actions.cfg';
    await openDocument(lsp, uri, PROBLEMS);
    const published = lsp.notifications.filter(
      (m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri,
    );
    const boolean = published[published.length - 1].params.diagnostics.find((d: any) => d.code === 'value/boolean');
    assert.ok(boolean, 'value/boolean is published');
    const { data: _data, ...withoutData } = boolean;
    const actions = await lsp.request('textDocument/codeAction', {
      textDocument: { uri },
      range: boolean.range,
      context: {
        diagnostics: [
          { code: 'value/boolean', message: 'no range', source: 'xlcfg' },
          null,
          'not a diagnostic',
          { ...withoutData, range: { start: { line: 3 } } },
          boolean,
        ],
      },
    });
    const fixes = actions.filter((a: any) => a.kind === 'quickfix');
    assert.ok(
      fixes.some((a: any) => a.isPreferred),
      JSON.stringify(actions),
    );
    assert.equal(
      applyEdits(PROBLEMS, fixes.find((a: any) => a.isPreferred).edit.changes[uri]),
      PROBLEMS.replace('"true"', '1'),
    );
    lsp.notify('textDocument/didClose', { textDocument: { uri } });
  });

  test('configuration changes re-validate with the new rule severities', async () => {
    const uri = 'file:///tmp/problems.cfg';
    lsp.configuration = pinned({ rules: { 'force-x2apic/seabios': 'off' } });
    const published = lsp.diagnosticsFor(uri);
    lsp.notify('workspace/didChangeConfiguration', { settings: {} });
    const diags = await published;
    assert.ok(!diags.some((d: any) => d.code === 'force-x2apic/seabios'));
    lsp.configuration = pinned();
    const again = lsp.diagnosticsFor(uri);
    lsp.notify('workspace/didChangeConfiguration', { settings: {} });
    assert.ok((await again).some((d: any) => d.code === 'force-x2apic/seabios'));
  });

  test('a changed xlcfg.json (a watched-file event) re-validates open documents', async () => {
    const uri = 'file:///tmp/problems.cfg';
    lsp.configuration = pinned({ rules: { 'force-x2apic/*': 'off' } });
    const published = lsp.diagnosticsFor(uri);
    lsp.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: 'file:///tmp/xlcfg.json', type: 2 }] });
    assert.ok(!(await published).some((d: any) => d.code.startsWith('force-x2apic/')));
    lsp.configuration = pinned();
    const again = lsp.diagnosticsFor(uri);
    lsp.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: 'file:///tmp/xlcfg.json', type: 2 }] });
    assert.ok((await again).some((d: any) => d.code === 'force-x2apic/seabios'));
  });

  test('a file with thousands of problems publishes at most xlcfg.validate.maxProblems, errors first', async () => {
    const uri = 'file:///tmp/many.cfg';
    lsp.configuration = pinned({ validate: { maxProblems: 100 } });
    const text =
      'name = "m"\n' + Array.from({ length: 1500 }, (_, i) => `unknown_${i} = 1\n`).join('') + 'type = hvm\n';
    const published = lsp.diagnosticsFor(uri);
    lsp.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'xlcfg', version: 1, text } });
    const diags = await published;
    lsp.configuration = pinned();
    assert.equal(diags.length, 101);
    assert.ok(
      diags.some((d: any) => d.code === 'syntax/bareword'),
      'the error is kept although it comes last',
    );
    assert.equal(diags[100].code, 'internal/too-many-problems');
    assert.match(diags[100].message, /1401 more problems/);
    lsp.notify('textDocument/didClose', { textDocument: { uri } });
  });

  test('random incremental edits give the same diagnostics as a fresh check of the final text', async () => {
    let version = 1;
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            at: fc.nat(),
            del: fc.nat({ max: 6 }),
            ins: fc.constantFrom('', 'a', '"', '[', ']', '\n', ' = ', '1', ',', 'vcpus = 2\n', '# x\n', '\\'),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        async (edits) => {
          const uri = `file:///tmp/edit-${n++}.cfg`;
          let text = PROBLEMS;
          version = 1;
          await openDocument(lsp, uri, text);
          for (const e of edits) {
            const edit = rangeEdit(text, e);
            text = edit.text;
            version++;
            lsp.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [edit.change] });
          }
          const final = await lsp.diagnosticsFor(uri, version);
          const expected = checkText(text, serverDefaults()).diagnostics;
          assert.deepEqual(
            final.map((d: any) => [d.code, d.range]),
            expected.map((d) => [d.code, d.range]),
          );
          lsp.notify('textDocument/didClose', { textDocument: { uri } });
        },
      ),
      { numRuns: 25, seed: 42 },
    );
  });

  test('edits to a large document (re-parsed incrementally) give the same diagnostics as a fresh check after every edit', async () => {
    // Above the server's 64 kB threshold, so each edit resumes the previous parse.
    const padding: string[] = [];
    for (let i = 0; padding.join('\n').length < 70_000; i++) {
      padding.push(
        i % 5 === 0
          ? `fleet_${i} = "member ${i}"  # rack r${i % 40}`
          : `# padding line ${i}, kept to make the document large`,
      );
    }
    const base = PROBLEMS + 'disk = [ "a",\n  "b" ]\nextra = "x"\nextra += "y"\n' + padding.join('\n') + '\n';
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            // Mostly near the start (statements, a multi-line list, `+=`), sometimes anywhere.
            at: fc.oneof(fc.nat({ max: 200 }), fc.nat()),
            del: fc.nat({ max: 8 }),
            ins: fc.constantFrom(
              '',
              'a',
              '"',
              '[',
              ']',
              '\n',
              ' = ',
              '+= ',
              '1',
              ',',
              'vcpus = 2\n',
              'extra += ["z"]\n',
              '# x\n',
              '# xlcfg-disable-next-line key/unknown\n',
              '\\',
            ),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        async (edits) => {
          const uri = `file:///tmp/large-edit-${n++}.cfg`;
          let text = base;
          let version = 1;
          await openDocument(lsp, uri, text);
          for (const e of edits) {
            const edit = rangeEdit(text, e);
            text = edit.text;
            version++;
            const published = lsp.diagnosticsFor(uri, version);
            lsp.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [edit.change] });
            const got = await published;
            const expected = checkText(text, serverDefaults()).diagnostics;
            assert.deepEqual(
              got.map((d: any) => [d.code, d.range, d.message]),
              expected.slice(0, got.length).map((d) => [d.code, d.range, d.message]),
            );
            assert.equal(got.length, Math.min(expected.length, 1000));
          }
          lsp.notify('textDocument/didClose', { textDocument: { uri } });
        },
      ),
      { numRuns: 20, seed: 7 },
    );
  });

  test('garbage, unknown documents and cancellations are survived', async () => {
    lsp.writeRaw('{ this is not json');
    lsp.writeRaw(
      JSON.stringify({ jsonrpc: '2.0', id: 9999, method: 'textDocument/hover', params: { nonsense: true } }),
    );
    const unknown = await lsp.request('textDocument/hover', {
      textDocument: { uri: 'file:///never/opened.cfg' },
      position: { line: 0, character: 0 },
    });
    assert.equal(unknown, null);
    const sim = await lsp.request<SimulateResult>(SIMULATE_METHOD, { uri: 'file:///never/opened.cfg' });
    assert.deepEqual(sim, { uri: 'file:///never/opened.cfg', version: -1, simulation: null });
    const pending = lsp.requestNoWait('textDocument/hover', {
      textDocument: { uri: 'file:///tmp/problems.cfg' },
      position: { line: 5, character: 1 },
    });
    lsp.notify('$/cancelRequest', { id: pending.id });
    const answer = await pending.done;
    // Either cancelled (RequestCancelled) or answered in full before the cancellation arrived.
    assert.equal(answer.id, pending.id);
    if (answer.error) assert.equal(answer.error.code, -32800, JSON.stringify(answer.error));
    else assert.match(answer.result.contents.value, /vCPU/);
    // Still alive and correct afterwards.
    const hover = await lsp.request('textDocument/hover', {
      textDocument: { uri: 'file:///tmp/problems.cfg' },
      position: { line: 5, character: 3 },
    });
    assert.match(hover.contents.value, /vCPU/);
  });
  test('edge-case inputs: changes to unopened documents, 1 MB lines, positions past the end, lone surrogates', async () => {
    const alive = async () => {
      const hover = await lsp.request('textDocument/hover', {
        textDocument: { uri: 'file:///tmp/problems.cfg' },
        position: { line: 5, character: 3 },
      });
      assert.match(hover.contents.value, /vCPU/);
    };
    // didChange for a document that was never opened: ignored, not a crash.
    lsp.notify('textDocument/didChange', {
      textDocument: { uri: 'file:///never/opened2.cfg', version: 2 },
      contentChanges: [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 4 } }, text: 'x' }],
    });
    lsp.notify('textDocument/didClose', { textDocument: { uri: 'file:///never/opened3.cfg' } });
    await alive();

    // A 1 MB single line (one huge list): checked in bounded time, and requests on it answer.
    const big = 'file:///tmp/big.cfg';
    // (Valid items: 80,000 diagnostics would measure JSON-RPC, not the server's robustness.)
    const bigText = `name = "big"\ntype = "hvm"\ndevice_model_args = [ ${Array.from({ length: 80000 }, (_, i) => `"-arg${i}"`).join(', ')} ]\n`;
    assert.ok(bigText.length > 1_000_000);
    const bigDiags = lsp.diagnosticsFor(big);
    lsp.notify('textDocument/didOpen', { textDocument: { uri: big, languageId: 'xlcfg', version: 1, text: bigText } });
    // What a fresh check of the text gives (the rules ran on the whole 1 MB line).
    const expectedBig = checkText(bigText, serverDefaults()).diagnostics;
    assert.deepEqual(
      (await bigDiags).map((d: any) => [d.code, d.range]),
      expectedBig.map((d) => [d.code, d.range]),
    );
    const midPosition = { line: 2, character: 500_000 };
    const mid = await lsp.request('textDocument/hover', { textDocument: { uri: big }, position: midPosition });
    const expectedMid = coreHover(big, bigText, midPosition);
    assert.ok(expectedMid, 'the middle of the list has a hover');
    assert.deepEqual(mid, expectedMid);
    await alive();

    // Positions and ranges past the end of the document (stale clients do this).
    const uri = 'file:///tmp/problems.cfg';
    // Each is answered as at the nearest place in the text (the end of the line, or of the file).
    for (const position of [
      { line: 999, character: 0 },
      { line: 0, character: 99999 },
      { line: 5, character: 1e6 },
    ]) {
      const h = await lsp.request('textDocument/hover', { textDocument: { uri }, position });
      assert.deepEqual(h, coreHover(uri, PROBLEMS, position), JSON.stringify(position));
      const c = await lsp.request('textDocument/completion', { textDocument: { uri }, position });
      assert.deepEqual(
        c.map((i: any) => i.label),
        coreCompletion(PROBLEMS, position),
        JSON.stringify(position),
      );
    }
    assert.ok(coreHover(uri, PROBLEMS, { line: 5, character: 1e6 }), 'the end of the force_x2apic line has a hover');
    // A range past the end asks for the same actions as the whole document.
    const past = { start: { line: 0, character: 0 }, end: { line: 999, character: 999 } };
    const whole = { start: { line: 0, character: 0 }, end: { line: 6, character: 0 } };
    const actionsPast = await lsp.request('textDocument/codeAction', {
      textDocument: { uri },
      range: past,
      context: { diagnostics: [] },
    });
    assert.deepEqual(
      actionsPast.map((x: any) => x.kind),
      ['source.fixAll.xlcfg'],
    );
    assert.deepEqual(
      actionsPast,
      await lsp.request('textDocument/codeAction', {
        textDocument: { uri },
        range: whole,
        context: { diagnostics: [] },
      }),
    );
    await alive();

    // Lone surrogates (legal in a JSON string, not in UTF-16 text): checked like any other character.
    const lone = 'file:///tmp/lone.cfg';
    const loneText = 'name = "a\ud800b"\ncmdline = "\udfff nox2apic"\n\udc00x = 1\n';
    const loneDiags = lsp.diagnosticsFor(lone);
    lsp.notify('textDocument/didOpen', {
      textDocument: { uri: lone, languageId: 'xlcfg', version: 1, text: loneText },
    });
    const got = await loneDiags;
    const expected = checkText(loneText, serverDefaults())
      .diagnostics.map((d) => d.code)
      .sort();
    assert.deepEqual(got.map((d: any) => d.code).sort(), expected);
    const lonePosition = { line: 0, character: 9 };
    const h = await lsp.request('textDocument/hover', { textDocument: { uri: lone }, position: lonePosition });
    assert.ok(h, 'a hover on the string with a lone surrogate');
    assert.deepEqual(h, coreHover(lone, loneText, lonePosition));
    await alive();
  });
});

// A client like Neovim 0.7: no workspace/configuration (settings come in didChangeConfiguration),
// no snippet support, byte columns and no `source` in the diagnostics it sends back.
describe('a client without configuration pull or snippets (Neovim 0.7)', () => {
  let lsp: LspClient;
  const uri = 'file:///tmp/nvim.cfg';
  const text = 'name = "n"\n# Gäste\ntype = "hvm"\nvcpus = 4\nforce_x2apic = 1\nkernel = hvm\n';
  before(async () => {
    lsp = new LspClient();
    // Its settings arrive as initializationOptions and in each push, with the host CPU pinned.
    await lsp.initialize(
      { textDocument: { completion: { completionItem: { snippetSupport: false } } } },
      { initializationOptions: { xlcfg: pinned() } },
    );
  });
  after(async () => {
    assert.equal(await lsp.shutdown(), 0, lsp.stderr);
  });

  test('pushed settings are honoured and a new push changes the diagnostics', async () => {
    await openDocument(lsp, uri, text);
    assert.equal(lsp.serverRequests.get('workspace/configuration') ?? 0, 0);
    assert.ok(
      lsp.notifications.some(
        (m) => m.params?.uri === uri && m.params.diagnostics.some((d: any) => d.code === 'syntax/bareword'),
      ),
    );
    const off = lsp.diagnosticsFor(uri);
    lsp.notify('workspace/didChangeConfiguration', { settings: { xlcfg: pinned({ rules: { 'syntax/*': 'off' } }) } });
    const codes = (await off).map((d: any) => d.code);
    assert.ok(!codes.some((c: string) => c.startsWith('syntax/')), codes.join());
    const on = lsp.diagnosticsFor(uri);
    lsp.notify('workspace/didChangeConfiguration', { settings: { xlcfg: pinned({ rules: {} }) } });
    assert.ok((await on).some((d: any) => d.code === 'syntax/bareword'));
  });

  test('every diagnostic links its rule documentation', async () => {
    const again = lsp.diagnosticsFor(uri);
    lsp.notify('workspace/didChangeConfiguration', { settings: { xlcfg: pinned() } });
    for (const d of await again) assert.equal(d.codeDescription?.href, ruleHref(d.code));
  });

  test('quick fixes are found through data, whatever the client did to range and source', async () => {
    const published = lsp.diagnosticsFor(uri);
    lsp.notify('workspace/didChangeConfiguration', { settings: { xlcfg: pinned() } });
    const bare = (await published).find((d: any) => d.code === 'syntax/bareword');
    assert.ok(bare?.data, 'published with data');
    // Byte columns on a line after a non-ASCII one are the same here; shift them as a client might, and drop source.
    const mangled = {
      ...bare,
      source: undefined,
      range: {
        start: { line: bare.range.start.line, character: bare.range.start.character + 2 },
        end: { line: bare.range.end.line, character: bare.range.end.character + 2 },
      },
    };
    const actions = await lsp.request('textDocument/codeAction', {
      textDocument: { uri },
      range: mangled.range,
      context: { diagnostics: [mangled] },
    });
    const preferred = actions.find((a: any) => a.isPreferred);
    assert.ok(preferred, JSON.stringify(actions));
    assert.equal(applyEdits(text, preferred.edit.changes[uri]), text.replace('kernel = hvm', 'kernel = "hvm"'));
    // Without data and with a wrong range nothing can be matched: the old way, and why data is needed.
    const lost = await lsp.request('textDocument/codeAction', {
      textDocument: { uri },
      range: mangled.range,
      context: { diagnostics: [{ ...mangled, data: undefined }] },
    });
    assert.deepEqual(
      lost.filter((a: any) => a.kind === 'quickfix'),
      [],
    );
  });

  test('completion is plain text without placeholders', async () => {
    const doc = 'file:///tmp/nvim-complete.cfg';
    await openDocument(lsp, doc, 'name = "c"\ntype = "hvm"\n\n');
    const items = await lsp.request('textDocument/completion', {
      textDocument: { uri: doc },
      position: { line: 2, character: 0 },
    });
    const list = Array.isArray(items) ? items : items.items;
    assert.ok(list.length > 10);
    for (const i of list) {
      assert.notEqual(i.insertTextFormat, 2, i.label);
      assert.doesNotMatch(i.textEdit.newText, /\$\{?\d/, i.label);
    }
    const acpi = list.find((i: any) => i.label === 'acpi');
    assert.equal(acpi.textEdit.newText, 'acpi = 0');
  });
});

describe('a client with snippet support and related information', () => {
  test('gets snippets, and the lines xl prints as related information', async () => {
    const lsp = new LspClient();
    lsp.configuration = pinned();
    try {
      await lsp.initialize({
        workspace: { configuration: true },
        textDocument: {
          completion: { completionItem: { snippetSupport: true } },
          publishDiagnostics: { relatedInformation: true },
        },
      });
      const uri = 'file:///tmp/related.cfg';
      const published = lsp.diagnosticsFor(uri);
      lsp.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'xlcfg', version: 1, text: PROBLEMS } });
      const diags = await published;
      const boolean = diags.find((d: any) => d.code === 'value/boolean');
      // The message is xlcfg's one line; xl's own words, verbatim, come with it.
      assert.doesNotMatch(boolean.message, /not a valid number/);
      assert.deepEqual(boolean.relatedInformation, [
        {
          location: { uri, range: boolean.range },
          message: "xl prints: warning: parameter `acpi' is not a valid number",
        },
      ]);
      // xlcfg's own advice (xl says nothing) carries none.
      assert.equal(diags.find((d: any) => d.code === 'key/unknown').relatedInformation, undefined);
      // What xl would print only once an earlier refusal is fixed is said so.
      const later = 'file:///tmp/later.cfg';
      const refused = lsp.diagnosticsFor(later);
      const text = 'name = "l"\ntype = "pv"\nkernel = "/k"\nmaxvcpus = 1\nvcpus = 2\ntimer_mode = 1\n';
      lsp.notify('textDocument/didOpen', { textDocument: { uri: later, languageId: 'xlcfg', version: 1, text } });
      const messages = (await refused).flatMap((d: any) =>
        (d.relatedInformation ?? []).map((r: any) => `${d.code}: ${r.message}`),
      );
      assert.ok(
        messages.some((m: string) => /^[^:]+: xl prints: /.test(m)),
        messages.join('\n'),
      );
      assert.ok(
        messages.some((m: string) => /: xl prints once the earlier refusal is fixed: /.test(m)),
        messages.join('\n'),
      );
      const doc = 'file:///tmp/snippets.cfg';
      await openDocument(lsp, doc, 'name = "c"\ntype = "hvm"\n\n');
      const items = await lsp.request('textDocument/completion', {
        textDocument: { uri: doc },
        position: { line: 2, character: 0 },
      });
      const acpi = (Array.isArray(items) ? items : items.items).find((i: any) => i.label === 'acpi');
      assert.equal(acpi.insertTextFormat, 2);
      assert.equal(acpi.textEdit.newText, 'acpi = ${1|0,1|}');
    } finally {
      assert.equal(await lsp.shutdown(), 0, lsp.stderr);
    }
  });
});

describe('the xlcfg-language-server bin', () => {
  test('package.json names dist/server.js, which speaks over stdio when given no transport', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    assert.equal(pkg.bin['xlcfg-language-server'], './dist/server.js');
    assert.match(readFileSync(join(ROOT, 'dist', 'server.js'), 'utf8').slice(0, 30), /^#!\/usr\/bin\/env node\n/);
    const lsp = new LspClient({ args: [] });
    try {
      const init = await lsp.initialize();
      assert.equal(init.serverInfo.name, 'xlcfg');
    } finally {
      assert.equal(await lsp.shutdown(), 0, lsp.stderr);
    }
  });
});
