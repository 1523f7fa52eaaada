// The `# xlcfg` directives are read by one module (domain/directives.ts); the domain view,
// suppressions, hover and completion all use its typed form, and the values a fact accepts come
// from one list.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkText } from '../../server/src/checks/check';
import {
  FACTS,
  factAccepts,
  factDirectives,
  readDirective,
  suppressionComment,
} from '../../server/src/domain/directives';
import { completeAt } from '../../server/src/features/completion';
import { hoverAt } from '../../server/src/features/hover';
import { simulateDocument } from '../../server/src/features/simulation';
import { ARCHES, GUEST_OSES, HOST_VENDORS } from '../../server/src/guest';
import { defaultOptions } from '../../server/src/options';
import { parse } from '../../server/src/syntax/parser';
import { DESIGNS } from '../../server/src/vlapic/design';

/** `|` marks the cursor. */
function at(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}
function hover(marked: string): string {
  const { text, offset } = at(marked);
  const result = checkText(text, defaultOptions());
  return hoverAt(result, offset, () => simulateDocument(result))?.markdown ?? '';
}
function complete(marked: string) {
  const { text, offset } = at(marked);
  const options = defaultOptions();
  return { text, entries: completeAt(checkText(text, options), offset, options) };
}

describe('directives: one reader', () => {
  it('reads facts with the ranges of each name and value, blanks around `=` included', () => {
    const text = '# xlcfg: guest-os = netbsd  host-cpu=amd stray\n';
    const d = readDirective(text.trimEnd(), 0);
    assert.equal(d?.kind, 'facts');
    if (d?.kind !== 'facts') return;
    const words = d.items.map((i) => [
      i.name.text,
      i.value?.text,
      text.slice(i.name.start, i.name.end),
      i.value && text.slice(i.value.start, i.value.end),
    ]);
    assert.deepEqual(words, [
      ['guest-os', 'netbsd', 'guest-os', 'netbsd'],
      ['host-cpu', 'amd', 'host-cpu', 'amd'],
      ['stray', undefined, 'stray', undefined],
    ]);
    // The domain reads only the facts given a value.
    assert.deepEqual(
      factDirectives(parse(text)).map((f) => [f.name, f.value]),
      [
        ['guest-os', 'netbsd'],
        ['host-cpu', 'amd'],
      ],
    );
  });

  it('reads suppressions: scope, ids with ranges, and where the reason begins', () => {
    const text = '# xlcfg-disable-next-line key/unknown, value/*  -- old tool';
    const d = readDirective(text, 100);
    assert.equal(d?.kind, 'suppression');
    if (d?.kind !== 'suppression') return;
    assert.equal(d.scope, 'next-line');
    assert.deepEqual(
      d.ids.map((w) => [w.text, text.slice(w.start - 100, w.end - 100)]),
      [
        ['key/unknown', 'key/unknown'],
        ['value/*', 'value/*'],
      ],
    );
    assert.equal(text.slice(d.reasonStart! - 100), '-- old tool');
    assert.equal(readDirective('# xlcfg-disable', 0)?.kind, 'suppression');
    assert.equal(readDirective('# xlcfg-disabled x', 0), undefined);
    assert.equal(readDirective('# xlcfg is great', 0), undefined);
    // What a quick fix writes reads back as the same directive.
    const written = readDirective(suppressionComment('file', ['syntax/crlf', 'key/*']), 0);
    assert.deepEqual(written?.kind === 'suppression' && [written.scope, written.ids.map((w) => w.text)], [
      'file',
      ['syntax/crlf', 'key/*'],
    ]);
  });

  it('the values a fact accepts are the guest words, the designs, and a Linux release', () => {
    assert.deepEqual(FACTS['guest-os'].values, GUEST_OSES);
    assert.deepEqual(FACTS['host-cpu'].values, HOST_VENDORS);
    assert.deepEqual(FACTS.arch.values, ARCHES);
    assert.deepEqual(FACTS.design.values, DESIGNS);
    assert.ok(factAccepts('linux-version', '5.15.0-91') && !factAccepts('linux-version', 'six'));
    assert.ok(!factAccepts('constructor', 'x'), 'no prototype member is a fact');
  });
});

describe('directives: hover and completion use the same reading', () => {
  it('hover finds the item under the cursor even with blanks around `=`', () => {
    const m = hover('# xlcfg: host-cpu=amd gu|est-os  =  linux\n');
    assert.match(m, /`guest-os` tells xlcfg which operating system/);
    assert.match(m, /Value: `linux`/);
  });

  it('hover on a name written without a value says what to write', () => {
    assert.match(hover('# xlcfg: guest-|os\n'), /No value yet: write `guest-os=` and one of `linux`/);
  });

  it('completion offers every guest OS the domain accepts, and values between `=` and the value', () => {
    assert.deepEqual(
      complete('# xlcfg: guest-os=|\n').entries.map((e) => e.label),
      [...GUEST_OSES],
    );
    const { text, entries } = complete('# xlcfg: host-cpu =| amd\n');
    assert.deepEqual(
      entries.map((e) => e.label),
      ['intel', 'amd'],
    );
    assert.equal(entries[0].replaceStart, entries[0].replaceEnd);
    assert.equal(text.slice(0, entries[0].replaceStart), '# xlcfg: host-cpu =');
  });

  it('the fresh-comment snippet offers the same OS list (without `unknown`)', () => {
    const snippet = complete('#|\n').entries.find((e) => e.label === 'xlcfg: guest-os=')!;
    assert.equal(snippet.insertText, ` xlcfg: guest-os=\${1|${GUEST_OSES.filter((o) => o !== 'unknown').join(',')}|}`);
  });

  it('rule ids already named anywhere in the suppression are not offered again', () => {
    const { entries } = complete('# xlcfg-disable-next-line key/unk|, force-x2apic/pv\nforce_x2apic = 1\n');
    const labels = entries.map((e) => e.label);
    assert.ok(labels.includes('key/unknown'));
    assert.ok(!labels.includes('force-x2apic/pv'), 'named after the cursor');
    assert.deepEqual(complete('# xlcfg-disable key/unknown -- a reason |\n').entries, []);
  });
});
