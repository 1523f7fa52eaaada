import { test } from 'node:test';
import assert from 'node:assert/strict';
import { didYouMean, editDistance } from '../../server/src/schema/suggest';
import { KEY_NAMES } from '../../server/src/schema/catalogue';
import {
  LATEST_XEN,
  XEN_VERSIONS,
  compareVersions,
  isKnownVersion,
  parseVersion,
} from '../../server/src/schema/versions';

test('edit distance counts adjacent swaps as one edit', () => {
  assert.equal(editDistance('vpcus', 'vcpus'), 1);
  assert.equal(editDistance('memmory', 'memory'), 1);
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('ca', 'abc'), 3, 'OSA, not unrestricted Damerau');
});

test('didYouMean over the key catalogue', () => {
  assert.equal(didYouMean('memmory', KEY_NAMES), 'memory');
  assert.equal(didYouMean('vpcus', KEY_NAMES), 'vcpus');
  assert.equal(didYouMean('on_crsh', KEY_NAMES), 'on_crash');
  assert.equal(didYouMean('maxmen', KEY_NAMES), 'maxmem');
  assert.equal(didYouMean('Memory', KEY_NAMES), 'memory');
  assert.equal(didYouMean('foo', KEY_NAMES), undefined);
  assert.equal(didYouMean('memory', KEY_NAMES), undefined, 'an exact name is not a typo');
  assert.equal(didYouMean('completely_unrelated_words', KEY_NAMES), undefined);
});

test('versions', () => {
  assert.equal(LATEST_XEN, '4.22');
  assert.equal(XEN_VERSIONS[0], '4.0');
  assert.equal(XEN_VERSIONS.at(-1), '4.22');
  assert.equal(XEN_VERSIONS.length, 23);
  assert.ok(compareVersions('4.9', '4.10') < 0);
  assert.ok(compareVersions('4.22', '4.3') > 0);
  assert.equal(compareVersions('4.17.3', '4.17'), 0);
  assert.ok(compareVersions('proposed', '4.22') > 0);
  assert.deepEqual(parseVersion('RELEASE-4.22.0'), { major: 4, minor: 22 });
  assert.equal(parseVersion('four'), undefined);
  assert.ok(isKnownVersion('4.13'));
  assert.ok(isKnownVersion('4.17.3'));
  assert.ok(!isKnownVersion('4.23'));
  assert.ok(!isKnownVersion('3.4'));
});

test('compareVersions orders plain and decorated versions alike', () => {
  const vs = [
    '4.0',
    '4.9',
    '4.10',
    '4.17',
    '4.17.3',
    'RELEASE-4.18.0',
    ' v4.19 ',
    '4.22',
    '5.1',
    '10.0',
    '4.100',
    'proposed',
    'x.y',
  ];
  const sign = (n: number) => Math.sign(n);
  for (const a of vs) {
    for (const b of vs) {
      const pa = parseVersion(a);
      const pb = parseVersion(b);
      const expected =
        pa && pb
          ? sign(pa.major - pb.major || pa.minor - pb.minor)
          : !pa && !pb
            ? sign(a < b ? -1 : a > b ? 1 : 0)
            : pa
              ? -1
              : 1;
      assert.equal(sign(compareVersions(a, b)), expected, `${a} vs ${b}`);
    }
  }
});
