// Names accepted by libxl_cpuid_parse_config (tools/libs/light/libxl_cpuid.c).
// Feature names come from xen/include/public/arch-x86/cpufeatureset.h,
// lowercased with '_' turned into '-'. The upstream list grows with every
// Xen release, so this is a reasonable subset, not the full truth.

/** Legacy names from the cpuid_flags table, with their width in bits. */
export const CPUID_LEGACY: Record<string, number> = {
  maxleaf: 32, stepping: 4, model: 4, family: 4, brandid: 8, clflush: 8, proccount: 8, localapicid: 8,
  est: 1, cntxid: 1, cmpxchg16: 1, sse4_1: 1, 'sse4.1': 1, sse4_2: 1, 'sse4.2': 1, aes: 1, cmpxchg8: 1,
  sysenter: 1, psn: 1, clfsh: 1, tm: 1, ia64: 1, arat: 1, tsc_adjust: 1, cmt: 1, lahfsahf: 1, cmplegacy: 1,
  altmovcr8: 1, nodeid: 4, perfctr_core: 1, perfctr_nb: 1, procpkg: 6, invtsc: 1, ppin: 1, nc: 8,
  apicidsize: 4, svm_npt: 1, svm_lbrv: 1, svm_nrips: 1, svm_tscrate: 1, svm_vmcbclean: 1, svm_decode: 1,
  svm_pausefilt: 1, 'lfence+': 1, maxhvleaf: 8,
};

/** Features backed by MSR_ARCH_CAPABILITIES: only a single 0/1/x/k/s is accepted. */
export const CPUID_MSR_FEATURES: readonly string[] = [
  'rdcl-no', 'eibrs', 'rsba', 'skip-l1dfl', 'intel-ssb-no', 'mds-no', 'if-pschange-mc-no', 'tsx-ctrl',
  'taa-no', 'mcu-ctrl', 'misc-package-ctrl', 'energy-filtering', 'doitm', 'sbdr-ssdp-no', 'fbsdp-no',
  'psdp-no', 'mcu-enumeration', 'fb-clear', 'fb-clear-ctrl', 'rrsba', 'bhi-no', 'xapic-status',
  'ovrclk-status', 'pbrsb-no', 'gds-ctrl', 'gds-no', 'rfds-no', 'rfds-clear', 'ign-umonitor',
  'mon-umon-mitg', 'pbopt-ctrl', 'its-no',
];

/** Where a few well-known feature bits live: leaf, register, bit. */
export const CPUID_BITS: Record<string, { leaf: number; reg: 'eax' | 'ebx' | 'ecx' | 'edx'; bit: number }> = {
  x2apic: { leaf: 1, reg: 'ecx', bit: 21 },
  apic: { leaf: 1, reg: 'edx', bit: 9 },
  'tsc-deadline': { leaf: 1, reg: 'ecx', bit: 24 },
  hypervisor: { leaf: 1, reg: 'ecx', bit: 31 },
  vmx: { leaf: 1, reg: 'ecx', bit: 5 },
  aes: { leaf: 1, reg: 'ecx', bit: 25 },
  avx: { leaf: 1, reg: 'ecx', bit: 28 },
  xsave: { leaf: 1, reg: 'ecx', bit: 26 },
  pcid: { leaf: 1, reg: 'ecx', bit: 17 },
  svm: { leaf: 0x80000001, reg: 'ecx', bit: 2 },
  'lahf-lm': { leaf: 0x80000001, reg: 'ecx', bit: 0 },
  nx: { leaf: 0x80000001, reg: 'edx', bit: 20 },
};

export const CPUID_FEATURES: readonly string[] = [
  // leaf 1 edx / ecx
  'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca', 'cmov',
  'pat', 'pse36', 'clflush', 'ds', 'acpi', 'mmx', 'fxsr', 'sse', 'sse2', 'ss', 'htt', 'tm1', 'pbe',
  'sse3', 'pclmulqdq', 'dtes64', 'monitor', 'ds-cpl', 'vmx', 'smx', 'eist', 'tm2', 'ssse3', 'fma', 'cx16',
  'xtpr', 'pdcm', 'pcid', 'dca', 'sse4-1', 'sse4-2', 'x2apic', 'movbe', 'popcnt', 'tsc-deadline', 'aesni',
  'xsave', 'osxsave', 'avx', 'f16c', 'rdrand', 'hypervisor',
  // 0x80000001
  'syscall', 'nx', 'mmxext', 'ffxsr', 'page1gb', 'rdtscp', 'lm', '3dnowext', '3dnow',
  'lahf-lm', 'cmp-legacy', 'svm', 'extapic', 'cr8-legacy', 'abm', 'sse4a', 'misalignsse', '3dnowprefetch',
  'osvw', 'ibs', 'xop', 'skinit', 'wdt', 'lwp', 'fma4', 'nodeid-msr', 'tbm', 'topoext', 'perfctr-core',
  'perfctr-nb', 'dbext', 'monitorx', 'addr-msk-ext',
  // leaf 7.0 ebx / ecx / edx
  'fsgsbase', 'tsc-adjust', 'sgx', 'bmi1', 'hle', 'avx2', 'fdp-excp-only', 'smep', 'bmi2', 'erms', 'invpcid',
  'rtm', 'pqm', 'no-fpu-sel', 'mpx', 'pqe', 'avx512f', 'avx512dq', 'rdseed', 'adx', 'smap', 'avx512-ifma',
  'clflushopt', 'clwb', 'proc-trace', 'avx512pf', 'avx512er', 'avx512cd', 'sha', 'avx512bw', 'avx512vl',
  'prefetchwt1', 'avx512-vbmi', 'umip', 'pku', 'ospke', 'waitpkg', 'avx512-vbmi2', 'cet-ss', 'gfni', 'vaes',
  'vpclmulqdq', 'avx512-vnni', 'avx512-bitalg', 'avx512-vpopcntdq', 'rdpid', 'cldemote', 'movdiri',
  'movdir64b', 'enqcmd', 'sgx-lc', 'pks',
  'avx512-4vnniw', 'avx512-4fmaps', 'fsrm', 'avx512-vp2intersect', 'srbds-ctrl', 'md-clear',
  'rtm-always-abort', 'tsx-force-abort', 'serialize', 'hybrid', 'tsxldtrk', 'pconfig', 'arch-lbr', 'cet-ibt',
  'amx-bf16', 'avx512-fp16', 'amx-tile', 'amx-int8', 'ibrsb', 'stibp', 'l1d-flush', 'arch-caps', 'core-caps',
  'ssbd',
  // leaf 0xd.1
  'xsaveopt', 'xsavec', 'xgetbv1', 'xsaves',
  // 0x80000008 ebx
  'clzero', 'rstr-fp-err-ptrs', 'wbnoinvd', 'ibpb', 'ibrs', 'amd-stibp', 'ibrs-always', 'stibp-always',
  'ibrs-fast', 'ibrs-same-mode', 'no-lmsl', 'ppin', 'amd-ssbd', 'virt-ssbd', 'ssb-no', 'psfd', 'btc-no',
  'ibpb-ret',
  // leaf 7.1 eax / edx, 7.2 edx
  'sha512', 'sm3', 'sm4', 'avx-vnni', 'avx512-bf16', 'fzrm', 'fsrs', 'fsrcs', 'wrmsrns', 'avx-ifma', 'lkgs',
  'nmi-src', 'avx-vnni-int8', 'avx-ne-convert', 'avx-vnni-int16', 'prefetchi', 'cet-sss',
  'intel-psfd', 'ipred-ctrl', 'rrsba-ctrl', 'ddp-ctrl', 'bhi-ctrl', 'mcdt-no', 'uc-lock-dis',
  // 0x80000021 eax
  'lfence-dispatch', 'verw-clear', 'nscb', 'auto-ibrs', 'sbpb', 'ibpb-brtype', 'srso-no', 'srso-us-no',
  'srso-msr-fix', 'no-nested-data-bp', 'null-sel-clr-base', 'cpuid-user-dis', 'tsa-sq-no', 'tsa-l1-no',
  ...CPUID_MSR_FEATURES,
];
