// The first check of a process pays for compiling every function it runs (V8 compiles a function
// the first time it is called) and for the tables made on first use: 15-20 ms on a quiet machine,
// 30-50 ms in a busy editor, all of it between opening the first config and its diagnostics. The
// server is idle just after it starts (in VS Code it starts while the editor still prepares the
// extension's activation), so it checks a representative config then, and throws the result away.
import { checkText } from '../checks/check';
import { defaultOptions } from '../options';
import { toLspDiagnostic } from './convert';

/**
 * An HVM guest with the usual devices and a few mistakes, so that the paths a typical config takes
 * (the xl and libxl stages, every spec language, the unknown-key suggestion, the force_x2apic
 * simulation) and the diagnostics' conversion are all compiled.
 */
export const WARM_UP_SAMPLE = `# HVM guest
name = "warm-up"
type = "hvm"
memory = 4096
maxmem = 8192
vcpus = 4
cpus = "2-7"
firmware = "uefi"
boot = "c"
disk = [ 'format=raw, vdev=xvda, access=rw, target=/dev/vg0/root',
         '/srv/images/tools.qcow2,qcow2,xvdb,ro',
         'format=raw, vdev=hdc, access=ro, devtype=cdrom, target=/srv/iso/install.iso' ]
vif = [ 'mac=00:16:3e:12:34:56, bridge=xenbr0, model=e1000' ]
pci = [ '0000:03:00.0,permissive=1' ]
on_crash = "coredump-restart"
vnc = 1
serial = "pty"
usbdevice = [ "tablet" ]
viridian = [ "defaults" ]
acpi = "true"
memmory = 2048
force_x2apic = 1
cpuid = [ "host,tm=0,sse3=0" ]
vnuma = [ [ "pnode=0", "size=2048", "vcpus=0-1", "vdistances=10,20" ],
          [ "pnode=1", "size=2048", "vcpus=2-3", "vdistances=20,10" ] ]
`;

/** Checks WARM_UP_SAMPLE and converts its diagnostics; returns how many there were (tests read it). */
export function warmUp(): number {
  const result = checkText(WARM_UP_SAMPLE, defaultOptions({ hostCpu: 'intel' }));
  const uri = 'file:///warm-up.cfg';
  return result.diagnostics.map((d, index) => toLspDiagnostic(d, { xlcfg: { version: 0, index } }, uri)).length;
}
