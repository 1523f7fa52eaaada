/**
 * A firmware file that replaces hvmloader (`firmware = "/path"` or `firmware_override` on HVM:
 * libxl loads it instead of hvmloader, tools/libs/light/libxl_dom.c: libxl__load_hvm_firmware_module
 * via libxl__domain_firmware). xlcfg cannot know what that code does with the local APIC.
 */
import type { BootProfile } from '../types';

export const customFirmware: BootProfile = {
  id: 'custom-firmware',
  name: 'custom firmware file',
  kind: 'loader',
  guestTypes: ['hvm'],
  confidence: 'low',
  bootConfidence: 'low',
  citations: ['xen: tools/libs/light/libxl_dom.c: libxl__domain_firmware'],
  summary: 'A file named in `firmware` runs instead of hvmloader; its behaviour is not known to xlcfg.',
  bootsExplanation: 'A custom firmware file replaced hvmloader; xlcfg has no profile of it.',
  onGp: {
    policy: 'fatal',
    explanation: 'Unknown firmware: a #GP on an APIC write is assumed fatal.',
    confidence: 'low',
  },
  bsp: [
    {
      op: 'conclude',
      outcome: 'unknown',
      confidence: 'low',
      explanation:
        'The config loads its own firmware file instead of hvmloader. What that code does with the local APIC is not known, so the boot cannot be predicted.',
    },
  ],
};
