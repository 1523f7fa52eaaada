import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type LibxlBitmap, Unknown } from '../../server/src/libxl/value';
import { MEMKB_DEFAULT, parseVnumaConfig, parseVnumaItem, type VnumaInput } from '../../server/src/specs/vnuma';
import { RELEASE_COMMITS } from '../../server/src/libxl/releases';

const HOST = { cpus: 64, nodes: 8 };
const run = (value: VnumaInput['value'], more: Partial<VnumaInput> = {}) =>
  parseVnumaConfig({ value, maxVcpus: 0, maxMemkb: MEMKB_DEFAULT, host: HOST, release: '4.20', ...more });
const printed = (r: ReturnType<typeof run>) => r.reports.flatMap((p) => p.xl?.printed ?? []);

describe('vnuma config', () => {
  it('builds the vnodes, max_vcpus, max_memkb and turns placement off for a pnode', () => {
    const r = run([
      ['pnode=1', 'size=256', 'vcpus=0-1', 'vdistances=10,20'],
      ['size=256', 'vcpus=2', 'vdistances=20,10'],
    ]);
    assert.equal(r.fatal, false);
    assert.equal(r.maxVcpus, 3);
    assert.equal(r.maxMemkb, 512n * 1024n);
    assert.equal(r.numaPlacementOff, true);
    assert.deepEqual(
      r.vnodes.map((n) => [n.memkb, n.distances, n.pnode, (n.vcpus as LibxlBitmap).bits()]),
      [
        [262144n, [10, 20], 1, [0, 1]],
        [262144n, [20, 10], undefined, [2]],
      ],
    );
  });
  it('a string or empty list is not read', () => {
    assert.equal(run('x').read, false);
    assert.equal(run([]).read, false);
  });
  it('refuses with xl lines, in xl order', () => {
    assert.deepEqual(printed(run([['pnode=8']])), ['xl: invalid pnode number: 8']);
    assert.deepEqual(printed(run([['vcpus=0-64']])), [
      'xl: vnuma specifies more vcpus than pcpus, use maxvcpus= to override this check.',
    ]);
    assert.deepEqual(printed(run([['vcpus=0-1']], { maxVcpus: 3 })), ['xl: vnuma vcpus and maxvcpus= mismatch']);
    assert.deepEqual(printed(run([['size=1']], { maxMemkb: 2048n })), ['xl: maxmem and vnuma memory size mismatch']);
    assert.deepEqual(printed(run([['size=1'], 'size=2'])), [
      'warning: value is not a list',
      'xl: cannot get vnode config option list',
    ]);
    assert.deepEqual(printed(run([['size']])), ['xl: failed to split "size" into pair']);
    assert.deepEqual(printed(run([['vdistances=1,x']])), ['xl: failed to convert "x" to number']);
    const r = run([['pnode=0', 'size=x']]);
    assert.deepEqual([r.reports[0].node, r.reports[0].item, r.reports[0].start, r.reports[0].end], [0, 1, 5, 6]);
  });
  it('libxl logs a negative maxvcpus with its own source line, per release', () => {
    const line = (release: string) => printed(run([['vcpus=0']], { maxVcpus: -1, release }))[0];
    assert.equal(
      line('4.17'),
      'libxl: error: libxl_utils.c:809:libxl_cpu_bitmap_alloc: invalid number of cpus provided',
    );
    assert.match(line('4.18'), /libxl_utils\.c:810:/);
    for (const r of ['4.19', '4.20', '4.21', '4.22']) assert.match(line(r), /libxl_utils\.c:812:/);
  });
  it('the logged lines match libxl_utils.c of each release (when the Xen mirror is here)', (t) => {
    const git = process.env.XEN_GIT ?? '/work/.mirror/xen-project+xen/repo';
    if (!existsSync(git)) return t.skip('no Xen mirror');
    for (const { version, commit } of RELEASE_COMMITS) {
      const src = execFileSync('git', ['-C', git, 'show', `${commit}:tools/libs/light/libxl_utils.c`], {
        encoding: 'utf8',
      });
      const n = src.split('\n').findIndex((l) => l.includes('"invalid number of cpus provided"')) + 1;
      assert.match(
        printed(run([['vcpus=0']], { maxVcpus: -1, release: version }))[0],
        new RegExp(`libxl_utils\\.c:${n}:`),
        version,
      );
    }
  });
  it('splits key=value as each release does (4.18: 4bad14a133)', () => {
    const r17 = run([['=x', 'pnode=1==2']], { release: '4.17' });
    assert.deepEqual(printed(r17), ['xl: failed to split "=x" into pair']);
    const r18 = run([['=x', 'pnode=1==2']], { release: '4.18' });
    assert.equal(r18.fatal, false);
    assert.equal(r18.vnodes[0].pnode, 1);
    assert.equal(run([['pnode=2==1']], { release: '4.17' }).vnodes[0].pnode, 2);
  });
  it('vcpus quirks: ignored parse errors, int wrap, crash, hang', () => {
    const r = run([['vcpus=x,3x,5-4,7-,4294967297']]);
    assert.deepEqual((r.vnodes[0].vcpus as LibxlBitmap).bits(), [0, 1, 3]);
    assert.equal(r.maxVcpus, 3);
    assert.ok(r.reports.some((p) => p.severity === 'warning' && !p.xl));
    assert.equal(run([['vcpus= ']]).reports[0].xl?.effect, 'crash');
    assert.equal(run([['vdistances=,']]).reports[0].xl?.effect, 'crash');
    const h = run([['vcpus=-1']]);
    assert.equal(h.reports[0].xl?.effect, 'hang');
    assert.equal(h.fatal, true);
  });
  it('vdistances past the table: harmless inside the malloc slack, a crash beyond', () => {
    const six = run([['vdistances=1,2,3,4,5,6']]);
    assert.equal(six.fatal, false);
    assert.deepEqual(six.vnodes[0].distances, [1]);
    assert.equal(run([['vdistances=1,2,3,4,5,6,7']]).reports.at(-1)?.xl?.effect, 'crash');
  });
  it('without a host: host checks are left open, the vcpus map is Unknown past CPU 7', () => {
    const r = run([['pnode=5', 'vcpus=0-9']], { host: undefined });
    assert.equal(r.fatal, false);
    assert.equal(r.unknowns.length, 2);
    assert.ok(r.vnodes[0].vcpus instanceof Unknown);
    assert.deepEqual((run([['vcpus=0-3']], { host: undefined }).vnodes[0].vcpus as LibxlBitmap).bits(), [0, 1, 2, 3]);
    assert.deepEqual(
      (run([['vcpus=0-9']], { host: undefined, maxVcpus: 10 }).vnodes[0].vcpus as LibxlBitmap).bits().length,
      10,
    );
  });
  it('one item on its own (the spec check)', () => {
    assert.equal(parseVnumaItem('pnode=3', { release: '4.20' }).problems[0].severity, 'hint');
    assert.equal(
      parseVnumaItem('pnode=9', { release: '4.20', host: HOST }).problems[0].xl?.printed[0],
      'xl: invalid pnode number: 9',
    );
    assert.equal(parseVnumaItem('=5', { release: '4.17' }).problems[0].fatal, true);
    assert.equal(parseVnumaItem('=5', { release: '4.22' }).problems[0].severity, 'information');
  });
});
