// Shared types for the parsers of the mini-languages found inside xl.cfg
// string values. Offsets are indexes into the decoded string value.
import type { HostShape } from '../libxl/physinfo';
import type { LibxlStruct, LibxlValue } from '../libxl/value';

/**
 * What xl itself does at a problem: prints a warning and goes on, exits, crashes, says nothing, or
 * never finishes (`hang`: a loop over 2^40 or more numbers, or an endless one; no domain either).
 */
export type XlEffect = 'warning' | 'refusal' | 'crash' | 'silent' | 'hang';

export interface XlOutput {
  effect: XlEffect;
  /** The lines xl prints (its own words, without libxlu's `file:line: ` prefix); empty when silent. */
  printed: readonly string[];
  /**
   * The last printed line has no newline (libxlu's PCI and RDM messages): whatever xl prints next
   * continues it on the same line.
   */
  unterminated?: boolean;
  /**
   * What libxlu puts in front of the first printed line: the config's name (`source`: disk and vif
   * rate errors, `file: ...`) or the location of the value the line is about (`value`:
   * xlu_cfg_value_get_list's `file:line:column: ...`). The xl stage, which knows the file, adds it.
   */
  prefix?: 'source' | 'value';
}

/** What a parser needs to know besides the text: the Xen release, and the host when it matters. */
export interface SpecContext {
  /** "4.17" ... "4.22". */
  release: string;
  host?: HostShape;
  /**
   * pci: what xl_parse.c copies into every PCI device before parsing its string: the top-level
   * `pci_msitranslate`, `pci_power_mgmt`, `pci_permissive`, `pci_seize` (xl's `int` locals, 0 when
   * unset) and `b_info->u.hvm.rdm.policy` as the xl model holds it. Absent: all 0 and the policy left
   * at libxl's initial value.
   */
  pciDefaults?: PciDefaults;
  /** p9 (4.19+): `c_info->name`, from which xl makes the default path of a xen_9pfsd share. */
  domainName?: string;
  /**
   * p9 (4.17): the share read before this one in the same list. 4.17's xl declares the loop's
   * tag/security_model/path/backend variables once, before the loop, and never resets them, so a
   * share inherits every field it does not set itself from the shares before it.
   */
  p9Earlier?: LibxlStruct;
}

export interface PciDefaults {
  msitranslate: number;
  power_mgmt: number;
  permissive: number;
  seize: number;
  /** A libxl_rdm_reserve_policy value (its name, or a number / Unknown when it is no enum value). */
  rdm_policy?: LibxlValue;
}

export type SpecSeverity = 'error' | 'warning' | 'information' | 'hint';

export interface SpecField {
  name: string;
  value: string;
  /** start..end covers the whole `name=value` token */
  start: number;
  end: number;
  valueStart: number;
  /** true for items identified by position rather than by `name=` */
  positional?: boolean;
  /** true when xl skips this item (it has no effect) */
  ignored?: boolean;
}

export interface SpecProblem {
  start: number;
  end: number;
  message: string;
  severity: SpecSeverity;
  /** true when xl refuses to create the domain (it exits, crashes or never finishes) */
  fatal: boolean;
  /** What xl does here, when xl itself notices (absent: xlcfg's own advice, xl is silent). */
  xl?: XlOutput;
}

export interface SpecParse {
  syntax: string;
  fields: SpecField[];
  problems: SpecProblem[];
  /** parsed meaning incl. defaults, for hover: label -> text */
  summary: Array<[string, string]>;
  /**
   * What xl builds from this string, when the parser models it: a libxl struct (a device, an
   * iomem range) or a plain value (an irq number, a bitmap), in the form libxl/value.ts describes.
   */
  device?: LibxlValue;
}

export interface SpecFieldDoc {
  name: string;
  doc: string;
  values?: string[];
  default?: string;
  /** First release whose xl reads this field (absent: 4.17 or earlier). */
  since?: string;
  /** Last release whose xl reads this field (absent: still read). */
  until?: string;
}

export interface SpecLanguage {
  syntax: string;
  parse(text: string, context?: SpecContext): SpecParse;
  fields: SpecFieldDoc[];
}
