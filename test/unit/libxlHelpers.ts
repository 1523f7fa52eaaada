// Helpers for the libxl stage tests: build the libxl domain config with the xl model (as xl would
// hand it to libxl), run the libxl model on it, and pick reports.
import assert from 'node:assert/strict';
import {
  LIBXL_RELEASES,
  type LibxlCreateResult,
  type LibxlRelease,
  type LibxlReport,
} from '../../server/src/libxl/createReport';
import { libxlDomainCreate } from '../../server/src/libxl/domainCreate';
import type { HostShape } from '../../server/src/libxl/physinfo';
import type { LibxlStruct } from '../../server/src/libxl/value';
import { parse } from '../../server/src/syntax/parser';
import { parseConfigData } from '../../server/src/xl/parseConfigData';

export const ALL: readonly LibxlRelease[] = LIBXL_RELEASES;
export const UP_TO_420: readonly LibxlRelease[] = ['4.17', '4.18', '4.19', '4.20'];
export const FROM_421: readonly LibxlRelease[] = ['4.21', '4.22'];

export const HVM = 'name = "g"\ntype = "hvm"\n';
export const PVH = 'name = "g"\ntype = "pvh"\nkernel = "/k"\n';
export const PV = 'name = "g"\nkernel = "/k"\n';

/** The libxl domain config xl builds from `text`; the text must be one xl accepts. */
export function xlConfig(text: string, release: LibxlRelease = '4.20', arch: 'x86' | 'arm' = 'x86'): LibxlStruct {
  const r = parseConfigData(parse(text), { xenVersion: release, arch, host: {}, proposed: false });
  assert.ok(
    r.accepted,
    `xl refuses the test config: ${r.reports
      .filter((x) => x.effect !== 'warning')
      .map((x) => x.message)
      .join('; ')}`,
  );
  return r.config;
}

export function create(
  text: string,
  release: LibxlRelease = '4.20',
  arch: 'x86' | 'arm' = 'x86',
  host: HostShape = {},
): LibxlCreateResult {
  return libxlDomainCreate(xlConfig(text, release, arch), release, arch, host);
}

/** The config xl builds, changed by `edit` (for fields xl's model does not fill yet, or cannot). */
export function createWith(
  text: string,
  edit: (d: LibxlStruct, b: LibxlStruct, u: LibxlStruct) => void,
  release: LibxlRelease = '4.20',
  arch: 'x86' | 'arm' = 'x86',
  host: HostShape = {},
): LibxlCreateResult {
  const d = xlConfig(text, release, arch);
  const b = d.b_info as LibxlStruct;
  b.u ??= {};
  edit(d, b, b.u as LibxlStruct);
  return libxlDomainCreate(d, release, arch, host);
}

export function reportsOf(r: LibxlCreateResult, rule: string): LibxlReport[] {
  return r.reports.filter((x) => x.rule === rule);
}

/** Exactly one report under `rule`; returns it. */
export function one(r: LibxlCreateResult, rule: string): LibxlReport {
  const got = reportsOf(r, rule);
  assert.equal(
    got.length,
    1,
    `expected one ${rule}, got ${JSON.stringify(r.reports.map((x) => `${x.rule}: ${x.message}`))}`,
  );
  return got[0];
}

export function none(r: LibxlCreateResult, rule: string): void {
  assert.deepEqual(
    reportsOf(r, rule).map((x) => x.message),
    [],
    `expected no ${rule}`,
  );
}

/** The single report, a refusal that comes first. */
export function refusal(r: LibxlCreateResult, rule: string): LibxlReport {
  const x = one(r, rule);
  assert.equal(x.effect, 'refusal', `${rule} is a ${x.effect}`);
  assert.equal(r.accepted, false);
  return x;
}
