// The shape of the Xen host, as far as xl asks libxl about it while parsing a config
// (libxl_get_physinfo, libxl_get_online_cpus, libxl_node_to_cpumap): how many CPUs and NUMA
// nodes. The machine running xlcfg is rarely the Xen host, so nothing is guessed: without a shape
// the answers that depend on it are Unknown (`--host-cpus N --host-nodes N`, settings, xlcfg.json).
export interface HostShape {
  /** Physical CPUs (max_cpu_id + 1, all online). */
  cpus?: number;
  /** NUMA nodes; CPUs are spread evenly, node n holding a contiguous block. */
  nodes?: number;
  // What libxl asks the host when it creates the domain (libxl_physinfo). Unset: not known, and
  // nothing that rests on it is called a refusal.
  /** An IOMMU Xen uses for passthrough (physinfo cap_hvm_directio). */
  iommu?: boolean;
  /** Hardware-assisted paging (cap_hap); libxl's default for `hap` on HVM/PVH. */
  hap?: boolean;
  /** The IOMMU can share the HAP page tables (cap_iommu_hap_pt_share). */
  iommuHapPtShare?: boolean;
  /** Xen offers a virtual PMU (cap_vpmu). */
  vpmu?: boolean;
  /** x86: Xen offers altp2m (booted with `altp2m=1`); checked at creation from 4.21. */
  altp2m?: boolean;
  /** Arm: the GIC version the host has, which `gic_version = "default"` gets ("v2" or "v3"). */
  gic?: 'v2' | 'v3';
}

/** The CPUs of NUMA node `node`, or undefined when the shape is not known. */
export function cpusOfNode(host: HostShape, node: number): number[] | undefined {
  if (host.cpus === undefined || host.nodes === undefined || host.nodes < 1) return undefined;
  const per = Math.floor(host.cpus / host.nodes);
  if (node < 0 || node >= host.nodes) return [];
  return Array.from({ length: per }, (_, i) => node * per + i);
}
