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
page.on('console', (m) => {
  if (m.type() === 'error') consoleErrors.push(`${m.text()} [${m.location().url}]`);
});

/** Screen point of (0-based) line/character in the active editor, measured on the rendered text. */
async function pointAt(line, character) {
  const p = await page.evaluate(
    ([line, character]) => {
      const editor = document.querySelector('.editor-group-container.active .monaco-editor .view-lines');
      if (!editor) return null;
      // Rendered lines are absolutely positioned and not in document order; sort them by `top`.
      const rows = [...editor.querySelectorAll('.view-line')].sort(
        (a, b) => parseFloat(a.style.top) - parseFloat(b.style.top),
      );
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
    },
    [line, character],
  );
  if (!p) throw new Error(`line ${line} character ${character} is not rendered in the active editor`);
  return p;
}

/** The active editor's text as rendered (VS Code renders spaces as U+00A0). */
async function editorLines() {
  return page.evaluate(() => {
    const editor = document.querySelector('.editor-group-container.active .monaco-editor .view-lines');
    const rows = [...(editor?.querySelectorAll('.view-line') ?? [])].sort(
      (a, b) => parseFloat(a.style.top) - parseFloat(b.style.top),
    );
    return rows.map((r) => r.textContent.replace(/\u00a0/g, ' '));
  });
}

async function waitForLine(line, expected) {
  const deadline = Date.now() + STEP_MS;
  for (;;) {
    const lines = await editorLines();
    if (lines[line] === expected) return;
    if (Date.now() > deadline)
      throw new Error(`line ${line} is ${JSON.stringify(lines[line])}, expected ${JSON.stringify(expected)}`);
    await page.waitForTimeout(100);
  }
}

/** The boot preview's page: the extension's HTML lives two iframes down in the webview host. */
const previewFrame = () => page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');

/** The preview page as a playwright Frame, for evaluate(). */
async function previewPage() {
  const handle = await page.frameLocator('iframe.webview.ready').locator('#active-frame').elementHandle();
  const frame = await handle?.contentFrame();
  if (!frame) throw new Error('no preview frame');
  return frame;
}

/** Opens a workspace file with quick open, in the first editor group (the preview is in the second). */
async function openFile(name) {
  await page.keyboard.press('Control+1');
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: name }).first().waitFor();
}

/**
 * Runs in the preview page: whether the page and every table fit its width (no horizontal
 * scrolling), and the header's text.
 */
function layoutFacts() {
  const doc = document.scrollingElement;
  const tables = [...document.querySelectorAll('.table-wrap')].map((w) => {
    const t = w.querySelector('table');
    return { id: t?.id, table: t?.scrollWidth ?? 0, wrap: w.clientWidth, stacked: w.classList.contains('stacked') };
  });
  const app = document.getElementById('app').getBoundingClientRect();
  const header = document.querySelector('header')?.textContent ?? '';
  return { page: doc.scrollWidth, view: doc.clientWidth, tables, app: { left: app.left, width: app.width }, header };
}

async function assertFits(label) {
  const f = await (await previewPage()).evaluate(layoutFacts);
  if (f.page > f.view + 1) throw new Error(`${label}: the preview scrolls sideways (${f.page} px in ${f.view} px)`);
  const wide = f.tables.filter((t) => t.table > t.wrap + 1);
  if (wide.length) throw new Error(`${label}: tables wider than the page: ${JSON.stringify(wide)}`);
  return f;
}

/**
 * Runs in the preview page: WCAG 2.1 contrast of what is rendered. Every visible text (4.5:1, or
 * 3:1 for large text: 24 px, or 18.66 px bold), including the column labels of stacked tables, and
 * the coloured edges that carry a status (outcome banner, refusal, badges: 3:1 against the surface
 * behind them). Colours are read back with getComputedStyle and composited over their ancestors'
 * backgrounds, so theme variables, alpha and opacity all count.
 */
function contrastReport() {
  const parse = (c) => {
    const m = /rgba?\(([^)]+)\)/.exec(c || '');
    if (!m) return undefined;
    const p = m[1]
      .split(/[\s,/]+/)
      .filter(Boolean)
      .map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const mix = (top, under, k) => top[k] * top.a + under[k] * (1 - top.a);
  const over = (top, under) => ({ r: mix(top, under, 'r'), g: mix(top, under, 'g'), b: mix(top, under, 'b'), a: 1 });
  const lum = (c) => {
    const f = (v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const ratio = (a, b) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const surface = (el) => {
    const chain = [];
    for (let e = el; e; e = e.parentElement) chain.unshift(e);
    let bg = parse(getComputedStyle(document.documentElement).backgroundColor);
    bg = bg && bg.a > 0 ? { ...bg, a: 1 } : { r: 255, g: 255, b: 255, a: 1 };
    for (const e of chain) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) bg = over(c, bg);
    }
    return bg;
  };
  const opacity = (el) => {
    let o = 1;
    for (let e = el; e; e = e.parentElement) o *= Number(getComputedStyle(e).opacity);
    return o;
  };
  const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const hex = (c) => '#' + [c.r, c.g, c.b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');
  const checks = [];
  const failures = [];
  const check = (kind, el, fg, bg, min, what) => {
    const r = ratio(fg, bg);
    checks.push(kind);
    if (r + 1e-6 < min) failures.push(`${kind} ${r.toFixed(2)}:1 < ${min}:1 (${hex(fg)} on ${hex(bg)}): ${what}`);
  };
  const name = (el) => {
    const text = (el.textContent || '').trim().slice(0, 40);
    return `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${[...el.classList].join('.')} "${text}"`;
  };
  const app = document.getElementById('app');
  for (const el of app.querySelectorAll('*')) {
    if (el.closest('svg') || !visible(el) || el.disabled) continue;
    const cs = getComputedStyle(el);
    const size = parseFloat(cs.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(cs.fontWeight) >= 700);
    const bg = surface(el);
    const ownText = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (ownText) {
      const fg = parse(cs.color);
      check('text', el, over({ ...fg, a: fg.a * opacity(el) }, bg), bg, large ? 3 : 4.5, name(el));
    }
    if (el.matches('.table-wrap.stacked td') && el.dataset.label) {
      const before = getComputedStyle(el, '::before');
      const fg = parse(before.color);
      check('text', el, over({ ...fg, a: fg.a * opacity(el) }, bg), bg, 4.5, `column label "${el.dataset.label}"`);
    }
    // Edges that carry a status: against the surface around the element.
    let side = '';
    if (el.matches('.badge, .refusal')) side = 'Top';
    else if (el.matches('.outcome, .refusal-item')) side = 'Left';
    if (side && parseFloat(cs[`border${side}Width`]) > 0) {
      const edge = parse(cs[`border${side}Color`]);
      const around = surface(el.parentElement);
      check('edge', el, over({ ...edge, a: edge.a * opacity(el) }, around), around, 3, name(el));
    }
  }
  const count = (kind) => checks.filter((k) => k === kind).length;
  return { texts: count('text'), edges: count('edge'), failures, body: document.body.className };
}

/** Switches the workbench colour theme with "Preferences: Color Theme", as a user would. */
async function setTheme(label, workbenchClass, bodyClass) {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').fill('>Preferences: Color Theme');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Preferences: Color Theme' }).first().waitFor();
  // "Browse Color Themes in Marketplace" may be listed first: move to the picker itself.
  const focused = page.locator('.quick-input-list .monaco-list-row.focused');
  for (let i = 0; ; i++) {
    const text = (await focused.textContent()) ?? '';
    if (/Preferences: Color Theme/.test(text) && !/Marketplace/.test(text)) break;
    if (i > 10) throw new Error(`"Preferences: Color Theme" is not in the command list (at ${JSON.stringify(text)})`);
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Enter');
  // The same widget turns into the theme picker: type only once it has.
  const input = page.locator('.quick-input-widget input[placeholder*="Select Color Theme"]');
  await input.waitFor();
  await input.fill(label);
  // The best match is focused first; make sure it is this theme before choosing it.
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: label }).waitFor();
  await page.keyboard.press('Enter');
  await page.locator(`.monaco-workbench.${workbenchClass}`).waitFor();
  // The webview gets the new theme's variables and body class after the workbench.
  await previewFrame().locator(`body.${bodyClass}`).waitFor();
}

const THEMES = [
  ['Light Modern', 'vs', 'vscode-light'],
  ['Dark Modern', 'vs-dark', 'vscode-dark'],
  ['Dark High Contrast', 'hc-black', 'vscode-high-contrast'],
  ['Light High Contrast', 'hc-light', 'vscode-high-contrast-light'],
];

const steps = [
  [
    'workbench opens the fixture workspace',
    async () => {
      await page.goto(`${server.base}/?folder=${encodeURIComponent(ws)}`);
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await page
        .locator('.explorer-folders-view .monaco-list-row', { hasText: 'xen' })
        .first()
        .waitFor({ timeout: 60_000 });
    },
  ],
  [
    'open xen/problems.cfg: cold start to the first squiggle',
    async () => {
      await page.keyboard.press('Control+P');
      await page.locator('.quick-input-widget input').fill('problems.cfg');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'problems.cfg' }).first().waitFor();
      // No xlcfg document has been open in this window: opening this one activates the packaged
      // extension (production build), starts the server and gets the first diagnostics drawn.
      const t0 = Date.now();
      await page.keyboard.press('Enter');
      await page
        .locator('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning, .monaco-editor .squiggly-info')
        .first()
        .waitFor({ state: 'attached', timeout: 60_000 });
      const firstSquiggleMs = Date.now() - t0;
      console.log(
        `  cold start: first diagnostics drawn ${firstSquiggleMs} ms after opening the config (packaged .vsix)`,
      );
      fs.writeFileSync(
        path.join(root, '.e2e', 'cold-start-ui.json'),
        JSON.stringify({ firstSquiggleMs, measuredAt: new Date().toISOString() }) + '\n',
      );
      await page.locator('.tabs-container .tab.active', { hasText: 'problems.cfg' }).waitFor();
      await waitForLine(5, 'force_x2apic = 1');
    },
  ],
  [
    'Problems panel lists the unknown key',
    async () => {
      await page.keyboard.press('Control+Shift+M');
      const rows = page.locator('.markers-panel .monaco-tl-row');
      await rows
        .filter({ hasText: /memmory|Unknown key/i })
        .first()
        .waitFor({ timeout: 45_000 });
      // The panel shows each diagnostic's code next to its message.
      await rows.filter({ hasText: 'force-x2apic/seabios' }).first().waitFor();
      // docs/images/editor.png: the config with its squiggles above the Problems panel.
      await rows.filter({ hasText: 'value/boolean' }).first().waitFor();
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(shots, 'readme-editor.png') });
    },
  ],
  [
    'hover on force_x2apic renders the vCPU table',
    async () => {
      // Focus the editor first: the Problems panel has the keyboard focus now.
      const key = await pointAt(5, 3);
      await page.mouse.click(key.x, key.y);
      await page.mouse.move(key.x + 4, key.y);
      await page.mouse.move(key.x + 8, key.y);
      // The hover also lists the diagnostics on the key, whose messages can mention vCPUs; the
      // simulation is the rendered markdown table.
      const table = page
        .locator('.monaco-hover:not(.hidden) table', { hasText: 'vCPU' })
        .filter({ hasText: 'APIC_BASE' })
        .first();
      await table.waitFor();
      // docs/images/hover.png, with the simulated vCPU table scrolled into the hover's view.
      // (The table follows the heading and the design lines.)
      await table.evaluate((t) => (t.previousElementSibling?.previousElementSibling ?? t).scrollIntoView());
      await page.waitForTimeout(200);
      await page.screenshot({ path: path.join(shots, 'readme-hover.png') });
    },
  ],
  [
    'quick fix from the lightbulb menu rewrites acpi = "true"',
    async () => {
      await page.keyboard.press('Escape'); // close the hover
      const value = await pointAt(3, 9); // inside "true"
      await page.mouse.click(value.x, value.y);
      await page.keyboard.press('Control+.');
      // The preferred fix is sorted first and focused; the rule's "Disable …" actions follow it.
      await page
        .locator('.action-widget .monaco-list-row.focused')
        .filter({ hasNotText: /Disable/i })
        .first()
        .waitFor();
      // docs/images/quickfix.png: the lightbulb menu open on the value.
      await page.screenshot({ path: path.join(shots, 'readme-quickfix.png') });
      // Clicking a row is not actionable for playwright; Enter applies the focused (preferred) fix.
      await page.keyboard.press('Enter');
      await waitForLine(3, 'acpi = 1');
    },
  ],
  [
    'boot preview shows the timeline and the vCPU table',
    async () => {
      await page.keyboard.press('F1');
      await page.locator('.quick-input-widget input').fill('>Xen: Preview Simulated Boot');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Preview Simulated Boot' }).first().waitFor();
      await page.keyboard.press('Enter');
      // The panel is titled after the file ("Boot: problems.cfg" at the time of writing).
      await page
        .locator('.tabs-container .tab', { hasText: /Boot.*problems\.cfg/i })
        .first()
        .waitFor();
      // The page draws the model it is posted: the timeline's stages and the per-vCPU APIC table.
      const frame = previewFrame();
      await frame.locator('#timeline ol.timeline li').first().waitFor({ timeout: 45_000 });
      const vcpuTable = frame.locator('#vcpus table', { hasText: 'vCPU' }).filter({ hasText: 'APIC_BASE' }).first();
      await vcpuTable.waitFor();
      await vcpuTable.scrollIntoViewIfNeeded(); // for the screenshot
    },
  ],
  [
    'boot preview names the design, compares the designs, and its picker shows another',
    async () => {
      const frame = previewFrame();
      await frame.locator('#design .design-label', { hasText: 'Design: rfc' }).waitFor({ timeout: 45_000 });
      const table = frame.locator('#designs table', { hasText: 'xapic-disable-status' });
      await table.waitFor();
      await table.scrollIntoViewIfNeeded();
      await frame.locator('#design-picker').selectOption('xapic-disable-status');
      await frame
        .locator('#design .design-label', { hasText: 'Design: xapic-disable-status' })
        .waitFor({ timeout: 45_000 });
      await frame.locator('#design .design-label', { hasText: 'picker' }).waitFor();
      await frame.locator('#design-picker').selectOption('');
      await frame.locator('#design .design-label', { hasText: 'Design: rfc' }).waitFor({ timeout: 45_000 });
    },
  ],
  [
    'boot preview marks the stage where the boot stops as the failure; failing operations stay visible',
    async () => {
      const frame = previewFrame();
      // SeaBIOS waits forever for a timer tick: that stage is the failure, not "accepted".
      const stop = frame.locator('#timeline li.stage-stop[data-stop="hangs"]');
      await stop.waitFor();
      await stop.locator('summary', { hasText: 'seabios' }).filter({ hasText: 'boot hangs here' }).waitFor();
      const failedStage = await stop.evaluate((li) => li.classList.contains('stage-bad'));
      if (!failedStage) throw new Error('the stopping stage is not marked as failed');
      const wait = stop.locator('.result[data-result="stop"]');
      await wait.waitFor();
      const waitText = (await wait.textContent()).trim();
      if (waitText !== 'hangs here') throw new Error(`the endless wait reads ${JSON.stringify(waitText)}`);
      const failedWait = await wait.evaluate((b) => b.classList.contains('status-bad'));
      if (!failedWait) throw new Error('the endless wait is not marked as a failure');
      // hvmloader's lost MMIO writes come after its 8th operation: shown without unfolding anything.
      const failing = await (await previewPage()).evaluate(() =>
        [...document.querySelectorAll('#timeline .result')]
          .filter((b) => ['#GP', 'mmio-lost', 'stop'].includes(b.dataset.result))
          .map((b) => {
            const rows = [...b.closest('tbody').children].filter((tr) => !tr.classList.contains('fold-gap'));
            return {
              result: b.dataset.result,
              row: rows.indexOf(b.closest('tr')),
              shown: b.getClientRects().length > 0,
            };
          }),
      );
      const seen = JSON.stringify(failing);
      const lost = failing.filter((f) => f.result === 'mmio-lost').length;
      if (lost < 3) throw new Error(`expected hvmloader's 3 lost MMIO writes: ${seen}`);
      if (!failing.some((f) => f.row >= 8)) throw new Error(`no failing operation beyond the fold to test: ${seen}`);
      const hidden = failing.filter((f) => !f.shown);
      if (hidden.length) throw new Error(`failing operations folded away: ${JSON.stringify(hidden)}`);
      await frame.locator('#timeline .fold-gap').first().waitFor();
      // docs/images/preview.png: the top of the preview, with the side bar and the panel closed.
      await page.keyboard.press('Control+J');
      await page.locator('.part.panel').waitFor({ state: 'hidden' });
      await page.keyboard.press('Control+B');
      await page.locator('.part.sidebar').waitFor({ state: 'hidden' });
      await page.waitForTimeout(300);
      await (await previewPage()).evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: path.join(shots, 'readme-preview.png') });
      await page.keyboard.press('Control+B');
      await page.locator('.part.sidebar').waitFor();
      await stop.scrollIntoViewIfNeeded();
    },
  ],
  [
    'boot preview reads beside the editor: no version, tables fit or wrap, a column when maximised',
    async () => {
      const beside = await assertFits('beside the editor (1400 px window)');
      if (/version/i.test(beside.header)) throw new Error(`the header shows the document version: ${beside.header}`);
      // A narrower window leaves the preview about 350 px.
      await page.setViewportSize({ width: 1000, height: 900 });
      await page.waitForTimeout(500);
      const narrow = await assertFits('narrow (1000 px window)');
      if (!narrow.tables.some((t) => t.stacked)) {
        throw new Error(`at ${narrow.view} px no table switched to rows: ${JSON.stringify(narrow.tables)}`);
      }
      await page.screenshot({ path: path.join(shots, 'ui-10a-preview-narrow.png') });
      // A very wide preview keeps a readable column.
      await page.setViewportSize({ width: 2600, height: 900 });
      await page.waitForTimeout(500);
      const wide = await assertFits('wide (2600 px window)');
      if (wide.view < 1000) throw new Error(`the preview is only ${wide.view} px wide in a 2600 px window`);
      if (wide.app.width > 900) throw new Error(`no max width: the content is ${wide.app.width} px wide`);
      await page.setViewportSize({ width: 1400, height: 900 });
      await page.waitForTimeout(300);
    },
  ],
  [
    'a config xl refuses: the preview says so first, the simulation follows "if it were created"',
    async () => {
      await openFile('refused.cfg');
      const frame = previewFrame();
      // The preview follows the active config.
      const refusal = frame.locator('#refusal', { hasText: 'Not created: xl refuses this config' });
      await refusal.waitFor({ timeout: 45_000 });
      await refusal.locator('code', { hasText: 'relation/maxvcpus-below-vcpus' }).waitFor();
      await refusal.locator('pre', { hasText: 'maxvcpus < vcpus' }).waitFor();
      await refusal.locator('button', { hasText: 'line 5' }).waitFor();
      const order = await (await previewPage()).evaluate(() => {
        const cards = [...document.querySelectorAll('#app .card')].map((c) => c.id);
        const r = document.getElementById('refusal');
        const o = document.getElementById('outcome');
        const before = !!(r && o && r.compareDocumentPosition(o) & Node.DOCUMENT_POSITION_FOLLOWING);
        const label = document.querySelector('h2.if-created')?.textContent;
        return { cards, before, title: o?.querySelector('h2')?.textContent, label };
      });
      const seen = JSON.stringify(order);
      if (order.cards[0] !== 'refusal' || !order.before) throw new Error(`the refusal is not first: ${seen}`);
      if (order.title !== 'Outcome if it were created' || order.label !== 'If it were created') {
        throw new Error(`the simulation is not labelled: ${seen}`);
      }
    },
  ],
  [
    'preview contrast is WCAG AA in the light, dark and both high-contrast themes',
    async () => {
      const report = [];
      for (const [theme, workbenchClass, bodyClass] of THEMES) {
        await setTheme(theme, workbenchClass, bodyClass);
        await previewFrame().locator('#refusal').waitFor();
        const r = await (await previewPage()).evaluate(contrastReport);
        const measured = `${r.texts} texts, ${r.edges} edges`;
        report.push(`${theme}: ${measured}${r.failures.length ? `, ${r.failures.length} below AA` : ''}`);
        if (r.texts < 100 || r.edges < 10) throw new Error(`${theme}: too little was measured (${measured})`);
        const below = r.failures.slice(0, 25).join('\n');
        if (r.failures.length) throw new Error(`${theme}: ${r.failures.length} below WCAG AA:\n${below}`);
        await page.screenshot({ path: path.join(shots, `ui-12-theme-${workbenchClass}.png`) });
      }
      console.log(`    ${report.join('\n    ')}`);
      await setTheme(THEMES[0][0], THEMES[0][1], THEMES[0][2]);
    },
  ],
  [
    'preview CSP blocks an injected inline script',
    async () => {
      const frame = await previewPage();
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
        throw new Error(
          `script did not run, but no script-src violation was reported (${JSON.stringify(result.violations)})`,
        );
      }
    },
  ],
  [
    'a window reload stops the extension cleanly (no "Channel has been closed")',
    async () => {
      // VS Code calls deactivate() and disposes the extension's subscriptions without waiting for
      // it; an output channel disposed there while the client still stops the server makes every
      // later write throw, which the extension host logs.
      await page.reload();
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await page.locator('.tabs-container .tab', { hasText: 'problems.cfg' }).first().waitFor({ timeout: 60_000 });
      const logs = path.join(userDataDir, 'logs');
      const hostLogs = () =>
        fs
          .readdirSync(logs, { recursive: true })
          .filter((f) => /exthost\d+[/]remoteexthost\.log$/.test(String(f)))
          .map((f) => path.join(logs, String(f)));
      // The first extension host has been told to stop once a second one runs; give it time to log.
      const deadline = Date.now() + STEP_MS;
      while (hostLogs().length < 2 && Date.now() < deadline) await page.waitForTimeout(200);
      // Without both hosts' logs there is nothing to search: that is a failure, not a pass.
      const found = hostLogs();
      if (found.length < 2)
        throw new Error(`expected the logs of the extension hosts before and after the reload under ${logs}: ${found}`);
      await page.waitForTimeout(3000);
      // Only xlcfg's: built-in extensions (json-language-features) log it too when their server
      // happens to exit after their channel closed. Each entry is the error line and its stack.
      const ours = (log) =>
        log
          .split(/\n(?=\d{4}-\d\d-\d\d )/)
          .some((entry) => entry.includes('Channel has been closed') && entry.includes('xlcfg'));
      const closed = found.filter((f) => ours(fs.readFileSync(f, 'utf8')));
      if (closed.length)
        throw new Error(`"Channel has been closed" in ${closed.map((f) => path.relative(run, f)).join(', ')}`);
    },
  ],
];

let passed = 0;
let failed = 0;
const t0 = Date.now();
for (const [i, [name, body]] of steps.entries()) {
  const shot = path.join(
    shots,
    `ui-${String(i + 1).padStart(2, '0')}-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`,
  );
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
    if (i + 1 < steps.length)
      console.log(
        `  - skipped after the failure: ${steps
          .slice(i + 1)
          .map(([n]) => n)
          .join('; ')}`,
      );
    break;
  }
}
const benign = /vsda|open-vsx\.org|favicon/;
// For diagnosis only (not asserted): first line of each, the stacks are minified workbench code.
const noteworthy = consoleErrors.filter((e) => !benign.test(e)).map((e) => e.split('\n')[0].slice(0, 300));
if (noteworthy.length)
  console.log(`  browser console errors (${noteworthy.length}):\n    ${noteworthy.slice(0, 10).join('\n    ')}`);
console.log(`  ${((Date.now() - t0) / 1000).toFixed(1)} s; screenshots in ${shots}`);
console.log(`ui: ${passed} passed, ${failed} failed`);
await browser.close();
server.stop();
process.exit(failed ? 1 : 0);
