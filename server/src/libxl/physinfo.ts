// The shape of the Xen host, as far as xl asks libxl about it while parsing a config
// (libxl_get_physinfo, libxl_get_online_cpus, libxl_node_to_cpumap): how many CPUs and NUMA
// nodes. The machine running xlcfg is rarely the Xen host, so nothing is guessed: without a shape
// the answers that depend on it are Unknown (`--host-cpus N --host-nodes N`, settings, xlcfg.json).
export interface HostShape {
  /** Physical CPUs (max_cpu_id + 1, all online). */
  cpus?: number;
  /** NUMA nodes; CPUs are spread evenly, node n holding a contiguous block. */
  nodes?: number;
}

/** The CPUs of NUMA node `node`, or undefined when the shape is not known. */
export function cpusOfNode(host: HostShape, node: number): number[] | undefined {
  if (host.cpus === undefined || host.nodes === undefined || host.nodes < 1) return undefined;
  const per = Math.floor(host.cpus / host.nodes);
  if (node < 0 || node >= host.nodes) return [];
  return Array.from({ length: per }, (_, i) => node * per + i);
}
