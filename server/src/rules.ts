// Every rule xlcfg reports under, with its default severity and one line on what it reports: the
// one table the code, suppressions, severities, SARIF and docs/rules.md read. A diagnostic's id
// is a RuleId, so an id the code can emit is always listed here (test/unit/rule-ids.test.ts checks
// the ids written where the types do not reach; docs.test.ts that each is documented). Rules that
// need more than a line keep it in `doc`.

/** How much a diagnostic matters, in LSP's four levels (diagnostic.ts re-exports it). */
export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface RuleMeta {
  severity: Severity;
  summary: string;
  /** Longer documentation (markdown): the mechanism, the evidence and the sources. */
  doc?: string;
}

/** The force-x2apic rules' docs end with where the whole story is shown. */
const SIM =
  'Reported from the boot simulation (`xlcfg simulate`, the boot preview), which shows the mechanism and the sources.';

export const RULE_CATALOGUE = {
  // syntax
  'syntax/append-mixed': { severity: 'error', summary: '`+=` mixing a list and a string.' },
  'syntax/bareword': { severity: 'error', summary: 'An unquoted word used as a value (`type = hvm`).' },
  'syntax/bom': {
    severity: 'error',
    summary: 'A UTF-8 byte-order mark.',
    doc:
      'libxlutil reads the three bytes of the mark (EF BB BF) as stray characters at the start of the first ' +
      'statement, a lexical error. The fix removes the mark.',
  },
  'syntax/comment-at-eof': {
    severity: 'error',
    summary: 'A comment on the last line without a final newline.',
    doc:
      "libxlutil's lexer takes a comment only together with its newline (`\\#.*\\n`); on a last line " +
      'without one, `#` is a lexical error and xl rejects the file. The fix adds the newline.',
  },
  'syntax/crlf': {
    severity: 'error',
    summary: 'Windows line endings; xl rejects every line.',
    doc:
      "Each carriage return is an invalid character to libxlutil's lexer, so every line ending in CR is an " +
      'error; the diagnostic sits on the first and counts them. The fix converts the file to LF.',
  },
  'syntax/empty-item': { severity: 'error', summary: 'An empty list item (`[,]`, `,,`).' },
  'syntax/escape': {
    severity: 'error',
    summary: 'A backslash escape xl rejects (`\\x41`, `\\e`).',
    doc:
      'libxlutil decodes quoted strings itself (`xlu__cfgl_dequote`): after `\\x` it skips one character ' +
      'too many and then demands two hex digits where at most one is left, so every `\\x` escape fails; an ' +
      'octal-looking escape whose digits strtoul cannot take at least two of fails too; any other letter ' +
      'after a backslash has failed since Xen 4.7. Write the character itself.',
  },
  'syntax/escape-dropped': {
    severity: 'warning',
    summary: 'An octal-looking escape xl accepts but drops from the value.',
    doc:
      'For `\\0` to `\\7` libxlutil reads up to three characters with strtoul and, when that takes two or ' +
      'more, accepts the escape but never stores the character it computed: the escape vanishes from the ' +
      'value. Write the character itself.',
  },
  'syntax/ignored-last-char': {
    severity: 'warning',
    summary: 'A stray last character that xl silently drops.',
    doc:
      "A quirk of libxlutil's flex lexer: an invalid character that is the very last byte of the file is " +
      'dropped without an error (anywhere else it is a lexical error). xl accepts the file; the fix removes ' +
      'the character.',
  },
  'syntax/invalid-key': { severity: 'error', summary: 'A key with characters xl does not allow.' },
  'syntax/invalid-utf8': {
    severity: 'warning',
    summary: 'Bytes that are not valid UTF-8.',
    doc:
      'xl works on bytes: inside quotes it copies them into the value unchanged; outside quotes they are a ' +
      'lexical error (reported as such). xlcfg decodes the text as UTF-8 and shows such bytes as U+FFFD.',
  },
  'syntax/key-dash': { severity: 'error', summary: '`-` in a key.' },
  'syntax/key-uppercase': { severity: 'error', summary: 'Uppercase letters in a key.' },
  'syntax/missing-assignment': { severity: 'error', summary: 'A word that is not followed by `=`.' },
  'syntax/missing-comma': { severity: 'error', summary: 'List items not separated by `,`.' },
  'syntax/missing-separator': { severity: 'error', summary: 'Two statements on one line without `;`.' },
  'syntax/missing-value': { severity: 'error', summary: '`key =` with no value on the same line.' },
  'syntax/nul': {
    severity: 'error',
    summary: 'A NUL byte (xl aborts on one inside quotes).',
    doc:
      "`strlen` stops at the NUL, and libxlutil's own assertion on the string's length then fails, so xl " +
      'aborts instead of reporting an error. Remove the byte.',
  },
  'syntax/number-suffix': { severity: 'error', summary: 'A number with a unit suffix (`512M`).' },
  'syntax/not-a-config': {
    severity: 'error',
    summary:
      'Binary or other non-text content (a fifth or more of its start NULs, control characters or invalid UTF-8): said once.',
  },
  'syntax/python': {
    severity: 'error',
    summary: 'An xm-era Python config; xl does not run Python.',
    doc:
      "xm's configs were Python: computed values, string formatting, `import`, conditionals. xl's parser " +
      'reads only `key = value` statements, so such a file is rejected; the diagnostic counts the lines xl ' +
      'cannot parse. Replace computed values with literal ones.',
  },
  'syntax/too-deep': {
    severity: 'error',
    summary: "Lists nested deeper than libxlutil's parser stack: xl rejects the file.",
    doc:
      "libxlutil's bison parser has a fixed stack (YYMAXDEPTH, 10,000 states); a list nested about 5,000 " +
      'deep overflows it (bison\'s "memory exhausted") and xl rejects the file.',
  },
  'syntax/unexpected': { severity: 'error', summary: 'A token xl does not expect here; xl rejects the file.' },
  'syntax/unquoted-number': { severity: 'error', summary: 'A negative or fractional number without quotes.' },
  'syntax/unterminated-list': { severity: 'error', summary: 'A list without its closing `]`.' },
  'syntax/unterminated-string': { severity: 'error', summary: 'A string without its closing quote.' },
  'syntax/uppercase-hex': { severity: 'error', summary: "Uppercase hex digits, which xl's lexer rejects." },
  // key
  'key/deprecated': {
    severity: 'warning',
    summary: 'A deprecated or removed key, with the replacement xl reads today.',
    doc:
      '`builder` (deprecated since 4.10) is still read after `type`, without a word: a prefix of "hvm" ' +
      'means HVM, of "generic" PV; anything else, or a type it contradicts, makes xl refuse (`value/enum`, ' +
      '`relation/builder-type-conflict`). `stdvga` is read only when `vga` is absent (non-zero: stdvga, 0: ' +
      'cirrus). Keys removed from xl (such as `pvh`, read up to 4.9) are ignored silently, so `pvh = 1` ' +
      'leaves the guest PV. The fixes write the replacement.',
  },
  'key/duplicate': { severity: 'warning', summary: 'A key set twice; xl keeps only the last value.' },
  'key/ignored': {
    severity: 'warning',
    summary: 'A key xl reads only to warn about it, or that nothing consumes any more.',
  },
  'key/newer-than-target': {
    severity: 'warning',
    summary: 'A key introduced after the target Xen release; that xl ignores it.',
    doc:
      'xl looks keys up by name, and the xl of an older release never asks for a key added later: the line ' +
      'is ignored without a word. Set `xlcfg.xenVersion` (`--xen-version`) to the release the host runs.',
  },
  'key/not-for-arch': {
    severity: 'information',
    summary: 'A key that describes guests of the other architecture (x86 vs Arm).',
    doc:
      'Some keys describe Arm guests (`device_tree`, `gic_version`, `dtdev`, `nr_spis`, ...). xl reads ' +
      'them on every architecture: it stores their values in the domain config and refuses a bad one ' +
      '(`gic_version = "bogus"`), as the dry run shows. What libxl and Xen then do with them on an x86 ' +
      'host is not modelled, so xlcfg says only that the key belongs to the other architecture. xlcfg ' +
      'assumes x86 unless the file says `# xlcfg: arch=arm` or uses Arm-only keys and no x86-only ones.',
  },
  'key/not-for-guest-type': {
    severity: 'information',
    summary: 'A key xl never reads for this guest type: it has no effect.',
  },
  'key/proposed': {
    severity: 'information',
    summary: 'A key from an unmerged proposal; no released xl reads it.',
    doc:
      'The key comes from a patch posted to xen-devel and merged in no release (its hover names the patch): ' +
      'a released xl never looks it up and ignores it silently. Turn on `xlcfg.enableProposedOptions` ' +
      '(`--enable-proposed`, `enableProposedOptions` in `xlcfg.json`) to check it as if the patch had ' +
      'landed; the `force-x2apic/*` rules then run.',
  },
  'key/suggested-name': {
    severity: 'warning',
    summary: 'A name proposed in review for another key (x2apic_only); xl reads neither.',
    doc:
      "`x2apic_only` is the name a reviewer suggested for the RFC's `force_x2apic`; no xl reads either. " +
      "The fix renames the key to the RFC's name, which xlcfg checks (with proposed options on).",
  },
  'key/unknown': {
    severity: 'warning',
    summary: 'A key xl never reads (often a typo); xl ignores it without a word.',
    doc:
      'xl looks keys up one by one and never lists the ones it did not ask for, so a misspelt key is ' +
      'ignored without a word. xlcfg suggests the nearest known key, and names keys that belong to xend ' +
      '(xm) or xl.conf.',
  },
  'key/unread': {
    severity: 'information',
    summary: 'A key xl does not read in this config (another key turns it off): it has no effect.',
  },
  // value
  'value/append-numeric': { severity: 'warning', summary: '`+=` on a numeric key: xl warns and ignores the key.' },
  'value/boolean': {
    severity: 'warning',
    summary: 'A boolean written as a word (`"true"`): xl reads only integers, warns and ignores the key.',
  },
  'value/enum': {
    severity: 'error',
    summary: 'A word xl does not accept for this key (xl refuses), or one it reads as another word.',
  },
  'value/enum-integer': {
    severity: 'warning',
    summary: '`tsc_mode`/`timer_mode` as a number: xl warns that this form is deprecated.',
  },
  'value/integer': {
    severity: 'warning',
    summary: 'Not a number to xl (strtol, base 0): xl warns and ignores the key; a leading 0 means octal.',
  },
  'value/list-expected': {
    severity: 'warning',
    summary: 'A single string where xl wants a list: xl warns and ignores it (some keys: xl refuses).',
  },
  'value/nested-list': {
    severity: 'warning',
    summary: 'A nested list where xl wants strings: xl stops reading there (some keys: xl refuses or crashes).',
  },
  'value/range': {
    severity: 'warning',
    summary: 'A number out of the range xl accepts (error when xl refuses), or one it clamps silently.',
  },
  'value/string-expected': {
    severity: 'warning',
    summary: 'A list where xl wants a single value: xl warns and ignores the key (some keys: xl refuses).',
  },
  'value/unit': {
    severity: 'warning',
    summary: 'A number with a unit (`"512M"`): xl has no units, warns and ignores the key.',
  },
  'value/uuid': { severity: 'error', summary: 'A `uuid` that is not 8-4-4-4-12 hex digits: xl refuses the domain.' },
  // xl
  'xl/notice': {
    severity: 'information',
    summary: 'A line xl prints that is neither a warning nor an error (a debugging leftover).',
  },
  // relation
  'relation/altp2m-count': {
    severity: 'error',
    summary: 'altp2m_count out of what Xen accepts, or missing where 4.21 needs it.',
  },
  'relation/altp2m-hap': {
    severity: 'error',
    summary: 'altp2m needs HAP (from 4.19 Xen refuses it for PV; before, libxl ignores it).',
  },
  'relation/altp2m-unsupported': {
    severity: 'error',
    summary: 'altp2m on a host whose Xen does not offer it (host fact).',
  },
  'relation/arm-pv-converted': {
    severity: 'warning',
    summary: 'A PV guest on Arm: libxl converts it to PVH, with a warning.',
  },
  'relation/arm-unsupported-flag': {
    severity: 'error',
    summary: 'hap=0, oos=0 or nestedhvm=1 on Arm: refused at creation.',
  },
  'relation/bios-device-model': {
    severity: 'error',
    summary:
      'A BIOS the device model cannot run (ROMBIOS needs qemu-xen-traditional and vice versa): libxl refuses at creation.',
  },
  'relation/bios-path-ignored': {
    severity: 'information',
    summary: 'bios_path_override with qemu-xen-traditional: ROMBIOS is built into hvmloader, the file is not used.',
  },
  'relation/bios-path-without-bios': {
    severity: 'warning',
    summary: 'bios_path_override without bios: xl warns (the file is still used).',
  },
  'relation/builder-type-conflict': {
    severity: 'error',
    summary: '`builder` and `type` name different guest types: xl refuses.',
  },
  'relation/cmdline-overrides': {
    severity: 'warning',
    summary: '`cmdline` together with `root`/`extra`: xl warns and ignores root and extra.',
  },
  'relation/dm-override-without-version': {
    severity: 'warning',
    summary: 'device_model_override without device_model_version: xl warns.',
  },
  'relation/dm-restrict-qemu-traditional': {
    severity: 'error',
    summary: 'dm_restrict with qemu-xen-traditional: libxl refuses at creation.',
  },
  'relation/hvm-direct-boot-without-kernel': {
    severity: 'error',
    summary: 'HVM with ramdisk/cmdline but no kernel: libxl refuses at creation.',
  },
  'relation/hvm-kernel-qemu-traditional': {
    severity: 'error',
    summary: 'HVM direct kernel boot with qemu-xen-traditional: libxl refuses at creation.',
  },
  'relation/hvmloader-kernel': {
    severity: 'warning',
    summary: 'HVM `kernel` naming hvmloader: xl warns and drops it.',
  },
  'relation/kernel-and-firmware': {
    severity: 'error',
    summary: 'PV/PVH guest with both `kernel` and `firmware`: xl refuses.',
  },
  'relation/max-grant-frames': { severity: 'error', summary: 'max_grant_frames = 0: Xen refuses at creation.' },
  'relation/max-grant-version': { severity: 'error', summary: 'A max_grant_version libxl or Xen refuses at creation.' },
  'relation/maxmem-below-memory': {
    severity: 'warning',
    summary: 'maxmem below memory: documented as invalid, never checked by xl or libxl.',
  },
  'relation/maxvcpus-below-vcpus': {
    severity: 'error',
    summary: 'maxvcpus smaller than vcpus: xl refuses ("maxvcpus < vcpus").',
  },
  'relation/name-missing': { severity: 'error', summary: 'No `name`: xl refuses ("Domain name must be specified").' },
  'relation/nestedhvm-altp2m': { severity: 'error', summary: 'nestedhvm with altp2m: libxl refuses at creation.' },
  'relation/nestedhvm-hap': {
    severity: 'error',
    summary: 'Nested HVM without hardware-assisted paging: Xen refuses at creation.',
  },
  'relation/no-kernel-or-bootloader': {
    severity: 'error',
    summary: 'PV/PVH guest with no kernel, bootloader or pvgrub firmware: xl refuses.',
  },
  'relation/passthrough-disabled': {
    severity: 'error',
    summary: 'passthrough = "disabled" with pci/dtdev devices: libxl refuses at creation.',
  },
  'relation/passthrough-mode': {
    severity: 'error',
    summary: 'A passthrough mode this guest or host cannot have (share_pt without HAP or on PV, sync_pt on Arm).',
  },
  'relation/passthrough-no-iommu': {
    severity: 'error',
    summary: 'Passthrough on a host without an IOMMU: libxl refuses at creation (needs --host-... to decide).',
  },
  'relation/passthrough-pvh': {
    severity: 'error',
    summary: 'PCI passthrough to a PVH guest on x86: libxl refuses at creation.',
  },
  'relation/pod-altp2m': { severity: 'error', summary: 'Populate-on-demand with altp2m: libxl refuses at creation.' },
  'relation/pod-passthrough': {
    severity: 'error',
    summary: 'Populate-on-demand (memory < maxmem) with PCI passthrough: libxl refuses at creation.',
  },
  'relation/pod-vnuma': { severity: 'error', summary: 'Populate-on-demand with vNUMA: libxl refuses at creation.' },
  'relation/pvshim-path-without-pvshim': {
    severity: 'information',
    summary: 'pvshim_path without pvshim = 1: libxl still boots the guest in the shim.',
  },
  'relation/qemu-traditional-removed': {
    severity: 'error',
    summary: 'qemu-xen-traditional in a config for Xen 4.21 or later, which removed it.',
  },
  'relation/qxl-qemu-traditional': {
    severity: 'error',
    summary: 'vga = "qxl" needs qemu-xen: libxl refuses it with qemu-xen-traditional.',
  },
  'relation/soundhw-unknown': {
    severity: 'error',
    summary: 'A soundhw model libxl does not know: it refuses at creation.',
  },
  'relation/spice-incomplete': {
    severity: 'error',
    summary: 'SPICE without a port or without a password (or disable_ticketing): libxl refuses at creation.',
  },
  'relation/spiceusbredirection-without-spice': {
    severity: 'warning',
    summary: 'spiceusbredirection without spice: libxl drops the redirection.',
  },
  'relation/stubdomain-dm-version': {
    severity: 'error',
    summary: 'A stub domain without a device model libxl can find for it: libxl refuses at creation.',
  },
  'relation/stubdomain-not-hvm': {
    severity: 'error',
    summary: 'A device-model stub domain for a PV/PVH guest: libxl refuses (or crashes) at creation.',
  },
  'relation/timer-mode-pv': { severity: 'error', summary: '`timer_mode` on a PV guest: xl refuses.' },
  'relation/trap-unmapped-x86': {
    severity: 'error',
    summary: 'trap_unmapped_accesses=1 on x86 (4.21+): libxl refuses at creation.',
  },
  'relation/tsc-native-paravirt': {
    severity: 'error',
    summary: 'tsc_mode native_paravirt has been removed: libxl refuses it at creation.',
  },
  'relation/usb-conflict': {
    severity: 'error',
    summary: 'usbversion/spiceusbredirection together with usb=1 or usbdevice: libxl refuses at creation.',
  },
  'relation/usbredirection-invalid': {
    severity: 'error',
    summary: 'A spiceusbredirection count libxl does not accept: it refuses at creation.',
  },
  'relation/usbversion-invalid': {
    severity: 'error',
    summary: 'A usbversion libxl does not know: it refuses at creation.',
  },
  'relation/vcpus-max': {
    severity: 'error',
    summary: 'More vCPUs than Xen or libxl allow for this guest type: refused at creation.',
  },
  'relation/videoram-ignored': {
    severity: 'warning',
    summary: 'videoram that the device model ignores for this adapter: libxl warns at creation.',
  },
  'relation/videoram-too-small': {
    severity: 'error',
    summary: 'videoram below what the adapter needs: libxl refuses at creation.',
  },
  'relation/viridian-groups': {
    severity: 'error',
    summary: 'Viridian groups enabled without `base`, or enabled and disabled at once: libxl refuses at creation.',
  },
  'relation/vmtrace': { severity: 'error', summary: 'A vmtrace buffer Xen refuses (size or guest type).' },
  'relation/vnc-display-conflict': {
    severity: 'error',
    summary: 'A display in both vnclisten and vncdisplay: xl refuses.',
  },
  'relation/vnuma-pv': {
    severity: 'error',
    summary: 'vNUMA on a PV guest: libxl refuses at creation ("PV vNUMA is not yet supported").',
  },
  'relation/vpmu-unsupported': { severity: 'error', summary: 'vpmu=1 on a host whose Xen has no vPMU (host fact).' },
  // spec
  'spec/arm-sci': {
    severity: 'error',
    summary: "A problem inside a arm_sci string, per xl's own parser (error when xl refuses the domain).",
  },
  'spec/channel': {
    severity: 'error',
    summary: "A problem inside a channel string, per xl's own parser (error when xl refuses the domain).",
    doc:
      'xl compares `connection` with `pty` and `socket` in lower case only, although xl.cfg(5) lists them ' +
      'in capitals (`PTY`, `SOCKET`). An item it cannot split into `key=value` with a value is refused, an ' +
      'unknown key is warned about and ignored, and an empty spec crashes xl.',
  },
  'spec/color-range': {
    severity: 'error',
    summary: "A problem inside a llc_colors string, per xl's own parser (error when xl refuses the domain).",
  },
  'spec/cpuid': {
    severity: 'error',
    summary: "A problem inside a cpuid string, per xl's own parser (error when xl refuses the domain).",
  },
  'spec/cpulist': {
    severity: 'error',
    summary: "A problem inside a CPU list string, per xl's own parser (error when xl refuses the domain).",
  },
  'spec/disk': {
    severity: 'error',
    summary: "A problem inside a disk string, per xl's own parser (error when xl refuses the domain).",
    doc:
      "The disk string is read by libxlu's own scanner: positional items are target, format, vdev and " +
      'access in that order, so `/img,xvda` makes `xvda` the format and xl refuses it. A path holding `=` ' +
      'has to be the last item, written `target=...`. xl prints `config parsing error in disk ' +
      'specification: ...` for these; `xlcfg dry-run` shows its lines.',
  },
  'spec/iomem-range': {
    severity: 'error',
    summary: "A problem inside a iomem string, per xl's own parser (error when xl refuses the domain).",
  },
  'spec/ioport-range': {
    severity: 'error',
    summary: "A problem inside a ioports string, per xl's own parser (error when xl refuses the domain).",
  },
  'spec/irq-number': {
    severity: 'error',
    summary: "A problem inside a irqs string, per xl's own parser (error when xl refuses the domain).",
  },
  'spec/p9': {
    severity: 'error',
    summary: "A problem inside a 9pfs string, per xl's own parser (error when xl refuses the domain).",
  },
  'spec/pci': {
    severity: 'error',
    summary: "A problem inside a PCI passthrough string, per xl's own parser (error when xl refuses the domain).",
    doc:
      'For any string it cannot parse xl prints `unable to parse PCI_SPEC_STRING` with the whole string ' +
      "(after libxlu's own line for an unknown option or RDM policy) and exits; the message names the part " +
      'at fault. Without `.F` the address is undefined behaviour in libxlu (the offset it adds is never ' +
      'set); the builds checked read the function from the start of the address.',
  },
  'spec/pvcalls': {
    severity: 'error',
    summary: "A problem inside a pvcalls string, per xl's own parser (error when xl refuses the domain).",
  },
  'spec/quota': {
    severity: 'error',
    summary: "A problem inside a xenstore_quota string, per xl's own parser (error when xl refuses the domain).",
  },
  'spec/rdm': {
    severity: 'error',
    summary: "A problem inside a rdm string, per xl's own parser (error when xl refuses the domain).",
    doc:
      "libxlu's parser of the top-level `rdm` string inverts its policy check: a valid `policy=` makes the " +
      'parse fail, and xl then ignores the whole setting without a word. Leave `policy` out and use the ' +
      'per-device `rdm_policy=` or `rdm_mem_boundary` instead.',
  },
  'spec/smbios': {
    severity: 'error',
    summary: "A problem inside a smbios string, per xl's own parser (error when xl refuses the domain).",
  },
  'spec/usbctrl': {
    severity: 'error',
    summary: "A problem inside a usbctrl string, per xl's own parser (error when xl refuses the domain).",
  },
  'spec/usbdev': {
    severity: 'error',
    summary: "A problem inside a usbdev string, per xl's own parser (error when xl refuses the domain).",
  },
  'spec/uuid': {
    severity: 'error',
    summary: "A problem inside a uuid string, per xl's own parser (error when xl refuses the domain).",
  },
  'spec/vdispl': {
    severity: 'error',
    summary: "A problem inside a vdispl string, per xl's own parser (error when xl refuses the domain).",
  },
  'spec/vfb': {
    severity: 'error',
    summary: "A problem inside a vfb string, per xl's own parser (error when xl refuses the domain).",
  },
  'spec/vif': {
    severity: 'error',
    summary: "A problem inside a vif (network) string, per xl's own parser (error when xl refuses the domain).",
    doc:
      "xl reads a rate's replenishment interval without a unit as seconds, although " +
      'xl-network-configuration(5) says microseconds: write `us` or `ms`. A rate, `devid` or `mtu` xl ' +
      'cannot read stops the domain; other mistakes are warned about (`Invalid parameter`, `unrecognized ' +
      'argument`) and skipped.',
  },
  'spec/virtio': {
    severity: 'error',
    summary: "A problem inside a virtio string, per xl's own parser (error when xl refuses the domain).",
  },
  'spec/vkb': {
    severity: 'error',
    summary: "A problem inside a vkb string, per xl's own parser (error when xl refuses the domain).",
  },
  'spec/vnuma': {
    severity: 'error',
    summary: "A problem inside a vnuma vnode string, per xl's own parser (error when xl refuses the domain).",
  },
  'spec/vsnd': {
    severity: 'error',
    summary: "A problem inside a vsnd (virtual sound) card, per xl's own parser (error when xl refuses the domain).",
  },
  'spec/vtpm': {
    severity: 'error',
    summary: "A problem inside a vtpm string, per xl's own parser (error when xl refuses the domain).",
  },
  // force-x2apic
  'force-x2apic/amd': {
    severity: 'warning',
    summary: 'force_x2apic on an AMD host: no architectural way to advertise the locked mode.',
    doc: 'AMD has no IA32_ARCH_CAPABILITIES and no IA32_XAPIC_DISABLE_STATUS equivalent, as the AMD reviewer of the RFC noted, so under either design a guest learns of the lock only by faulting; the `xapic-disable-status` design behaves as `rfc` there. The simulation reads RDMSR 0x10A and 0xBD back as the guest would (both #GP).',
  },
  'force-x2apic/boot': {
    severity: 'warning',
    summary:
      'force_x2apic changes the simulated boot of this guest (a stage without a rule of its own, or an OS with no profile).',
    doc:
      'The boot simulation predicts a different outcome with the flag than without it, at a stage no other rule covers: for example hvmloader of Xen 4.18 and older, which starts APs through the xAPIC ICR and waits for them without a bound, or an OS xlcfg has no profile for (information: the outcome is unknown; name the OS with `# xlcfg: guest-os=`). ' +
      SIM,
  },
  'force-x2apic/cpuid-x2apic-hidden': {
    severity: 'warning',
    summary: 'x2APIC hidden by the cpuid policy while force_x2apic starts every vCPU in x2APIC mode.',
    doc:
      'With `x2apic=0` CPUID.1:ECX[21] is clear, so EXTD is a reserved bit of IA32_APIC_BASE and every write to it faults, even rewriting the current value (`xen/arch/x86/hvm/vlapic.c: guest_wrmsr_apic_base`); a guest that trusts CPUID treats the APIC as xAPIC and drives an MMIO page the vLAPIC does not serve. xl accepts the combination, so this is a warning; it fires when hiding x2APIC changes the simulated boot. ' +
      SIM,
  },
  'force-x2apic/intel-advertise': {
    severity: 'information',
    summary: 'force_x2apic on an Intel (or unknown) host under design rfc: the guest cannot discover the lock.',
    doc: "The spec-compliant way to tell a guest its APIC is locked is IA32_ARCH_CAPABILITIES.XAPIC_DISABLE_STATUS (bit 21, with CPUID.7:EDX[29]) plus MSR 0xBD (IA32_XAPIC_DISABLE_STATUS, LEGACY_XAPIC_DISABLED). The RFC exposes neither: Xen's XAPIC_STATUS feature has no guest visibility in `cpufeatureset.h` and MSR 0xBD is not emulated. Choose the `xapic-disable-status` design (`--design`, `# xlcfg: design=`, `xlcfg.forceX2apic.design`) to see what advertising it would change. With the host vendor unknown, the lock is not advertised because it can only be on Intel.",
  },
  'force-x2apic/netbsd': {
    severity: 'warning',
    summary: 'force_x2apic with a NetBSD guest: reported not to work; cause not established.',
    doc:
      'The RFC author reports that NetBSD does not work as a Xen guest with the flag. Its generic LAPIC code keeps an x2APIC that firmware already enabled, even under Xen (`sys/arch/x86/x86/lapic.c: lapic_setup_bsp` clears its "running under XEN" reason when `lapic_is_x2apic()` holds, then uses MSRs only), and never writes EXTD clear; every access the simulation makes succeeds. NetBSD\'s Xen-specific code (the event-channel upcall path, `sys/arch/xen/xen/hypervisor.c`) was not read, so what fails is not established and the outcome is reported as unknown. ' +
      SIM,
  },
  'force-x2apic/nox2apic': {
    severity: 'warning',
    summary:
      'Linux `nox2apic` (or `nopv` on HVM) makes Linux try to leave x2APIC; under force_x2apic that write faults.',
    doc:
      '`nox2apic` (`arch/x86/kernel/apic/apic.c: setup_nox2apic`) and, on HVM, `nopv` (the Xen `x2apic_available` hook becomes false, so without interrupt remapping `try_to_enable_x2apic` calls `x2apic_disable`) both run `__x2apic_disable`: two IA32_APIC_BASE writes with EXTD clear, which force_x2apic turns into #GP. Linux skips them with an "unchecked MSR access error" warning and then drives an xAPIC MMIO page nobody serves. Under the `xapic-disable-status` design on an Intel host, Linux 6.1+ reads the lock (`x2apic_hw_locked`, commit b8d1d163604b, merged for 6.1) and ignores `nox2apic`; the `nopv` path honours it from 6.11 (commit 0ecc5be200c8), and in 6.1-6.10 its outcome is not established. Older kernels fault under either design. ' +
      SIM,
  },
  'force-x2apic/ovmf': {
    severity: 'warning',
    summary: 'force_x2apic with OVMF: reported to freeze; cause not established.',
    doc:
      'The RFC author reports that OVMF freezes with force_x2apic. Reading OvmfXen, every APIC access goes through the x2APIC-aware `BaseXApicX2ApicLib` (mode taken from IA32_APIC_BASE.EXTD), nothing writes EXTD clear, and `MpInitLib` repairs the LAPIC state hvmloader could not set; the cause of the freeze is not established, and xlcfg does not say where it stops. A debug OvmfXen log would settle it. ' +
      SIM,
  },
  'force-x2apic/pv': {
    severity: 'warning',
    summary: 'force_x2apic on a PV guest: there is no emulated local APIC, the flag does nothing.',
    doc: 'PV guests get no emulation flags (`tools/libs/light/libxl_x86.c: libxl__arch_domain_prepare_config`; `xen/arch/x86/domain.c: emulation_flags_ok`) and x2APIC is hidden from PV CPUID, so there is no local APIC for the flag to act on; interrupts arrive as event channels. Use it with `type = "pvh"` or `"hvm"`, or remove it.',
  },
  'force-x2apic/rombios': {
    severity: 'warning',
    summary: 'force_x2apic with ROMBIOS: no 8259 tick arrives; where the boot stops is not established.',
    doc:
      "As with SeaBIOS, hvmloader's LAPIC set-up is lost in x2APIC mode, so no 8259 interrupt can reach vCPU 0. ROMBIOS, unlike SeaBIOS, does not wait for the tick at its prompt: `interactive_bootkey` checks the keyboard once (`check_for_keystroke`) and boots, and `delay_ticks_and_check_for_keystroke` is never called (`tools/firmware/rombios/rombios.c`). Which later code first waits for a tick that never comes was not traced, so the outcome is reported as unknown. ROMBIOS also needs qemu-xen-traditional, which current xl refuses. " +
      SIM,
  },
  'force-x2apic/seabios': {
    severity: 'warning',
    summary: 'force_x2apic with SeaBIOS (the HVM default): the simulated boot hangs in SeaBIOS.',
    doc:
      'hvmloader programs the BSP local APIC (SVR, LVT0, LVT1) through the xAPIC MMIO page (`tools/firmware/hvmloader/hvmloader.c: apic_setup`); in x2APIC mode the vLAPIC does not claim that page (`xen/arch/x86/hvm/vlapic.c: vlapic_range`), so the APIC stays software-disabled with LINT0 masked. Xen then passes no 8259 interrupt to vCPU 0 (`vlapic_accept_pic_intr`, `__vlapic_accept_pic_intr`): the PIT tick and the keyboard never arrive, and SeaBIOS halts at "Press ESC for boot menu." (`src/boot.c: interactive_bootmenu`, `src/stacks.c: wait_irq`). No #GP is involved. The RFC author reports the hang. ' +
      SIM,
  },
  'force-x2apic/value': {
    severity: 'warning',
    summary: 'force_x2apic is not a plain integer (or uses `+=`): xl ignores it and the flag stays off.',
    doc: 'xl would read the proposed key like `msr_relaxed`, with `xlu_cfg_get_defbool`: an integer, not a word, not a list, and never `+=` ("can\'t use += with numbers"). A value it cannot read makes xl warn and leave the flag off, so every vCPU starts in xAPIC mode as usual.',
  },
  // directive
  'directive/unknown-rule': { severity: 'warning', summary: 'A suppression comment naming an id that does not exist.' },
  'directive/unused': { severity: 'warning', summary: 'A suppression comment that suppresses nothing.' },
  // internal
  'internal/error': { severity: 'information', summary: 'A check crashed on this file; the others still ran.' },
  'internal/too-many-problems': {
    severity: 'information',
    summary: 'The editor shows at most `xlcfg.validate.maxProblems` problems per file; this entry counts the rest.',
  },
} as const satisfies Record<string, RuleMeta>;

export type RuleId = keyof typeof RULE_CATALOGUE;

/** The rule groups, in the order the docs list them (`group/*` in severity overrides). */
export const RULE_GROUPS = [
  'syntax',
  'key',
  'value',
  'xl',
  'relation',
  'spec',
  'force-x2apic',
  'directive',
  'internal',
] as const;

export function isRuleId(s: string): s is RuleId {
  return Object.hasOwn(RULE_CATALOGUE, s);
}
