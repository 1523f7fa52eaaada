// Registry of the sub-language parsers, keyed by the `syntax` names of
// xlcfg-keys.json.
import type { SpecLanguage } from './types';
import { diskSpec } from './disk';
import { vifSpec } from './vif';
import { pciSpec } from './pci';
import { rdmSpec } from './rdm';
import { cpulistSpec } from './cpulist';
import { cpuidLibxlSpec, cpuidXendSpec } from './cpuid';
import {
  armSciSpec, channelSpec, p9Spec, pvcallsSpec, usbctrlSpec, usbdevSpec, vdisplSpec, vfbSpec, virtioSpec, vkbSpec,
  vnumaSpec, vtpmSpec,
} from './devices';
import { colorSpec, iomemSpec, ioportSpec, irqSpec, quotaSpec, smbiosSpec, uuidSpec } from './ranges';

export * from './types';
export { cpuidFeatureSetting } from './cpuid';
export { cpulistCpus } from './cpulist';

const ALL: SpecLanguage[] = [
  diskSpec, vifSpec, pciSpec, cpulistSpec, cpuidLibxlSpec, cpuidXendSpec, vnumaSpec, rdmSpec, channelSpec,
  usbdevSpec, usbctrlSpec, vtpmSpec, p9Spec, vkbSpec, vfbSpec, pvcallsSpec, vdisplSpec, virtioSpec,
  iomemSpec, ioportSpec, irqSpec, colorSpec, smbiosSpec, quotaSpec, armSciSpec, uuidSpec,
];

export const SPEC_LANGUAGES: Record<string, SpecLanguage> = Object.fromEntries(ALL.map((l) => [l.syntax, l]));

export function specFor(syntax: string): SpecLanguage | undefined {
  return Object.prototype.hasOwnProperty.call(SPEC_LANGUAGES, syntax) ? SPEC_LANGUAGES[syntax] : undefined;
}
