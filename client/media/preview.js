// Boot preview page. Runs inside the webview under a nonce-only CSP.
// Everything it shows comes from the host via postMessage and is drawn with DOM APIs and
// textContent: config text never reaches innerHTML, so a value cannot become markup.
// @ts-check
(() => {
  /** @type {{ postMessage(m: unknown): void, getState(): any, setState(s: unknown): void }} */
  // @ts-expect-error -- provided by the webview host
  const vscode = acquireVsCodeApi();
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const FOLD_ROWS = 8;

  const app = /** @type {HTMLElement} */ (document.getElementById('app'));
  /** Page-local UI state that survives re-renders and reloads. */
  const saved = vscode.getState() || {};
  const ui = {
    uri: typeof saved.uri === 'string' ? saved.uri : undefined,
    compare: saved.compare === true,
    /** The design picked here; null shows the configured one. The host checks it against its list. */
    design: typeof saved.design === 'string' ? saved.design : null,
    /** Table ids the user unfolded. */
    expanded: /** @type {Record<string, boolean>} */ ({}),
  };
  /** @type {any} */ let lastRender;

  // ---- small DOM helpers ----------------------------------------------------------------------

  /**
   * @param {string} tag
   * @param {string | undefined} [cls]
   * @param {unknown} [text]
   * @returns {HTMLElement}
   */
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  /** @param {string} tag @param {Record<string, string | number>} attrs */
  function svg(tag, attrs) {
    const e = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    return e;
  }

  /** @param {unknown} v */
  const arr = (v) => (Array.isArray(v) ? v : []);
  /** @param {unknown} v */
  const str = (v) => (v === undefined || v === null ? '' : String(v));
  /** @param {unknown} v */
  const obj = (v) => (v && typeof v === 'object' ? /** @type {Record<string, any>} */ (v) : {});

  function saveState() {
    vscode.setState({ uri: ui.uri, compare: ui.compare, design: ui.design });
  }

  /** @param {string} title @param {string} [id] */
  function section(title, id) {
    const s = el('section', 'card');
    if (id) s.id = id;
    s.appendChild(el('h2', undefined, title));
    return s;
  }

  // ---- sections -------------------------------------------------------------------------------

  const OUTCOME_TEXT = { boots: 'Boots', hangs: 'Hangs', faults: 'Faults', unknown: 'Unknown' };
  // The word says it; the mark and the coloured edge repeat it for a glance.
  const OUTCOME_ICON = { boots: '✓', hangs: '■', faults: '✕', unknown: '?' };

  /** @param {any} boot @param {string} label */
  function outcomeBox(boot, label) {
    const b = obj(boot);
    const outcome = ['boots', 'hangs', 'faults', 'unknown'].includes(b.outcome) ? b.outcome : 'unknown';
    const box = el('div', `outcome outcome-${outcome}`);
    box.dataset.outcome = outcome;
    if (label) box.appendChild(el('div', 'outcome-label', label));
    const head = el('div', 'outcome-head');
    const icon = el('span', 'outcome-icon', /** @type {any} */ (OUTCOME_ICON)[outcome]);
    icon.setAttribute('aria-hidden', 'true');
    head.append(icon, el('span', 'outcome-word', /** @type {any} */ (OUTCOME_TEXT)[outcome]));
    if (b.confidence) {
      const kind = b.confidence === 'low' ? 'status-warn' : 'status-neutral';
      const cls = `badge status confidence confidence-${str(b.confidence)} ${kind}`;
      head.appendChild(el('span', cls, `${b.confidence} confidence`));
    }
    box.appendChild(head);
    if (b.stage) {
      const p = el('p', 'outcome-stage');
      p.append('Stage: ', el('strong', undefined, b.stage));
      if (b.waitingFor) p.append(' — waiting for ', el('strong', undefined, b.waitingFor));
      box.appendChild(p);
    }
    if (b.explanation) box.appendChild(el('p', 'explanation', b.explanation));
    const cites = arr(b.citations);
    if (cites.length) {
      const ul = el('ul', 'citations');
      for (const c of cites) ul.appendChild(el('li', undefined, c));
      const d = el('details', 'citations-box');
      d.appendChild(el('summary', undefined, `Sources (${cites.length})`));
      d.appendChild(ul);
      box.appendChild(d);
    }
    return box;
  }

  /** @param {any} sim */
  function forceLabel(sim, flipped) {
    const on = obj(sim).forceX2apic === true;
    return `force_x2apic = ${(flipped ? !on : on) ? 1 : 0}`;
  }

  /** @param {any} msg */
  function outcomeSection(msg) {
    const sim = obj(msg.simulation);
    const s = section(sim.created === false ? 'Outcome if it were created' : 'Outcome', 'outcome');
    const toggle = /** @type {HTMLButtonElement} */ (
      el('button', 'toggle', ui.compare ? 'Hide force_x2apic comparison' : 'Compare with force_x2apic toggled')
    );
    toggle.id = 'compare-toggle';
    toggle.setAttribute('aria-pressed', String(ui.compare));
    toggle.addEventListener('click', () => {
      ui.compare = !ui.compare;
      saveState();
      vscode.postMessage({ type: 'toggleCompare', enabled: ui.compare });
      toggle.disabled = true;
      toggle.textContent = 'Simulating…';
    });
    const row = el('div', 'outcome-row');
    row.appendChild(outcomeBox(sim.boot, msg.compare ? `${forceLabel(sim, false)} (as configured)` : ''));
    if (msg.compare) {
      if (msg.compareSimulation) {
        row.appendChild(outcomeBox(obj(msg.compareSimulation).boot, forceLabel(sim, true)));
      } else {
        const missing = el('div', 'outcome outcome-unknown');
        missing.append(
          el('div', 'outcome-label', forceLabel(sim, true)),
          el('p', undefined, 'The comparison could not be simulated.'),
        );
        row.appendChild(missing);
      }
    }
    s.appendChild(row);
    // Without a full comparison, show the server's one-line summary of the flipped run if it has one.
    const cmp = obj(sim.compare);
    if (!msg.compare && cmp.outcome) {
      const where = cmp.stage && cmp.outcome !== 'boots' ? ` at ${cmp.stage}` : '';
      const sure = cmp.confidence ? ` (${cmp.confidence} confidence)` : '';
      const why = cmp.explanation ? ` ${cmp.explanation}` : '';
      const flag = `force_x2apic = ${cmp.forceX2apic ? 1 : 0}`;
      s.appendChild(el('p', 'compare-summary', `With ${flag}: ${cmp.outcome}${where}${sure}.${why}`));
    }
    s.appendChild(toggle);
    return s;
  }

  /** What stops the domain from being created, first: the refuser's own words, the rule, the line. @param {any} sim */
  function refusalSection(sim) {
    const refusals = arr(sim.refusals).map(obj);
    if (sim.created !== false || !refusals.length) return null;
    const who = (/** @type {any} */ r) => str(r.headline) || `${str(r.by)} refuses this config`;
    const s = section(`Not created: ${who(refusals[0])}`, 'refusal');
    s.classList.add('refusal');
    const lead =
      'The domain is never created, so it never boots. ' + 'What follows is what the simulation predicts if it were.';
    s.appendChild(el('p', 'refusal-lead', lead));
    refusals.forEach((r, i) => {
      const item = el('div', `refusal-item${i === 0 ? ' refusal-first' : ''}`);
      const head = el('div', 'rule-head');
      if (i > 0) item.appendChild(el('strong', undefined, `Then, once that is fixed: ${who(r)}`));
      head.appendChild(el('code', 'rule-code', r.rule));
      const line = obj(obj(r.range).start).line;
      if (Number.isInteger(line)) {
        const link = el('button', 'link', `line ${line + 1}`);
        link.title = 'Show in editor';
        link.addEventListener('click', () => vscode.postMessage({ type: 'reveal', line }));
        head.appendChild(link);
      }
      item.appendChild(el('p', 'rule-message', r.message));
      const printed = arr(r.printed);
      if (printed.length) {
        item.appendChild(el('div', 'refusal-says', `${r.by === 'xl' ? 'xl' : 'libxl'} prints:`));
        item.appendChild(el('pre', 'refusal-printed', printed.map(str).join('\n')));
      }
      item.appendChild(head);
      s.appendChild(item);
    });
    return s;
  }

  const ROLE_TEXT = {
    'host-cpu': 'Host CPU',
    xen: 'Xen',
    design: 'Design',
    'guest-type': 'Guest type',
    firmware: 'Firmware',
    bootloader: 'Bootloader',
    os: 'Guest OS',
  };

  /** @param {any} sim */
  function chainSection(sim) {
    const chain = arr(sim.chain);
    const s = section('What is simulated', 'chain');
    if (!chain.length) {
      const g = obj(sim.guest);
      const facts = [
        ['Host CPU', sim.hostCpu],
        ['Guest type', g.type],
        ['Firmware', g.firmware],
        ['Bootloader', g.bootloader],
        ['Guest OS', g.os],
      ].filter(([, v]) => v);
      if (!facts.length) return null;
      for (const [k, v] of facts) chain.push({ role: k, value: v, source: '' });
    }
    const ol = el('ol', 'chain');
    for (const item of chain) {
      const it = obj(item);
      const li = el('li', 'chain-item');
      li.dataset.role = str(it.role);
      li.appendChild(el('span', 'chain-role', /** @type {any} */ (ROLE_TEXT)[it.role] || str(it.role)));
      li.appendChild(el('span', 'chain-value', it.value));
      if (it.source) li.appendChild(el('span', 'chain-source', `from ${it.source}`));
      ol.appendChild(li);
    }
    s.appendChild(ol);
    const facts = [];
    if (sim.mmioBackend) facts.push(`MMIO backend: ${sim.mmioBackend}`);
    if (typeof sim.forceX2apic === 'boolean') facts.push(`force_x2apic: ${sim.forceX2apic ? 'on' : 'off'}`);
    if (facts.length) s.appendChild(el('p', 'muted', facts.join(' · ')));
    const notes = arr(sim.notes);
    if (notes.length) {
      const ul = el('ul', 'notes');
      for (const n of notes) ul.appendChild(el('li', 'muted', n));
      s.appendChild(ul);
    }
    return s;
  }

  // ---- designs ----------------------------------------------------------------------------------

  /** The designs the host offers (server/src/protocol.ts DESIGNS), sent with each render. @param {any} msg */
  const designsOf = (msg) => arr(msg.designs).filter((d) => typeof d === 'string');

  /** The design in use, where it comes from, and the picker that shows another one. @param {any} msg */
  function designBar(msg) {
    const sim = obj(msg.simulation);
    const bar = el('div', 'design-bar');
    bar.id = 'design';
    const source = obj(arr(sim.chain).find((c) => obj(c).role === 'design')).source;
    const label = el('span', 'design-label');
    label.append('Design: ', el('strong', undefined, str(sim.design) || str(msg.defaultDesign)));
    if (source) label.append(el('span', 'muted', ` (${source})`));
    const lock = obj(sim.lock);
    if (sim.applicable !== false && sim.forceX2apic === true) {
      const said = lock.advertised ? 'lock advertised' : 'lock not advertised';
      label.append(el('span', 'badge status status-neutral', said));
    }
    bar.appendChild(label);
    const pick = /** @type {HTMLSelectElement} */ (el('select', 'design-picker'));
    pick.id = 'design-picker';
    pick.setAttribute('aria-label', 'Design to simulate');
    const configured = /** @type {HTMLOptionElement} */ (el('option', undefined, 'as configured'));
    configured.value = '';
    pick.appendChild(configured);
    const designs = designsOf(msg);
    for (const d of designs) {
      const o = /** @type {HTMLOptionElement} */ (el('option', undefined, d));
      o.value = d;
      pick.appendChild(o);
    }
    pick.value = msg.pickedDesign && designs.includes(msg.pickedDesign) ? msg.pickedDesign : '';
    pick.addEventListener('change', () => {
      ui.design = pick.value || null;
      saveState();
      pick.disabled = true;
      vscode.postMessage({ type: 'setDesign', design: ui.design });
    });
    const l = el('label', 'design-pick');
    l.append('Show design ', pick);
    bar.appendChild(l);
    return bar;
  }

  /** Every design side by side, and what differs for this guest. @param {any} sim */
  function designsSection(sim) {
    const c = obj(sim.designs);
    const runs = arr(c.runs);
    if (!runs.length) return null;
    const s = section('Designs compared', 'designs');
    if (c.flagAssumed)
      s.appendChild(el('p', 'muted', 'force_x2apic is off in this file: the designs are compared with it on.'));
    const rows = runs.map((raw) => {
      const r = obj(raw);
      const l = obj(r.lock);
      const name = el(
        'span',
        r.design === c.current ? 'design-current' : undefined,
        str(r.design) + (r.design === c.current ? ' (in use)' : ''),
      );
      name.title = str(r.summary);
      const kind = r.outcome === 'boots' ? 'ok' : r.outcome === 'hangs' || r.outcome === 'faults' ? 'bad' : 'unknown';
      const outcome = el('span', `badge status status-${kind}`, str(r.outcome));
      outcome.dataset.design = str(r.design);
      return [
        name,
        l.advertised ? 'yes' : 'no',
        str(l.archCapabilities),
        str(l.xapicDisableStatus),
        outcome,
        str(r.stage),
        str(r.confidence),
        str(r.rule || 'none'),
      ];
    });
    s.appendChild(
      table(
        'designs-table',
        ['Design', 'Lock advertised', 'RDMSR 0x10A', 'RDMSR 0xBD', 'Outcome', 'Stage', 'Confidence', 'Rule'],
        rows,
      ),
    );
    const diffs = arr(c.differences);
    if (diffs.length) {
      s.appendChild(el('h3', undefined, 'What differs for this guest'));
      const ul = el('ul', 'design-differences');
      for (const d of diffs) ul.appendChild(el('li', undefined, d));
      s.appendChild(ul);
    } else {
      s.appendChild(el('p', 'design-same', 'Nothing differs between the designs for this guest.'));
    }
    if (c.note) s.appendChild(el('p', 'muted', c.note));
    return s;
  }

  const SEVERITY_CLASS = {
    error: 'sev-error',
    warning: 'sev-warning',
    information: 'sev-info',
    info: 'sev-info',
    hint: 'sev-hint',
  };

  /** @param {any} sim */
  function rulesSection(sim) {
    const diags = arr(sim.diagnostics);
    const s = section(`Rules that fired (${diags.length})`, 'rules');
    if (!diags.length) {
      s.appendChild(el('p', 'muted', 'No rule fired for this configuration.'));
      return s;
    }
    const ul = el('ul', 'rules');
    diags.forEach((raw, i) => {
      const d = obj(raw);
      const li = el('li', `rule ${/** @type {any} */ (SEVERITY_CLASS)[d.severity] || 'sev-info'}`);
      const head = el('div', 'rule-head');
      const kind = d.severity === 'error' ? 'status-bad' : d.severity === 'warning' ? 'status-warn' : 'status-neutral';
      head.appendChild(el('span', `badge status severity ${kind}`, d.severity || 'information'));
      head.appendChild(el('code', 'rule-code', d.code));
      const line = obj(obj(d.range).start).line;
      if (Number.isInteger(line)) {
        const link = el('button', 'link', `line ${line + 1}`);
        link.title = 'Show in editor';
        link.addEventListener('click', () => vscode.postMessage({ type: 'reveal', line }));
        head.appendChild(link);
      }
      li.appendChild(head);
      li.appendChild(el('div', 'rule-message', d.message));
      const fixes = arr(d.fixes);
      if (fixes.length) {
        const bar = el('div', 'fixes');
        fixes.forEach((f, j) => {
          const btn = /** @type {HTMLButtonElement} */ (el('button', 'fix', obj(f).title || 'Apply fix'));
          btn.dataset.diagnostic = String(i);
          btn.dataset.fix = String(j);
          btn.addEventListener('click', () => {
            btn.disabled = true;
            vscode.postMessage({ type: 'applyFix', diagnostic: i, fix: j });
          });
          bar.appendChild(btn);
        });
        li.appendChild(bar);
      }
      ul.appendChild(li);
    });
    s.appendChild(ul);
    return s;
  }

  // IA32_APIC_BASE: EN (bit 11) and EXTD (bit 10) give three valid states. Moving between xAPIC and
  // x2APIC directly in the illegal directions (disabled → x2APIC, x2APIC → xAPIC) raises #GP.
  const NODES = {
    disabled: { x: 80, y: 190, label: 'Disabled', sub: 'EN=0 EXTD=0' },
    xapic: { x: 260, y: 50, label: 'xAPIC', sub: 'EN=1 EXTD=0' },
    x2apic: { x: 440, y: 190, label: 'x2APIC', sub: 'EN=1 EXTD=1' },
  };
  const EDGES = [
    { from: 'disabled', to: 'xapic', legal: true },
    { from: 'xapic', to: 'disabled', legal: true },
    { from: 'xapic', to: 'x2apic', legal: true },
    { from: 'x2apic', to: 'xapic', legal: false },
    { from: 'x2apic', to: 'disabled', legal: true },
    { from: 'disabled', to: 'x2apic', legal: false },
  ];

  /** @param {any} sim */
  function stateMachineSection(sim) {
    const transitions = arr(obj(sim.boot).transitions);
    const s = section('IA32_APIC_BASE state machine', 'state-machine');
    const w = 520;
    const h = 250;
    const root = svg('svg', { viewBox: `0 0 ${w} ${h}`, width: '100%', role: 'img', class: 'fsm' });
    root.appendChild(svg('title', {})).textContent = 'APIC mode transitions: disabled, xAPIC, x2APIC';
    const defs = svg('defs', {});
    for (const kind of ['base', 'taken', 'fault']) {
      const m = svg('marker', {
        id: `arrow-${kind}`,
        viewBox: '0 0 10 10',
        refX: 9,
        refY: 5,
        markerWidth: 7,
        markerHeight: 7,
        orient: 'auto-start-reverse',
      });
      m.appendChild(svg('path', { d: 'M0,0 L10,5 L0,10 z', class: `arrowhead arrowhead-${kind}` }));
      defs.appendChild(m);
    }
    root.appendChild(defs);

    const R = 38;
    for (const e of EDGES) {
      const a = /** @type {any} */ (NODES)[e.from];
      const b = /** @type {any} */ (NODES)[e.to];
      const attempts = transitions.filter((t) => obj(t).from === e.from && obj(t).to === e.to);
      const faulted = attempts.some((t) => obj(t).faulted === true);
      const kind = faulted ? 'fault' : attempts.length ? 'taken' : 'base';
      // Two arcs per node pair: bend each to its own side so both directions stay visible.
      const dx = b.x - a.x;
      const dy = b.y - a.y;
      const len = Math.hypot(dx, dy);
      const ux = dx / len;
      const uy = dy / len;
      const nx = -uy;
      const ny = ux;
      const bend = 28;
      const sx = a.x + ux * R + nx * 10;
      const sy = a.y + uy * R + ny * 10;
      const ex = b.x - ux * R + nx * 10;
      const ey = b.y - uy * R + ny * 10;
      const cx = (a.x + b.x) / 2 + nx * bend;
      const cy = (a.y + b.y) / 2 + ny * bend;
      const path = svg('path', {
        d: `M${sx.toFixed(1)},${sy.toFixed(1)} Q${cx.toFixed(1)},${cy.toFixed(1)} ${ex.toFixed(1)},${ey.toFixed(1)}`,
        class: `edge edge-${kind}${e.legal ? '' : ' edge-illegal'}`,
        'marker-end': `url(#arrow-${kind})`,
      });
      path.dataset.from = e.from;
      path.dataset.to = e.to;
      const tip = svg('title', {});
      tip.textContent = `${e.from} → ${e.to}${e.legal ? '' : ' (architecturally #GP)'}${attempts.length ? `: attempted ${attempts.length}×${faulted ? ', faulted' : ''}` : ''}`;
      path.appendChild(tip);
      root.appendChild(path);
      const labelParts = [];
      if (!e.legal) labelParts.push('#GP');
      if (attempts.length) {
        const vcpus = [...new Set(attempts.map((t) => obj(t).vcpu))].filter((v) => Number.isInteger(v));
        labelParts.push(vcpus.length > 3 ? `${vcpus.length} vCPUs` : vcpus.map((v) => `v${v}`).join(','));
      }
      if (labelParts.length) {
        const t = svg('text', {
          x: (cx + nx * 4).toFixed(1),
          y: (cy + ny * 4 + 4).toFixed(1),
          class: `edge-label edge-label-${kind}`,
          'text-anchor': 'middle',
        });
        t.textContent = labelParts.join(' ');
        root.appendChild(t);
      }
    }

    const modesAfter = new Set(arr(sim.vcpusAfter).map((v) => obj(v).mode));
    for (const [id, n] of Object.entries(NODES)) {
      const g = svg('g', { class: `node${modesAfter.has(id) ? ' node-final' : ''}` });
      g.dataset.state = id;
      g.appendChild(svg('circle', { cx: n.x, cy: n.y, r: R }));
      const t1 = svg('text', { x: n.x, y: n.y - 2, 'text-anchor': 'middle', class: 'node-label' });
      t1.textContent = n.label;
      const t2 = svg('text', { x: n.x, y: n.y + 14, 'text-anchor': 'middle', class: 'node-sub' });
      t2.textContent = n.sub;
      g.append(t1, t2);
      root.appendChild(g);
    }
    s.appendChild(root);

    const legend = el('p', 'legend');
    legend.append(
      el('span', 'key key-taken', 'attempted'),
      el('span', 'key key-fault', 'faulted (#GP)'),
      el('span', 'key key-base', 'not attempted'),
      el('span', 'key key-final', 'mode of some vCPU after boot'),
    );
    s.appendChild(legend);
    if (!transitions.length)
      s.appendChild(el('p', 'muted', 'The guest attempted no APIC mode change in the simulation.'));
    return s;
  }

  const RESULT_TEXT = { ok: 'ok', '#GP': '#GP', 'mmio-lost': 'MMIO write lost', read: 'read' };
  const STOP_TEXT = { hangs: 'hangs here', faults: 'faults here', unknown: 'stops here, outcome unknown' };
  /** @param {any} step */
  const failed = (step) => step.result === '#GP' || step.result === 'mmio-lost';

  /**
   * The guest's APIC operations, stage by stage. The stage where the boot stops is marked as the
   * failure (with the operation it stops at), and failing operations are never folded away.
   * @param {any} sim
   */
  function timelineSection(sim) {
    const boot = obj(sim.boot);
    const trace = arr(boot.trace);
    const s = section(`Boot timeline (${trace.length} APIC operations)`, 'timeline');
    if (!trace.length) {
      s.appendChild(el('p', 'muted', 'No APIC operation was simulated.'));
      return s;
    }
    /** @type {{ stage: string, steps: any[], first: number }[]} */
    const stages = [];
    trace.forEach((raw, i) => {
      const step = obj(raw);
      const name = str(step.stage) || '(no stage)';
      const last = stages[stages.length - 1];
      if (last && last.stage === name) last.steps.push(step);
      else stages.push({ stage: name, steps: [step], first: i });
    });
    const outcome = ['hangs', 'faults', 'unknown'].includes(boot.outcome) ? boot.outcome : undefined;
    const stopAt = outcome && Number.isInteger(boot.stoppedAt) && boot.stoppedAt < trace.length ? boot.stoppedAt : -1;
    // The stage it stops in: the one holding that operation, else the last run of the stage named.
    const holds = (/** @type {{ steps: any[], first: number }} */ st) =>
      stopAt >= st.first && stopAt < st.first + st.steps.length;
    let stopStage = stopAt >= 0 ? stages.findIndex(holds) : -1;
    if (outcome && stopStage < 0) {
      for (let i = stages.length - 1; i >= 0; i--)
        if (stages[i].stage === boot.stage) {
          stopStage = i;
          break;
        }
    }
    const ol = el('ol', 'timeline');
    stages.forEach((st, i) => {
      const li = el('li', 'stage');
      const stops = i === stopStage;
      const bad = st.steps.some(failed);
      if (bad || (stops && outcome !== 'unknown')) li.classList.add('stage-bad');
      if (stops) {
        li.classList.add('stage-stop');
        li.dataset.stop = str(outcome);
      }
      const d = el('details');
      // Open the stages that went wrong and the one it stops in, and short traces entirely.
      if (bad || stops || stages.length <= 4) d.setAttribute('open', '');
      const sum = el('summary');
      sum.append(
        el('span', 'stage-name', st.stage),
        el('span', 'muted', ` ${st.steps.length} op${st.steps.length === 1 ? '' : 's'}`),
      );
      if (stops && outcome === 'unknown') {
        sum.appendChild(el('span', 'badge status status-unknown', 'outcome unknown here'));
      } else if (stops) sum.appendChild(el('span', 'badge status status-bad', `boot ${outcome} here`));
      else if (bad) sum.appendChild(el('span', 'badge status status-bad', 'problem'));
      d.appendChild(sum);
      /** @type {Set<number>} */
      const keep = new Set();
      const rows = st.steps.map((x, j) => {
        const atStop = st.first + j === stopAt;
        if (atStop || failed(x)) keep.add(j);
        let result = /** @type {any} */ (RESULT_TEXT)[x.result] || str(x.result);
        if (x.value !== undefined && x.value !== null) result += ` ${x.value}`;
        let cls = failed(x) ? 'status-bad' : 'status-neutral';
        if (atStop) cls = outcome === 'unknown' ? 'status-unknown' : 'status-bad';
        const stopText = /** @type {any} */ (STOP_TEXT)[str(outcome)];
        // An endless wait is traced as ok (the guest did wait): the stop says what it really is.
        const text = !atStop ? result : x.result === 'ok' ? stopText : `${result}: ${stopText}`;
        const cell = el('span', `badge status result ${cls}`, text);
        cell.dataset.result = atStop ? 'stop' : str(x.result);
        return [str(x.vcpu), el('code', undefined, x.op), str(x.detail), cell];
      });
      d.appendChild(table(`trace-${i}`, ['vCPU', 'Operation', 'Detail', 'Result'], rows, { keep, wrap: [2] }));
      li.appendChild(d);
      ol.appendChild(li);
    });
    s.appendChild(ol);
    return s;
  }

  const VCPU_COLUMNS = [
    ['vcpu', 'vCPU'],
    ['online', 'Online'],
    ['mode', 'Mode'],
    ['apicBase', 'APIC_BASE'],
    ['apicId', 'APIC ID'],
    ['ldr', 'LDR'],
    ['swDisabled', 'SW disabled'],
    ['svr', 'SVR'],
    ['lvt0', 'LVT0'],
    ['lvt1', 'LVT1'],
  ];

  /** @param {unknown} v */
  function cellText(v) {
    if (typeof v === 'boolean') return v ? 'yes' : 'no';
    return str(v);
  }

  /** @param {any} sim */
  function vcpuSection(sim) {
    const before = arr(sim.vcpus);
    const after = arr(sim.vcpusAfter);
    if (!before.length && !after.length) return null;
    const s = section('Local APIC per vCPU', 'vcpus');
    const present = VCPU_COLUMNS.filter(([k]) => [...before, ...after].some((v) => obj(v)[k] !== undefined));
    const heads = present.map(([, h]) => h);
    /** @param {any[]} rows @param {any[] | undefined} base */
    const rowsOf = (rows, base) =>
      rows.map((raw) => {
        const v = obj(raw);
        const old = base ? obj(base.find((b) => obj(b).vcpu === v.vcpu)) : undefined;
        return present.map(([k]) => {
          const c = el('span', k === 'mode' ? `mode mode-${str(v[k])}` : undefined, cellText(v[k]));
          if (old && old[k] !== undefined && cellText(old[k]) !== cellText(v[k])) {
            c.classList.add('changed');
            c.title = `was ${cellText(old[k])}`;
          }
          return c;
        });
      });
    if (before.length) {
      s.appendChild(el('h3', undefined, 'Before boot'));
      s.appendChild(table('vcpus-before', heads, rowsOf(before, undefined)));
    }
    if (after.length) {
      s.appendChild(el('h3', undefined, 'After the simulated boot'));
      s.appendChild(table('vcpus-after', heads, rowsOf(after, before)));
    }
    return s;
  }

  /**
   * A table folded to its first rows with a toggle; rows in `keep` (failing operations) stay
   * visible when folded, with a line saying how many rows are folded away around them. Each cell
   * carries its column name, for the stacked layout at narrow widths (see fitTables).
   * @param {string} id @param {string[]} heads @param {(string | Node)[][]} rows
   * @param {{ keep?: Set<number>, wrap?: number[] }} [opts]
   */
  function table(id, heads, rows, opts = {}) {
    const keep = opts.keep ?? new Set();
    const wrap = el('div', 'table-wrap');
    const t = el('table');
    t.id = id;
    const thead = el('thead');
    const hr = el('tr');
    for (const h of heads) hr.appendChild(el('th', undefined, h));
    thead.appendChild(hr);
    t.appendChild(thead);
    const tbody = el('tbody');
    const folded = (/** @type {number} */ i) => i >= FOLD_ROWS && !keep.has(i);
    /** @type {HTMLElement[]} */
    const gaps = [];
    let gapRows = 0;
    const flushGap = () => {
      if (!gapRows) return;
      const tr = el('tr', 'fold-gap');
      const td = el('td', undefined, `… ${gapRows} more operation${gapRows === 1 ? '' : 's'} folded`);
      td.setAttribute('colspan', String(heads.length));
      tr.appendChild(td);
      tbody.appendChild(tr);
      gaps.push(tr);
      gapRows = 0;
    };
    rows.forEach((cells, i) => {
      const tr = el('tr');
      if (folded(i)) {
        tr.classList.add('foldable');
        gapRows++;
      } else flushGap();
      if (keep.has(i)) tr.classList.add('kept');
      cells.forEach((c, k) => {
        const td = el('td', opts.wrap?.includes(k) ? 'wrap' : undefined);
        td.dataset.label = heads[k];
        if (c instanceof Node) td.appendChild(c);
        else td.textContent = c;
        tr.appendChild(td);
      });
      tbody.appendChild(tr);
    });
    flushGap();
    t.appendChild(tbody);
    wrap.appendChild(t);
    const hidden = rows.filter((_, i) => folded(i)).length;
    if (hidden) {
      const show = (/** @type {boolean} */ open) => {
        tbody.querySelectorAll('tr.foldable').forEach((tr) => {
          /** @type {HTMLElement} */ (tr).hidden = !open;
        });
        for (const g of gaps) g.hidden = open;
        btn.textContent = open ? 'Fold the rows that went well' : `Show all ${rows.length} (${hidden} folded)`;
        btn.setAttribute('aria-expanded', String(open));
      };
      const btn = el('button', 'link show-all');
      btn.addEventListener('click', () => {
        ui.expanded[id] = !ui.expanded[id];
        show(ui.expanded[id] === true);
        fitTables();
      });
      show(ui.expanded[id] === true);
      wrap.appendChild(btn);
    }
    return wrap;
  }

  /** Tables wider than the page (a narrow preview beside the editor) switch to one block per row. */
  function fitTables() {
    for (const wrap of app.querySelectorAll('.table-wrap')) {
      const t = wrap.querySelector('table');
      if (!t) continue;
      wrap.classList.remove('stacked');
      if (t.scrollWidth > wrap.clientWidth + 1) wrap.classList.add('stacked');
    }
  }
  window.addEventListener('resize', fitTables);

  // ---- rendering ------------------------------------------------------------------------------

  /** @param {any} msg */
  function render(msg) {
    const sim = msg.simulation ? obj(msg.simulation) : null;
    const frag = document.createDocumentFragment();
    const header = el('header');
    header.appendChild(el('h1', undefined, `Simulated boot: ${str(msg.fileName)}`));
    frag.appendChild(header);
    if (!sim) {
      frag.appendChild(el('p', 'placeholder', 'No simulation for this document (the language server returned none).'));
    } else {
      // A config xl or libxl refuses is never created: that comes before any outcome.
      const refusal = refusalSection(sim);
      if (refusal) {
        frag.appendChild(refusal);
        frag.appendChild(el('h2', 'if-created', 'If it were created'));
      }
      if (sim.assumesPatchedXen === true) {
        frag.appendChild(
          el(
            'p',
            'notice',
            'force_x2apic is a proposed option, not in any released Xen: this simulation assumes a Xen with that patch applied.',
          ),
        );
      }
      if (sim.applicable === false) {
        frag.appendChild(
          el(
            'p',
            'notice',
            'The local APIC simulation does not apply to this guest; only what the configuration says is shown.',
          ),
        );
      }
      for (const part of [
        designBar(msg),
        outcomeSection(msg),
        designsSection(sim),
        chainSection(sim),
        rulesSection(sim),
        stateMachineSection(sim),
        timelineSection(sim),
        vcpuSection(sim),
      ]) {
        if (part) frag.appendChild(part);
      }
    }
    app.replaceChildren(frag);
    fitTables();
    document.body.dataset.outcome = sim ? str(obj(sim.boot).outcome) || 'unknown' : 'none';
    document.body.dataset.created = sim ? String(sim.created !== false) : 'none';
  }

  /** @param {any} msg */
  function renderStatus(msg) {
    // Keep the last drawing while re-simulating the same document; only say "loading" when empty.
    if (msg.state === 'loading' && lastRender && lastRender.uri === msg.uri) return;
    const p = el('p', `placeholder status-${str(msg.state)}`, msg.text);
    if (msg.state === 'error' && lastRender && lastRender.uri === msg.uri) {
      app.querySelector('.status-error')?.remove();
      app.prepend(p);
      return;
    }
    app.replaceChildren(el('header'), p);
    /** @type {HTMLElement} */ (app.firstChild).appendChild(
      el('h1', undefined, `Simulated boot: ${str(msg.fileName)}`),
    );
  }

  window.addEventListener('message', (event) => {
    const msg = obj(event.data);
    if (msg.type === 'render') {
      if (ui.uri !== msg.uri) ui.expanded = {};
      ui.uri = str(msg.uri);
      ui.compare = msg.compare === true;
      ui.design = designsOf(msg).includes(msg.pickedDesign) ? msg.pickedDesign : null;
      lastRender = msg;
      saveState();
      render(msg);
    } else if (msg.type === 'status') {
      ui.uri = str(msg.uri);
      saveState();
      renderStatus(msg);
    }
  });

  vscode.postMessage({ type: 'ready' });
})();
