// What xl does with a config, as the xl model reports it: each report is one thing xl prints or
// does (a warning and it goes on, a refusal and it exits, a crash), or something it does without
// a word ('silent': a value ignored, clamped or dropped), tied to the text it is about.
import type { RuleId } from '../rules';
import type { XlEffect } from '../specs/types';

export type { XlEffect };

/**
 * One line xl prints, and what libxlu puts in front of it, if anything: the config's name alone
 * (`file: `, `source`: xlu__disk_err, xlu__vif_err), with the 1-based line (`file:line: `, the
 * getters and the parser) or with line and column (`file:line:column: `, xlu_cfg_value_get_*).
 */
export interface PrintedLine {
  text: string;
  /**
   * What an earlier message left on this line without a newline (libxlu's PCI and RDM errors),
   * printed before libxlu's prefix.
   */
  lead?: string;
  /** `file: ` without a line number. */
  source?: boolean;
  line?: number;
  column?: number;
}

export interface XlReport {
  effect: XlEffect;
  /** The xlcfg rule this report is shown under (`value/boolean`, `relation/maxvcpus-below-vcpus`, ...). */
  rule: RuleId;
  /** The config key it is about ('' for the file as a whole). */
  key: string;
  /** Offsets in the file text. */
  start: number;
  end: number;
  /** What xl prints, in its own words; empty when it says nothing. */
  printed: PrintedLine[];
  /** xlcfg's one-line summary of it. */
  message: string;
  /** Made after xl has already stopped at an earlier refusal: xl would say it once that is fixed. */
  afterExit?: boolean;
  /** Values the rules use for fixes and hovers (the text read, the bound, the word expected...). */
  data?: Record<string, unknown>;
}

/** A printed line as xl writes it for the file `source` (libxlu's `source:line: ` prefix). */
export function formatPrinted(p: PrintedLine, source: string): string {
  const lead = p.lead ?? '';
  if (p.line === undefined) return p.source ? `${lead}${source}: ${p.text}` : lead + p.text;
  const where = p.column === undefined ? `${p.line}` : `${p.line}:${p.column}`;
  return `${lead}${source}:${where}: ${p.text}`;
}
