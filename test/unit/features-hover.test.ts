import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkText } from '../../server/src/checks/check';
import { hoverAt } from '../../server/src/features/hover';
import { simulateDocument } from '../../server/src/features/simulation';
import { simulationMarkdown } from '../../server/src/features/simulationMarkdown';
import { defaultOptions, type XlcfgOptions } from '../../server/src/options';
import { KEYS } from '../../server/src/schema/catalogue';

/** Markdown with its backslash escapes removed, to match on the text a reader sees. */
const plain = (m: string) => m.replace(/\\([!-/:-@[-`{-~])/g, '$1');

/** `|` in the text marks the cursor. */
function hover(marked: string, overrides: Partial<XlcfgOptions> = {}) {
  const offset = marked.indexOf('|');
  assert.ok(offset >= 0, 'no cursor marker');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const result = checkText(text, defaultOptions(overrides));
  let simulated = 0;
  const h = hoverAt(result, offset, () => {
    simulated++;
    return simulateDocument(result);
  });
  return { h, simulated, text };
}

const md = (marked: string, overrides: Partial<XlcfgOptions> = {}) => {
  const { h } = hover(marked, overrides);
  assert.ok(h, `no hover for ${marked}`);
  return h.markdown;
};

/** No link, no HTML tag, no raw control character outside code spans. */
function assertSafe(markdown: string) {
  const outside = markdown.replace(/(`+)[\s\S]*?\1/g, '');
  assert.ok(!/\]\(command:|<command:/i.test(outside), `command link in ${outside}`);
  assert.ok(!/(^|[^\\])<[a-z!/]/i.test(outside), `raw HTML in ${outside}`);
  assert.ok(!/(^|[^\\])\[[^\]]*\]\((?!https:)/.test(outside), 'non-https link');
  assert.ok(!/[\u0000-\u0009\u000b-\u001f\u007f]/.test(markdown), 'control character');
}

describe('hover: words accepted up to a release', () => {
  it('qemu-xen-traditional is known up to Xen 4.20 and refused after', () => {
    const text = 'name = "x"\ntype = "hvm"\ndevice_model_version = "qemu-xen-tr|aditional"\n';
    assert.match(md(text, { xenVersion: '4.20' }), /one of the values xl knows/);
    assert.match(md(text, { xenVersion: '4.21' }), /is not one of `qemu-xen` in Xen 4\.21/);
    const key = md('name = "x"\ntype = "hvm"\ndevice_model_v|ersion = "qemu-xen"\n');
    assert.match(key, /`qemu-xen`, `qemu-xen-traditional` \(up to Xen 4\.20\)/);
  });
});

describe('hover: keys', () => {
  it('force_x2apic shows the doc and the vCPU table with 0xfee00d00 for vCPU 0', () => {
    const text = 'type = "hvm"\nvcpus = 4\nforce_x|2apic = 1\n';
    const { h, simulated } = hover(text, { enableProposed: true });
    assert.ok(h);
    assert.equal(simulated, 1);
    assert.match(h.markdown, /\| vCPU \| IA32_APIC_BASE \| mode \| APIC ID \| LDR \|/);
    assert.match(h.markdown, /\| 0 \| `0xfee00d00` \| x2APIC/);
    assert.match(h.markdown, /\| 3 \| `0xfee00c00` \| x2APIC \| 6 \|/);
    assert.match(h.markdown, /Predicted boot/);
    assert.match(h.markdown, /firmware: seabios \(libxl/);
    assert.match(h.markdown, /not in any released Xen/);
    assertSafe(h.markdown);
  });
  it('PVH force_x2apic also shows 0xfee00d00 for vCPU 0', () => {
    assert.match(md('type = "pvh"\nforce_x2apic| = 1\n', { enableProposed: true }), /\| 0 \| `0xfee00d00` \|/);
  });
  it('PV says there is no emulated local APIC (where the simulation is shown)', () => {
    assert.match(md('vcp|us = 2\n', { hoverSimulation: 'always' }), /no emulated local APIC/);
  });
  it('the simulation is not computed for keys that do not need it', () => {
    const { h, simulated } = hover('mem|ory = 512\n');
    assert.ok(h);
    assert.equal(simulated, 0);
    assert.match(h.markdown, /MiB/);
    assert.match(h.markdown, /\]\(https:\/\/xenbits\.xen\.org\/docs\/unstable\/man\/xl\.cfg\.5\.html#memory/);
    assert.equal(h.start, 0);
    assert.equal(h.end, 6);
  });
  it('a deprecated key says what replaces it', () => {
    assert.match(md('buil|der = "hvm"\n'), /Deprecated.*`type`/);
  });
  it('an unknown key is ignored silently, with a suggestion', () => {
    const m = md('memm|ory = 512\n');
    assert.match(m, /ignores it silently/);
    assert.match(m, /Did you mean `memory`/);
  });
  it('an overridden assignment says so', () => {
    assert.match(md('mem|ory = 512\nmemory = 1024\n'), /set again on line 2/);
  });
  it('enum values are capped at 12', () => {
    const m = md('on_cr|ash = "destroy"\n');
    assert.match(m, /Allowed/);
  });
});

describe('hover: the simulation where force_x2apic is set', () => {
  it('an ordinary key stays about the key: no simulation without force_x2apic', () => {
    for (const text of ['type = "hvm"\nvcp|us = 4\n', 'ty|pe = "hvm"\n', 'type = "hvm"\nbi|os = "seabios"\n']) {
      const { h, simulated } = hover(text);
      assert.ok(h);
      assert.equal(simulated, 0, text);
      assert.ok(!/IA32_APIC_BASE|Predicted boot/.test(h.markdown), text);
    }
  });
  it('with force_x2apic set, the keys that change the boot end with the simulation', () => {
    const { h, simulated } = hover('type = "hvm"\nvcp|us = 4\nforce_x2apic = 1\n', { enableProposed: true });
    assert.equal(simulated, 1);
    const m = h!.markdown;
    assert.ok(m.indexOf('`vcpus`') < m.indexOf('IA32_APIC_BASE'), 'the key first, then the simulation');
    assert.equal(
      hover('type = "hvm"\nna|me = "x"\nforce_x2apic = 1\n', { enableProposed: true }).simulated,
      0,
      'name does not change the boot',
    );
  });
  it('xlcfg.hover.simulation: always shows it without force_x2apic, never hides it even on force_x2apic', () => {
    assert.equal(hover('type = "hvm"\nvcp|us = 4\n', { hoverSimulation: 'always' }).simulated, 1);
    assert.equal(hover('type = "hvm"\nna|me = "x"\n', { hoverSimulation: 'always' }).simulated, 0);
    const never = hover('type = "hvm"\nforce_x|2apic = 1\n', { enableProposed: true, hoverSimulation: 'never' });
    assert.equal(never.simulated, 0);
    assert.match(never.h!.markdown, /Rules that fired/);
    assert.match(never.h!.markdown, /`force_x2apic`:/);
  });
  it('on force_x2apic: the simulation first, then the rules that fired (one short line each), then the docs', () => {
    const m = md('type = "hvm"\nvcpus = 4\nforce_x|2apic = 1\n', { enableProposed: true });
    const table = m.indexOf('| vCPU |');
    const rules = m.indexOf('**Rules that fired:**');
    const doc = m.indexOf('`force_x2apic`:');
    assert.ok(table >= 0 && rules > table && doc > rules, `order: table ${table}, rules ${rules}, doc ${doc}`);
    const rows = m
      .slice(rules, doc)
      .split('\n')
      .filter((l) => l.startsWith('- '));
    assert.ok(rows.some((l) => l.includes('`force-x2apic/seabios`')));
    for (const l of rows) assert.ok(l.length <= 200, `long rule line: ${l}`);
  });
});

describe('hover: compact key docs', () => {
  it('vif groups its COLO options into one linked line', () => {
    const m = md('vi|f = [ "bridge=xenbr0" ]\n');
    assert.match(m, /\[COLO\]\(https:\/\/github\.com\/xen-project\/xen\/blob\/RELEASE-4\.22\.0\/docs\/README\.colo\)/);
    assert.equal((m.match(/colo_sock/g) ?? []).length, 0);
    assert.ok(m.length < 2500, `vif hover is ${m.length} characters`);
  });
  it('every key hover stays short', () => {
    for (const k of KEYS) {
      const m = md(`${k.name}| = 1\n`, { hoverSimulation: 'never' });
      assert.ok(m.length < 3000, `${k.name}: ${m.length} characters`);
    }
  });
  it('names no xl reads say what they are', () => {
    assert.match(plain(md('vsc|si = [ "x" ]\n')), /belongs to xend \(xm\)/);
    assert.match(plain(md('pv|h = 1\n')), /read by xl from Xen 4\.4 to 4\.9.*Write `type = "pvh"` instead/);
    assert.match(md('x2apic_o|nly = 1\n'), /Did you mean `force_x2apic`/);
  });
});

describe('hover: what xl stores', () => {
  it('the fields of the domain config the value sets, from the xl model', () => {
    const base = 'name = "g"\ntype = "hvm"\n';
    assert.match(
      md(`${base}memory = 5|12\n`),
      /xl stores\*\* `b_info\.max_memkb = 524288`, `b_info\.target_memkb = 524288`/,
    );
    assert.match(md(`${base}memory = 512\nmaxmem = 10|24\n`), /xl stores\*\* `b_info\.max_memkb = 1048576`\./);
    assert.match(md(`${base}vcpus = |2\n`), /`b_info\.max_vcpus = 2`, `b_info\.avail_vcpus = \[0,1\]`/);
    assert.match(md('name = "g"\ntype = "h|vm"\n'), /xl stores\*\* `c_info\.type = "hvm"`\./);
  });
  it('a value equal to what xl does without it, and a refused file', () => {
    assert.match(md('name = "g"\ntype = "hvm"\nvcpus = |1\n'), /Leaving `vcpus` out gives the same domain config/);
    assert.match(
      md('name = "g"\nmemory = 5|12\n'),
      /xl would store\*\* `b_info\.max_memkb = 524288`.*once the problems that make it refuse this file are fixed/,
    );
  });
  it('not for an overridden assignment, nor for a proposed key', () => {
    assert.ok(!/xl stores/.test(md('name = "g"\ntype = "hvm"\nmemory = 5|12\nmemory = 1024\n')));
    assert.ok(!/xl stores|Leaving/.test(md('name = "g"\ntype = "hvm"\nforce_x2apic = |1\n', { enableProposed: true })));
  });
});

describe('hover: values', () => {
  it('type prefix', () => assert.match(md('type = "|h"\n'), /reads this as `hvm`/));
  it('octal number', () => assert.match(md('vcpus = 0|10\n'), /8 \(octal/));
  it('hex number', () => assert.match(md('memory = 0x1|0\n'), /16 \(hexadecimal\)/));
  it('a unit suffix is not a number', () => assert.match(md('memory = "51|2M"\n'), /not a number.*default applies/s));
  it('booleans', () => {
    assert.match(md('acpi = |1\n'), /\*\*true\*\*/);
    assert.match(md('acpi = |0\n'), /\*\*false\*\*/);
    assert.match(md('acpi = "ye|s"\n'), /not a number/);
  });
  it('firmware meaning', () => {
    assert.match(md('type = "hvm"\nfirmware = "u|ef"\n'), /UEFI/);
    assert.match(md('type = "pvh"\nfirmware = "pvg|rub64"\n'), /pvgrub64/);
  });
  it('sub-language: fields with defaults, and the field under the cursor', () => {
    const { h, text } = hover('disk = [ "format=raw,vd|ev=xvda,target=/img" ]\n');
    assert.ok(h);
    assert.match(h.markdown, /`vdev` = `xvda`/);
    assert.match(h.markdown, /Device name the guest sees/);
    assert.match(h.markdown, /access: `rw \(default\)`/);
    assert.equal(text.slice(h.start, h.end), 'vdev=xvda');
  });
  it('cpuid string field', () => assert.match(md('cpuid = "host,x2a|pic=0"\n'), /`x2apic` = `0`/));
});

describe('hover: comments', () => {
  it('guest-os directive', () => assert.match(md('# xlcfg: guest-os=li|nux\n'), /operating system/));
  it('unknown directive value', () => assert.match(md('# xlcfg: host-cpu=v|ia\n'), /not understood/));
  it('suppression comment lists rule summaries', () => {
    const m = md('# xlcfg-disable-next-line force-x2apic/pv|\nforce_x2apic = 1\n');
    assert.match(m, /next line/);
    assert.match(m, /`force-x2apic\/pv`: /);
  });
  it('an ordinary comment has no hover', () => assert.equal(hover('# just |a note\n').h, undefined));
});

describe('hover: hostile text', () => {
  const hostile = [
    '[x](command:foo)',
    '<img src=x onerror=alert(1)>',
    '`` ` ``',
    '\\x1b[31m',
    '<script>alert(1)</script>',
  ];
  for (const h of hostile) {
    it(`string value ${JSON.stringify(h)}`, () => {
      const m = md(`name = "|${h}"\n`);
      assertSafe(m);
    });
    it(`unknown key and directive with ${JSON.stringify(h)}`, () => {
      assertSafe(md(`bogus| = "${h}"\n`));
      assertSafe(md(`# xlcfg: guest-os=|${h.replace(/\s/g, '')}\n`));
      assertSafe(md(`# xlcfg-disable |${h}\n`));
      assertSafe(md(`disk = [ "vdev=xvda,${h.replace(/"/g, '')},tar|get=/x" ]\n`));
    });
  }
  it('ANSI escapes in a value are shown escaped', () => {
    const m = md('name = "|\u001b[31mred"\n');
    assert.match(m, /\\x1b\[31m/);
    assertSafe(m);
  });
});

describe('simulationMarkdown', () => {
  it('folds long tables: 8 rows, a summary row, the last vCPU', () => {
    const r = checkText('type = "hvm"\nvcpus = 20\nforce_x2apic = 1\n', defaultOptions({ enableProposed: true }));
    const m = simulationMarkdown(simulateDocument(r));
    assert.match(m, /\| … \| 11 more vCPUs \| \| \| \|/);
    assert.match(m, /\| 19 \| `0xfee00c00` \|/);
    assert.ok(!/^\| 8 \|/m.test(m));
    assert.equal((m.match(/^\| \d+ \|/gm) ?? []).length, 9);
  });
  it('a config xl refuses: the refusal first, the simulation labelled "if it were created"', () => {
    const proposed = defaultOptions({ enableProposed: true });
    const r = checkText('name = "r"\ntype = "hvm"\nvcpus = 4\nmaxvcpus = 2\nforce_x2apic = 1\n', proposed);
    const m = simulationMarkdown(simulateDocument(r));
    assert.ok(m.startsWith('**Not created: xl refuses this config**, so nothing boots.'), m.slice(0, 200));
    assert.match(m, /`xl: maxvcpus < vcpus` \(line 4, `relation\/maxvcpus-below-vcpus`\)/);
    assert.ok(m.indexOf('Not created') < m.indexOf('**Predicted boot if it were created:** hangs'));
    assert.match(m, /\*\*If it were created, the local APIC at power-on\*\*/);
    assertSafe(m);
    const accepted = checkText('name = "a"\ntype = "hvm"\nforce_x2apic = 1\n', proposed);
    const ok = simulationMarkdown(simulateDocument(accepted));
    assert.ok(!/Not created|if it were created/i.test(ok));
  });
  it('names the first operation that goes wrong', () => {
    const r = checkText('type = "hvm"\nforce_x2apic = 1\n', defaultOptions({ enableProposed: true }));
    const m = simulationMarkdown(simulateDocument(r));
    assert.match(m, /First operation that goes wrong:\*\* stage `\w+`, vCPU \d+/);
    assert.match(m, /confidence: \w+/);
  });
});

describe('hover: the design in use', () => {
  it('force_x2apic names the design, whether the lock is advertised, and where the design came from', () => {
    const text =
      '# xlcfg: design=xapic-disable-status host-cpu=intel\nname = "a"\ntype = "pvh"\nkernel = "/vmlinuz"\nforce_x|2apic = 1\n';
    const m = md(text);
    assert.match(m, /design `xapic-disable-status`/);
    assert.match(m, /the lock is advertised to the guest \(RDMSR 0x10A → `0x200000`, RDMSR 0xBD → `0x1`\)/);
    assert.match(m, /- design: xapic\\?-disable\\?-status \(comment directive `design`\)/);
    const rfc = md('name = "a"\ntype = "pvh"\nkernel = "/vmlinuz"\nforce_x|2apic = 1\n', {
      hostCpu: 'intel',
      hostCpuOrigin: 'test',
    });
    assert.match(rfc, /design `rfc`/);
    assert.match(rfc, /not advertised to the guest/);
    assertSafe(m);
  });
  it('the design directive explains itself and its values', () => {
    assert.match(md('# xlcfg: design=x|apic-disable-status\n'), /Value: `xapic-disable-status`/);
    assert.match(md('# xlcfg: design=bo|gus\n'), /not understood; use one of `rfc`, `xapic-disable-status`/);
    assert.match(md('# xlcfg: linux-version=6.|1\n'), /Value: `6.1`/);
  });
});
