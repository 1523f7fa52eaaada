// IRQ_NUMBER: the items of `irqs = [ ... ]`.
// tools/xl/xl_parse.c: parse_config_data (irqs block).
import type { SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { Builder, q, strtoul, U32 } from './util';

export const irqFields: SpecFieldDoc[] = [{ name: 'IRQ', doc: 'Decimal host IRQ number.' }];

export function parseIrq(text: string): SpecParse {
  const b = new Builder('irq-number', text);
  const r = strtoul(text, 0, 10);
  if (!r.ok || r.end < text.length) {
    b.fatal(0, text.length, `xl refuses this irq: invalid argument parsing irq ${q(text)} (a decimal number)`);
    return b.done();
  }
  if (r.value >= U32) {
    b.fatal(0, text.length, `xl refuses this irq: irq ${q(text)} too big`);
    return b.done();
  }
  b.field('irq', text, 0, text.length, 0, true);
  b.sum('irq', r.value.toString());
  return b.done();
}

export const irqSpec: SpecLanguage = { syntax: 'irq-number', parse: parseIrq, fields: irqFields };
