// The xl stage: a model of tools/xl/xl_parse.c: parse_config_data for one Xen release. It reads a
// parsed config the way xl does, builds the libxl domain config xl would hand to libxl (the JSON
// `xl -N create` prints) and records everything xl prints or does on the way. It reads in
// xl_parse.c's order, one section a file.
import type { HostShape } from '../libxl/physinfo';
import type { LibxlStruct } from '../libxl/value';
import type { ConfigFile } from '../syntax/tree';
import { applyGlobalAffinityMasks, crashOnUninitialisedAffinity } from './affinity';
import { readArmKeys, readLateKeys } from './archInfo';
import { readBootInfo } from './bootInfo';
import { readBuildInfo } from './buildInfo';
import { readCpuid } from './cpuid';
import { readCreateInfo } from './createInfo';
import { readDeviceModel } from './deviceModel';
import { readDevices, readVirtios, readVkbs } from './devices';
import { readHvmInfo } from './hvmInfo';
import { XlModel } from './model';
import { readPassthrough } from './passthrough';
import { readPlatform } from './platform';
import { readPvBoot } from './pvBoot';
import { modelledRelease } from './release';
import type { XlReport } from './report';
import { readShutdownActions } from './shutdownActions';
import { refuseUnreadable } from './unreadable';
import type { SpecUse } from './specItems';

export interface XlInput {
  /** The Xen version the user targets ("4.20", "4.13", ...). */
  xenVersion: string;
  /** The architecture of the xl binary (x86 unless the user says Arm). */
  arch: 'x86' | 'arm';
  host: HostShape;
  /** Read unmerged proposed options (force_x2apic) as if they had landed. */
  proposed: boolean;
  /** libxlu's error lines kept for a file it cannot read (checks/cap.ts problemBudget); the rest are counted. */
  keep?: number;
}

export interface XlResult {
  /** The release whose xl was modelled ("4.17" ... "4.22"). */
  release: string;
  /** The target version asked for. */
  target: string;
  /** xl would create the domain: no refusal, no crash, and the file parses. */
  accepted: boolean;
  /** The libxl domain config xl builds (meaningful when accepted). */
  config: LibxlStruct;
  /** Everything xl prints or does, in order; reports after the first exit are marked afterExit. */
  reports: XlReport[];
  /** The keys of the file xl looked up. A key in the file but not here is one xl never reads. */
  reads: ReadonlySet<string>;
  /** Paths of values xl generates at random (left out of the config). */
  generated: string[];
  /** Options of unmerged proposals, when read. */
  proposed: { force_x2apic?: boolean };
  /** Every string xl handed to a sub-language parser, with the parse. */
  specUses: SpecUse[];
}

export function parseConfigData(file: ConfigFile, input: XlInput): XlResult {
  const { release, target } = modelledRelease(input.xenVersion);
  const m = new XlModel(file, release, input.host, target);
  // xlu_cfg_readdata failed: libxlu's lines and xl's exit (the syntax rules explain each
  // problem). The model still reads what parsed, so later problems are shown too, all marked as
  // after the exit.
  if (!file.ok) refuseUnreadable(m, input.keep);
  readCreateInfo(m, input.arch);
  readBuildInfo(m);
  readShutdownActions(m);
  readPassthrough(m);
  readBootInfo(m);
  if (m.b.type === 'hvm') readHvmInfo(m);
  else readPvBoot(m);
  readPlatform(m);
  readDevices(m);
  readCpuid(m);
  readDeviceModel(m);
  readArmKeys(m);
  readVkbs(m);
  readVirtios(m);
  readLateKeys(m, input.proposed);
  m.flush();
  // create_domain, before the dry run prints: uninitialised affinity maps, the global masks.
  crashOnUninitialisedAffinity(m);
  applyGlobalAffinityMasks(m);
  return {
    release,
    target,
    accepted: !m.exit,
    config: m.d,
    reports: m.reports,
    reads: m.xlu.reads,
    generated: m.generated,
    proposed: m.proposed,
    specUses: m.specUses,
  };
}
