// parse_config_data, the PV and PVH case of the guest-type switch: `firmware` names pvgrub, and a
// kernel or a bootloader is required (tools/xl/xl_parse.c).
import { firmwareDir } from '../libxl/releases';
import { cPrefix } from './createInfo';
import type { XlModel } from './model';

export function readPvBoot(m: XlModel): void {
  const { xlu, b } = m;
  const fw = xlu.getString('firmware');
  if (fw.ok) {
    const at = m.valueAt(fw.setting);
    if (b.kernel !== undefined) {
      m.refuse(
        'relation/kernel-and-firmware',
        'firmware',
        m.keyAt(fw.setting),
        ['ERROR: both kernel and firmware specified'],
        'Both `kernel` and `firmware`: xl refuses the domain',
      );
    } else if (!cPrefix(fw.value, 'pvgrub32') && !cPrefix(fw.value, 'pvgrub64')) {
      m.refuse(
        'value/enum',
        'firmware',
        at,
        ['ERROR: only pvgrub{32|64} supported as firmware options'],
        `A ${b.type === 'pv' ? 'PV' : 'PVH'} \`firmware\` must be pvgrub32 or pvgrub64: xl refuses it`,
        { expected: ['pvgrub32', 'pvgrub64'] },
      );
    } else {
      b.kernel = `${firmwareDir(m.release)}/${fw.value}.bin`;
      if (fw.value !== 'pvgrub32' && fw.value !== 'pvgrub64') {
        m.silent(
          'value/enum',
          'firmware',
          at,
          `xl accepts "${fw.value}" as a prefix and loads ${fw.value}.bin, which Xen does not install`,
          { information: true },
        );
      }
    }
  }
  if (b.bootloader === undefined && b.kernel === undefined) {
    const at = m.at('type');
    m.refuse(
      'relation/no-kernel-or-bootloader',
      'kernel',
      at,
      ['Neither kernel nor bootloader specified'],
      `A ${b.type === 'pv' ? 'PV' : 'PVH'} guest needs \`kernel\` or \`bootloader\`: xl refuses it`,
    );
  }
}
