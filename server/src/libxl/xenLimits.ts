// Numbers libxl and Xen hold a new domain to, and the defaults libxl fills in, each from where it
// is defined. They are the same in every release xlcfg models (4.17 ... 4.22) unless said.

/** xen/include/public/hvm/hvm_info_table.h: HVM_MAX_VCPUS, the most vCPUs of an HVM or PVH domain
 *  (xen/arch/x86/domain.c: arch_sanitise_domain_config). libxl also compares the byte size of
 *  avail_vcpus with it (libxl_create.c: libxl__domain_build_info_setdefault). */
export const HVM_MAX_VCPUS = 128;

/** xen/arch/x86/include/asm/config.h: MAX_VIRT_CPUS = GDT_LDT_MBYTES << (20 - GDT_LDT_VCPU_VA_SHIFT)
 *  = 1024 << 3: the most vCPUs of an x86 PV domain. */
export const X86_PV_MAX_VCPUS = 8192;

/** xen/arch/arm/include/asm/config.h: MAX_VIRT_CPUS on arm64; xen/arch/arm/vgic.c: vgic_max_vcpus
 *  gives 8 for a GICv2 and 4096 for a GICv3 (xen/arch/arm/domain.c: arch_sanitise_domain_config). */
export const ARM_MAX_VCPUS = 128;
export const ARM_GICV2_MAX_VCPUS = 8;

/** xen/include/public/domctl.h: XEN_DOMCTL_GRANT_version_mask. */
export const GRANT_VERSION_MASK = 0xf;

/** xen/common/grant_table.c: GNTTAB_MAX_VERSION (2; arm's asm/grant_table.h says 1), the most a
 *  domain may ask for unless Xen's `gnttab=max-ver:1` lowers it. */
export const GNTTAB_MAX_VERSION: Readonly<Record<'x86' | 'arm', number>> = { x86: 2, arm: 1 };

/** xen/arch/{x86,arm}/include/asm/grant_table.h: INITIAL_NR_GRANT_FRAMES. */
export const INITIAL_NR_GRANT_FRAMES = 1;

/** tools/libs/light/libxl_internal.h: PVSHIM_BASENAME, PVSHIM_CMDLINE, LIBXL_LINUX_STUBDOM_MEM. */
export const PVSHIM_BASENAME = 'xen-shim';
export const PVSHIM_CMDLINE = 'pv-shim console=xen,pv';
export const LINUX_STUBDOM_MEM_MIB = 128;
/** libxl_create.c: libxl__domain_build_info_setdefault: a MiniOS (qemu-xen-traditional) stub domain. */
export const MINIOS_STUBDOM_MEM_MIB = 28;

/** libxl_create.c: libxl__domain_build_info_setdefault: the stub domain images in XENFIRMWAREDIR. */
export const STUBDOM_IMAGES = {
  qemu_xen: { kernel: 'qemu-stubdom-linux-kernel', ramdisk: 'qemu-stubdom-linux-rootfs' },
  qemu_xen_traditional: { kernel: 'ioemu-stubdom.gz', ramdisk: undefined },
} as const;

export type VgaKind = 'cirrus' | 'std' | 'qxl' | 'none';

/**
 * Video RAM by adapter and device model (libxl_create.c: libxl__domain_build_info_setdefault):
 * the default, and the least accepted (MiB). qemu-xen-traditional has no qxl, and keeps its Cirrus
 * at exactly 4 MiB whatever is asked (it warns). `min` absent: no lower bound is checked.
 */
export const VIDEO_RAM: Readonly<
  Record<'qemu_xen' | 'qemu_xen_traditional', Readonly<Record<VgaKind, { def: number; min?: number } | undefined>>>
> = {
  qemu_xen: {
    none: { def: 0 },
    qxl: { def: 128, min: 128 },
    std: { def: 16, min: 16 },
    cirrus: { def: 8, min: 8 },
  },
  qemu_xen_traditional: {
    none: { def: 0 },
    qxl: undefined,
    std: { def: 8, min: 8 },
    cirrus: { def: 4 },
  },
};

/** tools/libs/light/libxl_types_internal.idl: libxl__qemu_soundhw (the same in 4.17 ... 4.22). */
export const QEMU_SOUNDHW = ['ac97', 'adlib', 'cs4231a', 'es1370', 'gus', 'hda', 'sb16'] as const;

/** libxl_x86.c: hvm_set_viridian_features: the groups `viridian = 1` ("defaults") enables. */
export const VIRIDIAN_DEFAULT_GROUPS = [
  'base',
  'freq',
  'time_ref_count',
  'apic_assist',
  'crash_ctl',
  'no_vp_limit',
  'cpu_hotplug',
] as const;
