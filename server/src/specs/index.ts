// Registry of the sub-language parsers, keyed by the `syntax` names of
// xlcfg-keys.json.
import type { SpecLanguage } from './types';
import { diskSpec } from './disk';
import { vifSpec } from './vif';
import { pciSpec } from './pci';
import { rdmSpec } from './rdm';
import { cpulistSpec } from './cpulist';
import { cpuidLibxlSpec, cpuidXendSpec } from './cpuid';
import { vnumaSpec } from './vnuma';
import { channelSpec } from './channel';
import { usbdevSpec } from './usbdev';
import { usbctrlSpec } from './usbctrl';
import { vtpmSpec } from './vtpm';
import { p9Spec } from './p9';
import { vkbSpec } from './vkb';
import { vfbSpec } from './vfb';
import { pvcallsSpec } from './pvcalls';
import { vdisplSpec } from './vdispl';
import { virtioSpec } from './virtio';
import { vsndSpec } from './vsnd';
import { iomemSpec } from './iomem';
import { ioportSpec } from './ioports';
import { irqSpec } from './irqs';
import { llcColorSpec } from './llcColors';
import { smbiosSpec } from './smbios';
import { xenstoreQuotaSpec } from './xenstoreQuota';
import { armSciSpec } from './armSci';
import { uuidSpec } from './uuid';

export * from './types';
export { cpuidFeatureSetting } from './cpuid';
export { parseCpulist } from './cpulist';
export { parseVsndCard } from './vsnd';
export { devidFromIndex } from './devid';

const ALL: SpecLanguage[] = [
  diskSpec,
  vifSpec,
  pciSpec,
  cpulistSpec,
  cpuidLibxlSpec,
  cpuidXendSpec,
  vnumaSpec,
  rdmSpec,
  channelSpec,
  usbdevSpec,
  usbctrlSpec,
  vtpmSpec,
  p9Spec,
  vkbSpec,
  vfbSpec,
  pvcallsSpec,
  vdisplSpec,
  virtioSpec,
  vsndSpec,
  iomemSpec,
  ioportSpec,
  irqSpec,
  llcColorSpec,
  smbiosSpec,
  xenstoreQuotaSpec,
  armSciSpec,
  uuidSpec,
];

export const SPEC_LANGUAGES: Record<string, SpecLanguage> = Object.fromEntries(ALL.map((l) => [l.syntax, l]));

export function specFor(syntax: string): SpecLanguage | undefined {
  return Object.hasOwn(SPEC_LANGUAGES, syntax) ? SPEC_LANGUAGES[syntax] : undefined;
}
