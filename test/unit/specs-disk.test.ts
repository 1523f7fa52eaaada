import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SPEC_LANGUAGES, specFor, type SpecParse } from '../../server/src/specs/index';
import { parseDisk } from '../../server/src/specs/disk';

const sum = (p: SpecParse, k: string) => p.summary.find(([l]) => l === k)?.[1];
const fatal = (p: SpecParse) => p.problems.filter((x) => x.fatal);

describe('disk-spec', () => {
  it('accepts the common forms', () => {
    for (const s of [
      '/img,,xvda',
      '/img,raw,xvda',
      '/img,qcow2,xvda,r',
      'format=raw,vdev=xvda,access=rw,target=/img',
      'phy:/dev/sda,xvda,w',
      'tap:aio:/img,xvda,w',
      'file:/img,hda,w',
      ',hdc:cdrom,r',
      'vdev=hdc,devtype=cdrom',
      '/img,,xvda,,discard',
      'vdev=xvda,target=/a,b',
      'backendtype=qdisk,vdev=xvda,target=/x',
      ' /img, ,xvda',
      'grant_usage=1,vdev=xvda,target=/x',
      'raw:/img,xvda',
      '/img,,xvda,',
      'cdrom,vdev=hdc',
    ]) {
      const p = parseDisk(s);
      assert.deepEqual(fatal(p), [], s + ' ' + JSON.stringify(p.problems));
    }
  });
  it('"/img,xvda" fails with a hint to /img,,xvda', () => {
    const p = parseDisk('/img,xvda');
    assert.equal(p.problems.length, 1);
    const e = p.problems[0];
    assert.equal(e.start, 5);
    assert.equal(e.end, 9);
    assert.equal(e.fatal, true);
    assert.equal(e.severity, 'error');
    assert.match(e.message, /unknown format `xvda` \(the format is 2nd: `\/img,,xvda`\)/);
    assert.match(e.message, /\/img,,xvda/);
  });
  it('target= swallows the rest, commas included', () => {
    const p = parseDisk('vdev=xvda,target=/a,b,c');
    assert.equal(sum(p, 'target'), '/a,b,c');
    const f = p.fields.find((x) => x.name === 'target')!;
    assert.deepEqual([f.start, f.end, f.valueStart, f.value], [10, 23, 17, '/a,b,c']);
    // so anything after it is part of the path, and vdev must come first
    const q = parseDisk('target=/img,vdev=xvda');
    assert.equal(sum(q, 'target'), '/img,vdev=xvda');
    assert.match(fatal(q)[0].message, /no vdev/);
  });
  it('legacy prefixes', () => {
    const p = parseDisk('phy:/dev/sda,xvda,w');
    assert.equal(sum(p, 'target'), '/dev/sda');
    assert.equal(sum(p, 'vdev'), 'xvda');
    assert.equal(sum(p, 'access'), 'rw');
    assert.equal(
      p.problems.every((x) => !x.fatal),
      true,
    );
    assert.equal(sum(parseDisk('qcow2:/i,xvda'), 'format'), 'qcow2');
    assert.equal(sum(parseDisk('nbd:host:1234,xvda'), 'script'), 'block-nbd');
    const u = parseDisk('foo:/x,xvda');
    assert.deepEqual([u.problems[0].start, u.problems[0].end, u.problems[0].fatal], [0, 4, true]);
    assert.match(u.problems[0].message, /unknown deprecated disk prefix/);
  });
  it('old empty CD-ROM form', () => {
    const p = parseDisk(',hdc:cdrom,r');
    assert.deepEqual(fatal(p), []);
    assert.equal(sum(p, 'vdev'), 'hdc');
    assert.equal(sum(p, 'format'), 'empty');
    assert.match(sum(p, 'devtype')!, /cdrom/);
  });
  it('reports each documented error at its place', () => {
    const cases: Array<[string, number, number, RegExp]> = [
      ['/img,raw,xvda,rw,extra', 17, 22, /too many positional/],
      ['/img,raw,xvda,x', 14, 15, /unknown value for access/],
      ['/img,vmdk,xvda', 5, 9, /unknown format `vmdk`/],
      ['vdev=xvda,foo=bar,target=/x', 10, 17, /unknown parameter `foo`/],
      ['vdev=xvda,devtype=floppy,target=/x', 18, 24, /unknown value for type/],
      ['vdev=xvda,backendtype=xyz,target=/x', 22, 25, /backendtype/],
      ['vdev=xvda,colo-port=0,target=/x', 20, 21, /colo-port/],
      ['/img,,xvda,vdev=xvdb', 16, 20, /vdev given twice/],
      // libxlu gives up at `=` and quotes the rest of the line
      ['/a/b=c,,xvda', 4, 12, /bad disk syntax near `=c,,xvda`/],
      ['/img', 0, 4, /no vdev specified/],
      ['vdev=xvda', 0, 9, /no target specified/],
      // `grant_usage` is no `[a-z][-a-z0-9]*` key: it is the target, then `=` is bad syntax
      ['grant_usage=2,vdev=xvda,target=/x', 11, 33, /bad disk syntax near `=2,vdev/],
      ['/img,,hdc:tape', 10, 14, /unknown deprecated type/],
    ];
    for (const [s, a, b, re] of cases) {
      const p = parseDisk(s);
      const e = fatal(p)[0];
      assert.ok(e, s);
      assert.match(e.message, re, s);
      assert.deepEqual([e.start, e.end], [a, b], s + ': ' + e.message);
      assert.equal(e.severity, 'error');
    }
  });
  it('builds the libxl_device_disk xl builds', () => {
    assert.deepEqual(parseDisk('/dev/sda,raw,xvda,rw').device, {
      readwrite: 1,
      pdev_path: '/dev/sda',
      format: 'raw',
      vdev: 'xvda',
    });
    assert.deepEqual(parseDisk(',,hdc:cdrom').device, {
      readwrite: 0,
      pdev_path: '',
      format: 'empty',
      vdev: 'hdc',
      is_cdrom: 1,
      removable: 1,
    });
    assert.deepEqual(parseDisk('vdev=xvda,backendtype=qdisk,discard,target=/x').device, {
      readwrite: 1,
      vdev: 'xvda',
      backend: 'qdisk',
      discard_enable: true,
      pdev_path: '/x',
      format: 'raw',
    });
    // backendtype and specification are compared case-sensitively by libxlu
    assert.equal(parseDisk('vdev=xvda,backendtype=QDISK,target=/x').problems[0].fatal, true);
  });
  it('follows the scanner of each release: trusted and grant_usage from 4.19', () => {
    const ctx = (release: string) => ({ release });
    for (const r of ['4.17', '4.18']) {
      const p = parseDisk('/dev/sda,raw,xvda,untrusted', ctx(r));
      assert.match(fatal(p)[0].message, /unknown value for access `untrusted`/, r);
      assert.equal(
        parseDisk('/dev/sda,raw,xvda,rw,trusted', ctx(r)).problems.find((x) => x.fatal)?.xl?.printed[0],
        "config parsing error in disk specification: too many positional parameters: near `trusted' in `/dev/sda,raw,xvda,rw,trusted'",
      );
      assert.deepEqual(parseDisk('/x,raw,xvda,grant_usage=1', ctx(r)).problems.filter((x) => x.xl).length, 2, r);
    }
    for (const r of ['4.19', '4.20', '4.21', '4.22']) {
      assert.deepEqual(fatal(parseDisk('/dev/sda,raw,xvda,untrusted', ctx(r))), [], r);
      assert.equal((parseDisk('/dev/sda,raw,xvda,untrusted', ctx(r)).device as { trusted: boolean }).trusted, false);
      assert.equal(
        (parseDisk('/x,raw,xvda,grant_usage=1', ctx(r)).device as { grant_usage: boolean }).grant_usage,
        true,
      );
    }
  });
  it('prints what libxlu prints, every error of a spec', () => {
    const p = parseDisk('/a,,xvda,format=qcow,access=zz', { release: '4.20' });
    assert.deepEqual(
      p.problems.map((x) => x.xl?.printed),
      [
        [
          "config parsing error in disk specification: format respecified: near `qcow' in `/a,,xvda,format=qcow,access=zz'",
        ],
        [
          "config parsing error in disk specification: unknown value for access: near `zz' in `/a,,xvda,format=qcow,access=zz'",
        ],
      ],
    );
    // `=` then a line break: flex has no rule and exits
    assert.deepEqual(parseDisk('/a,raw,xvda,=\nx').problems[0].xl, {
      effect: 'refusal',
      printed: ['flex scanner jammed'],
    });
    // `=` at the very end is never reported: the scanner meets the end of input first
    assert.match(fatal(parseDisk('foo='))[0].xl!.printed[0], /no vdev specified/);
  });
  it('summary fills in defaults', () => {
    const p = parseDisk('/img,,xvda');
    assert.equal(sum(p, 'format'), 'raw');
    assert.equal(sum(p, 'access'), 'rw (default)');
    assert.match(sum(p, 'backendtype')!, /phy/);
    assert.match(sum(p, 'script')!, /block/);
    assert.match(sum(parseDisk('vdev=xvda,target=/x,'), 'format')!, /raw \(default\)/);
    assert.match(sum(parseDisk('sda1,,xvda'), 'target')!, /\/dev\/sda1/);
  });
  it('fields carry offsets and positional flags', () => {
    const p = parseDisk('/img,raw,xvda,r');
    assert.deepEqual(
      p.fields.map((f) => [f.name, f.value, f.start, f.end, f.positional]),
      [
        ['target', '/img', 0, 5, true],
        ['format', 'raw', 5, 9, true],
        ['vdev', 'xvda', 9, 14, true],
        ['access', 'r', 14, 15, true],
      ],
    );
  });
  it('is registered', () => {
    assert.equal(specFor('disk-spec'), SPEC_LANGUAGES['disk-spec']);
    assert.equal(specFor('nope'), undefined);
    assert.equal(specFor('constructor'), undefined);
  });
});

// ------------------------------------------------------------------ properties
function checkParse(p: SpecParse, text: string): void {
  for (const x of p.problems) {
    assert.ok(x.start >= 0 && x.start <= x.end && x.end <= text.length, JSON.stringify(x));
    assert.equal(typeof x.message, 'string');
  }
  for (const f of p.fields) {
    assert.ok(f.start >= 0 && f.start <= f.end && f.end <= text.length, JSON.stringify(f));
    assert.ok(f.valueStart >= f.start && f.valueStart <= f.end, JSON.stringify(f));
  }
}

describe('all spec parsers: robustness', () => {
  const alphabet = fc.constantFrom(
    ',',
    '=',
    ':',
    '.',
    '-',
    '^',
    '@',
    '/',
    ' ',
    '\t',
    '\n',
    '\0',
    '\ud800',
    'x',
    'a',
    '0',
    '1',
    '7',
    'f',
    'host',
    'node:',
    'all',
    'target=',
    'vdev=',
    'phy:',
    'rate=',
    'mac=',
    'Mb/s',
    'bdf=',
    'ecx=',
    'policy=',
    'strategy=',
    'connection=',
    'backend=',
    'x2apic',
    'cdrom',
    'name=',
    'type=',
    'uuid=',
    ';',
    'x',
    '0x1f',
    '*',
    's',
  );
  const inputs = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 80 }),
    fc.array(alphabet, { maxLength: 40 }).map((a) => a.join('')),
  );
  for (const [syntax, lang] of Object.entries(SPEC_LANGUAGES)) {
    it(`${syntax} never throws and keeps offsets in range`, () => {
      fc.assert(
        fc.property(inputs, (s) => {
          const p = lang.parse(s);
          assert.equal(p.syntax, syntax);
          checkParse(p, s);
        }),
        { numRuns: 300 },
      );
    });
  }
  // How long they take, and that the time grows linearly, is measured by the bench (bench/scaling.ts).
  it('never throw and keep offsets in range on huge inputs', () => {
    const big = [
      ','.repeat(60000),
      'a'.repeat(60000),
      '0-99999,'.repeat(6000),
      'x=1,'.repeat(15000),
      '='.repeat(40000),
      ' '.repeat(40000) + '1',
      '1:' + 'eax='.repeat(10000),
      'host,' + 'x2apic=0,'.repeat(8000),
      '0'.repeat(40000),
      '\ud800'.repeat(20000),
    ];
    for (const s of big) {
      for (const [syntax, lang] of Object.entries(SPEC_LANGUAGES)) {
        const p = lang.parse(s);
        assert.equal(p.syntax, syntax);
        checkParse(p, s);
      }
    }
  });
});
