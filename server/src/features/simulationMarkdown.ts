// The simulated boot as markdown: one row per vCPU's local APIC at power-on, the predicted
// outcome and the guest facts it rests on. Shown at the end of hovers; the preview draws the same
// SimulationView itself.
import type { SimulationView } from './simulation';
import { cell, code, escape, prose } from './markdown';

const MODE: Record<string, string> = { x2apic: 'x2APIC', xapic: 'xAPIC', disabled: 'disabled' };

const OUTCOME: Record<string, string> = { boots: 'boots', hangs: 'hangs', faults: 'faults (#GP)', unknown: 'unknown' };

const ROLE: Record<string, string> = {
  'host-cpu': 'host CPU',
  xen: 'Xen',
  design: 'design',
  'guest-type': 'guest type',
  firmware: 'firmware',
  bootloader: 'bootloader',
  os: 'guest OS',
};

export function simulationMarkdown(view: SimulationView, opts: { maxRows?: number } = {}): string {
  const out: string[] = [];
  // A config xl or libxl refuses never boots: say so before any simulated outcome.
  const refused = view.created === false && view.refusals.length > 0;
  if (refused) out.push(refusalMarkdown(view));
  if (!view.applicable) {
    out.push(
      '**Simulated local APIC:** not applicable. A PV guest has no emulated local APIC, so there is no IA32_APIC_BASE state to show and `force_x2apic` has nothing to act on.',
    );
    if (view.boot?.explanation) out.push(prose(view.boot.explanation));
    out.push(chainMarkdown(view));
    return out.join('\n\n');
  }

  const force = view.forceX2apic ? 'on' : 'off';
  const what = refused ? '**If it were created, the local APIC at power-on**' : '**Simulated local APIC at power-on**';
  let heading = `${what} (force_x2apic ${force}, design ${code(view.design)}, ${escape(view.hostCpu)} host)`;
  if (view.assumesPatchedXen) heading += ' — assumes a Xen with the force_x2apic RFC patches applied';
  out.push(heading);
  if (view.forceX2apic) out.push(lockMarkdown(view));
  out.push(vcpuTable(view, opts.maxRows ?? 8));
  out.push(bootMarkdown(view, refused));
  out.push(chainMarkdown(view));
  if (view.notes?.length) out.push(view.notes.map((n) => `- ${prose(n)}`).join('\n'));
  return out.join('\n\n');
}

function vcpuTable(view: SimulationView, maxRows: number): string {
  const rows = ['| vCPU | IA32_APIC_BASE | mode | APIC ID | LDR |', '|---:|---|---|---:|---|'];
  const row = (v: SimulationView['vcpus'][number]) => {
    const mode = (MODE[v.mode] ?? escape(v.mode)) + (v.vcpu === 0 ? ' (BSP)' : '') + (v.online ? '' : ', offline');
    return `| ${v.vcpu} | ${cell(code(v.apicBase))} | ${mode} | ${v.apicId} | ${cell(code(v.ldr))} |`;
  };
  const all = view.vcpus;
  const limit = Math.max(1, maxRows);
  if (all.length <= limit + 1) {
    for (const v of all) rows.push(row(v));
  } else {
    for (const v of all.slice(0, limit)) rows.push(row(v));
    const hidden = all.length - limit - 1;
    rows.push(`| … | ${hidden} more vCPUs | | | |`);
    rows.push(row(all[all.length - 1]));
  }
  return rows.join('\n');
}

/** The refusal that stops creation, in the refuser's words, then how many follow once it is fixed. */
function refusalMarkdown(view: SimulationView): string {
  const [first, ...rest] = view.refusals;
  const who = first.headline;
  const words = first.printed.length ? first.printed.map((p) => code(p)).join(' ') : prose(first.message);
  const lines = [`**Not created: ${who}**, so nothing boots.`];
  lines.push(`${words} (line ${first.range.start.line + 1}, ${code(first.rule)})`);
  const more = `${rest.length} more refusal${rest.length === 1 ? '' : 's'}`;
  if (rest.length) lines.push(`Once that is fixed, ${more} follow (see the problems).`);
  return lines.join('\n\n');
}

function bootMarkdown(view: SimulationView, refused = false): string {
  const b = view.boot;
  const lines: string[] = [];
  let head = `**Predicted boot${refused ? ' if it were created' : ''}:** ${OUTCOME[b.outcome] ?? escape(b.outcome)}`;
  if (b.outcome !== 'boots' && b.stage) head += ` in ${code(b.stage)}`;
  head += ` (confidence: ${escape(b.confidence)})`;
  if (b.waitingFor) head += `, waiting for ${prose(b.waitingFor)}`;
  lines.push(head);
  if (b.explanation) lines.push(prose(b.explanation));
  const p = b.firstProblem;
  if (p) {
    lines.push(
      `**First operation that goes wrong:** stage ${code(p.stage)}, vCPU ${p.vcpu}, ${code(p.op)}: ${code(p.detail)} → ${code(p.result)}`,
    );
  }
  if (view.compare) {
    const c = view.compare;
    lines.push(
      `With force_x2apic ${c.forceX2apic ? 'on' : 'off'}: ${OUTCOME[c.outcome] ?? escape(c.outcome)} (confidence: ${escape(c.confidence)}).`,
    );
  }
  return lines.join('\n\n');
}

function chainMarkdown(view: SimulationView): string {
  if (!view.chain?.length) return '';
  const items = view.chain.map((c) => `- ${ROLE[c.role] ?? escape(c.role)}: ${escape(c.value)} (${prose(c.source)})`);
  return '**Where the guest facts came from:**\n' + items.join('\n');
}

function lockMarkdown(view: SimulationView): string {
  const l = view.lock;
  const said = l.advertised ? 'advertised to the guest' : 'not advertised to the guest';
  return `**Design ${code(view.design)}:** the lock is ${said} (RDMSR 0x10A → ${code(l.archCapabilities)}, RDMSR 0xBD → ${code(l.xapicDisableStatus)}).`;
}
