// Cross-key checks that are not xl's: what libxl refuses when it creates the domain
// (tools/libs/light/libxl_create.c, libxl_x86.c), read from the libxl domain config the xl stage
// built, and the one documented rule nobody enforces (maxmem below memory). xl's own cross-key
// refusals (maxvcpus < vcpus, builder/type, kernel/firmware, ...) come from the xl stage (xl.ts).
import type { LibxlBitmap, LibxlStruct } from '../../libxl/value';
import type { GuestType } from '../../schema/types';
import { keySpan as keyOf, valueSpan as valueOf } from '../../xl/libxlu';
import type { RuleContext, RuleModule } from '../rule';

/** HVM_MAX_VCPUS (xen/include/public/hvm/hvm_info_table.h), checked in libxl_create.c. */
const HVM_MAX_VCPUS = 128;

const TYPE_NAME: Record<GuestType, string> = { pv: 'PV', pvh: 'PVH', hvm: 'HVM' };

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
    { id: 'relation/hvm-direct-boot-without-kernel', severity: 'error', summary: 'HVM with ramdisk/cmdline but no kernel: libxl refuses at creation.' },
    { id: 'relation/hvmloader-kernel', severity: 'warning', summary: 'HVM `kernel` naming hvmloader: xl warns and drops it.' },
    { id: 'relation/timer-mode-pv', severity: 'error', summary: '`timer_mode` on a PV guest: xl refuses.' },
    { id: 'relation/vcpus-max', severity: 'error', summary: 'More than 128 vCPUs on HVM/PVH: libxl refuses at creation.' },
    { id: 'relation/vnc-display-conflict', severity: 'error', summary: 'A display in both vnclisten and vncdisplay: xl refuses.' },
    { id: 'relation/bios-device-model', severity: 'error', summary: 'A BIOS the device model cannot run (ROMBIOS needs qemu-xen-traditional and vice versa): libxl refuses at creation.' },
    { id: 'relation/bios-path-without-bios', severity: 'warning', summary: 'bios_path_override without bios: xl warns (the file is still used).' },
    { id: 'relation/dm-override-without-version', severity: 'warning', summary: 'device_model_override without device_model_version: xl warns.' },
  ],
  check(ctx) {
    const { file, domain } = ctx;
    const b = (ctx.xl.config.b_info as LibxlStruct | undefined) ?? {};
    const type = domain.type.value;
    const at = (key: string) => {
      const s = file.settings.get(key);
      return s ? valueOf(s) : { start: 0, end: 0 };
    };

    // The manual says maxmem >= memory; neither xl nor libxl checks it.
    const memory = b.target_memkb as bigint | undefined;
    const maxmem = b.max_memkb as bigint | undefined;
    if (ctx.xl.reads.has('maxmem') && file.settings.has('maxmem') && memory !== undefined && maxmem !== undefined && maxmem < memory) {
      ctx.report({ id: 'relation/maxmem-below-memory', ...at('maxmem'), message: 'maxmem is below memory: the manual forbids it, but neither xl nor libxl checks' });
    }

    // libxl_create.c: libxl__domain_build_info_setdefault — "direct boot parameters specified but
    // kernel missing" (HVM).
    if (type === 'hvm' && b.kernel === undefined) {
      for (const [key, field] of [['ramdisk', 'ramdisk'], ['cmdline', 'cmdline']] as const) {
        if (b[field] !== undefined && file.settings.has(key)) {
          ctx.report({ id: 'relation/hvm-direct-boot-without-kernel', ...keyOf(file.settings.get(key)!), message: `\`${key}\` without \`kernel\` on HVM: libxl refuses at creation`, claim: { by: 'libxl', effect: 'refusal', printed: ['direct boot parameters specified but kernel missing'] } });
        }
      }
    }

    // libxl_create.c: libxl__domain_create_info_setdefault / build_info checks HVM_MAX_VCPUS.
    const maxVcpus = (b.max_vcpus as number | undefined) ?? 0;
    const avail = (b.avail_vcpus as LibxlBitmap | undefined)?.bits().length ?? 0;
    if (type !== 'pv' && Math.max(maxVcpus, avail) > HVM_MAX_VCPUS) {
      const key = file.settings.has('maxvcpus') ? 'maxvcpus' : 'vcpus';
      ctx.report({ id: 'relation/vcpus-max', ...at(key), message: `${TYPE_NAME[type]} guests have at most ${HVM_MAX_VCPUS} vCPUs: libxl refuses ${Math.max(maxVcpus, avail)} at creation`, claim: { by: 'libxl', effect: 'refusal' } });
    }

    // libxl_create.c: libxl__domain_build_info_setdefault enforces the BIOS<->device model pairing.
    if (type === 'hvm' && !domain.libxl.customFirmware && domain.libxl.bios.origin === 'config') {
      const dm = domain.libxl.deviceModel;
      const bios = domain.libxl.bios.value;
      const key = file.settings.has('bios') ? 'bios' : 'firmware';
      if (dm === 'qemu-xen' && bios === 'rombios') {
        ctx.report({ id: 'relation/bios-device-model', ...at(key), message: 'ROMBIOS needs qemu-xen-traditional: libxl refuses it with qemu-xen at creation', claim: { by: 'libxl', effect: 'refusal', printed: ['qemu-xen does not support bios=rombios.'] } });
      } else if (dm === 'qemu-xen-traditional' && bios !== 'rombios') {
        ctx.report({ id: 'relation/bios-device-model', ...at(key), message: `qemu-xen-traditional runs only ROMBIOS: libxl refuses ${bios} at creation`, claim: { by: 'libxl', effect: 'refusal', printed: ['qemu-xen-traditional requires bios=rombios.'] } });
      }
    }
  },
};
