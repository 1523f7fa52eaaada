// IRQ_NUMBER: the items of `irqs = [ ... ]`, as tools/xl/xl_parse.c parse_config_data reads each
// one (strtoul base 10, nothing after it, below UINT32_MAX) into a uint32 of b_info.irqs. The
// same in 4.17 ... 4.22; "too big" prints the number with %lx.
import type { SpecContext, SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { strtoul, U32 } from './clib';
import { Builder } from './util';
import { xlRefuse } from './xlOutput';

export const irqFields: SpecFieldDoc[] = [{ name: 'IRQ', doc: 'Decimal host IRQ number.' }];

/** One irqs item; device: the irq number xl stores (absent when xl exits). */
export function parseIrq(text: string, context?: SpecContext): SpecParse {
  void context; // the same in every release
  const b = new Builder('irq-number', text);
  const r = strtoul(text, 0, 10);
  if (!r.ok || r.end < text.length) {
    xlRefuse(b, r.ok ? r.end : 0, text.length, 'xl refuses this irq: not a decimal number', [
      `xl: Invalid argument parsing irq: ${text}`,
    ]);
    return b.done();
  }
  if (r.value >= U32) {
    xlRefuse(b, 0, text.length, 'xl refuses this irq: too big', [`xl: irq ${r.value.toString(16)} too big`]);
    return b.done();
  }
  b.field('irq', text, 0, text.length, 0, true);
  b.sum('irq', r.value.toString());
  const out = b.done();
  out.device = Number(r.value);
  return out;
}

export const irqSpec: SpecLanguage = { syntax: 'irq-number', parse: parseIrq, fields: irqFields };
