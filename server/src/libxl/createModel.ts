// The state of one run of the libxl stage: the domain config xl built (read, never changed), what
// libxl settles on so far, and what it has said. Each step of libxl_domain_create_new (one file
// each, in libxl's order) works on this. After the first refusal or crash the steps go on, so
// that later problems are shown too; reports made then are marked afterRefusal.
import { compareVersions } from '../schema/versions';
import type { HostShape } from './physinfo';
import type { LibxlReport, LibxlRelease, Undecided } from './createReport';
import { LibxlBitmap, MEMKB_DEFAULT, Unknown, type LibxlStruct, type LibxlValue } from './value';

export { MEMKB_DEFAULT };

/** The release span of a citation: "4.17-4.22", "4.21-4.22", "4.17-4.20". */
export function releaseSpan(since: LibxlRelease = '4.17', until: LibxlRelease = '4.22'): string {
  return since === until ? since : `${since}-${until}`;
}

type Struct = LibxlStruct;

export class CreateModel {
  readonly reports: LibxlReport[] = [];
  readonly undecided: Undecided[] = [];
  /** The first refusal or crash: where libxl stops. */
  stopped?: LibxlReport;

  /** c_info, b_info and b_info.u of the config xl built (never written). */
  readonly c: Struct;
  readonly b: Struct;
  readonly u: Struct;

  constructor(
    readonly config: Struct,
    readonly release: LibxlRelease,
    readonly arch: 'x86' | 'arm',
    readonly host: HostShape,
  ) {
    this.c = (config.c_info as Struct | undefined) ?? {};
    this.b = (config.b_info as Struct | undefined) ?? {};
    this.u = (this.b.u as Struct | undefined) ?? {};
  }

  atLeast(version: LibxlRelease): boolean {
    return compareVersions(this.release, version) >= 0;
  }

  /** `tools/libs/light/<file>: <fn> (<releases>)`. */
  cite(file: string, fn: string, since?: LibxlRelease, until?: LibxlRelease): string {
    return `tools/libs/light/${file}: ${fn} (${releaseSpan(since, until)})`;
  }

  report(r: Omit<LibxlReport, 'afterRefusal'>): LibxlReport {
    const out: LibxlReport = this.stopped ? { ...r, afterRefusal: true } : r;
    this.reports.push(out);
    if (!this.stopped && (r.effect === 'refusal' || r.effect === 'crash')) this.stopped = out;
    return out;
  }

  refuse(
    rule: string,
    keys: string[],
    printed: string[],
    message: string,
    citation: string,
    by: 'libxl' | 'xen' = 'libxl',
  ): void {
    this.report({ effect: 'refusal', rule, keys, printed, message, citation, by });
  }

  crash(rule: string, keys: string[], printed: string[], message: string, citation: string): void {
    this.report({ effect: 'crash', rule, keys, printed, message, citation, by: 'libxl' });
  }

  warn(rule: string, keys: string[], printed: string[], message: string, citation: string): void {
    this.report({ effect: 'warning', rule, keys, printed, message, citation, by: 'libxl' });
  }

  silent(rule: string, keys: string[], message: string, citation: string): void {
    this.report({ effect: 'silent', rule, keys, printed: [], message, citation, by: 'libxl' });
  }

  undecide(u: Undecided): void {
    this.undecided.push(u);
  }

  /** Xen's domain-create hypercall fails; libxl logs it with errno EINVAL. */
  xenRefuses(rule: string, keys: string[], message: string, citation: string): void {
    this.refuse(
      rule,
      keys,
      ['domain creation fail: Invalid argument', 'cannot make domain: -3'],
      message,
      citation,
      'xen',
    );
  }
}

/** A defbool or bool field: undefined when unset (or Unknown). */
export function flag(s: Struct, field: string): boolean | undefined {
  const v = s[field];
  return typeof v === 'boolean' ? v : undefined;
}

export function text(s: Struct, field: string): string | undefined {
  const v = s[field];
  return typeof v === 'string' ? v : undefined;
}

export function int(s: Struct, field: string): number | undefined {
  const v = s[field];
  return typeof v === 'number' ? v : undefined;
}

/** A uint64 (MemKB) field; unset reads as LIBXL_MEMKB_DEFAULT like libxl's initial value. */
export function memkb(s: Struct, field: string): bigint {
  const v = s[field];
  return typeof v === 'bigint' ? v : MEMKB_DEFAULT;
}

export function struct(s: Struct, field: string): Struct {
  const v = s[field];
  return v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof LibxlBitmap) && !(v instanceof Unknown)
    ? (v as Struct)
    : {};
}

/** The elements of an Array(T, "num_x") field (devices, vnuma_nodes...). */
export function items(s: Struct, field: string): Struct[] {
  const v = s[field] as LibxlValue | undefined;
  return Array.isArray(v) ? (v as Struct[]) : [];
}

export function bitmap(s: Struct, field: string): LibxlBitmap | undefined {
  const v = s[field];
  return v instanceof LibxlBitmap ? v : undefined;
}

/** An enum field by libxl's lower-case name; `init` when unset (the IDL's initial value). */
export function enumOf(s: Struct, field: string, init: string): string {
  const v = s[field];
  return typeof v === 'string' ? v : init;
}
