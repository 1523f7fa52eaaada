// Problems that record what xl itself does and prints there (SpecProblem.xl), for the parsers
// that model xl exactly. `printed` holds xl's own stderr lines (without libxlu's location prefix).
import type { SpecSeverity, XlEffect } from './types';
import type { Builder } from './util';

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
