// What xl does at a problem, as SpecProblem.xl records it: the lines it prints and whether it goes
// on, exits or crashes. Printed text is split where it holds newlines (xl prints user text as is).
import type { SpecSeverity, XlEffect, XlOutput } from './types';
import type { Builder } from './util';

function lines(text: string | readonly string[]): string[] {
  return (typeof text === 'string' ? [text] : [...text]).flatMap((t) => t.split('\n'));
}

/** xl prints `text` and exits. */
export function xlRefuses(text: string | readonly string[] = [], unterminated = false): XlOutput {
  const out: XlOutput = { effect: 'refusal', printed: typeof text === 'string' || text.length ? lines(text) : [] };
  return unterminated ? { ...out, unterminated } : out;
}

/** libxlu prints `text` after the config's name (xlu__disk_err, xlu__vif_err) and xl exits. */
export function xlSourceRefuses(text: string): XlOutput {
  return { effect: 'refusal', printed: lines(text), prefix: 'source' };
}

/** xl prints `text` and carries on. */
export function xlWarns(text: string | readonly string[], unterminated = false): XlOutput {
  const out: XlOutput = { effect: 'warning', printed: lines(text) };
  return unterminated ? { ...out, unterminated } : out;
}

/** xl itself crashes (a NULL or uninitialised pointer); it prints nothing first unless told. */
export function xlCrashes(text: readonly string[] = []): XlOutput {
  return { effect: 'crash', printed: lines(text) };
}

/** xl goes on without a word. */
export const XL_SILENT: XlOutput = { effect: 'silent', printed: [] };

/** A problem where xl acts: fatal iff xl exits, crashes or never finishes. */
export function xlReport(
  b: Builder,
  start: number,
  end: number,
  message: string,
  effect: XlEffect,
  printed: readonly string[],
  severity?: SpecSeverity,
): void {
  const fatal = effect === 'refusal' || effect === 'crash' || effect === 'hang';
  const before = b.problems.length;
  b.problem(start, end, message, severity ?? (fatal ? 'error' : 'warning'), fatal);
  if (b.problems.length > before) b.problems[before].xl = { effect, printed: [...printed] };
}

/** xl prints `printed` and carries on. */
export const xlWarn = (b: Builder, start: number, end: number, message: string, printed: readonly string[]): void =>
  xlReport(b, start, end, message, 'warning', printed);

/** xl prints `printed` and exits: no domain. */
export const xlRefuse = (b: Builder, start: number, end: number, message: string, printed: readonly string[]): void =>
  xlReport(b, start, end, message, 'refusal', printed);
