// force_x2apic (proposed: RFC "x86/hvm: Introduce force_x2apic flag", xen-devel, Oct 2025; a
// reviewer suggested the name x2apic_only) validated against the guest it is set on. The verdicts
// are not decided here: every rule but force-x2apic/value reports what the boot simulation of this
// document found (boot/verdict.ts: the outcome and its cause; the lock the guest can read back),
// so the rules, the hover and the preview cannot disagree. This module only places each finding
// in the text and offers fixes. None of these rules fires when the flag is absent, 0, or
// unreadable (then xl leaves it off; only force-x2apic/value says so).
import { guestSetup, simulateDomain } from '../../boot/fromDomain';
import { simulate, type Simulation, type Verdict } from '../../boot/simulate';
import { ALL_PROFILES } from '../../boot/profiles/index';
import type { Domain } from '../../domain/domain';
import { readLong } from '../../schema/getters';
import type { ConfigFile, Setting } from '../../syntax/tree';
import type { OffsetFix, RuleContext, RuleModule } from '../rule';

const TRUTHY_WORD = /^\s*(true|yes|on|enable|enabled|y)\s*$/i;

export const forceX2apicRules: RuleModule = {
  name: 'force_x2apic',
  needsCompleteFile: true,
  check(ctx) {
    const { domain } = ctx;
    const fx = domain.forceX2apic;
    if (!fx.present || !fx.setting) return;
    // An x86-only option: on Arm key/not-for-arch already says xl never reads it.
    if (domain.arch.value === 'arm') return;
    const setting = fx.setting;
    if (!fx.readable) {
      valueRule(ctx, setting);
      return;
    }
    if (!fx.enabled) return;
    const sim = simulateDomain(domain);
    report(ctx, sim, setting);
  },
};

const OUTCOME: Record<string, string> = {
  hangs: 'hangs',
  faults: 'faults (#GP)',
  unknown: 'outcome is not established',
};

function stageName(id: string): string {
  return ALL_PROFILES.find((p) => p.id === id)?.name ?? id;
}

/** The findings of one simulation, placed in the text. */
function report(ctx: RuleContext, sim: Simulation, setting: Setting): void {
  const { file } = ctx;
  const last = setting.sources[setting.sources.length - 1];
  const at = { start: last.keyStart, end: last.keyEnd };
  const off = offFixes(file, setting);
  const v = sim.verdict;
  if (v?.kind === 'pv') {
    ctx.report({
      id: 'force-x2apic/pv',
      ...at,
      message: 'force_x2apic does nothing on a PV guest: PV has no emulated local APIC',
      fixes: [off.remove, off.zero],
      unnecessary: true,
    });
    return;
  }
  if (v) verdictReport(ctx, v, at, off);
  if (!sim.lock.advertised) {
    if (sim.hostCpu === 'amd') {
      const message =
        sim.design === 'rfc'
          ? 'AMD host: the guest cannot learn that its APIC is locked in x2APIC mode'
          : `AMD host: no IA32_ARCH_CAPABILITIES to advertise the lock in; ${sim.design} acts as rfc`;
      ctx.report({ id: 'force-x2apic/amd', ...at, message, fixes: [off.zero, off.remove] });
    } else {
      const message =
        sim.hostCpu === 'unknown' && sim.design !== 'rfc'
          ? 'Host CPU unknown: the lock is advertised on Intel hosts only, so it is not here'
          : `Nothing tells the guest its APIC is locked in x2APIC mode (design ${sim.design})`;
      ctx.report({ id: 'force-x2apic/intel-advertise', ...at, message });
    }
  }
}

function verdictReport(
  ctx: RuleContext,
  v: Verdict,
  at: { start: number; end: number },
  off: { remove: OffsetFix; zero: OffsetFix },
): void {
  const { domain, file } = ctx;
  const pvhFix = pvhSwitch(file, domain);
  switch (v.kind) {
    case 'seabios':
      ctx.report({
        id: 'force-x2apic/seabios',
        ...at,
        message: 'With force_x2apic this guest hangs in SeaBIOS: no 8259 timer tick can arrive',
        fixes: [off.zero, off.remove, ...pvhFix],
      });
      return;
    case 'rombios':
      ctx.report({
        id: 'force-x2apic/rombios',
        ...at,
        message: 'With force_x2apic ROMBIOS gets no 8259 tick; where the boot stops is not established',
        fixes: [off.zero, off.remove, ...pvhFix],
      });
      return;
    case 'ovmf':
      ctx.report({
        id: 'force-x2apic/ovmf',
        ...at,
        message: 'OVMF is reported to freeze with force_x2apic; the cause is not established',
        fixes: [off.zero, off.remove, ...pvhFix],
      });
      return;
    case 'netbsd':
      ctx.report({
        id: 'force-x2apic/netbsd',
        ...at,
        message: 'NetBSD is reported not to work with force_x2apic; the cause is not established',
        fixes: [off.zero, off.remove],
      });
      return;
    case 'nox2apic': {
      const nox = domain.linux.nox2apic;
      const span = (nox ?? domain.linux.nopv)!;
      const word = nox ? 'nox2apic' : file.text.slice(span.start, span.end);
      const message =
        v.outcome === 'faults'
          ? `\`${word}\` makes Linux leave x2APIC; force_x2apic makes that write fault (#GP)`
          : `\`${word}\` under force_x2apic: the boot ${OUTCOME[v.outcome] ?? v.outcome}`;
      ctx.report({
        id: 'force-x2apic/nox2apic',
        start: span.start,
        end: span.end,
        message,
        fixes: span.inKey ? [off.zero, off.remove] : [removeWordFix(file, span, word), off.zero],
      });
      return;
    }
    case 'cpuid-x2apic-hidden': {
      const span = domain.cpuidX2apic.span;
      const cpuidSetting = file.settings.get('cpuid');
      const fixes: OffsetFix[] = [];
      if (span && cpuidSetting && typeof cpuidSetting.value === 'string') fixes.push(removeCpuidWord(file, span));
      fixes.push(off.zero, off.remove);
      ctx.report({
        id: 'force-x2apic/cpuid-x2apic-hidden',
        ...(span ?? at),
        message: 'x2APIC is hidden in CPUID, yet force_x2apic starts every vCPU in x2APIC mode',
        fixes,
      });
      return;
    }
    case 'boot': {
      const message =
        v.stage === 'unknown'
          ? 'No profile for this guest OS: its boot under force_x2apic is unknown'
          : `With force_x2apic the boot ${OUTCOME[v.outcome] ?? v.outcome} in ${stageName(v.stage)}`;
      ctx.report({
        id: 'force-x2apic/boot',
        ...at,
        message,
        severity: v.outcome === 'unknown' ? 'information' : 'warning',
        fixes: [off.zero, off.remove],
      });
      return;
    }
  }
}

function valueRule(ctx: RuleContext, setting: Setting): void {
  const last = setting.sources[setting.sources.length - 1];
  const value = setting.value;
  const fixes: OffsetFix[] = [];
  let why: string;
  if (setting.appended) {
    why = '`+=` cannot add to a number';
    // Only when `=` alone makes it readable: with `+= "X"` the flag would stay ignored, just for another reason.
    const own = last.value && last.value.kind !== 'list' ? last.value.value : undefined;
    if (own !== undefined && readLong(own, false).ok) {
      fixes.push({
        title: 'Use `=` instead of `+=`',
        edits: setting.sources
          .filter((s) => s.op === '+=')
          .map((s) => ({ start: s.opStart, end: s.opStart + 2, newText: '=' })),
        preferred: setting.sources.length === 1,
      });
    }
  } else if (Array.isArray(value)) {
    why = 'a list is not one integer';
  } else {
    const shown = value.length > 24 ? `${value.slice(0, 23)}…` : value;
    why = `\`${shown}\` is not an integer (0 or 1)`;
  }
  if (!setting.appended && last.value && (Array.isArray(value) || TRUTHY_WORD.test(value))) {
    fixes.push({
      title: 'Write 1',
      edits: [{ start: last.value.start, end: last.value.end, newText: '1' }],
      preferred: typeof value === 'string',
    });
  }
  ctx.report({
    id: 'force-x2apic/value',
    start: last.value?.start ?? last.keyStart,
    end: last.value?.end ?? last.keyEnd,
    message: `xl ignores this force_x2apic (${why}); the flag stays off`,
    fixes,
  });
}

/** Remove every force_x2apic statement, or set the last to 0. */
function offFixes(file: ConfigFile, setting: Setting): { remove: OffsetFix; zero: OffsetFix } {
  const last = setting.sources[setting.sources.length - 1];
  const zero: OffsetFix = {
    title: 'Set force_x2apic = 0',
    edits:
      last.value && setting.sources.length === 1 && last.op === '='
        ? [{ start: last.value.start, end: last.value.end, newText: '0' }]
        : [{ start: last.start, end: last.end, newText: 'force_x2apic = 0' }],
  };
  const remove: OffsetFix = {
    title: 'Remove force_x2apic',
    edits: setting.all.map((s) => statementDeletion(file, s.start, s.end)),
  };
  return { remove, zero };
}

/** Delete a statement: its whole line when it stands alone there, else just its text. */
export function statementDeletion(
  file: ConfigFile,
  start: number,
  end: number,
): { start: number; end: number; newText: string } {
  const line = file.lines.positionAt(start).line;
  const ls = file.lines.lineStarts[line];
  const le = file.lines.lineEnd(line);
  const before = file.text.slice(ls, start);
  const after = file.text.slice(end, le).replace(/^\s*;?\s*(#.*)?$/, '');
  if (/^\s*$/.test(before) && after === '') return { start: ls, end: Math.min(le + 1, file.text.length), newText: '' };
  return { start, end, newText: '' };
}

function removeWordFix(file: ConfigFile, span: { start: number; end: number }, word: string): OffsetFix {
  let { start, end } = span;
  if (file.text[end] === ' ') end++;
  else if (file.text[start - 1] === ' ') start--;
  return {
    title: `Remove \`${word}\` from the kernel command line`,
    edits: [{ start, end, newText: '' }],
    preferred: true,
  };
}

function removeCpuidWord(file: ConfigFile, span: { start: number; end: number }): OffsetFix {
  let { start, end } = span;
  if (file.text[start - 1] === ',') start--;
  else if (file.text[end] === ',') end++;
  return { title: 'Remove `x2apic=0` from the cpuid policy', edits: [{ start, end, newText: '' }], preferred: true };
}

/** Switching to PVH avoids hvmloader and the BIOS entirely, for OSes known to boot that way. */
function pvhSwitch(file: ConfigFile, domain: Domain): OffsetFix[] {
  if (!['linux', 'freebsd', 'xen'].includes(domain.os.value) || !file.settings.has('kernel')) return [];
  const typeS = file.settings.get('type');
  const t = typeS?.sources[typeS.sources.length - 1];
  if (!t?.value || typeS!.sources.length !== 1) return [];
  // Offered only when the simulation says the same guest boots as PVH (direct kernel boot).
  const pvh = simulate({
    ...guestSetup(domain),
    type: 'pvh',
    firmware: 'none',
    bootloader: 'none',
    pvshim: domain.os.value === 'xen',
  });
  if (pvh.boot.outcome !== 'boots') return [];
  return [
    {
      title: `Boot as PVH (type = "pvh"): ${domain.os.value} runs with force_x2apic there`,
      edits: [{ start: t.value.start, end: t.value.end, newText: '"pvh"' }],
    },
  ];
}
