// UI test: the PACKAGED extension (.vsix) installed into a fresh code-server, driven through the real
// workbench with playwright-core + Debian chromium. Covers what only the workbench shows: the
// Problems panel, hover rendering, the quick-fix menu, and the boot preview webview with its CSP.
//
//   CODE_SERVER_ENTRY=… node test/e2e/ui.mjs <xlcfg.vsix>
// Environment: XLCFG_E2E_RUN (scratch folder, default .e2e/ui), XLCFG_E2E_SHOTS (default .e2e/shots).
//
// Steps share one page and build on each other, so the run stops at the first failure (later steps
// would only wait out their timeouts) and counts the steps not run as failed.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { installVsix, launchChromium, startCodeServer } from './code-server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const vsix = path.resolve(process.argv[2] ?? path.join(root, '.e2e/xlcfg.vsix'));
const entry = process.env.CODE_SERVER_ENTRY;
const run = path.resolve(process.env.XLCFG_E2E_RUN ?? path.join(root, '.e2e/ui'));
const shots = path.resolve(process.env.XLCFG_E2E_SHOTS ?? path.join(root, '.e2e/shots'));
if (!entry) {
  console.error('CODE_SERVER_ENTRY is not set');
  process.exit(2);
}
const STEP_MS = 20_000;

fs.rmSync(run, { recursive: true, force: true });
fs.mkdirSync(shots, { recursive: true });
for (const f of fs.readdirSync(shots)) if (f.startsWith('ui-')) fs.rmSync(path.join(shots, f));
const ws = path.join(run, 'workspace');
fs.cpSync(path.join(root, 'test/e2e/workspace'), ws, { recursive: true });
const userDataDir = path.join(run, 'user-data');
const extensionsDir = path.join(run, 'extensions');
await installVsix({ entry, userDataDir, extensionsDir, vsix });
const server = await startCodeServer({ entry, userDataDir, extensionsDir, log: path.join(run, 'code-server.log') });
const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
page.setDefaultTimeout(STEP_MS);
const consoleErrors = [];
// With the source URL: a bare "Failed to load resource" says nothing about what failed.
page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(`${m.text()} [${m.location().url}]`); });

/** Screen point of (0-based) line/character in the active editor, measured on the rendered text. */
async function pointAt(line, character) {
  const p = await page.evaluate(([line, character]) => {
    const editor = document.querySelector('.editor-group-container.active .monaco-editor .view-lines');
    if (!editor) return null;
    // Rendered lines are absolutely positioned and not in document order; sort them by `top`.
    const rows = [...editor.querySelectorAll('.view-line')].sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top));
    const row = rows[line];
    if (!row) return null;
    const walker = document.createTreeWalker(row, NodeFilter.SHOW_TEXT);
    let left = character;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (left < node.length) {
        const range = document.createRange();
        range.setStart(node, left);
        range.setEnd(node, left + 1);
        const r = range.getBoundingClientRect();
        return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
      }
      left -= node.length;
    }
    return null;
  }, [line, character]);
  if (!p) throw new Error(`line ${line} character ${character} is not rendered in the active editor`);
  return p;
}

/** The active editor's text as rendered (VS Code renders spaces as U+00A0). */
async function editorLines() {
  return page.evaluate(() => {
    const editor = document.querySelector('.editor-group-container.active .monaco-editor .view-lines');
    const rows = [...(editor?.querySelectorAll('.view-line') ?? [])].sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top));
    return rows.map((r) => r.textContent.replace(/\u00a0/g, ' '));
  });
}

async function waitForLine(line, expected) {
  const deadline = Date.now() + STEP_MS;
  for (;;) {
    const lines = await editorLines();
    if (lines[line] === expected) return;
    if (Date.now() > deadline) throw new Error(`line ${line} is ${JSON.stringify(lines[line])}, expected ${JSON.stringify(expected)}`);
    await page.waitForTimeout(100);
  }
}

/** The boot preview's page: the extension's HTML lives two iframes down in the webview host. */
const previewFrame = () => page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');

const steps = [
  ['workbench opens the fixture workspace', async () => {
    await page.goto(`${server.base}/?folder=${encodeURIComponent(ws)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'xen' }).first().waitFor({ timeout: 60_000 });
  }],
  ['open xen/problems.cfg: cold start to the first squiggle', async () => {
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill('problems.cfg');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'problems.cfg' }).first().waitFor();
    // No xlcfg document has been open in this window: opening this one activates the packaged
    // extension (production build), starts the server and gets the first diagnostics drawn.
    const t0 = Date.now();
    await page.keyboard.press('Enter');
    await page.locator('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning, .monaco-editor .squiggly-info').first().waitFor({ state: 'attached', timeout: 60_000 });
    const firstSquiggleMs = Date.now() - t0;
    console.log(`  cold start: first diagnostics drawn ${firstSquiggleMs} ms after opening the config (packaged .vsix)`);
    fs.writeFileSync(path.join(root, '.e2e', 'cold-start-ui.json'), JSON.stringify({ firstSquiggleMs, measuredAt: new Date().toISOString() }) + '\n');
    await page.locator('.tabs-container .tab.active', { hasText: 'problems.cfg' }).waitFor();
    await waitForLine(5, 'force_x2apic = 1');
  }],
  ['Problems panel lists the unknown key', async () => {
    await page.keyboard.press('Control+Shift+M');
    const rows = page.locator('.markers-panel .monaco-tl-row');
    await rows.filter({ hasText: /memmory|Unknown key/i }).first().waitFor({ timeout: 45_000 });
    // The panel shows each diagnostic's code next to its message.
    await rows.filter({ hasText: 'force-x2apic/seabios' }).first().waitFor();
  }],
  ['hover on force_x2apic renders the vCPU table', async () => {
    // Focus the editor first: the Problems panel has the keyboard focus now.
    const key = await pointAt(5, 3);
    await page.mouse.click(key.x, key.y);
    await page.mouse.move(key.x + 4, key.y);
    await page.mouse.move(key.x + 8, key.y);
    // The hover also lists the diagnostics on the key, whose messages can mention vCPUs; the
    // simulation is the rendered markdown table.
    const table = page.locator('.monaco-hover:not(.hidden) table', { hasText: 'vCPU' }).filter({ hasText: 'APIC_BASE' }).first();
    await table.waitFor();
  }],
  ['quick fix from the lightbulb menu rewrites acpi = "true"', async () => {
    await page.keyboard.press('Escape'); // close the hover
    const value = await pointAt(3, 9); // inside "true"
    await page.mouse.click(value.x, value.y);
    await page.keyboard.press('Control+.');
    // The preferred fix is sorted first and focused; the rule's "Disable …" actions follow it.
    await page.locator('.action-widget .monaco-list-row.focused').filter({ hasNotText: /Disable/i }).first().waitFor();
    await page.screenshot({ path: path.join(shots, 'ui-05a-quickfix-menu.png') });
    // Clicking a row is not actionable for playwright; Enter applies the focused (preferred) fix.
    await page.keyboard.press('Enter');
    await waitForLine(3, 'acpi = 1');
  }],
  ['boot preview shows the timeline and the vCPU table', async () => {
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').fill('>Xen: Preview Simulated Boot');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Preview Simulated Boot' }).first().waitFor();
    await page.keyboard.press('Enter');
    // The panel is titled after the file ("Boot: problems.cfg" at the time of writing).
    await page.locator('.tabs-container .tab', { hasText: /Boot.*problems\.cfg/i }).first().waitFor();
    // The page draws the model it is posted: the timeline's stages and the per-vCPU APIC table.
    const frame = previewFrame();
    await frame.locator('#timeline ol.timeline li').first().waitFor({ timeout: 45_000 });
    const vcpuTable = frame.locator('#vcpus table', { hasText: 'vCPU' }).filter({ hasText: 'APIC_BASE' }).first();
    await vcpuTable.waitFor();
    await vcpuTable.scrollIntoViewIfNeeded(); // for the screenshot
  }],
  ['boot preview names the design, compares the designs, and its picker shows another', async () => {
    const frame = previewFrame();
    await frame.locator('#design .design-label', { hasText: 'Design: rfc' }).waitFor({ timeout: 45_000 });
    const table = frame.locator('#designs table', { hasText: 'xapic-disable-status' });
    await table.waitFor();
    await table.scrollIntoViewIfNeeded();
    await frame.locator('#design-picker').selectOption('xapic-disable-status');
    await frame.locator('#design .design-label', { hasText: 'Design: xapic-disable-status' }).waitFor({ timeout: 45_000 });
    await frame.locator('#design .design-label', { hasText: 'picker' }).waitFor();
    await frame.locator('#design-picker').selectOption('');
    await frame.locator('#design .design-label', { hasText: 'Design: rfc' }).waitFor({ timeout: 45_000 });
  }],
  ['preview CSP blocks an injected inline script', async () => {
    const handle = await page.frameLocator('iframe.webview.ready').locator('#active-frame').elementHandle();
    const frame = await handle?.contentFrame();
    if (!frame) throw new Error('no preview frame');
    // evaluate() itself is not subject to the page's CSP; the <script> element it inserts is.
    const result = await frame.evaluate(async () => {
      const violations = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
      const s = document.createElement('script');
      s.textContent = 'window.__xlcfgInjected = true;';
      document.body.appendChild(s);
      await new Promise((r) => setTimeout(r, 200)); // violation events are dispatched asynchronously
      return { ran: window.__xlcfgInjected === true, violations };
    });
    if (result.ran) throw new Error('the injected inline script ran: the preview CSP allows inline scripts');
    const logged = consoleErrors.some((e) => /Content Security Policy/i.test(e) && /script-src/.test(e));
    if (!result.violations.some((d) => d.startsWith('script-src')) && !logged) {
      throw new Error(`script did not run, but no script-src violation was reported (${JSON.stringify(result.violations)})`);
    }
  }],
  ['a window reload stops the extension cleanly (no "Channel has been closed")', async () => {
    // VS Code calls deactivate() and disposes the extension's subscriptions without waiting for
    // it; an output channel disposed there while the client still stops the server makes every
    // later write throw, which the extension host logs.
    await page.reload();
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.tabs-container .tab', { hasText: 'problems.cfg' }).first().waitFor({ timeout: 60_000 });
    const logs = path.join(userDataDir, 'logs');
    const hostLogs = () => fs.readdirSync(logs, { recursive: true }).filter((f) => /exthost\d+[\/]remoteexthost\.log$/.test(String(f))).map((f) => path.join(logs, String(f)));
    // The first extension host has been told to stop once a second one runs; give it time to log.
    const deadline = Date.now() + STEP_MS;
    while (hostLogs().length < 2 && Date.now() < deadline) await page.waitForTimeout(200);
    await page.waitForTimeout(3000);
    const closed = hostLogs().filter((f) => fs.readFileSync(f, 'utf8').includes('Channel has been closed'));
    if (closed.length) throw new Error(`"Channel has been closed" in ${closed.map((f) => path.relative(run, f)).join(', ')}`);
  }],
];

let passed = 0;
let failed = 0;
const t0 = Date.now();
for (const [i, [name, body]] of steps.entries()) {
  const shot = path.join(shots, `ui-${String(i + 1).padStart(2, '0')}-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`);
  const start = Date.now();
  try {
    await body();
    passed++;
    console.log(`  ✓ ${name} (${Date.now() - start} ms)`);
    await page.screenshot({ path: shot });
  } catch (e) {
    failed = steps.length - i;
    // Playwright colours its messages; logs are read as plain text.
    const message = String(e?.message ?? e).replace(/\x1b\[[0-9;]*m/g, '');
    console.log(`  ✗ ${name}\n    ${message.split('\n').join('\n    ')}`);
    await page.screenshot({ path: shot.replace(/\.png$/, '-FAILED.png') }).catch(() => {});
    if (i + 1 < steps.length) console.log(`  - skipped after the failure: ${steps.slice(i + 1).map(([n]) => n).join('; ')}`);
    break;
  }
}
const benign = /vsda|open-vsx\.org|favicon/;
// For diagnosis only (not asserted): first line of each, the stacks are minified workbench code.
const noteworthy = consoleErrors.filter((e) => !benign.test(e)).map((e) => e.split('\n')[0].slice(0, 300));
if (noteworthy.length) console.log(`  browser console errors (${noteworthy.length}):\n    ${noteworthy.slice(0, 10).join('\n    ')}`);
console.log(`  ${((Date.now() - t0) / 1000).toFixed(1)} s; screenshots in ${shots}`);
console.log(`ui: ${passed} passed, ${failed} failed`);
await browser.close();
server.stop();
process.exit(failed ? 1 : 0);
