// How the cost grows with the input: the parser on configs four times larger (clean and full of
// errors), every sub-language parser on hostile strings four times longer, and completion in a
// 1 MB file. These were timing asserts in the unit tests; timing belongs here (house rule), where
// the figures are printed with their targets instead of failing a test on a busy machine.
import type * as Core from './core';

/** A config of about `size` characters with ordinary, list-heavy and (when `broken`) rejected lines. */
export function sizedConfig(size: number, broken: boolean): string {
  const lines: string[] = [];
  let n = 0;
  for (let i = 0; n < size; i++) {
    const line =
      i % 5 === 0
        ? `disk_${i} = [ 'phy:/dev/vg/d${i},xvda,w', "file:/img/${i}.qcow2,xvdb,r",\n  # comment ${i}\n  [ "x\\t", 0x${i.toString(16)} ], ]`
        : i % 5 === 1
          ? `name_${i} = "guest-${i} \\"q\\" é"`
          : i % 5 === 2
            ? `cmdline += " console=hvc0 root=/dev/xvda${i}"`
            : i % 5 === 3
              ? broken
                ? `Bad-${i} = hvm(${i}) 512M`
                : `memory = ${i}`
              : `# just a comment ${i}`;
    lines.push(line);
    n += line.length + 1;
  }
  return lines.join('\n') + '\n';
}

/** Best time (ms) per call of each call over `rounds` rounds, the calls interleaved so a burst of load hits all alike. */
function minTimes(calls: Array<() => void>, rounds: number, repeats: number[] = calls.map(() => 1)): number[] {
  const best = calls.map(() => Infinity);
  for (let r = 0; r < rounds; r++) {
    calls.forEach((call, i) => {
      const t0 = process.hrtime.bigint();
      for (let k = 0; k < repeats[i]; k++) call();
      best[i] = Math.min(best[i], Number(process.hrtime.bigint() - t0) / 1e6 / repeats[i]);
    });
  }
  return best;
}

/** The growth limit: 4x the input may cost at most 2.5^2 = 6.25x (linear 4x, a quadratic step 16x). */
export const GROWTH_LIMIT = 6.25;

/**
 * Time of an input four times larger over the time of the smaller one. Each sample parses the same
 * number of bytes at both sizes (the small input four times as often, each side about `batchMs / 2`), so
 * the garbage collector's scavenges, which a 1 MB parse always triggers and a best-of-N small one
 * can escape, weigh the same per byte on both sides. A ratio over the limit is measured again
 * with twice the rounds: load from other processes comes in bursts of seconds.
 */
function growth(
  small: () => void,
  large: () => void,
  rounds: number,
  batchMs = 20,
): { ratio: number; smallMs: number; largeMs: number } {
  const [once] = minTimes([large], 2); // also warms up the JIT
  small();
  const repeat = Math.max(1, Math.min(250, Math.ceil(batchMs / 2 / Math.max(once, 1e-3))));
  const measure = (n: number) => {
    const [smallMs, largeMs] = minTimes([small, large], n, [4 * repeat, repeat]);
    return { ratio: largeMs / smallMs, smallMs, largeMs };
  };
  const first = measure(rounds);
  return first.ratio <= GROWTH_LIMIT ? first : measure(rounds * 2);
}

export interface ParserGrowth {
  clean: { ratio: number; smallMs: number; largeMs: number };
  broken: { ratio: number; smallMs: number; largeMs: number };
}

/** The parser on 256 kB and 1 MB configs. */
export function parserGrowth(core: typeof Core): ParserGrowth {
  const run = (broken: boolean) => {
    const [small, large] = [256 * 1024, 1024 * 1024].map((s) => sizedConfig(s, broken));
    return growth(
      () => core.parse(small),
      () => core.parse(large),
      5,
      100,
    );
  };
  return { clean: run(false), broken: run(true) };
}

/** Hostile strings for the sub-language parsers, by length: separators, words, ranges, pairs, lone surrogates. */
const HOSTILE: Array<[string, (n: number) => string]> = [
  ['commas', (n) => ','.repeat(n)],
  ['one word', (n) => 'a'.repeat(n)],
  ['ranges', (n) => '0-99999,'.repeat(n / 8)],
  ['pairs', (n) => 'x=1,'.repeat(n / 4)],
  ['equals signs', (n) => '='.repeat(n)],
  ['blanks then a digit', (n) => ' '.repeat(n) + '1'],
  ['cpuid leaf words', (n) => '1:' + 'eax='.repeat(n / 4)],
  ['cpuid flags', (n) => 'host,' + 'x2apic=0,'.repeat(n / 9)],
  ['zeros', (n) => '0'.repeat(n)],
  ['lone surrogates', (n) => '\ud800'.repeat(n / 2)],
];

export interface SpecGrowth {
  /** The worst ratio, 15 kB -> 60 kB, and where. */
  worstRatio: number;
  worstRatioAt: string;
  /** The slowest single parse of a 60 kB string, and where. */
  worstMs: number;
  worstMsAt: string;
  parsers: number;
  inputs: number;
}

/** Every sub-language parser on each hostile string of 15 and 60 kB. */
export function specGrowth(core: typeof Core): SpecGrowth {
  const out: SpecGrowth = {
    worstRatio: 0,
    worstRatioAt: '',
    worstMs: 0,
    worstMsAt: '',
    parsers: 0,
    inputs: HOSTILE.length,
  };
  const languages = Object.entries(core.SPEC_LANGUAGES);
  out.parsers = languages.length;
  for (const [what, make] of HOSTILE) {
    const small = make(15_000);
    const large = make(60_000);
    for (const [syntax, lang] of languages) {
      const g = growth(
        () => lang.parse(small),
        () => lang.parse(large),
        3,
        10,
      );
      if (g.ratio > out.worstRatio) Object.assign(out, { worstRatio: g.ratio, worstRatioAt: `${syntax} on ${what}` });
      if (g.largeMs > out.worstMs) Object.assign(out, { worstMs: g.largeMs, worstMsAt: `${syntax} on ${what}` });
    }
  }
  return out;
}

/** The real disk list in the middle of the 1 MB config, where completion offers a spec field. */
const MIDDLE_DISK = 'disk = [ "vdev=xvda,target=/img/a.raw" ]';

/** A 1 MB config of string keys and disk-like lists, a real `disk` in the middle, ending with a key being typed. */
export function completionConfig(): string {
  const lines: string[] = ['type = "hvm"'];
  let size = 0;
  for (let i = 0; size < 1_000_000; i++) {
    const a = `k${i} = "${'x'.repeat(20)}"`;
    const b = `disk${i} = [ "vdev=xvda,target=/img${i}" ]`;
    lines.push(a, b);
    size += a.length + b.length + 2;
    if (size >= 500_000 && !lines.includes(MIDDLE_DISK)) lines.push(MIDDLE_DISK);
  }
  return lines.join('\n') + '\nmem';
}

/** Completion in a 1 MB file, at its end (a key) and in its middle (a disk field): ms per request. */
export function completion1MB(core: typeof Core): { endMs: number; middleMs: number } {
  const text = completionConfig();
  const options = core.defaultOptions();
  const result = core.checkText(text, options);
  // After `vdev=xvda,` in the real disk: the disk fields not yet given.
  const middle = text.indexOf(MIDDLE_DISK) + MIDDLE_DISK.indexOf('target');
  if (core.completeAt(result, middle, options).length === 0) throw new Error('no completion inside the disk string');
  // The median of 21 requests after 5 untimed ones.
  const per = (offset: number): number => {
    for (let i = 0; i < 5; i++) core.completeAt(result, offset, options);
    const samples = minTimes(
      Array.from({ length: 21 }, () => () => core.completeAt(result, offset, options)),
      1,
    );
    return samples.sort((x, y) => x - y)[10];
  };
  return { endMs: per(text.length), middleMs: per(middle) };
}
