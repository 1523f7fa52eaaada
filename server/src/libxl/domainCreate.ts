// The libxl stage: a model of what libxl_domain_create_new does with the domain config xl hands it
// (tools/libs/light/libxl_create.c and the files it calls), for one release and architecture. xl's
// dry run (`xl -N create`) stops before this, so nothing here is checked by the xl oracle: every
// step is read from libxl's source of each release and cited.
//
// Steps, in libxl's order: libxl__domain_config_setdefault (create info, passthrough, PoD, the
// build-info defaults, altp2m), libxl__domain_make (the arch's create config, then Xen's own
// checks), libxl__arch_domain_create (Viridian, TSC), the firmware loaded, the device model.
import { altp2mChecks, altp2mMode, createInfoSetdefault, passthroughSetdefault, podChecks } from './configSetdefault';
import { archDomainCreate } from './archDomainCreate';
import { buildInfoSetdefault } from './buildInfoSetdefault';
import { CreateModel } from './createModel';
import type { LibxlCreateResult, LibxlEffective, LibxlRelease } from './createReport';
import { deviceModelAtCreation } from './deviceModel';
import { hvmFirmware } from './domainFirmware';
import { domainMake } from './domainMake';
import type { HostShape } from './physinfo';
import type { LibxlStruct } from './value';

/**
 * What libxl does when asked to create `config` (the libxl domain config xl built): the values it
 * settles on and what it refuses, warns about or silently changes. Host-dependent answers are
 * refusals only when `host` says so; otherwise they are listed in `undecided`.
 */
export function libxlDomainCreate(
  config: LibxlStruct,
  release: LibxlRelease,
  arch: 'x86' | 'arm',
  host: HostShape = {},
): LibxlCreateResult {
  const m = new CreateModel(config, release, arch, host);

  // libxl__domain_config_setdefault
  const type = createInfoSetdefault(m);
  const passthrough = passthroughSetdefault(m, type.value);
  const pod = podChecks(m, type.value, passthrough.value);
  const build = buildInfoSetdefault(m, type.value);
  const altp2m = altp2mMode(m, type.value);
  altp2mChecks(m, type.value, pod.value, altp2m.value, build.nestedHvm.value);

  domainMake(m, { type: type.value, maxVcpus: build.vcpus.max.value, nested: build.nestedHvm.value });
  const viridian = archDomainCreate(m, type.value);

  let hvm: LibxlEffective['hvm'];
  if (build.bType === 'hvm' && build.bios && build.vga && build.videoMemkb) {
    hvm = {
      bios: build.bios,
      ...hvmFirmware(m, build.deviceModel.version.value),
      vga: build.vga,
      videoMemkb: build.videoMemkb,
      viridian: viridian ?? {
        value: [],
        from: 'default',
        field: 'b_info.u.hvm.viridian',
        by: 'libxl_arm.c: libxl__arch_domain_create',
        why: 'Arm has no Viridian',
      },
    };
  }
  const runs = deviceModelAtCreation(m, {
    type: build.bType,
    version: build.deviceModel.version.value,
    stubdomain: build.deviceModel.stubdomain.value,
    usbversion: build.usbversion,
    usbredirection: build.usbredirection,
  });

  // Built field by field in this order (conditional spreads cost more than the rest of this function).
  const effective = { release, arch, type, deviceModel: { ...build.deviceModel, runs } } as LibxlEffective;
  if (hvm) effective.hvm = hvm;
  if (build.pvshim) effective.pvshim = build.pvshim;
  effective.memory = { maxKb: build.memory.maxKb, targetKb: build.memory.targetKb, pod };
  effective.vcpus = build.vcpus;
  effective.acpi = build.acpi;
  effective.passthrough = passthrough;
  effective.altp2m = altp2m;
  effective.nestedHvm = build.nestedHvm;
  effective.tscMode = build.tscMode;
  return { release, arch, accepted: !m.stopped, effective, reports: m.reports, undecided: m.undecided };
}
