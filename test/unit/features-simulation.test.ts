// The simulation view's verdict on creation: what xl and libxl do, not what the diagnostics show.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkText } from '../../server/src/checks/check';
import { refusalsOf, simulateDocument } from '../../server/src/features/simulation';
import { defaultOptions } from '../../server/src/options';

test("xl's words as it prints them: libxlu's warning at the same place, with the file name of a URI", () => {
  const r = checkText('name = "x"\ntype = "hvm"\nsmbios = "a"\n', defaultOptions());
  const [x, ...rest] = refusalsOf(r, 'file:///etc/xen/my%20vm.cfg');
  assert.equal(rest.length, 0);
  assert.equal(x.rule, 'value/list-expected');
  assert.deepEqual(x.printed, [
    "my vm.cfg:3: warning: parameter `smbios' is a single value but should be a list",
    'xl: Unable to parse smbios options.',
  ]);
  assert.deepEqual(x.range, { start: { line: 2, character: 9 }, end: { line: 2, character: 12 } });
});

test('the refusal that stops creation leads; those xl would reach only after it are marked', () => {
  const r = checkText('name="x"\nchannel = [""]\n', defaultOptions());
  const refusals = refusalsOf(r, 'x.cfg');
  const order = refusals.map((x) => [x.rule, x.afterEarlierExit ?? false]);
  assert.deepEqual(order, [
    ['relation/no-kernel-or-bootloader', false],
    ['spec/channel', true],
  ]);
});

test('turning the rules off does not create the domain', () => {
  const text = 'name = "r"\ntype = "hvm"\nvcpus = 4\nmaxvcpus = 2\n';
  const quiet = checkText(text, defaultOptions({ rules: { 'relation/*': 'off' } }));
  assert.ok(!quiet.diagnostics.some((d) => d.code === 'relation/maxvcpus-below-vcpus'));
  const view = simulateDocument(quiet);
  assert.equal(view.created, false);
  assert.equal(view.refusals[0].rule, 'relation/maxvcpus-below-vcpus');
});

test('an accepted config is created, with no refusals', () => {
  const view = simulateDocument(checkText('name = "a"\ntype = "hvm"\nforce_x2apic = 1\n', defaultOptions()));
  assert.equal(view.created, true);
  assert.deepEqual(view.refusals, []);
});

test("a file libxlu cannot parse: its lines in its words, on the syntax errors, then xl's exit", () => {
  const r = checkText('name = "a"\nmemory = -1\n', defaultOptions());
  const refusals = refusalsOf(r, 'x.cfg');
  assert.deepEqual(
    refusals.slice(0, 2).map((x) => [x.rule, x.printed]),
    [
      [
        'syntax/unquoted-number',
        [
          "x.cfg:2: config parsing error near `-1': lexical error",
          'warning: Config file looks like it contains Python code.',
          'warning:  Arbitrary Python is no longer supported.',
          'warning:  See https://wiki.xen.org/wiki/PythonInXlConfig',
        ],
      ],
      ['syntax/unexpected', ['Failed to parse config: Invalid argument']],
    ],
  );
  assert.ok(refusals.slice(2).every((x) => x.afterEarlierExit));
  assert.deepEqual(refusals[0].range, { start: { line: 1, character: 9 }, end: { line: 1, character: 11 } });
  assert.equal(simulateDocument(r).created, false);
});
