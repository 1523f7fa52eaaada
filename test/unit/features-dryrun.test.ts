// `xlcfg dry-run` / the Effective Domain Config: what xl -N create prints for a file, in its words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkText } from '../../server/src/checks/check';
import { dryRun } from '../../server/src/features/dryRun';
import { defaultOptions } from '../../server/src/options';

test('a file libxlu cannot parse: what xl prints, each line on the syntax error it is about', () => {
  const r = dryRun(checkText('name = "a"\nmemory = -1\n', defaultOptions({ xenVersion: '4.20' })), '/etc/xen/a.cfg');
  assert.equal(r.accepted, false);
  assert.equal(r.config, null);
  const before = r.reports.filter((x) => !x.afterEarlierExit);
  assert.deepEqual(
    before.map((x) => [x.severity, x.rule, x.message]),
    [
      ['error', 'syntax/unquoted-number', "a.cfg:2: config parsing error near `-1': lexical error"],
      [
        'warning',
        'syntax/unquoted-number',
        'warning: Config file looks like it contains Python code.\nwarning:  Arbitrary Python is no longer supported.\n' +
          'warning:  See https://wiki.xen.org/wiki/PythonInXlConfig',
      ],
      ['error', 'syntax/unexpected', 'Failed to parse config: Invalid argument'],
    ],
  );
  assert.deepEqual(before[0].range, { start: { line: 1, character: 9 }, end: { line: 1, character: 11 } });
});

test('a NUL inside quotes: xl aborts in libxlu', () => {
  const r = dryRun(checkText('name = "a\0b"\n', defaultOptions()), 'a.cfg');
  assert.equal(r.accepted, false);
  assert.equal(r.reports[0].effect, 'crash');
  assert.match(r.reports[0].message, /^xl: libxlu_cfg\.c:607: xlu__cfgl_dequote: Assertion/);
});

test('an accepted file: its config and no reports', () => {
  const r = dryRun(checkText('name = "a"\ntype = "pvh"\nkernel = "/k"\nmemory = 512\n', defaultOptions()), 'a.cfg');
  assert.equal(r.accepted, true);
  assert.deepEqual(r.reports, []);
  assert.equal((r.config as { c_info: { name: string } }).c_info.name, 'a');
});
