// Which device lists get their devid from xl before the string is parsed: parse_config_data
// (tools/xl/xl_parse.c) extends most lists with ARRAY_EXTEND_INIT, which sets devid to the list
// index, and some with ARRAY_EXTEND_INIT_NODEVID. The spec parsers leave devid out of `device`
// unless the string itself sets it (vif `devid=`); the xl model adds the index where this says so.
import { atLeast } from './release';

/**
 * True when xl sets devid to the item's index in its list for this key and release. `vkb`: the
 * index in d_config->vkbs, which already holds one vkb per vfb item. `p9`: xl re-initialises the
 * device after ARRAY_EXTEND_INIT, so devid stays libxl's initial -1. `channel`: from 4.18
 * ARRAY_EXTEND_INIT_NODEVID (commit b26965b4e5).
 */
export function devidFromIndex(key: string, release: string): boolean {
  switch (key) {
    case 'vif':
    case 'vtpm':
    case 'vdispl':
    case 'pvcalls':
    case 'vfb':
    case 'vkb':
    case 'usbctrl':
    case 'virtio':
    case 'vsnd':
      return true;
    case 'channel':
      return !atLeast(release, '4.18');
    default: // disk, pci, usbdev, p9
      return false;
  }
}
