// The pieces of the xl model's differential test that do not need xl: the generator's coverage and
// syntax, the comparison of one model run with one xl run (given here by hand), key deletion for
// the reads check, and shrinking.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { domainConfigJson } from '../../server/src/libxl/json';
import type { JsonValue } from '../../server/src/libxl/jsonText';
import { parse } from '../../server/src/syntax/parser';
import { KEYS, SPECS, generateXlConfig } from '../differential/xlConfigGen';
import {
  compareRun,
  deletePath,
  jsonDiff,
  valueAt,
  ignoreClaims,
  normalise,
  readsProbes,
  runModel,
  shrink,
  unreadKeys,
  withoutKey,
} from '../differential/xlModelCompare';
import type { XlRun } from '../oracle/xlDryrun';
import { DEFAULT_SEED } from '../fc-seed';

const SEED = DEFAULT_SEED;
const configs = Array.from({ length: 1500 }, (_, i) => generateXlConfig(SEED, i).text);

test('the generator is a pure function of seed and index', () => {
  assert.equal(generateXlConfig(SEED, 7).text, configs[7]);
  assert.notEqual(generateXlConfig(SEED + 1, 7).text, configs[7]);
});

test('generated configs are almost all valid for libxlutil, and most have a name', () => {
  const files = configs.map((t) => parse(t));
  const ok = files.filter((f) => f.ok).length;
  assert.ok(ok >= configs.length * 0.95, `${ok} of ${configs.length} parse`);
  assert.ok(ok < configs.length, 'a small share is broken for the parser');
  const named = files.filter((f) => f.settings.has('name')).length;
  assert.ok(named > configs.length * 0.9 && named < configs.length, `${named} have a name`);
});

test('every key of the table and every sub-language field shows up in 1500 configs', () => {
  const keys = new Set(configs.flatMap((t) => [...parse(t).settings.keys()]));
  assert.deepEqual(
    KEYS.map((k) => k.key).filter((k) => !keys.has(k)),
    [],
  );
  const all = configs.join('\n');
  const missing = Object.entries(SPECS).flatMap(([lang, l]) =>
    l.fields.filter((f) => !all.includes(f.flag ? f.name : `${f.name}=`)).map((f) => `${lang}.${f.name}`),
  );
  assert.deepEqual(missing, []);
});

test('deletePath follows keys that hold dots (union members print as `type.hvm`)', () => {
  const o: JsonValue = { b_info: { 'type.hvm': { ms_vm_genid: [1, 2], bios: 'seabios' } }, c_info: { uuid: 'u' } };
  deletePath(o, 'b_info.type.hvm.ms_vm_genid');
  deletePath(o, 'c_info.uuid');
  deletePath(o, 'no.such.path');
  assert.deepEqual(o, { b_info: { 'type.hvm': { bios: 'seabios' } }, c_info: {} });
});

test('jsonDiff names the paths that differ, a missing side at its key', () => {
  assert.deepEqual(jsonDiff({ a: 1, b: [1, { c: 2 }] }, { a: 1, b: [1, { c: 3 }] }), ['b[1].c']);
  assert.deepEqual(jsonDiff({ a: 1 }, { b: 1 }), ['a', 'b']);
  assert.deepEqual(jsonDiff({ a: [1] }, { a: [1, 2] }), ['a.length']);
  assert.deepEqual(jsonDiff({ a: 10n }, { a: 10n }), []);
});

test('valueAt reads the paths jsonDiff names, through keys that hold dots', () => {
  const o: JsonValue = { b_info: { 'type.hvm': { rdm: { policy: 'strict' } } }, disks: [{ vdev: 'xvda' }] };
  assert.equal(valueAt(o, 'b_info.type.hvm.rdm.policy'), '"strict"');
  assert.equal(valueAt(o, 'disks[0].vdev'), '"xvda"');
  assert.equal(valueAt(o, 'disks.length'), '1');
  assert.equal(valueAt(o, 'disks[1].vdev'), 'absent');
});

test('normalise takes file names, lines and values out of printed lines', () => {
  assert.equal(
    normalise("c12.cfg:3: warning: parameter `acpi' is not a valid number"),
    "F: warning: parameter `…' is not a valid number",
  );
  assert.equal(normalise('Invalid pcpu range: 3-1.'), 'Invalid pcpu range: …');
  assert.equal(normalise('xl: irq 4294967296 too big'), 'xl: irq N too big');
});

test('withoutKey blanks every statement of a key and keeps the file valid and its lines', () => {
  const text = 'name = "a"\ndisk = [ "x",\n  "y" ]; vcpus = 2\ndisk += [ "z" ]\nmemory = 512\n';
  const file = parse(text);
  const out = withoutKey(file, 'disk');
  const again = parse(out);
  assert.ok(again.ok);
  assert.deepEqual([...again.settings.keys()], ['name', 'vcpus', 'memory']);
  assert.equal(out.split('\n').length, text.split('\n').length);
});

/** An xl run made by hand: what xl would print for a file named c0.cfg. */
function fakeXl(rc: number, stderr: string[], config: XlRun['config']): XlRun {
  return { file: 'c0.cfg', rc, stderr, config };
}

test('compareRun: the model and xl agreeing on verdict, warnings and config', () => {
  const text = 'name = "g"\nkernel = "/k"\nacpi = "true"\nmemory = 256\n';
  const run = runModel(Buffer.from(text), '4.17');
  const warning = run.result.reports.find((r) => r.printed.length);
  assert.ok(warning, 'the model reports the word for a boolean');
  const line = `c0.cfg:${warning.printed[0].line}: ${warning.printed[0].text}`;
  const config = domainConfigJson(run.result.config, run.result.release);
  // xl makes up a uuid when the file has none: it is not compared.
  (config.c_info as { [k: string]: JsonValue }).uuid = '5f4e3d2c-0000-0000-0000-000000000000';
  const same = compareRun(run, fakeXl(0, [line], config), 'c0.cfg');
  assert.deepEqual(same, {
    verdict: true,
    warnings: true,
    config: true,
    diagnosed: { agree: 1, total: 1 },
    claims: { agree: 1, total: 1 },
    differences: [],
  });

  const other = structuredClone(config);
  (other.b_info as { [k: string]: JsonValue }).max_memkb = 1;
  const out = compareRun(run, fakeXl(0, [line, 'WARNING: something else'], other), 'c0.cfg');
  assert.equal(out.warnings, false);
  assert.equal(out.config, false);
  assert.deepEqual(
    out.differences.map((d) => d.group),
    [
      'xl prints, model does not: WARNING: something else',
      'config differs under b_info.max_memkb',
      'xl prints, no diagnostic says it: WARNING: something else',
    ],
  );

  const refused = compareRun(run, fakeXl(1, [line, 'Invalid pcpu range: 3-1.'], null), 'c0.cfg');
  assert.equal(refused.verdict, false);
  assert.equal(refused.config, undefined);
  assert.ok(
    refused.differences
      .filter((d) => d.check !== 'diagnosed')
      .every((d) => d.group === 'xl exits, the model goes on: Invalid pcpu range: …'),
  );
});

test('compareRun: the VM generation id xl makes up at random is not compared', () => {
  const run = runModel(Buffer.from('name = "g"\ntype = "hvm"\nms_vm_genid = "generate"\n'), '4.17');
  const config = domainConfigJson(run.result.config, run.result.release);
  const hvm = (config.b_info as { [k: string]: { [k: string]: JsonValue } })['type.hvm'];
  hvm.ms_vm_genid = [95, 54, 19, 31, 181, 13, 220, 210, 60, 242, 211, 237, 92, 62, 84, 61];
  assert.equal(compareRun(run, fakeXl(0, [], config), 'c0.cfg').config, true);
});

test('compareRun: a line the model prints before its exit but xl does not is a difference', () => {
  const run = runModel(Buffer.from('name = "g"\nkernel = "/k"\nacpi = "true"\n'), '4.17');
  const out = compareRun(run, fakeXl(0, [], domainConfigJson(run.result.config, run.result.release)), 'c0.cfg');
  assert.equal(out.warnings, false);
  assert.match(out.differences[0].signature, /^model claims \(value\/boolean\), xl does not print: F: warning/);
});

test('unreadKeys lists the keys of the file that the model never looked up', () => {
  const run = runModel(Buffer.from('name = "g"\nkernel = "/k"\nmemmory = 512\n'), '4.17');
  assert.ok(unreadKeys(run).includes('memmory'));
  assert.ok(!unreadKeys(run).includes('name'));
});

test('shrink keeps only the statements and list items the difference needs', () => {
  const text = 'name = "g"\ntype = "pv"\nvif = [ "bridge=a", "mac=zz", "ip=1" ]\nmemory = 512\n# note\nvcpus = 2\n';
  let batches = 0;
  const still = (texts: string[]): boolean[] => {
    batches++;
    return texts.map((t) => /name/.test(t) && /mac=zz/.test(t));
  };
  const file = parse(shrink(text, still));
  assert.ok(file.ok);
  assert.deepEqual(Object.fromEntries([...file.settings].map(([k, s]) => [k, s.value])), {
    name: 'g',
    vif: ['mac=zz'],
  });
  assert.ok(batches < 10, `${batches} batches`);
});

test('diagnosed: a line xl prints needs a diagnostic saying it, and a refusal an error saying xl refuses', () => {
  const run = runModel(Buffer.from('name = "g"\nkernel = "/k"\nmemory = 256\n'), '4.17');
  const config = domainConfigJson(run.result.config, run.result.release);
  const extra = compareRun(run, fakeXl(0, ['c0.cfg:3: warning: something the model missed'], config), 'c0.cfg');
  assert.deepEqual(extra.diagnosed, { agree: 0, total: 1 });
  assert.equal(
    extra.differences.find((d) => d.check === 'diagnosed')?.group,
    'xl prints, no diagnostic says it: F: warning: something the model missed',
  );
  const refused = compareRun(run, fakeXl(1, [], null), 'c0.cfg');
  assert.deepEqual(refused.diagnosed, { agree: 0, total: 1 });
  assert.ok(refused.differences.some((d) => d.group === 'xl refuses, no error says xl does'));
  // The error that says so counts, on any line: xl names none for "Neither kernel nor bootloader".
  const pv = runModel(Buffer.from('name = "g"\n'), '4.17');
  const said = compareRun(pv, fakeXl(1, ['Neither kernel nor bootloader specified'], null), 'c0.cfg');
  assert.deepEqual(said.diagnosed, { agree: 2, total: 2 });
});

test('claims: a diagnostic that says xl warns or refuses is false when xl does not', () => {
  const run = runModel(Buffer.from('name = "g"\nkernel = "/k"\nacpi = "true"\n'), '4.17');
  const config = domainConfigJson(run.result.config, run.result.release);
  const out = compareRun(run, fakeXl(0, [], config), 'c0.cfg');
  assert.deepEqual(out.claims, { agree: 0, total: 1 });
  assert.match(
    out.differences.find((d) => d.check === 'claims')!.signature,
    /^value\/boolean claims xl warns, but xl does not print: warning: parameter `…' is not a valid number$/,
  );
  const pv = runModel(Buffer.from('name = "g"\n'), '4.17');
  const accepted = compareRun(pv, fakeXl(0, ['Neither kernel nor bootloader specified'], {}), 'c0.cfg');
  assert.deepEqual(accepted.claims, { agree: 0, total: 1 });
  assert.ok(
    accepted.differences.some((d) => d.check === 'claims' && /claims xl refuses, but xl accepts$/.test(d.signature)),
  );
});

test('ignoreClaims: every diagnostic that says xl ignores a key, or a statement of one', () => {
  const text =
    'name = "g"\nkernel = "/k"\nmemmory = 512\nacpi = "true"\nvcpus = 1\nvcpus = 2\nroot = "/dev/xvda1"\n' +
    'cmdline = "ro"\ngic_version = "v3"\ncpu_weight = 256\nbios = "ovmf"\n';
  const run = runModel(Buffer.from(text), '4.17');
  const claims = ignoreClaims(run).map(
    (c) => `${c.rule} ${c.key}${c.statement ? ` line ${c.statement.line + 1}` : ''}`,
  );
  assert.deepEqual(claims.sort(), [
    'key/duplicate vcpus line 5',
    'key/not-for-guest-type bios',
    'key/unknown memmory',
    'relation/cmdline-overrides root',
    'value/boolean acpi',
  ]);
  // An Arm key on x86 "has no effect", but xl stores it: no claim that xl ignores it.
  assert.ok(run.diagnostics!.some((d) => d.code === 'key/not-for-arch'));
  // acpi is read (and ignored with a warning): probed because a diagnostic says xl ignores it.
  const config = domainConfigJson(run.result.config, run.result.release);
  const probes = readsProbes(run, fakeXl(0, [], config)).map((p) => `${p.claim} ${p.key}${p.line ? ` ${p.line}` : ''}`);
  assert.ok(probes.includes('value/boolean acpi'));
  assert.ok(probes.includes('key/duplicate vcpus 5'));
});
