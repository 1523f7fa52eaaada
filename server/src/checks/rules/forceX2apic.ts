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

const SIM = 'Reported from the boot simulation (`xlcfg simulate`, the boot preview), which shows the mechanism and the sources.';

export const forceX2apicRules: RuleModule = {
  name: 'force_x2apic',
  needsCompleteFile: true,
  rules: [
    {
      id: 'force-x2apic/value',
      severity: 'warning',
      summary: 'force_x2apic is not a plain integer (or uses `+=`): xl ignores it and the flag stays off.',
      doc: 'xl would read the proposed key like `msr_relaxed`, with `xlu_cfg_get_defbool`: an integer, not a word, not a list, and never `+=` ("can\'t use += with numbers"). A value it cannot read makes xl warn and leave the flag off, so every vCPU starts in xAPIC mode as usual.',
    },
    {
      id: 'force-x2apic/pv',
      severity: 'warning',
      summary: 'force_x2apic on a PV guest: there is no emulated local APIC, the flag does nothing.',
      doc: 'PV guests get no emulation flags (`tools/libs/light/libxl_x86.c: libxl__arch_domain_prepare_config`; `xen/arch/x86/domain.c: emulation_flags_ok`) and x2APIC is hidden from PV CPUID, so there is no local APIC for the flag to act on; interrupts arrive as event channels. Use it with `type = "pvh"` or `"hvm"`, or remove it.',
    },
    {
      id: 'force-x2apic/seabios',
      severity: 'warning',
      summary: 'force_x2apic with SeaBIOS (the HVM default): the simulated boot hangs in SeaBIOS.',
      doc: 'hvmloader programs the BSP local APIC (SVR, LVT0, LVT1) through the xAPIC MMIO page (`tools/firmware/hvmloader/hvmloader.c: apic_setup`); in x2APIC mode the vLAPIC does not claim that page (`xen/arch/x86/hvm/vlapic.c: vlapic_range`), so the APIC stays software-disabled with LINT0 masked. Xen then passes no 8259 interrupt to vCPU 0 (`vlapic_accept_pic_intr`, `__vlapic_accept_pic_intr`): the PIT tick and the keyboard never arrive, and SeaBIOS halts at "Press ESC for boot menu." (`src/boot.c: interactive_bootmenu`, `src/stacks.c: wait_irq`). No #GP is involved. The RFC author reports the hang. ' + SIM,
    },
    {
      id: 'force-x2apic/rombios',
      severity: 'warning',
      summary: 'force_x2apic with ROMBIOS: no 8259 tick arrives; where the boot stops is not established.',
      doc: 'As with SeaBIOS, hvmloader\'s LAPIC set-up is lost in x2APIC mode, so no 8259 interrupt can reach vCPU 0. ROMBIOS, unlike SeaBIOS, does not wait for the tick at its prompt: `interactive_bootkey` checks the keyboard once (`check_for_keystroke`) and boots, and `delay_ticks_and_check_for_keystroke` is never called (`tools/firmware/rombios/rombios.c`). Which later code first waits for a tick that never comes was not traced, so the outcome is reported as unknown. ROMBIOS also needs qemu-xen-traditional, which current xl refuses. ' + SIM,
    },
    {
      id: 'force-x2apic/ovmf',
      severity: 'warning',
      summary: 'force_x2apic with OVMF: reported to freeze; cause not established.',
      doc: 'The RFC author reports that OVMF freezes with force_x2apic. Reading OvmfXen, every APIC access goes through the x2APIC-aware `BaseXApicX2ApicLib` (mode taken from IA32_APIC_BASE.EXTD), nothing writes EXTD clear, and `MpInitLib` repairs the LAPIC state hvmloader could not set; the cause of the freeze is not established, and xlcfg does not say where it stops. A debug OvmfXen log would settle it. ' + SIM,
    },
    {
      id: 'force-x2apic/netbsd',
      severity: 'warning',
      summary: 'force_x2apic with a NetBSD guest: reported not to work; cause not established.',
      doc: 'The RFC author reports that NetBSD does not work as a Xen guest with the flag. Its generic LAPIC code keeps an x2APIC that firmware already enabled, even under Xen (`sys/arch/x86/x86/lapic.c: lapic_setup_bsp` clears its "running under XEN" reason when `lapic_is_x2apic()` holds, then uses MSRs only), and never writes EXTD clear; every access the simulation makes succeeds. NetBSD\'s Xen-specific code (the event-channel upcall path, `sys/arch/xen/xen/hypervisor.c`) was not read, so what fails is not established and the outcome is reported as unknown. ' + SIM,
    },
    {
      id: 'force-x2apic/nox2apic',
      severity: 'warning',
      summary: 'Linux `nox2apic` (or `nopv` on HVM) makes Linux try to leave x2APIC; under force_x2apic that write faults.',
      doc: '`nox2apic` (`arch/x86/kernel/apic/apic.c: setup_nox2apic`) and, on HVM, `nopv` (the Xen `x2apic_available` hook becomes false, so without interrupt remapping `try_to_enable_x2apic` calls `x2apic_disable`) both run `__x2apic_disable`: two IA32_APIC_BASE writes with EXTD clear, which force_x2apic turns into #GP. Linux skips them with an "unchecked MSR access error" warning and then drives an xAPIC MMIO page nobody serves. Under the `xapic-disable-status` design on an Intel host, Linux 6.1+ reads the lock (`x2apic_hw_locked`, commit b8d1d163604b, merged for 6.1) and ignores `nox2apic`; the `nopv` path honours it from 6.11 (commit 0ecc5be200c8), and in 6.1-6.10 its outcome is not established. Older kernels fault under either design. ' + SIM,
    },
    {
      id: 'force-x2apic/cpuid-x2apic-hidden',
      severity: 'warning',
      summary: 'x2APIC hidden by the cpuid policy while force_x2apic starts every vCPU in x2APIC mode.',
      doc: 'With `x2apic=0` CPUID.1:ECX[21] is clear, so EXTD is a reserved bit of IA32_APIC_BASE and every write to it faults, even rewriting the current value (`xen/arch/x86/hvm/vlapic.c: guest_wrmsr_apic_base`); a guest that trusts CPUID treats the APIC as xAPIC and drives an MMIO page the vLAPIC does not serve. xl accepts the combination, so this is a warning; it fires when hiding x2APIC changes the simulated boot. ' + SIM,
    },
    {
      id: 'force-x2apic/boot',
      severity: 'warning',
      summary: 'force_x2apic changes the simulated boot of this guest (a stage without a rule of its own, or an OS with no profile).',
      doc: 'The boot simulation predicts a different outcome with the flag than without it, at a stage no other rule covers: for example hvmloader of Xen 4.18 and older, which starts APs through the xAPIC ICR and waits for them without a bound, or an OS xlcfg has no profile for (information: the outcome is unknown; name the OS with `# xlcfg: guest-os=`). ' + SIM,
    },
    {
      id: 'force-x2apic/amd',
      severity: 'warning',
      summary: 'force_x2apic on an AMD host: no architectural way to advertise the locked mode.',
      doc: 'AMD has no IA32_ARCH_CAPABILITIES and no IA32_XAPIC_DISABLE_STATUS equivalent, as the AMD reviewer of the RFC noted, so under either design a guest learns of the lock only by faulting; the `xapic-disable-status` design behaves as `rfc` there. The simulation reads RDMSR 0x10A and 0xBD back as the guest would (both #GP).',
    },
    {
      id: 'force-x2apic/intel-advertise',
      severity: 'information',
      summary: 'force_x2apic on an Intel (or unknown) host under design rfc: the guest cannot discover the lock.',
      doc: 'The spec-compliant way to tell a guest its APIC is locked is IA32_ARCH_CAPABILITIES.XAPIC_DISABLE_STATUS (bit 21, with CPUID.7:EDX[29]) plus MSR 0xBD (IA32_XAPIC_DISABLE_STATUS, LEGACY_XAPIC_DISABLED). The RFC exposes neither: Xen\'s XAPIC_STATUS feature has no guest visibility in `cpufeatureset.h` and MSR 0xBD is not emulated. Choose the `xapic-disable-status` design (`--design`, `# xlcfg: design=`, `xlcfg.forceX2apic.design`) to see what advertising it would change. With the host vendor unknown, the lock is not advertised because it can only be on Intel.',
    },
  ],
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

const OUTCOME: Record<string, string> = { hangs: 'hangs', faults: 'faults (#GP)', unknown: 'outcome is not established' };

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
    ctx.report({ id: 'force-x2apic/pv', ...at, message: 'force_x2apic does nothing on a PV guest: PV has no emulated local APIC', fixes: [off.remove, off.zero], unnecessary: true });
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

function verdictReport(ctx: RuleContext, v: Verdict, at: { start: number; end: number }, off: { remove: OffsetFix; zero: OffsetFix }): void {
  const { domain, file } = ctx;
  const pvhFix = pvhSwitch(file, domain);
  switch (v.kind) {
    case 'seabios':
      ctx.report({ id: 'force-x2apic/seabios', ...at, message: 'With force_x2apic this guest hangs in SeaBIOS: no 8259 timer tick can arrive', fixes: [off.zero, off.remove, ...pvhFix] });
      return;
    case 'rombios':
      ctx.report({ id: 'force-x2apic/rombios', ...at, message: 'With force_x2apic ROMBIOS gets no 8259 tick; where the boot stops is not established', fixes: [off.zero, off.remove, ...pvhFix] });
      return;
    case 'ovmf':
      ctx.report({ id: 'force-x2apic/ovmf', ...at, message: 'OVMF is reported to freeze with force_x2apic; the cause is not established', fixes: [off.zero, off.remove, ...pvhFix] });
      return;
    case 'netbsd':
      ctx.report({ id: 'force-x2apic/netbsd', ...at, message: 'NetBSD is reported not to work with force_x2apic; the cause is not established', fixes: [off.zero, off.remove] });
      return;
    case 'nox2apic': {
      const nox = domain.linux.nox2apic;
      const span = (nox ?? domain.linux.nopv)!;
      const word = nox ? 'nox2apic' : file.text.slice(span.start, span.end);
      const message =
        v.outcome === 'faults'
          ? `\`${word}\` makes Linux leave x2APIC; force_x2apic makes that write fault (#GP)`
          : `\`${word}\` under force_x2apic: the boot ${OUTCOME[v.outcome] ?? v.outcome}`;
      ctx.report({ id: 'force-x2apic/nox2apic', start: span.start, end: span.end, message, fixes: span.inKey ? [off.zero, off.remove] : [removeWordFix(file, span, word), off.zero] });
      return;
    }
    case 'cpuid-x2apic-hidden': {
      const span = domain.cpuidX2apic.span;
      const cpuidSetting = file.settings.get('cpuid');
      const fixes: OffsetFix[] = [];
      if (span && cpuidSetting && typeof cpuidSetting.value === 'string') fixes.push(removeCpuidWord(file, span));
      fixes.push(off.zero, off.remove);
      ctx.report({ id: 'force-x2apic/cpuid-x2apic-hidden', ...(span ?? at), message: 'x2APIC is hidden in CPUID, yet force_x2apic starts every vCPU in x2APIC mode', fixes });
      return;
    }
    case 'boot': {
      const message =
        v.stage === 'unknown'
          ? 'No profile for this guest OS: its boot under force_x2apic is unknown'
          : `With force_x2apic the boot ${OUTCOME[v.outcome] ?? v.outcome} in ${stageName(v.stage)}`;
      ctx.report({ id: 'force-x2apic/boot', ...at, message, severity: v.outcome === 'unknown' ? 'information' : 'warning', fixes: [off.zero, off.remove] });
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
      fixes.push({ title: 'Use `=` instead of `+=`', edits: setting.sources.filter((s) => s.op === '+=').map((s) => ({ start: s.opStart, end: s.opStart + 2, newText: '=' })), preferred: setting.sources.length === 1 });
    }
  } else if (Array.isArray(value)) {
    why = 'a list is not one integer';
  } else {
    const shown = value.length > 24 ? `${value.slice(0, 23)}…` : value;
    why = `\`${shown}\` is not an integer (0 or 1)`;
  }
  if (!setting.appended && last.value && (Array.isArray(value) || TRUTHY_WORD.test(value))) {
    fixes.push({ title: 'Write 1', edits: [{ start: last.value.start, end: last.value.end, newText: '1' }], preferred: typeof value === 'string' });
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
    edits: last.value && setting.sources.length === 1 && last.op === '=' ? [{ start: last.value.start, end: last.value.end, newText: '0' }] : [{ start: last.start, end: last.end, newText: 'force_x2apic = 0' }],
  };
  const remove: OffsetFix = { title: 'Remove force_x2apic', edits: setting.all.map((s) => statementDeletion(file, s.start, s.end)) };
  return { remove, zero };
}

/** Delete a statement: its whole line when it stands alone there, else just its text. */
export function statementDeletion(file: ConfigFile, start: number, end: number): { start: number; end: number; newText: string } {
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
  return { title: `Remove \`${word}\` from the kernel command line`, edits: [{ start, end, newText: '' }], preferred: true };
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
  const pvh = simulate({ ...guestSetup(domain), type: 'pvh', firmware: 'none', bootloader: 'none', pvshim: domain.os.value === 'xen' });
  if (pvh.boot.outcome !== 'boots') return [];
  return [{ title: `Boot as PVH (type = "pvh"): ${domain.os.value} runs with force_x2apic there`, edits: [{ start: t.value.start, end: t.value.end, newText: '"pvh"' }] }];
}
