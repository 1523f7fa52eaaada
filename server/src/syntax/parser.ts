// The xl.cfg parser: tokens -> lossless tree + the values libxlutil would store.
// Grammar (tools/libs/util/libxlu_cfg_y.y):
//   file       = { stmt } [ assignment ]           stmt = assignment end | end
//   end        = NEWLINE | ";"                     assignment = IDENT ("=" | "+=") value
//   value      = STRING | NUMBER | "[" nl* [ value nl* { "," nl* value nl* } [ "," nl* ] ] "]"
// Unlike libxlutil, which stops storing at its first error, this parser recovers at every
// statement (and inside lists), so each mistake gets its own diagnostic and the settings around
// it stay available to the other features. `ok` still says exactly whether xl would accept the file.
// Nesting is handled with an explicit stack: 10,000-deep lists cost no recursion.
import { diagnosticAt, type Diagnostic } from '../diagnostic';
import type { RuleId } from '../rules';
import { notAConfig } from './content';
import { excerpt } from '../excerpt';
import { dequote } from './escapes';
import { LineIndex } from './positions';
import { newToken, Scanner, Tok, type ScanNotes, type Token } from './scanner';
import { SpanList } from './spans';
import {
  commonPrefix,
  commonSuffix,
  countLf,
  detachAssignment,
  detachProblem,
  Marks,
  MARK_SPACING,
  moveAssignment,
  moveProblem,
  type ParseTrace,
  type Resume,
} from './resume';
import { AssignmentNode, ListValueNode, NumberNode, peekItems, StringNode } from './nodes';
import type { Problem } from './problem';
import type { Assignment, Comment, ConfigFile, ListNode, Setting, StringAtom, Value, ValueNode } from './tree';

export type { Problem };

export interface ParseOptions {
  /** Offsets (in the decoded text) where invalid UTF-8 was replaced by U+FFFD. */
  invalidUtf8?: number[];
  /**
   * Keep at most this many problems, count the rest (`unreported`): what a file of garbage costs
   * stays bounded. Undefined or 0: keep all.
   */
  maxProblems?: number;
  /** Bytes the last character was decoded from; by default its UTF-8 length. */
  lastCharBytes?: number;
  /**
   * Keep what `reparse` needs to resume from this parse (the editor's documents). Off by default:
   * a one-off parse (the CLI over a fleet) should not pay for it.
   */
  incremental?: boolean;
  /** With `incremental`: bytes between resume points (Marks; 0 records every statement boundary). */
  markSpacing?: number;
}

const LIST_OPEN = 0;
const LIST_COMMA = 1;
const LIST_VALUE = 2;

/** An open list while a list value is parsed (see Parser.levels). */
interface ListLevel {
  node: ListNode;
  /** LIST_OPEN after `[`, LIST_COMMA after `,`, LIST_VALUE after an item. */
  state: number;
  /** A comma was seen since the list opened (bison then holds `values ',' nlok` too). */
  afterComma: boolean;
  /** Bison stack symbols below this list's `[` (see bisonDepth). */
  below: number;
  items: ValueNode[];
  itemCount: number;
  commas: number[];
  commaCount: number;
}

/** Placeholders until a list is done, and the arrays of empty lists (never written to). */
const EMPTY: ValueNode[] = [];
const EMPTY_OFFSETS: number[] = [];

/** Symbols a list holds in a given state: after an item bison keeps `value nlok` until the next `,` or `]`. */
function levelHeight(l: ListLevel): number {
  return l.state === LIST_OPEN ? 2 : l.state === LIST_COMMA ? 5 : l.afterComma ? 7 : 4;
}

/**
 * Give a list node arrays of exactly its items and commas; an empty one shares EMPTY (no reader
 * writes to a node's arrays): 48 bytes less per `[]`, and per single-item list for its commas.
 */
function closeLevel(l: ListLevel): void {
  l.node.items = l.itemCount ? l.items.slice(0, l.itemCount) : EMPTY;
  l.node.commas = l.commaCount ? l.commas.slice(0, l.commaCount) : EMPTY_OFFSETS;
}

/** Bison symbols libxlutil's parser can hold: YYMAXDEPTH (10000) states minus the initial one, minus one (it fails on reaching the limit). */
const BISON_MAX_SYMBOLS = 9998;

const PY_STATEMENT = /^[ \t]*(import[ \t]+\w|from[ \t]+[\w.]+[ \t]+import\b|def[ \t]+\w+[ \t]*\(|class[ \t]+\w)/;
const PY_KEYWORD_LINE = /^[ \t]*(if|elif|else|for|while|try|except|finally|return|print|with|def|import|from)\b/;

/**
 * A line that reads like Python: a keyword start, a `(`/`)`/`%`, or a block-opening `:` at the
 * end (a comment may follow it). Written without leading `.*` so it stays linear: the regex form
 * backtracked quadratically and took hours on a 1 MB line.
 */
function pythonLine(line: string): boolean {
  if (PY_KEYWORD_LINE.test(line) || /[()%]/.test(line) || /:[ \t]*$/.test(line)) return true;
  // `:` then a comment running to the end of the line; `.` never crosses CR/U+2028/U+2029.
  const tail = line.slice(Math.max(line.lastIndexOf('\r'), line.lastIndexOf('\u2028'), line.lastIndexOf('\u2029')) + 1);
  return /:[ \t]*#/.test(tail);
}

/**
 * Statements or settings from which arrays get their final size at once: growing one by copies
 * (1.5x each time) leaves about twice its final size of dead copies in the heap until a full
 * collection, 40 MB for the 1.3 M statements of 5 MB of `a=1` lines.
 */
const PRESIZE_FROM = 1 << 14;

/**
 * The statements array of a fresh parse: for a large text, sized for as many statements as it has
 * `=` (each statement's operator holds one), at most one per 4 characters (`a=1` and its line
 * end). Past that it grows as usual. Trimmed to its length once the statements are read.
 */
function presized(text: string): AssignmentNode[] {
  // Below 2 M characters the dead copies are small: the count would cost more than it saves.
  if (text.length < 1 << 21) return [];
  const cap = Math.ceil(text.length / 4);
  let n = 0;
  for (let i = text.indexOf('='); i !== -1 && n < cap; i = text.indexOf('=', i + 1)) n++;
  return n >= PRESIZE_FROM ? new Array<AssignmentNode>(n) : [];
}

export function parse(text: string, options: ParseOptions = {}): ConfigFile {
  return new Parser(text, options).run();
}

/** The settings as libxlutil stores them, as a plain JSON-ready object. */
export function settingsJson(file: ConfigFile): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const [key, setting] of file.settings) out[key] = setting.value;
  return out;
}

// ---- incremental re-parse (see resume.ts) ------------------------------------------------------

const TRACES = new WeakMap<ConfigFile, ParseTrace>();

const INCREMENTAL: ParseOptions = { incremental: true };

/** Whether `file` can be resumed by `reparse` (its statements may live on in later parses). */
export function isResumable(file: ConfigFile): boolean {
  return TRACES.has(file);
}

/**
 * The parse of `text`, reusing `previous` (a parse of an earlier version of the same document).
 * `previous` is consumed: the statements it shares with the result are moved in place, so it must
 * not be used afterwards. `maxProblems` as in ParseOptions.
 */
export function reparse(previous: ConfigFile, text: string, maxProblems?: number): ConfigFile {
  const old = TRACES.get(previous);
  const markSpacing = old?.marks.spacing;
  const options: ParseOptions =
    maxProblems || (markSpacing !== undefined && markSpacing !== MARK_SPACING)
      ? { incremental: true, maxProblems, markSpacing }
      : INCREMENTAL;
  const oldText = previous.text;
  // CRLF notes are counted across the whole scan: such files (rare, and rejected by xl) are re-parsed whole.
  if (!old || text.indexOf('\r') >= 0 || oldText.indexOf('\r') >= 0) return parse(text, options);
  const p = commonPrefix(oldText, text);
  if (p === oldText.length && p === text.length) return parse(text, options);
  const s = commonSuffix(oldText, text, p);
  const oldEnd = oldText.length - s;
  const newEnd = text.length - s;
  // Resume at the last boundary whose reads (up to its scan frontier) end before the edited line.
  const lineStart = text.lastIndexOf('\n', p - 1) + 1;
  const marks = old.marks;
  const k0 = marks.firstAtLeast(1, lineStart) - 1;
  if (k0 < 0) return parse(text, options);
  const from = marks.start(k0);
  const statementsBefore = marks.statements(k0);
  const problemsBefore = marks.problems(k0);
  const comments = new SpanList();
  comments.addFrom(old.comments, 0, old.comments.firstAtOrAfter(from), 0);
  const resume: Resume = {
    from,
    line: marks.line(k0),
    statements: old.statements.slice(0, statementsBefore),
    problems: old.problems.slice(0, problemsBefore),
    marks: Marks.prefix(marks, k0),
    comments,
    bom: old.notes.bom,
    old,
    delta: newEnd - oldEnd,
    lineDelta: countLf(text, p, newEnd) - countLf(oldText, p, oldEnd),
    syncFrom: newEnd,
  };
  // Its statements are about to move: a second reparse of `previous` must start from scratch.
  TRACES.delete(previous);
  return new Parser(text, options, resume).run();
}

/**
 * The parse result. A class, so that making one per file is cheap (an object literal with getters
 * is not) and it keeps only the comment spans, not the parser. Comments become objects only when
 * something reads them (most checks do; a bare parse does not).
 */
class ParsedFile implements ConfigFile {
  readonly #spans: SpanList;
  #comments?: Comment[];
  #directiveComments?: Comment[];

  constructor(
    readonly text: string,
    readonly lines: LineIndex,
    readonly statements: Assignment[],
    spans: SpanList,
    readonly diagnostics: Diagnostic[],
    readonly ok: boolean,
    readonly settings: Map<string, Setting>,
    readonly unreported: number,
    readonly notAConfig: boolean,
  ) {
    this.#spans = spans;
  }

  get comments(): Comment[] {
    return (this.#comments ??= this.#spans.list());
  }

  get directiveComments(): Comment[] {
    return (this.#directiveComments ??= this.#spans.containing(this.text, 'xlcfg'));
  }
}

class Parser {
  /**
   * Lookahead ring: tokens are scanned on demand into 8 recycled objects. The parser looks at
   * most 2 tokens ahead and never keeps a token across more than a few others.
   */
  private readonly ring: Token[] = [
    newToken(),
    newToken(),
    newToken(),
    newToken(),
    newToken(),
    newToken(),
    newToken(),
    newToken(),
  ];
  private head = 0;
  private buffered = 0;
  private lastEnd = 0;
  private readonly problems: Problem[];
  /** Holey past statementCount while parsing when presized (see presized); trimmed after the loop. */
  private readonly statements: AssignmentNode[];
  private statementCount: number;
  private readonly lines: LineIndex;
  private readonly scanner: Scanner;
  /** Statement boundaries, recorded for `reparse` (incremental parses only). */
  private readonly marks?: Marks;
  private comments: SpanList;
  private notes: ScanNotes;
  /** Statements and problems kept from the previous parse before the resume point. */
  private readonly headCount: number;
  private readonly headProblems: number;
  /** Problems found by this parse before it rejoined the previous one. */
  private freshProblems?: number;
  /** After a resumed parse rejoined the previous one: the statements it parsed again, old and new. */
  private window?: { old: ParseTrace; oldStatements: AssignmentNode[]; freshCount: number };
  private mixed = false;
  /** Problems kept at most (ParseOptions.maxProblems); 0 for a binary file, which gets one instead. */
  private readonly budget: number;
  /** Problems found beyond the budget. */
  private overflow = 0;
  /** A problem that makes libxlutil reject the file was found (kept or not). */
  private rejected = false;
  /** The share of binary characters when the text is not a config. */
  private readonly binary?: number;

  constructor(
    private readonly text: string,
    private readonly options: ParseOptions,
    private readonly resume?: Resume,
  ) {
    this.lines = new LineIndex(text);
    this.scanner = new Scanner(text, options.lastCharBytes, resume?.from ?? 0, resume?.line ?? 0);
    this.statements = resume?.statements ?? presized(text);
    this.statementCount = resume?.statements.length ?? 0;
    this.problems = resume?.problems ?? [];
    // Decoding facts (invalid UTF-8, the last character's bytes) are not carried over: such parses are not resumed.
    this.marks =
      resume?.marks ??
      (options.incremental && !options.invalidUtf8?.length && options.lastCharBytes === undefined
        ? new Marks(options.markSpacing)
        : undefined);
    this.headCount = this.statementCount;
    this.headProblems = this.problems.length;
    // A resumed parse continues a text that was a config; only a whole parse can find it is not.
    this.binary = resume ? undefined : notAConfig(text);
    this.budget =
      this.binary !== undefined ? 0 : options.maxProblems && options.maxProblems > 0 ? options.maxProblems : Infinity;
    if (this.binary !== undefined) this.marks = undefined;
    this.comments = this.scanner.comments;
    this.notes = this.scanner.notes;
  }

  run(): ConfigFile {
    const marks = this.marks;
    for (let first = true; ; first = false) {
      const t = this.peek();
      if (t.kind === Tok.Eof) break;
      if (this.resume && t.start >= this.resume.syncFrom && this.rejoin(this.resume, t.start)) break;
      if (marks?.due(t.start, first, t.start === 0 || this.text.charCodeAt(t.start - 1) === 10))
        marks.push(t.start, this.scanner.offset, t.line, this.statementCount, this.problems.length);
      this.statement();
    }
    this.statements.length = this.statementCount;
    if (this.resume) {
      // What this parse made will be kept by later ones: cut its strings loose from this text.
      const statementsEnd =
        this.headCount + (this.window ? this.window.freshCount : this.statements.length - this.headCount);
      for (let i = this.headCount; i < statementsEnd; i++) detachAssignment(this.statements[i]);
      const problemsEnd = this.headProblems + (this.freshProblems ?? this.problems.length - this.headProblems);
      for (let i = this.headProblems; i < problemsEnd; i++) detachProblem(this.problems[i]);
    }
    if (this.resume && this.comments === this.scanner.comments) {
      // Resumed and read to the end of the file: the kept comments, then those scanned here.
      this.resume.comments.addFrom(this.scanner.comments, 0, this.scanner.comments.count, 0);
      this.comments = this.resume.comments;
      this.notes = { ...this.scanner.notes, bom: this.resume.bom };
    }
    const loopProblems = this.marks ? this.problems.slice() : [];
    // After the whole scan: the notes (CRLF count, comment at the end) are complete.
    this.fileLevelNotes();
    const settings = this.resumedSettings() ?? this.evaluate();
    const trace = this.marks && {
      marks: this.marks,
      problems: loopProblems,
      statements: this.statements,
      comments: this.comments,
      notes: this.notes,
      settings,
      mixed: this.mixed,
    };
    this.duplicates(settings);
    this.collapsePython();
    const ok = !this.rejected && !this.problems.some((p) => p.rejects);
    if (this.binary !== undefined) this.sayNotAConfig(this.binary, !ok);
    const diagnostics = this.problems
      .sort((a, b) => a.start - b.start || a.end - b.end)
      .map((p) => diagnosticAt(this.lines, p));
    const unreported = this.binary !== undefined ? 0 : this.overflow;
    const file = new ParsedFile(
      this.text,
      this.lines,
      this.statements,
      this.comments,
      diagnostics,
      ok,
      settings,
      unreported,
      this.binary !== undefined,
    );
    // A parse that dropped problems cannot be resumed (a resume splices its problem list).
    if (trace && this.overflow === 0) TRACES.set(file, trace);
    return file;
  }

  /**
   * At a boundary past the edit: if the previous parse had a boundary at the same text (and at a
   * line start, so no line-wide read of a kept statement reaches into the edit), keep the rest of
   * it and stop. Returns false to go on parsing.
   */
  private rejoin(r: Resume, at: number): boolean {
    if (at > 0 && this.text.charCodeAt(at - 1) !== 10) return false;
    const { old, delta, lineDelta } = r;
    const marks = old.marks;
    const target = at - delta;
    const k1 = marks.firstAtLeast(0, target);
    if (k1 >= marks.count || marks.start(k1) !== target) return false;
    const statementsFrom = marks.statements(k1);
    const problemsFrom = marks.problems(k1);
    // The one parse-time message that names a line: with lines added or removed it would be stale.
    if (lineDelta !== 0) {
      for (let i = problemsFrom; i < old.problems.length; i++)
        if (old.problems[i].code === 'syntax/unterminated-list') return false;
    }
    const statementsNow = this.statementCount;
    const problemsNow = this.problems.length;
    this.window = {
      old,
      oldStatements: old.statements.slice(this.headCount, statementsFrom),
      freshCount: statementsNow - this.headCount,
    };
    this.freshProblems = problemsNow - this.headProblems;
    for (let k = k1; k < marks.count; k++) {
      this.marks!.push(
        marks.start(k) + delta,
        marks.frontier(k) + delta,
        marks.line(k) + lineDelta,
        marks.statements(k) - statementsFrom + statementsNow,
        marks.problems(k) - problemsFrom + problemsNow,
      );
    }
    for (let i = statementsFrom; i < old.statements.length; i++) {
      const a = old.statements[i];
      moveAssignment(a, delta, lineDelta);
      this.statements[this.statementCount++] = a;
    }
    for (let i = problemsFrom; i < old.problems.length; i++)
      this.problems.push(delta ? moveProblem(old.problems[i], delta) : old.problems[i]);
    // Comments: kept before the resume point, scanned here up to `at`, kept (moved) from there on.
    const scanned = this.scanner.comments;
    r.comments.addFrom(scanned, 0, scanned.firstAtOrAfter(at), 0);
    r.comments.addFrom(old.comments, old.comments.firstAtOrAfter(target), old.comments.count, delta);
    this.comments = r.comments;
    const eof = old.notes.commentAtEof;
    this.notes = {
      firstCrlf: -1,
      crlfCount: 0,
      bom: r.bom,
      commentAtEof: eof && { start: eof.start + delta, end: eof.end + delta },
      droppedLastChar: old.notes.droppedLastChar,
    };
    return true;
  }

  // ---- tokens -------------------------------------------------------------------------------

  private peek(k = 0): Token {
    while (this.buffered <= k) this.scanner.next(this.ring[(this.head + this.buffered++) & 7]);
    return this.ring[(this.head + k) & 7];
  }

  private take(): Token {
    const t = this.peek();
    if (t.kind !== Tok.Eof) {
      this.head = (this.head + 1) & 7;
      this.buffered--;
      this.lastEnd = t.end;
    }
    return t;
  }

  private src(t: { start: number; end: number }): string {
    return this.text.slice(t.start, t.end);
  }

  private isLineEnd(t: Token): boolean {
    return t.kind === Tok.Newline || t.kind === Tok.Semi || t.kind === Tok.Eof;
  }

  /** Skip to the end of the current statement (libxlutil's `error NEWLINE` recovery). */
  private skipStatement(): void {
    while (!this.isLineEnd(this.peek())) this.take();
  }

  private startsAssignment(k: number): boolean {
    const a = this.peek(k);
    const b = this.peek(k + 1);
    return (
      (a.kind === Tok.Ident || (a.kind === Tok.Word && looksLikeKey(this.src(a)))) &&
      (b.kind === Tok.Assign || b.kind === Tok.Append)
    );
  }

  private report(p: Omit<Problem, 'rejects'> & { rejects?: boolean }): void {
    const rejects = p.rejects ?? p.severity === 'error';
    if (this.problems.length >= this.budget) {
      this.overflow++;
      if (rejects) this.rejected = true;
      return;
    }
    this.problems.push({ rejects, ...p });
  }

  /** Whether the budget is spent: callers skip the work of describing a problem nobody will see. */
  private full(): boolean {
    return this.problems.length >= this.budget;
  }

  /** The one diagnostic of a binary file (the parse kept no problem, only whether xl rejects it). */
  private sayNotAConfig(share: number, rejected: boolean): void {
    const end = Math.min(this.text.length, this.lines.lineEnd(0));
    this.problems.push({
      start: 0,
      end: Math.max(end, Math.min(1, this.text.length)),
      code: 'syntax/not-a-config',
      severity: rejected ? 'error' : 'warning',
      rejects: rejected,
      message: `Not an xl config: ${Math.round(share * 100)}% of it is NULs, control characters or invalid UTF-8.`,
    });
  }

  // ---- file-level facts -------------------------------------------------------------------------

  private fileLevelNotes(): void {
    const notes = this.notes;
    if (notes.droppedLastChar) {
      const n = this.text.length;
      this.report({
        start: n - 1,
        end: n,
        code: 'syntax/ignored-last-char',
        severity: 'warning',
        rejects: false,
        message: 'xl silently drops an invalid last character of a file (anywhere else it is an error): remove it',
        fixes: [
          { title: 'Remove the stray character', edits: [{ start: n - 1, end: n, newText: '' }], preferred: true },
        ],
      });
    }
    if (notes.bom) {
      this.report({
        start: 0,
        end: 1,
        code: 'syntax/bom',
        severity: 'error',
        message: 'A UTF-8 byte-order mark: xl reads it as three stray bytes and rejects the file. Save without BOM.',
        fixes: [{ title: 'Remove the byte-order mark', edits: [{ start: 0, end: 1, newText: '' }], preferred: true }],
      });
    }
    // libxlutil rejects the file on every CR; one diagnostic for the file says it once.
    // (We scan all tokens first, so the notes are complete.)
    if (notes.crlfCount > 0) {
      const edits: Array<{ start: number; end: number; newText: string }> = [];
      for (let p = this.text.indexOf('\r\n'); p !== -1; p = this.text.indexOf('\r\n', p + 2))
        edits.push({ start: p, end: p + 1, newText: '' });
      this.report({
        start: notes.firstCrlf,
        end: notes.firstCrlf + 1,
        code: 'syntax/crlf',
        severity: 'error',
        message:
          `Windows (CRLF) line endings: xl rejects every line ending in CR (${notes.crlfCount} here). ` +
          'Convert to LF.',
        fixes: [{ title: 'Convert line endings to LF', edits, preferred: true }],
      });
    }
    if (notes.commentAtEof) {
      const { start, end } = notes.commentAtEof;
      this.report({
        start,
        end,
        code: 'syntax/comment-at-eof',
        severity: 'error',
        message: 'A comment on the last line needs a final newline, else xl rejects the file',
        fixes: [
          {
            title: 'Add a final newline',
            edits: [{ start: this.text.length, end: this.text.length, newText: '\n' }],
            preferred: true,
          },
        ],
      });
    }
    for (const off of this.options.invalidUtf8 ?? []) {
      this.report({
        start: off,
        end: off + 1,
        code: 'syntax/invalid-utf8',
        severity: 'warning',
        rejects: false,
        message: 'Not valid UTF-8 (shown as U+FFFD): xl copies the raw bytes into the value',
      });
    }
  }

  // ---- statements -------------------------------------------------------------------------------

  private statement(): void {
    const t = this.peek();
    if (t.kind === Tok.Newline || t.kind === Tok.Semi) {
      this.take();
      return;
    }
    if (this.startsAssignment(0)) {
      this.assignment();
      return;
    }
    this.strayStatement();
  }

  /** A line that does not start with `key =`: say what it looks like, then skip it. */
  private strayStatement(): void {
    if (this.full()) {
      // Every branch below reports an error: count it without describing it.
      this.take();
      this.report({ start: 0, end: 0, code: 'syntax/unexpected', severity: 'error', message: '' });
      this.skipStatement();
      return;
    }
    const t = this.take();
    const line = this.lines.positionAt(t.start).line;
    const lineText = this.text.slice(this.lines.lineStarts[line], this.lines.lineEnd(line));
    if (t.kind === Tok.Ident || t.kind === Tok.Word) {
      const next = this.peek();
      const pythonish = pythonLine(lineText);
      if (t.kind === Tok.Ident && this.isLineEnd(next)) {
        this.report({
          start: t.start,
          end: t.end,
          code: 'syntax/missing-assignment',
          severity: 'error',
          message: `${excerpt(this.src(t))} stands alone: xl wants \`key = value\` and rejects the file`,
          pythonish,
        });
      } else if (t.kind === Tok.Word && (next.kind === Tok.Assign || next.kind === Tok.Append)) {
        // handled by startsAssignment for key-like words; anything else is an invalid key
        this.report({
          start: t.start,
          end: t.end,
          code: 'syntax/invalid-key',
          severity: 'error',
          message: `${excerpt(this.src(t))} is not a valid key ${KEY_CHARS}: xl rejects the file`,
          pythonish,
        });
      } else {
        this.report({
          start: t.start,
          end: this.lineEndOffset(t.start),
          code: 'syntax/unexpected',
          severity: 'error',
          message: `${excerpt(this.src(t))} is not followed by \`=\`: xl wants \`key = value\` and rejects the file`,
          pythonish,
        });
      }
    } else {
      this.report({
        start: t.start,
        end: Math.max(t.end, t.start + 1),
        code: 'syntax/unexpected',
        severity: 'error',
        message: `Unexpected ${describe(this.text, t)} where a statement starts: xl rejects the file`,
        pythonish: pythonLine(lineText),
      });
    }
    this.skipStatement();
  }

  private lineEndOffset(offset: number): number {
    return this.lines.lineEnd(this.lines.positionAt(offset).line);
  }

  private assignment(): void {
    const keyTok = this.take();
    const opTok = this.take();
    const key = this.src(keyTok);
    const stmt = new AssignmentNode(key, keyTok.start, opTok.kind === Tok.Append, opTok.start, keyTok.line);
    this.statements[this.statementCount++] = stmt;
    if (keyTok.kind === Tok.Word) {
      stmt.markBroken();
      this.badKey(keyTok, key);
    }
    const value = this.value(stmt);
    // From here on the statement ends where its value does.
    if (value) stmt.value = value;
    // After the value: a newline, `;` or the end of the file.
    const next = this.peek();
    if (this.isLineEnd(next)) return;
    if (this.startsAssignment(0)) {
      const at = stmt.end;
      this.report({
        start: next.start,
        end: this.peek(1).end,
        code: 'syntax/missing-separator',
        severity: 'error',
        message: 'Two statements on one line need a `;` between them, else xl rejects the file',
        fixes: [{ title: 'Insert `;`', edits: [{ start: at, end: at, newText: ';' }], preferred: true }],
      });
      return; // the next statement parses on its own
    }
    stmt.markBroken();
    const lineText = this.text.slice(this.lines.lineStarts[stmt.line], this.lineEndOffset(next.start));
    if (next.kind === Tok.String || next.kind === Tok.Number) {
      this.report({
        start: next.start,
        end: next.end,
        code: 'syntax/unexpected',
        severity: 'error',
        message: 'A second value after the first: xl does not join values; use one string or a list',
      });
    } else {
      this.report({
        start: next.start,
        end: this.lineEndOffset(next.start),
        code: 'syntax/unexpected',
        severity: 'error',
        message:
          `Unexpected ${describe(this.text, next)} after the value (want \`;\` or a new line): ` +
          'xl rejects the file',
        pythonish: pythonLine(lineText),
      });
    }
    this.skipStatement();
  }

  private badKey(tok: Token, key: string): void {
    // Past the budget only the count and xl's verdict matter (an invalid key: xl rejects the file).
    if (this.full())
      return this.report({
        start: tok.start,
        end: tok.end,
        code: 'syntax/invalid-key',
        severity: 'error',
        message: '',
      });
    const lower = key.toLowerCase().replace(/-/g, '_');
    let code: RuleId = 'syntax/invalid-key';
    let message = `${excerpt(key)} is not a valid key ${KEY_CHARS}: xl rejects the file`;
    if (/[A-Z]/.test(key) && !/-/.test(key)) {
      code = 'syntax/key-uppercase';
      message = `Uppercase in the key ${excerpt(key)}: xl rejects the file. Did you mean ${excerpt(lower)}?`;
    } else if (/-/.test(key)) {
      code = 'syntax/key-dash';
      message = `\`-\` in the key ${excerpt(key)}: xl rejects the file. Did you mean ${excerpt(lower)}?`;
    }
    const fixable = /^[a-z][a-z0-9_.]*$/.test(lower);
    this.report({
      start: tok.start,
      end: tok.end,
      code,
      severity: 'error',
      message,
      fixes: fixable
        ? [{ title: `Rename to \`${lower}\``, edits: [{ start: tok.start, end: tok.end, newText: lower }] }]
        : undefined,
    });
  }

  // ---- values -------------------------------------------------------------------------------------

  /** Parse the value after `=`; returns undefined (and marks the statement broken) when there is none. */
  private value(stmt: AssignmentNode): ValueNode | undefined {
    const t = this.peek();
    if (t.kind === Tok.LBracket) return this.list(stmt);
    const atom = this.atom(stmt, true);
    if (atom) return atom;
    if (t.kind === Tok.Newline || t.kind === Tok.Eof || t.kind === Tok.Semi) {
      stmt.markBroken();
      const nextLineValue = t.kind === Tok.Newline && this.peek(1).kind !== Tok.Newline && !this.startsAssignment(1);
      this.report({
        start: stmt.keyStart,
        end: stmt.end,
        code: 'syntax/missing-value',
        severity: 'error',
        message: nextLineValue
          ? `${excerpt(`${stmt.key} ${stmt.op}`)} has no value on its line (only lists span lines): xl rejects the file`
          : `${excerpt(`${stmt.key} ${stmt.op}`)} has no value: xl rejects the file`,
      });
      return undefined;
    }
    stmt.markBroken();
    this.report({
      start: t.start,
      end: Math.max(t.end, t.start + 1),
      code: 'syntax/unexpected',
      severity: 'error',
      message: `Unexpected ${describe(this.text, t)} where a value should be: write a string, a number or a list`,
    });
    this.take();
    return undefined;
  }

  /**
   * A string, a number, or (for recovery) an invalid word read as if it were quoted. Returns
   * undefined, consuming nothing, when the next token cannot be a value.
   */
  private atom(stmt: AssignmentNode, topLevel: boolean): ValueNode | undefined {
    const t = this.peek();
    if (t.kind === Tok.String) {
      this.take();
      return this.stringAtom(stmt, t);
    }
    if (t.kind === Tok.Number) {
      this.take();
      return new NumberNode(t.start, this.src(t));
    }
    if (t.kind === Tok.Ident || t.kind === Tok.Word) {
      // With a missing separator, `a = 1 b = 2` would be caught here; leave that to the caller.
      if (topLevel && this.startsAssignment(0)) return undefined;
      this.take();
      stmt.markBroken();
      this.bareword(t);
      const word = new StringNode(t.start, t.end, '"', this.src(t));
      word.bareword = true;
      return word;
    }
    return undefined;
  }

  private stringAtom(stmt: AssignmentNode, t: Token): StringAtom {
    if (t.plain)
      return new StringNode(t.start, t.end, this.text[t.start] as '"' | "'", this.text.slice(t.start + 1, t.end - 1));
    const d = dequote(this.text, t.start, t.end, !t.unterminated);
    for (const p of d.problems) this.report({ ...p, rejects: p.severity === 'error' });
    if (t.unterminated) {
      stmt.markBroken();
      const q = this.text[t.start];
      this.report({
        start: t.start,
        end: t.end,
        code: 'syntax/unterminated-string',
        severity: 'error',
        message: `This string has no closing ${q} on its line (strings cannot span lines): xl rejects the file`,
        fixes: [
          { title: `Close the string with ${q}`, edits: [{ start: t.end, end: t.end, newText: q }], preferred: true },
        ],
      });
    }
    const atom = new StringNode(t.start, t.end, this.text[t.start] as '"' | "'", d.value);
    if (d.sourceMap) atom.sourceMap = d.sourceMap;
    if (t.unterminated) atom.unterminated = true;
    return atom;
  }

  /** An unquoted word where a value belongs: name the mistake and offer the fix. */
  private bareword(t: Token): void {
    const word = this.src(t);
    const quoted = JSON.stringify(word);
    const quoteFix = { title: `Quote it: ${quoted}`, edits: [{ start: t.start, end: t.end, newText: quoted }] };
    // `(\.\d*)?` rather than `\.?\d*`: the latter backtracks quadratically on long digit runs.
    if (/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(word) && /[+.-]/.test(word)) {
      this.report({
        start: t.start,
        end: t.end,
        code: 'syntax/unquoted-number',
        severity: 'error',
        message: `${excerpt(word)}: xl has no signed or fractional numbers; quote it, else xl rejects the file`,
        fixes: [{ ...quoteFix, preferred: true }],
      });
    } else if (/^0[xX][0-9a-fA-F]+$/.test(word) && word !== word.toLowerCase()) {
      this.report({
        start: t.start,
        end: t.end,
        code: 'syntax/uppercase-hex',
        severity: 'error',
        message: `${excerpt(word)}: xl accepts only lowercase hex digits; uppercase makes it reject the file`,
        fixes: [
          {
            title: `Write \`${word.toLowerCase()}\``,
            edits: [{ start: t.start, end: t.end, newText: word.toLowerCase() }],
            preferred: true,
          },
        ],
      });
    } else if (/^\d+[A-Za-z]+$/.test(word)) {
      this.report({
        start: t.start,
        end: t.end,
        code: 'syntax/number-suffix',
        severity: 'error',
        message:
          `${excerpt(word)}: xl numbers take no unit (each key has its own, MiB for memory): ` + 'xl rejects the file',
        fixes: [
          {
            title: `Write \`${word.replace(/[A-Za-z]+$/, '')}\``,
            edits: [{ start: t.start, end: t.end, newText: word.replace(/[A-Za-z]+$/, '') }],
          },
          quoteFix,
        ],
      });
    } else {
      this.report({
        start: t.start,
        end: t.end,
        code: 'syntax/bareword',
        severity: 'error',
        message:
          `${excerpt(word)} is not quoted: xl rejects the file. ` +
          `Write ${word.length > 32 ? 'it in quotes' : quoted}.`,
        fixes: [{ ...quoteFix, preferred: /^[\w./:-]+$/.test(word) }],
        pythonish: /[()%]/.test(word) || word === 'True' || word === 'False' || word === 'None',
      });
    }
  }

  /**
   * One entry per open list while a list value is parsed, reused from one list to the next (a
   * 1 MB file has thousands of lists): the items and commas gather here, and each node gets
   * arrays of exactly its size when it is done.
   */
  private readonly levels: ListLevel[] = [];
  /** A too-deep list was reported for the current list value (once per value). */
  private tooDeep = false;

  /** A list, parsed with an explicit stack so nesting depth costs no recursion. */
  private list(stmt: AssignmentNode): ListNode {
    const open = this.take();
    const root: ListNode = new ListValueNode(open.start, open.end, EMPTY, EMPTY_OFFSETS);
    // `stmts IDENT '='` sit under the outermost `[`.
    let depth = this.openLevel(0, root, 3);
    let top = this.levels[0];
    this.tooDeep = false;
    while (depth > 0) {
      const t = this.peek();
      switch (t.kind) {
        case Tok.Newline:
          // A new `key = ...` at the start of a line means the list was never closed.
          if (this.startsAssignment(1) && this.text.charCodeAt(t.end - 1) === 10) {
            this.closeLevels(depth);
            this.unterminatedList(stmt, root, depth);
            return root;
          }
          this.take();
          this.bisonDepth(top, levelHeight(top) + 1, t, depth); // `nlok NEWLINE` before it reduces to `nlok`
          break;
        case Tok.Eof:
          this.closeLevels(depth);
          this.unterminatedList(stmt, root, depth);
          return root;
        case Tok.LBracket: {
          this.take();
          const child: ListNode = new ListValueNode(t.start, t.end, EMPTY, EMPTY_OFFSETS);
          const below = top.below + (top.state === LIST_OPEN ? 2 : 5);
          this.addItem(stmt, top, child);
          depth = this.openLevel(depth, child, below);
          top = this.levels[depth - 1];
          this.bisonDepth(top, 2, t, depth);
          break;
        }
        case Tok.RBracket:
          this.take();
          this.bisonDepth(top, 4, t, depth); // `'[' nlok valuelist ']'`
          top.node.end = t.end;
          top.node.closed = true;
          closeLevel(top);
          depth--;
          if (depth > 0) {
            top = this.levels[depth - 1];
            top.node.end = t.end;
            // After an item: an atom briefly sits on the stack as STRING/NUMBER before `nlok` follows.
            this.bisonDepth(top, levelHeight(top), t, depth);
          }
          break;
        case Tok.Comma:
          this.take();
          if (top.state !== LIST_VALUE) {
            stmt.markBroken();
            this.report({
              start: t.start,
              end: t.end,
              code: 'syntax/empty-item',
              severity: 'error',
              message:
                top.state === LIST_OPEN
                  ? 'A list cannot start with `,`: xl rejects the file.'
                  : 'Two commas in a row leave an empty list item: xl rejects the file.',
              fixes: [
                {
                  title: 'Remove the extra `,`',
                  edits: [{ start: t.start, end: t.end, newText: '' }],
                  preferred: true,
                },
              ],
            });
          } else {
            top.state = LIST_COMMA;
            top.afterComma = true;
            this.bisonDepth(top, 5, t, depth);
          }
          top.commas[top.commaCount++] = t.start;
          break;
        case Tok.Semi:
        case Tok.Assign:
        case Tok.Append:
          this.take();
          stmt.markBroken();
          this.report({
            start: t.start,
            end: t.end,
            code: 'syntax/unexpected',
            severity: 'error',
            message: `Unexpected ${describe(this.text, t)} inside a list: items are separated by \`,\` only`,
          });
          break;
        default: {
          const item = this.atom(stmt, false);
          if (item) {
            this.addItem(stmt, top, item);
            this.bisonDepth(top, levelHeight(top), t, depth);
          } else this.take(); // cannot happen: every other token kind is an atom
        }
      }
    }
    root.end = Math.max(root.end, this.lastEnd);
    return root;
  }

  /** Open the list at nesting `depth` (0 = the value itself); returns the new depth. */
  private openLevel(depth: number, node: ListNode, below: number): number {
    let level = this.levels[depth];
    if (!level)
      this.levels.push(
        (level = {
          node,
          state: LIST_OPEN,
          afterComma: false,
          below,
          items: [],
          itemCount: 0,
          commas: [],
          commaCount: 0,
        }),
      );
    else {
      level.node = node;
      level.state = LIST_OPEN;
      level.afterComma = false;
      level.below = below;
      level.itemCount = 0;
      level.commaCount = 0;
    }
    return depth + 1;
  }

  /** Lists left open when the value ends without `]`: their nodes still get their items. */
  private closeLevels(depth: number): void {
    for (let d = 0; d < depth; d++) closeLevel(this.levels[d]);
  }

  private addItem(stmt: AssignmentNode, top: ListLevel, item: ValueNode): void {
    if (top.state === LIST_VALUE) {
      const prev = top.items[top.itemCount - 1];
      stmt.markBroken();
      this.report({
        start: item.start,
        end: Math.min(item.end, this.lineEndOffset(item.start)),
        code: 'syntax/missing-comma',
        severity: 'error',
        message: 'List items must be separated by `,`: xl rejects the file.',
        fixes: [{ title: 'Insert `,`', edits: [{ start: prev.end, end: prev.end, newText: ',' }], preferred: true }],
      });
    }
    top.items[top.itemCount++] = item;
    top.node.end = item.end;
    top.state = LIST_VALUE;
  }

  /**
   * libxlutil's bison parser has a fixed stack (YYMAXDEPTH 10000 states) and rejects the file
   * with "memory exhausted" when a list nests too deeply (about 5,000 levels). Each open list
   * holds `'[' nlok` (2 symbols), or `'[' nlok values ',' nlok` (5) once past its first item,
   * and `height` is what the top list holds at the current token. Measured against libxlutil
   * 4.17 by the differential tests.
   */
  private bisonDepth(level: ListLevel, height: number, at: Token, depth: number): void {
    if (this.tooDeep || level.below + height <= BISON_MAX_SYMBOLS) return;
    this.tooDeep = true;
    this.report({
      start: at.start,
      end: at.end,
      code: 'syntax/too-deep',
      severity: 'error',
      message: `Lists nested ${depth} levels deep overflow xl's parser stack: xl rejects the file`,
    });
  }

  private unterminatedList(stmt: AssignmentNode, root: ListNode, depth: number): void {
    stmt.markBroken();
    const line = this.lines.positionAt(root.start).line + 1;
    const closers = ']'.repeat(depth);
    const at = root.end;
    this.report({
      start: root.start,
      end: root.start + 1,
      code: 'syntax/unterminated-list',
      severity: 'error',
      message: `This list (line ${line}) is never closed: xl reads on to the end of the file and rejects it`,
      fixes: [
        {
          title: `Close the list with \`${closers}\``,
          edits: [{ start: at, end: at, newText: closers }],
          preferred: true,
        },
      ],
    });
  }

  // ---- values as libxlutil stores them ------------------------------------------------------------

  private evaluate(): Map<string, Setting> {
    const settings = new Map<string, Setting>();
    const statements = this.statements;
    for (let i = 0; i < statements.length; i++) {
      this.evaluating = i;
      this.store(settings, statements[i]);
    }
    this.evaluating = -1;
    if (this.filling) this.filled!.set(this.filling, this.fillCount);
    // Fewer than counted when an `+=` mixed a list and a string (that statement is not stored).
    this.filled?.forEach((n, all) => {
      all.length = n;
    });
    this.filled = this.filling = undefined;
    return settings;
  }

  /** The index of the statement evaluate() is storing; -1 outside it. */
  private evaluating = -1;
  /** How full each presized `all` is (see addToAll), but the one being filled now. */
  private filled?: Map<Assignment[], number>;
  /** The presized `all` filled last, and how full it is (a key set a million times in a row). */
  private filling?: Assignment[];
  private fillCount = 0;

  /** Make `all` (`n` entries so far) the one being filled, putting back the previous one. */
  private fillFrom(all: Assignment[], n: number): void {
    this.filled ??= new Map();
    if (this.filling) this.filled.set(this.filling, this.fillCount);
    this.filling = all;
    this.fillCount = n;
  }

  /**
   * `all.push(stmt)`, except that a key set tens of thousands of times (a generator gone wrong)
   * gets an array of its final size once it reaches PRESIZE_FROM statements, instead of growing by
   * copies that stay in the heap until a full collection. The statements left are counted once:
   * at most n / PRESIZE_FROM keys get there, so the counts cost at most n² / (2 * PRESIZE_FROM).
   */
  private addToAll(setting: Setting, stmt: Assignment): void {
    const all = setting.all;
    if (all.length < PRESIZE_FROM - 1) {
      all.push(stmt);
      return;
    }
    if (all === this.filling) {
      all[this.fillCount++] = stmt;
      return;
    }
    const n = this.filled?.get(all);
    if (n !== undefined) {
      this.fillFrom(all, n);
      all[this.fillCount++] = stmt;
      return;
    }
    if (all.length + 1 !== PRESIZE_FROM || this.evaluating < 0) {
      all.push(stmt);
      return;
    }
    const statements = this.statements;
    const key = stmt.key;
    let more = 0;
    for (let i = this.evaluating + 1; i < statements.length; i++) {
      const s = statements[i];
      if (s.key === key && !s.broken && s.value) more++;
    }
    const grown = new Array<Assignment>(all.length + 1 + more);
    for (let i = 0; i < all.length; i++) grown[i] = all[i];
    grown[all.length] = stmt;
    this.fillFrom(grown, all.length + 1);
    if (setting.sources === all) setting.sources = grown;
    setting.all = grown;
  }

  /**
   * After a resumed parse: when the statements parsed again stand for the same keys, in the same
   * order, as those they replace (the usual edit), the previous settings keep their order and
   * only the keys those statements set are settled again. Undefined when that does not hold.
   */
  private resumedSettings(): Map<string, Setting> | undefined {
    const w = this.window;
    if (!w || w.old.mixed || w.freshCount !== w.oldStatements.length) return undefined;
    const { oldStatements } = w;
    const fresh = this.statements.slice(this.headCount, this.headCount + oldStatements.length);
    const replaced = new Map<Assignment, Assignment>();
    const keys = new Set<string>();
    for (let i = 0; i < oldStatements.length; i++) {
      const o = oldStatements[i];
      const n = fresh[i];
      const stored = !o.broken && !!o.value;
      if (o.key !== n.key || stored !== (!n.broken && !!n.value)) return undefined;
      if (stored) {
        replaced.set(o, n);
        keys.add(n.key);
      }
    }
    const settings = w.old.settings;
    for (const key of keys) {
      const before = settings.get(key);
      if (!before) return undefined;
      const one = new Map<string, Setting>();
      for (const s of before.all) this.store(one, replaced.get(s) ?? s);
      settings.set(key, one.get(key)!);
    }
    return settings;
  }

  /** One statement's effect on the settings, as libxlutil stores values. */
  private store(settings: Map<string, Setting>, stmt: Assignment): void {
    if (stmt.broken || !stmt.value) return;
    const value = stmt.value.kind === 'list' ? toValue(stmt.value) : stmt.value.value;
    const prev = settings.get(stmt.key);
    if (stmt.op === '=' || !prev) {
      // A fresh key's `sources` and `all` are the same one-element array (one allocation fewer
      // per key: on a 1 MB file the retained objects, not the parsing, dominate the time). The
      // replaced setting is dropped, so its `all` can be extended in place (copying made n
      // duplicates cost n²).
      if (prev) {
        // In place: the settings map is this parse's own until it returns (a key set a million
        // times made a million Setting objects), and so is a one-element `sources` of an earlier `=`.
        this.addToAll(prev, stmt);
        prev.value = value;
        prev.appended = stmt.op === '+=';
        if (prev.sources !== prev.all && prev.sources.length === 1) prev.sources[0] = stmt;
        else prev.sources = [stmt];
      } else {
        const one = [stmt];
        settings.set(stmt.key, { key: stmt.key, value, appended: stmt.op === '+=', sources: one, all: one });
      }
      return;
    }
    // `+=` joins with the most recent value at parse time (libxlu_cfg.c: xlu__cfg_concat_vals).
    if (typeof prev.value === 'string' && typeof value === 'string') {
      prev.value += value;
    } else if (Array.isArray(prev.value) && Array.isArray(value)) {
      // In place: the list is this setting's own (toValue builds fresh arrays); concat made n appends cost n².
      for (const item of value) prev.value.push(item);
    } else {
      this.mixed = true;
      this.report({
        start: stmt.opStart,
        end: stmt.end,
        code: 'syntax/append-mixed',
        severity: 'error',
        message:
          `${excerpt(`${stmt.key} +=`)} adds a ${Array.isArray(value) ? 'list' : 'string'}` +
          ` to a ${Array.isArray(prev.value) ? 'list' : 'string'} (line ${prev.sources[0].line + 1}): xl rejects the file`,
      });
      return;
    }
    this.addToAll(prev, stmt);
    if (prev.sources !== prev.all) prev.sources.push(stmt);
    prev.appended = true;
  }

  /**
   * Earlier assignments that a later `=` overrides: xl silently keeps only the last. They are the
   * statements of a key's `all` that did not build its final value (`sources` starts at the last `=`).
   */
  private duplicates(settings: Map<string, Setting>): void {
    // forEach: no iterator result object per setting (a large file has thousands).
    settings.forEach((setting) => {
      const overridden = setting.all.length - setting.sources.length;
      if (overridden <= 0) return;
      const winner = setting.sources[0];
      for (let k = 0; k < overridden; k++) {
        if (this.full()) {
          // Past the budget: counted, not described (a key set a million times makes no messages).
          this.overflow += overridden - k;
          return;
        }
        const s = setting.all[k];
        this.report({
          start: s.keyStart,
          end: s.keyEnd,
          code: 'key/duplicate',
          unnecessary: true,
          severity: 'warning',
          rejects: false,
          message: `${excerpt(s.key)} is set again on line ${winner.line + 1}: xl keeps only that last value`,
        });
      }
    });
  }

  /**
   * xm-era configs were Python. Instead of a cascade of lexical errors, say it once: a file with
   * `import`/`def`/`class` lines is Python throughout; otherwise the Python-looking lines are
   * grouped under one diagnostic and the remaining errors stay as they are.
   */
  private collapsePython(): void {
    const isSyntaxError = (p: Problem): boolean =>
      p.rejects && p.code.startsWith('syntax/') && p.code !== 'syntax/crlf' && p.code !== 'syntax/bom';
    // A file xl accepts has nothing to collapse: skip the line scan.
    if (!this.problems.some(isSyntaxError)) return;
    const lineOf = (off: number): number => this.lines.positionAt(off).line;
    let firstPyLine = -1;
    for (let l = 0; l < this.lines.lineCount; l++) {
      const s = this.text.slice(this.lines.lineStarts[l], this.lines.lineEnd(l));
      if (PY_STATEMENT.test(s)) {
        firstPyLine = l;
        break;
      }
    }
    const wholeFile = firstPyLine >= 0;
    const victims = this.problems.filter((p) => isSyntaxError(p) && (wholeFile || p.pythonish));
    if (victims.length === 0) return;
    // A loop, not Math.min(...): spreading 100k+ arguments overflows the stack.
    let first = firstPyLine;
    if (!wholeFile) {
      first = Infinity;
      for (const p of victims) first = Math.min(first, lineOf(p.start));
    }
    const pyLines = new Set(victims.map((p) => lineOf(p.start)));
    if (wholeFile) pyLines.add(firstPyLine);
    const gone = new Set(victims);
    const kept = this.problems.filter((p) => !gone.has(p));
    this.problems.length = 0;
    for (const p of kept) this.problems.push(p);
    this.report({
      start: this.lines.lineStarts[first],
      end: this.lines.lineEnd(first),
      code: 'syntax/python',
      severity: 'error',
      message:
        `An xm-era Python config (${pyLines.size} line${pyLines.size === 1 ? '' : 's'} xl cannot parse):` +
        ' xl reads only `key = value` and rejects it',
    });
  }
}

function looksLikeKey(word: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(word);
}

/** What a key may hold, for messages. */
const KEY_CHARS = '(a-z first, then a-z, 0-9, `_`, `.`)';

function describe(text: string, t: Token): string {
  switch (t.kind) {
    case Tok.Newline:
      return text.charCodeAt(t.start) === 35 ? 'comment' : 'end of line';
    case Tok.Eof:
      return 'end of file';
    case Tok.String:
      return 'string';
    case Tok.Number:
      return `number ${excerpt(text.slice(t.start, t.end))}`;
    default:
      return excerpt(text.slice(t.start, t.end));
  }
}

/** Convert a value node to the stored value, iteratively (lists may nest arbitrarily deep). */
export function toValue(node: ValueNode): Value {
  if (node.kind !== 'list') return node.value;
  const root: Value[] = [];
  const stack: Array<{ items: readonly ValueNode[]; out: Value[]; i: number }> = [
    { items: peekItems(node), out: root, i: 0 },
  ];
  while (stack.length) {
    const top = stack[stack.length - 1];
    if (top.i >= top.items.length) {
      stack.pop();
      continue;
    }
    const item = top.items[top.i++];
    if (item.kind === 'list') {
      const out: Value[] = [];
      top.out.push(out);
      stack.push({ items: peekItems(item), out, i: 0 });
    } else {
      top.out.push(item.value);
    }
  }
  return root;
}
