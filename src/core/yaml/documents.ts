/**
 * Splits a text into YAML documents without parsing it, so each document can be parsed, cached and
 * rewritten on its own. A line that starts with `---` or `...` followed by a blank or the end of the line
 * always ends a document in YAML 1.2 (such lines are forbidden inside content), so splitting on them is exact.
 *
 * A Markdown text (an operator's guide with ```yaml fences) is split into the YAML documents of its fences;
 * the prose between them travels in the documents' headers, so nothing is lost when the text is reassembled.
 */
import type { SourceDocument } from '../model/types.ts';

const DOC_MARKER = /^(---|\.\.\.)(?=[ \t]|$)/;
const FENCE_OPEN = /^[ \t]{0,3}(`{3,}|~{3,})[ \t]*(ya?ml|json)?[ \t]*$/i;

export interface SplitText {
  documents: SourceDocument[];
  /** Text after the last document (Markdown prose after the last fence); '' for plain YAML. */
  trailer: string;
  format: 'yaml' | 'markdown';
}

interface Line {
  text: string;
  start: number;
  /** Offset just past the line's terminator. */
  end: number;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start < text.length) {
    let nl = text.indexOf('\n', start);
    if (nl < 0) nl = text.length - 1;
    const end = nl + 1;
    let contentEnd = text[nl] === '\n' ? nl : end;
    if (contentEnd > start && text[contentEnd - 1] === '\r') contentEnd--;
    lines.push({ text: text.slice(start, contentEnd), start, end: Math.min(end, text.length) });
    start = end;
  }
  return lines;
}

/**
 * The lines of `text` that may be document markers (those starting with `-` or `.`), as splitLines would give
 * them, with their 0-based line numbers. Other lines are skipped without being sliced, so splitting a large
 * stream allocates per document rather than per line.
 */
function* markerCandidates(text: string): Generator<Line & { number: number }> {
  let start = 0;
  let number = 0;
  while (start < text.length) {
    let nl = text.indexOf('\n', start);
    if (nl < 0) nl = text.length - 1;
    const end = nl + 1;
    const c = text.charCodeAt(start);
    if (c === 0x2d /* - */ || c === 0x2e /* . */) {
      let contentEnd = text[nl] === '\n' ? nl : end;
      if (contentEnd > start && text[contentEnd - 1] === '\r') contentEnd--;
      yield { text: text.slice(start, contentEnd), start, end: Math.min(end, text.length), number };
    }
    start = end;
    number++;
  }
}

/** True when the text is Markdown with YAML fences rather than YAML. */
export function looksLikeMarkdown(text: string): boolean {
  if (!/^[ \t]{0,3}(`{3,}|~{3,})[ \t]*(ya?ml|json)?[ \t]*$/im.test(text)) return false;
  // A YAML stream never contains a fence line at column 0 outside a block scalar; a guide almost always
  // starts with prose or a heading. Require a heading or prose line before the first fence.
  return /^[ \t]{0,3}(#{1,6} |[A-Za-z])/m.test(text.slice(0, text.search(/^[ \t]{0,3}(`{3,}|~{3,})/m)));
}

/** Blank lines, comments and `%` directives only: what may precede the first `---` of a stream. */
function isPreamble(text: string): boolean {
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (t !== '' && !t.startsWith('#') && !t.startsWith('%')) return false;
  }
  return true;
}

export function splitText(text: string, format: 'auto' | 'yaml' | 'markdown' = 'auto'): SplitText {
  const useMarkdown = format === 'markdown' || (format === 'auto' && looksLikeMarkdown(text));
  return useMarkdown ? splitMarkdown(text) : { documents: splitYaml(text, 0, 0, ''), trailer: '', format: 'yaml' };
}

/**
 * Splits a YAML stream that begins at `baseOffset` / `baseLine` of the whole text. `leading` is text that
 * precedes the stream (Markdown prose and the opening fence) and becomes part of the first header.
 */
function splitYaml(stream: string, baseOffset: number, baseLine: number, leading: string): SourceDocument[] {
  const docs: SourceDocument[] = [];
  let header = leading;
  let bodyStart = 0;
  let bodyStartLine = 0;
  const pushBody = (bodyEnd: number) => {
    docs.push({
      index: docs.length,
      header,
      body: stream.slice(bodyStart, bodyEnd),
      startLine: baseLine + bodyStartLine,
      startOffset: baseOffset + bodyStart,
    });
  };
  // Directives (`%YAML`) and the marker line belong to the header of the document they open.
  for (const line of markerCandidates(stream)) {
    const lineNo = line.number;
    if (DOC_MARKER.test(line.text)) {
      const isStart = line.text.startsWith('---');
      const rest = line.text.slice(3);
      const body = stream.slice(bodyStart, line.start);
      // A directive-only or empty body before the very first `---` is part of that document's header.
      if (docs.length === 0 && isStart && isPreamble(body) && !header.includes('---')) {
        header += body;
      } else {
        pushBody(line.start);
        header = '';
      }
      if (isStart && /\S/.test(rest) && !/^\s*#/.test(rest)) {
        // `--- {a: 1}` or `--- |`: content on the marker line stays in the body; only `---` is header.
        header += '---';
        bodyStart = line.start + 3;
        bodyStartLine = lineNo;
        // Body starts mid-line: startOffset points at the character after `---`.
      } else {
        header += stream.slice(line.start, line.end);
        bodyStart = line.end;
        bodyStartLine = lineNo + 1;
      }
    }
  }
  pushBody(stream.length);
  return docs;
}

function splitMarkdown(text: string): SplitText {
  const lines = splitLines(text);
  const docs: SourceDocument[] = [];
  let proseStart = 0; // start of prose not yet attached to a document
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE_OPEN.exec(lines[i]!.text);
    if (!open || !open[2]) continue;
    const fence = open[1]!;
    let close = i + 1;
    while (
      close < lines.length &&
      !new RegExp(`^[ \\t]{0,3}${fence[0]}{${fence.length},}[ \\t]*$`).test(lines[close]!.text)
    )
      close++;
    const streamStart = lines[i]!.end;
    const streamEnd = close < lines.length ? lines[close]!.start : text.length;
    const prose = text.slice(proseStart, streamStart);
    const inner = splitYaml(text.slice(streamStart, streamEnd), streamStart, i + 1, prose);
    for (const d of inner) docs.push({ ...d, index: docs.length });
    proseStart = streamEnd;
    i = close;
  }
  const trailer = text.slice(proseStart);
  return { documents: docs, trailer, format: 'markdown' };
}

/** Reassembles documents (some possibly with edited bodies) into one text. */
export function joinDocuments(documents: readonly Pick<SourceDocument, 'header' | 'body'>[], trailer = ''): string {
  let out = '';
  for (const d of documents) out += d.header + d.body;
  return out + trailer;
}
