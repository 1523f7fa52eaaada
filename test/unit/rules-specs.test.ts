import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { check, covered, none, one, only } from './helpers';
import { RULES } from '../../server/src/checks/registry';

const HVM = 'name = "g"\ntype = "hvm"\n';

describe('spec/* rules', () => {
  it('disk: error inside the string', () => {
    const text = HVM + 'disk = [ "/img,xvda" ]\n';
    const d = one(text, 'spec/disk');
    assert.equal(d.severity, 'error');
    assert.equal(covered(text, d), 'xvda');
    assert.deepEqual(d.range, { start: { line: 2, character: 15 }, end: { line: 2, character: 19 } });
    none(HVM + 'disk = [ "/img,,xvda", "format=raw,vdev=xvdb,target=/b" ]\n', 'spec/disk');
  });
  it('maps offsets through escapes', () => {
    const text = HVM + 'disk = [ "/a\\\\b,xvda" ]\n';
    const d = one(text, 'spec/disk');
    assert.equal(covered(text, d), 'xvda');
  });
  it('each list item is checked, including items joined by +=', () => {
    const text = HVM + 'disk = [ "/a,,xvda" ]\ndisk += [ "/b,xvdb" ]\n';
    const d = one(text, 'spec/disk');
    assert.equal(covered(text, d), 'xvdb');
  });
  it('a device list written as a string: warning, not error', () => {
    const d = one(HVM + 'disk = "/img,xvda"\n', 'spec/disk');
    assert.equal(d.severity, 'warning');
    assert.match(d.message, /^Once in a list: xl refuses this disk/);
  });
  it('vif, pci, cpulist and uuid are refused', () => {
    const text = HVM + 'vif = [ "rate=10M/s" ]\npci = [ "01:00.0,foo=1" ]\ncpus = "0-3,x"\nuuid = "abc"\n';
    const ds = check(text);
    for (const [code, span] of [
      ['spec/vif', '10M/s'],
      ['spec/pci', 'foo'],
      ['spec/cpulist', 'x'],
      ['value/uuid', '"abc"'],
    ]) {
      const d = only(ds, code);
      assert.equal(d.length, 1, code);
      assert.equal(d[0].severity, 'error');
      assert.equal(covered(text, d[0]), span, code);
    }
  });
  it('cpuid problems keep their (non-fatal) severity, both forms share spec/cpuid', () => {
    assert.equal(one(HVM + 'cpuid = "host,bogus=1"\n', 'spec/cpuid').severity, 'warning');
    assert.equal(one(HVM + 'cpuid = [ "1:ecx=xxxx" ]\n', 'spec/cpuid').severity, 'warning');
    none(HVM + 'cpuid = "host,x2apic=0"\n', 'spec/cpuid');
  });
  it('vnuma inner strings are checked', () => {
    const text = HVM + 'vnuma = [ [ "size" ] ]\n';
    const d = one(text, 'spec/vnuma');
    assert.equal(d.severity, 'error');
    assert.equal(covered(text, d), 'size');
  });
  it('keys xl does not read for the guest are not parsed', () =>
    none('name = "g"\nkernel = "/k"\nsmbios = [ "bogus" ]\n', 'spec/smbios'));
  it('every spec id is registered', () => {
    const ids = new Set<string>(RULES.map((r) => r.id));
    for (const id of [
      'spec/disk',
      'spec/vif',
      'spec/pci',
      'spec/cpulist',
      'spec/cpuid',
      'spec/vnuma',
      'spec/uuid',
      'spec/rdm',
    ])
      assert.ok(ids.has(id), id);
  });
});
