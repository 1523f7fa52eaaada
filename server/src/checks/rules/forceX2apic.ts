// force_x2apic (proposed: RFC "x86/hvm: Introduce force_x2apic flag", xen-devel, Oct 2025; a
// reviewer suggested the name x2apic_only) validated against the guest it is set on. Every vCPU's
// local APIC starts in x2APIC mode and a write clearing IA32_APIC_BASE.EXTD gets #GP
// (xen/arch/x86/hvm/vlapic.c: vlapic_reset, guest_wrmsr_apic_base, as patched).
// None of these rules fires when the flag is absent, 0, or unreadable (then xl leaves it off;
// only force-x2apic/value says so).
import type { Domain } from '../../domain/domain';
import { readLong } from '../../schema/getters';
import type { ConfigFile, Setting } from '../../syntax/tree';
import type { OffsetFix, RuleContext, RuleModule } from '../rule';

const TRUTHY_WORD = /^\s*(true|yes|on|enable|enabled|y)\s*$/i;

export const forceX2apicRules: RuleModule = {
  name: 'force_x2apic',
  needsCompleteFile: true,
  check(ctx) {
    const { domain, file } = ctx;
    const fx = domain.forceX2apic;
    if (!fx.present || !fx.setting) return;
    // An x86-only option: on Arm key/not-for-arch already says xl never reads it.
    if (domain.arch.value === 'arm') return;
    const setting = fx.setting;
    const last = setting.sources[setting.sources.length - 1];
    const at = { start: last.keyStart, end: last.keyEnd };
    const off = offFixes(file, setting);

    if (!fx.readable) {
      valueRule(ctx, setting);
      return;
    }
    if (!fx.enabled) return;

    const type = domain.type.value;
    if (type === 'pv') {
      ctx.report({
        id: 'force-x2apic/pv',
        ...at,
        message:
          'force_x2apic does nothing on a PV guest: PV guests have no emulated local APIC (libxl_x86.c: libxl__arch_domain_prepare_config gives PV no emulation flags, and x2APIC is hidden from PV CPUID). Use it with type = "pvh" or "hvm", or remove it.',
        fixes: [off.remove, off.zero],
        unnecessary: true,
      });
      return;
    }

    const pvhFix = pvhSwitch(file, domain);
    if (type === 'hvm' && domain.firmware.value === 'seabios') {
      ctx.report({
        id: 'force-x2apic/seabios',
        ...at,
        message:
          `With force_x2apic this HVM guest hangs in SeaBIOS (firmware: ${domain.firmware.source.detail}). hvmloader sets up the local APIC through the xAPIC MMIO page, which the vLAPIC ignores in x2APIC mode, so the APIC stays software-disabled with LINT0 masked; no 8259 timer or keyboard interrupt can then reach vCPU 0 and SeaBIOS waits forever at "Press ESC for boot menu." ` +
          '(tools/firmware/hvmloader/hvmloader.c: apic_setup; xen/arch/x86/hvm/vlapic.c: __vlapic_accept_pic_intr; the RFC author reports the hang).',
        fixes: [off.zero, off.remove, ...pvhFix],
      });
    }
    if (type === 'hvm' && domain.firmware.value === 'rombios') {
      ctx.report({
        id: 'force-x2apic/rombios',
        ...at,
        message:
          'With force_x2apic this HVM guest hangs in ROMBIOS the same way as in SeaBIOS: the LAPIC set-up hvmloader writes through the xAPIC MMIO page is lost in x2APIC mode, so legacy interrupts never arrive (tools/firmware/hvmloader/hvmloader.c: apic_setup). ROMBIOS also needs qemu-xen-traditional, which current xl refuses.',
        fixes: [off.zero, off.remove, ...pvhFix],
      });
    }
    if (domain.firmware.value === 'ovmf') {
      ctx.report({
        id: 'force-x2apic/ovmf',
        ...at,
        message:
          'OVMF is reported to freeze with force_x2apic (RFC test report). The cause is not established: reading OvmfXen, every APIC access goes through its x2APIC-aware library and nothing clears EXTD (edk2 UefiCpuPkg/Library/BaseXApicX2ApicLib), so xlcfg cannot say where it stops.',
        fixes: [off.zero, off.remove, ...pvhFix],
      });
    }
    if (domain.os.value === 'netbsd') {
      ctx.report({
        id: 'force-x2apic/netbsd',
        ...at,
        message:
          `NetBSD has no x2APIC support as a Xen guest (RFC test report; OS from ${domain.os.source.detail}). NetBSD's generic LAPIC code accepts a firmware-enabled x2APIC, so the failure is likely in a Xen-specific path (possibly the event-channel upcall acknowledging through the xAPIC MMIO page); the exact cause is not established.`,
        fixes: [off.zero, off.remove],
      });
    }
    const linuxish = domain.os.value === 'linux' || domain.os.value === 'unknown';
    const nox = domain.linux.nox2apic;
    const nopv = type === 'hvm' ? domain.linux.nopv : undefined;
    if (linuxish && (nox || nopv)) {
      const span = (nox ?? nopv)!;
      const word = nox ? 'nox2apic' : file.text.slice(span.start, span.end);
      ctx.report({
        id: 'force-x2apic/nox2apic',
        start: span.start,
        end: span.end,
        message:
          (nox
            ? '`nox2apic` makes Linux switch the local APIC back to xAPIC mode (arch/x86/kernel/apic/apic.c: setup_nox2apic → __x2apic_disable)'
            : '`nopv` on an HVM guest makes Linux\'s Xen x2APIC hook report "unavailable", so without interrupt remapping Linux disables x2APIC (arch/x86/xen/enlighten_hvm.c; apic.c: try_to_enable_x2apic → x2apic_disable)') +
          ': under force_x2apic both IA32_APIC_BASE writes get #GP. Linux skips them with an "unchecked MSR access error" warning and then drives an xAPIC MMIO page nobody serves, so expect a broken or hung boot. Xen does not advertise the lock (ARCH_CAPABILITIES.XAPIC_DISABLE_STATUS), so Linux cannot know it should not try.',
        fixes: span.inKey ? [off.zero, off.remove] : [removeWordFix(file, span, word), off.zero],
      });
    }
    if (domain.hostCpu.value === 'amd') {
      ctx.report({
        id: 'force-x2apic/amd',
        ...at,
        message:
          `The host CPU is AMD (${domain.hostCpu.source.detail}): AMD has no architectural way to tell a guest that its APIC is locked in x2APIC mode (no IA32_ARCH_CAPABILITIES / XAPIC_DISABLE_STATUS equivalent, as the AMD reviewer of the RFC noted), so guests learn it only by faulting.`,
        fixes: [off.zero, off.remove],
      });
    } else {
      ctx.report({
        id: 'force-x2apic/intel-advertise',
        ...at,
        message:
          `The guest cannot discover that its APIC is locked in x2APIC mode (host CPU: ${domain.hostCpu.value}, ${domain.hostCpu.source.detail}). On Intel the spec-compliant way is IA32_ARCH_CAPABILITIES.XAPIC_DISABLE_STATUS (bit 21) plus MSR 0xBD (IA32_XAPIC_DISABLE_STATUS); the RFC exposes neither (Xen's XAPIC_STATUS feature has no guest visibility and MSR 0xBD is not emulated).`,
      });
    }
    if (domain.cpuidX2apic.hidden) {
      const span = domain.cpuidX2apic.span;
      const cpuidSetting = file.settings.get('cpuid');
      const fixes: OffsetFix[] = [];
      if (span && cpuidSetting && typeof cpuidSetting.value === 'string') fixes.push(removeCpuidWord(file, span));
      fixes.push(off.zero, off.remove);
      ctx.report({
        id: 'force-x2apic/cpuid-x2apic-hidden',
        ...(span ?? at),
        message:
          'The cpuid policy hides x2APIC while force_x2apic starts every vCPU in x2APIC mode: with x2APIC hidden, EXTD is a reserved bit of IA32_APIC_BASE, so every write to it faults (#GP), including rewriting the current value (xen/arch/x86/hvm/vlapic.c: guest_wrmsr_apic_base). No guest can run its normal APIC set-up.',
        fixes,
      });
    }
  },
};

function valueRule(ctx: RuleContext, setting: Setting): void {
  const last = setting.sources[setting.sources.length - 1];
  const value = setting.value;
  const fixes: OffsetFix[] = [];
  let why: string;
  if (setting.appended) {
    why = '`+=` is used: xl refuses `+=` on every numeric setting ("can\'t use += with numbers")';
    // Only when `=` alone makes it readable: with `+= "X"` the flag would stay ignored, just for another reason.
    const own = last.value && last.value.kind !== 'list' ? last.value.value : undefined;
    if (own !== undefined && readLong(own, false).ok) {
      fixes.push({ title: 'Use `=` instead of `+=`', edits: setting.sources.filter((s) => s.op === '+=').map((s) => ({ start: s.opStart, end: s.opStart + 2, newText: '=' })), preferred: setting.sources.length === 1 });
    }
  } else if (Array.isArray(value)) {
    why = 'it is a list, but xl reads force_x2apic as a single integer';
  } else {
    why = `\`${value}\` is not an integer (xl reads booleans only as integers: 0 or 1)`;
  }
  if (!setting.appended && last.value && (Array.isArray(value) || TRUTHY_WORD.test(value))) {
    fixes.push({ title: 'Write 1', edits: [{ start: last.value.start, end: last.value.end, newText: '1' }], preferred: typeof value === 'string' });
  }
  ctx.report({
    id: 'force-x2apic/value',
    start: last.value?.start ?? last.keyStart,
    end: last.value?.end ?? last.keyEnd,
    message: `xl ignores this force_x2apic: ${why}. It warns and leaves the flag off, so every vCPU starts in xAPIC mode as usual.`,
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
  return [{ title: `Boot as PVH (type = "pvh"): ${domain.os.value} runs with force_x2apic there`, edits: [{ start: t.value.start, end: t.value.end, newText: '"pvh"' }] }];
}
