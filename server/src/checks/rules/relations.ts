// Cross-key checks: combinations xl (tools/xl/xl_parse.c: parse_config_data) or libxl
// (tools/libs/light/libxl_create.c, libxl_x86.c) refuses or quietly overrides. Each message
// says who acts: "xl refuses" (FATAL(xl)), "libxl refuses" (FATAL(libxl)) or "xl warns".
import { firmwareMeaning, matchBuilderPrefix, matchTypePrefix, readBool, readLong } from '../../schema/getters';
import type { GuestType } from '../../schema/types';
import type { Setting } from '../../syntax/tree';
import type { OffsetFix, RuleContext, RuleModule } from '../rule';
import { statementDeletion } from './forceX2apic';
import { TYPE_NAME, guestView, keySpan, lastSource, valueSpan } from './ruleUtil';

/** HVM_MAX_VCPUS (xen/include/public/hvm/hvm_info_table.h), checked in libxl_create.c. */
const HVM_MAX_VCPUS = 128;

export const relationRules: RuleModule = {
  name: 'relations',
  needsCompleteFile: true,
  rules: [
    { id: 'relation/name-missing', severity: 'error', summary: 'No `name`: xl refuses ("Domain name must be specified").' },
    { id: 'relation/maxvcpus-below-vcpus', severity: 'error', summary: 'maxvcpus smaller than vcpus: xl refuses ("maxvcpus < vcpus").' },
    { id: 'relation/maxmem-below-memory', severity: 'warning', summary: 'maxmem below memory: documented as invalid, never checked by xl or libxl.' },
    { id: 'relation/builder-type-conflict', severity: 'error', summary: '`builder` and `type` name different guest types: xl refuses.' },
    { id: 'relation/no-kernel-or-bootloader', severity: 'error', summary: 'PV/PVH guest with no kernel, bootloader or pvgrub firmware: xl refuses.' },
    { id: 'relation/kernel-and-firmware', severity: 'error', summary: 'PV/PVH guest with both `kernel` and `firmware`: xl refuses.' },
    { id: 'relation/cmdline-overrides', severity: 'warning', summary: '`cmdline` together with `root`/`extra`: xl warns and ignores root and extra.' },
    { id: 'relation/hvm-direct-boot-without-kernel', severity: 'error', summary: 'HVM with ramdisk/cmdline but no kernel: libxl refuses.' },
    { id: 'relation/hvmloader-kernel', severity: 'warning', summary: 'HVM `kernel` naming hvmloader: xl warns and drops it.' },
    { id: 'relation/timer-mode-pv', severity: 'error', summary: '`timer_mode` on a PV guest: xl refuses.' },
    { id: 'relation/vcpus-max', severity: 'error', summary: 'More than 128 vCPUs on HVM/PVH: libxl refuses.' },
    { id: 'relation/vnc-display-conflict', severity: 'error', summary: 'A display in both vnclisten and vncdisplay: xl refuses.' },
    { id: 'relation/pod-passthrough', severity: 'error', summary: 'Populate-on-demand (memory < maxmem) with PCI passthrough: libxl refuses.' },
    { id: 'relation/pod-vnuma', severity: 'error', summary: 'Populate-on-demand with vNUMA: libxl refuses.' },
    { id: 'relation/pod-altp2m', severity: 'error', summary: 'Populate-on-demand with altp2m: libxl refuses.' },
    { id: 'relation/nestedhvm-altp2m', severity: 'error', summary: 'nestedhvm with altp2m: libxl refuses.' },
    { id: 'relation/vnuma-pv', severity: 'error', summary: 'vNUMA on a PV guest: libxl refuses ("PV vNUMA is not yet supported").' },
    { id: 'relation/passthrough-disabled', severity: 'error', summary: 'passthrough = "disabled" with pci/dtdev devices: libxl refuses.' },
    { id: 'relation/bios-device-model', severity: 'error', summary: 'bios = "rombios" needs qemu-xen-traditional, which is gone: libxl refuses.' },
    { id: 'relation/bios-path-without-bios', severity: 'warning', summary: 'bios_path_override without bios: xl warns and ignores it.' },
    { id: 'relation/usb-conflict', severity: 'error', summary: 'usbversion/spiceusbredirection together with usb=1 or usbdevice: libxl refuses.' },
    { id: 'relation/spiceusbredirection-without-spice', severity: 'warning', summary: 'spiceusbredirection without spice: libxl warns and disables it.' },
    { id: 'relation/videoram-too-small', severity: 'error', summary: 'videoram below what the chosen vga needs: libxl refuses.' },
    { id: 'relation/viridian-groups', severity: 'error', summary: 'Viridian groups enabled without `base`, or enabled and disabled at once: libxl refuses.' },
    { id: 'relation/trap-unmapped-x86', severity: 'error', summary: 'trap_unmapped_accesses=1 on x86: libxl refuses.' },
    { id: 'relation/dm-override-without-version', severity: 'warning', summary: 'device_model_override without device_model_version: xl warns.' },
  ],
  check(ctx) {
    const { file, domain } = ctx;
    const st = (k: string): Setting | undefined => file.settings.get(k);
    const str = (k: string): string | undefined => {
      const s = st(k);
      return s && typeof s.value === 'string' ? s.value : undefined;
    };
    const num = (k: string): number | undefined => {
      const s = st(k);
      if (!s) return undefined;
      const r = readLong(s.value, s.appended);
      return r.ok ? r.n : undefined;
    };
    const bool = (k: string): boolean | undefined => {
      const s = st(k);
      if (!s) return undefined;
      const r = readBool(s.value, s.appended);
      return r.ok ? r.value : undefined;
    };
    const listLen = (k: string): number => {
      const s = st(k);
      return s && Array.isArray(s.value) ? s.value.filter((v) => typeof v === 'string').length : 0;
    };
    const view = guestView(file, domain);
    // Keys with a statement xl cannot parse: their absence proves nothing (the syntax error is
    // reported already), so absence-based checks stay quiet about them.
    const broken = new Set<string>();
    for (const a of file.statements) if (a.broken) broken.add(a.key);
    const absent = (k: string): boolean => !file.settings.has(k) && !broken.has(k);
    const known = view.typeKnown;
    // The type xl's own checks see: PV stays PV on Arm until libxl converts it; no type on Arm is PVH.
    const xlType: GuestType = view.arch === 'arm' && domain.type.source.kind === 'default' ? 'pvh' : domain.type.value;
    const type = view.type;
    const typeAt = (): { start: number; end: number } => {
      const s = st('type') ?? st('builder') ?? st('name');
      return s ? keySpan(lastSource(s)) : { start: 0, end: 0 };
    };

    // xl_parse.c: parse_config_data — "Domain name must be specified." (a list counts as missing;
    // values.ts reports that case).
    // A file with none of the core keys is a fragment (an include, a doc snippet): it is not
    // meant to be created on its own, so "missing name/kernel" would be noise.
    const complete = ['name', 'type', 'builder', 'memory', 'vcpus', 'kernel', 'bootloader', 'firmware'].some((k) => !absent(k));
    if (complete && absent('name')) {
      ctx.report({ id: 'relation/name-missing', start: 0, end: 0, message: 'There is no `name`: xl refuses to create the domain ("Domain name must be specified").' });
    }

    // xl_parse.c: "Contradicting builder and type options".
    const typeStr = str('type');
    const builderStr = str('builder');
    if (typeStr !== undefined && builderStr !== undefined) {
      const t = matchTypePrefix(typeStr);
      const b = matchBuilderPrefix(builderStr);
      if (t && b && t !== b) {
        const bs = st('builder')!;
        ctx.report({
          id: 'relation/builder-type-conflict',
          ...keySpan(lastSource(bs)),
          message: `\`builder\` says ${TYPE_NAME[b]} but \`type\` says ${TYPE_NAME[t]}: xl refuses to create the domain ("Contradicting builder and type options"). Keep only \`type\`.`,
          fixes: [{ title: 'Remove `builder`', edits: bs.all.map((a) => statementDeletion(file, a.start, a.end)) }],
        });
      }
    }

    // vCPUs: xl_parse.c ("maxvcpus < vcpus"), libxl_create.c (HVM_MAX_VCPUS).
    const vcpus = num('vcpus');
    const maxvcpus = num('maxvcpus');
    if (vcpus !== undefined && maxvcpus !== undefined && maxvcpus < Math.max(1, vcpus)) {
      ctx.report({ id: 'relation/maxvcpus-below-vcpus', ...valueSpan(st('maxvcpus')!), message: `maxvcpus (${maxvcpus}) is below vcpus (${vcpus}): xl refuses to create the domain ("maxvcpus < vcpus").` });
    }
    const most = Math.max(vcpus ?? 1, maxvcpus ?? 1);
    if (known && type !== 'pv' && most > HVM_MAX_VCPUS) {
      const s = maxvcpus !== undefined && maxvcpus >= (vcpus ?? 0) ? st('maxvcpus')! : st('vcpus')!;
      ctx.report({ id: 'relation/vcpus-max', ...valueSpan(s), message: `${TYPE_NAME[type]} guests can have at most ${HVM_MAX_VCPUS} vCPUs: libxl refuses to create the domain with ${most}.` });
    }

    // Memory: the manual says maxmem >= memory; neither xl nor libxl checks it.
    const memory = num('memory');
    const maxmem = num('maxmem');
    if (memory !== undefined && maxmem !== undefined && maxmem < memory) {
      ctx.report({ id: 'relation/maxmem-below-memory', ...valueSpan(st('maxmem')!), message: `maxmem (${maxmem} MiB) is below memory (${memory} MiB). The manual forbids it but neither xl nor libxl checks it; the result is not what the manual describes.` });
    }

    // Populate-on-demand: a non-PV guest with memory < maxmem (libxl_create.c: libxl__domain_config_setdefault).
    const pod = known && xlType !== 'pv' && memory !== undefined && maxmem !== undefined && memory < maxmem;
    const passthrough = str('passthrough')?.toLowerCase();
    const altp2m = altp2mOn(str('altp2m'), bool('altp2mhvm'));
    if (pod) {
      const at = valueSpan(st('memory')!);
      const podWhy = `memory (${memory} MiB) below maxmem (${maxmem} MiB) makes this ${TYPE_NAME[xlType]} guest populate-on-demand`;
      if (listLen('pci') > 0 || listLen('dtdev') > 0 || (passthrough !== undefined && passthrough !== 'disabled' && passthrough !== 'default')) {
        ctx.report({ id: 'relation/pod-passthrough', ...at, message: `${podWhy}, and PCI passthrough needs all memory populated: libxl refuses to create the domain ("... not supported together with PoD"). Set memory = maxmem.` });
      }
      if (st('vnuma')) ctx.report({ id: 'relation/pod-vnuma', ...at, message: `${podWhy}, which libxl does not support together with vNUMA: it refuses to create the domain.` });
      if (altp2m) ctx.report({ id: 'relation/pod-altp2m', ...at, message: `${podWhy}, which libxl does not support together with altp2m: it refuses to create the domain.` });
    }
    if (bool('nestedhvm') && altp2m) {
      ctx.report({ id: 'relation/nestedhvm-altp2m', ...valueSpan(st('nestedhvm')!), message: 'nestedhvm and altp2m cannot be used together: libxl refuses to create the domain.' });
    }
    if (known && xlType === 'pv' && view.arch === 'x86' && st('vnuma')) {
      ctx.report({ id: 'relation/vnuma-pv', ...keySpan(lastSource(st('vnuma')!)), message: `vNUMA on a PV guest (${view.typeOrigin}): libxl refuses to create the domain ("PV vNUMA is not yet supported").` });
    }
    if (passthrough === 'disabled' && (listLen('pci') > 0 || listLen('dtdev') > 0)) {
      ctx.report({ id: 'relation/passthrough-disabled', ...valueSpan(st('passthrough')!), message: 'passthrough is "disabled" but pci/dtdev devices are listed: libxl refuses to create the domain ("passthrough disabled but devices are specified").' });
    }

    // xl_parse.c: timer_mode on PV is fatal (read for every type).
    if (known && xlType === 'pv' && st('timer_mode')) {
      ctx.report({ id: 'relation/timer-mode-pv', ...keySpan(lastSource(st('timer_mode')!)), message: `timer_mode is not supported for PV guests (${view.typeOrigin}): xl refuses to create the domain.`, fixes: [removeFix(ctx, st('timer_mode')!)] });
    }

    // Boot: kernel/bootloader/firmware (xl_parse.c: PV/PVH block).
    const kernel = str('kernel');
    const firmware = str('firmware');
    if (known && xlType !== 'hvm') {
      const fwPvgrub = firmware !== undefined && firmwareMeaning(firmware, xlType).kind === 'pvgrub';
      if (kernel !== undefined && firmware !== undefined) {
        ctx.report({ id: 'relation/kernel-and-firmware', ...keySpan(lastSource(st('firmware')!)), message: `A ${TYPE_NAME[xlType]} guest takes either \`kernel\` or \`firmware\`: xl refuses to create the domain ("both kernel and firmware specified").` });
      } else if (complete && absent('kernel') && absent('firmware') && absent('bootloader') && !fwPvgrub) {
        ctx.report({ id: 'relation/no-kernel-or-bootloader', ...typeAt(), message: `A ${TYPE_NAME[xlType]} guest (${view.typeOrigin}) needs \`kernel\`, \`bootloader\` or \`firmware = "pvgrub64"\`: xl refuses to create the domain ("Neither kernel nor bootloader specified").` });
      }
    }
    if (str('cmdline') !== undefined) {
      // xl_parse.c: "ignoring root= and extra= in favour of cmdline=".
      for (const k of ['root', 'extra']) {
        const s = st(k);
        if (!s) continue;
        ctx.report({ id: 'relation/cmdline-overrides', ...keySpan(lastSource(s)), message: `\`cmdline\` is set, so xl warns and ignores \`${k}\` ("ignoring root= and extra= in favour of cmdline="). Move its text into cmdline.`, unnecessary: true });
      }
    }
    if (known && xlType === 'hvm') {
      // xl_parse.c: HVM block drops a kernel named hvmloader (xm-era configs) with a warning.
      const hvmloader = kernel !== undefined && /(^|\/)hvmloader$/.test(kernel);
      if (hvmloader) {
        ctx.report({ id: 'relation/hvmloader-kernel', ...keySpan(lastSource(st('kernel')!)), message: 'On HVM, `kernel` naming hvmloader is an xm-era leftover: xl warns and drops it (hvmloader is always used; firmware_override picks another one).', unnecessary: true, fixes: [{ ...removeFix(ctx, st('kernel')!), preferred: true }] });
      }
      // libxl_create.c: libxl__domain_build_info_setdefault — "direct boot parameters specified but kernel missing".
      if ((kernel === undefined && absent('kernel')) || hvmloader) {
        for (const k of ['ramdisk', 'cmdline']) {
          const s = st(k);
          if (s && typeof s.value === 'string') ctx.report({ id: 'relation/hvm-direct-boot-without-kernel', ...keySpan(lastSource(s)), message: `\`${k}\` is a direct-boot parameter but this HVM guest has no kernel: libxl refuses to create the domain ("direct boot parameters specified but kernel missing").` });
        }
      }
      // xl_parse.c: "Display specified both in vnclisten and vncdisplay!".
      const listen = str('vnclisten');
      const display = num('vncdisplay');
      if (listen?.includes(':') && display) {
        ctx.report({ id: 'relation/vnc-display-conflict', ...valueSpan(st('vncdisplay')!), message: 'vnclisten already names a display (`host:display`) and vncdisplay is non-zero: xl refuses to create the domain ("Display specified both in vnclisten and vncdisplay!").' });
      }
      const bios = str('bios')?.toLowerCase();
      if (bios === 'rombios') {
        ctx.report({ id: 'relation/bios-device-model', ...valueSpan(st('bios')!), message: 'ROMBIOS needs qemu-xen-traditional, which current Xen no longer has: libxl refuses to create the domain ("qemu-xen does not support bios=rombios."). Use "seabios" or "ovmf".' });
      }
      if (st('bios_path_override') && absent('bios')) {
        ctx.report({ id: 'relation/bios-path-without-bios', ...keySpan(lastSource(st('bios_path_override')!)), message: 'bios_path_override without `bios`: xl warns and ignores it. Say which BIOS it replaces with `bios`.', unnecessary: true });
      }
      // libxl_create.c: usbversion/spiceusbredirection versus usb/usbdevice.
      const usbOld = bool('usb') === true || st('usbdevice') !== undefined;
      for (const k of ['usbversion', 'spiceusbredirection']) {
        if (usbOld && num(k)) ctx.report({ id: 'relation/usb-conflict', ...keySpan(lastSource(st(k)!)), message: `\`${k}\` cannot be combined with usb=1 or usbdevice: libxl refuses to create the domain.` });
      }
      if (num('spiceusbredirection') && !bool('spice')) {
        ctx.report({ id: 'relation/spiceusbredirection-without-spice', ...keySpan(lastSource(st('spiceusbredirection')!)), message: 'spiceusbredirection without spice=1: libxl warns and disables the redirection.', unnecessary: true });
      }
      // libxl_create.c: minimum video RAM per adapter (qemu-xen).
      const videoram = num('videoram');
      if (videoram !== undefined) {
        const vga = str('vga') ?? (bool('stdvga') ? 'stdvga' : 'cirrus');
        const min = vga === 'qxl' ? 128 : vga === 'stdvga' ? 16 : vga === 'cirrus' ? 8 : 0;
        if (videoram < min) ctx.report({ id: 'relation/videoram-too-small', ...valueSpan(st('videoram')!), message: `videoram ${videoram} MiB is below the ${min} MiB a ${vga} adapter needs: libxl refuses to create the domain.` });
      }
      viridianGroups(ctx, st('viridian'));
    }
    // libxl_x86.c: libxl__arch_domain_prepare_config refuses trap_unmapped_accesses on x86.
    if (view.arch === 'x86' && bool('trap_unmapped_accesses')) {
      ctx.report({ id: 'relation/trap-unmapped-x86', ...valueSpan(st('trap_unmapped_accesses')!), message: 'trap_unmapped_accesses=1 is Arm-only: on x86 libxl refuses to create the domain.' });
    }
    if (st('device_model_override') && absent('device_model_version')) {
      ctx.report({ id: 'relation/dm-override-without-version', ...keySpan(lastSource(st('device_model_override')!)), message: 'device_model_override without device_model_version: xl warns. Add device_model_version = "qemu-xen".' });
    }
  },
};

function removeFix(ctx: RuleContext, s: Setting): OffsetFix {
  return { title: `Remove \`${s.key}\``, edits: s.all.map((a) => statementDeletion(ctx.file, a.start, a.end)) };
}

/** altp2m is on when `altp2m` names a mode other than disabled (word or 1..3), or altp2mhvm=1. */
function altp2mOn(altp2m: string | undefined, altp2mhvm: boolean | undefined): boolean {
  if (altp2mhvm) return true;
  if (altp2m === undefined) return false;
  const r = readLong(altp2m, false);
  if (r.ok) return r.n >= 1 && r.n <= 3;
  const w = altp2m.toLowerCase();
  return w === 'mixed' || w === 'external' || w === 'limited';
}

// libxl_x86.c: hvm_set_viridian_features — "base group not enabled", and a group both
// enabled and disabled.
function viridianGroups(ctx: RuleContext, s: Setting | undefined): void {
  if (!s || !Array.isArray(s.value)) return;
  const on = new Set<string>();
  const off = new Set<string>();
  let defaults = false;
  for (const v of s.value) {
    if (typeof v !== 'string') break;
    if (v === 'all' || v === 'defaults') defaults = true;
    else if (v.startsWith('!')) off.add(v.slice(1).toLowerCase());
    else on.add(v.toLowerCase());
  }
  const both = [...on].filter((g) => off.has(g));
  if (both.length) {
    ctx.report({ id: 'relation/viridian-groups', ...valueSpan(s), message: `Viridian group(s) ${both.join(', ')} are both enabled and disabled: libxl refuses to create the domain.` });
    return;
  }
  const baseOn = (defaults || on.has('base')) && !off.has('base');
  if ((on.size > 0 || defaults) && !baseOn) {
    ctx.report({ id: 'relation/viridian-groups', ...valueSpan(s), message: 'Viridian groups are enabled without the `base` group: libxl refuses to create the domain ("base group not enabled").' });
  }
}
