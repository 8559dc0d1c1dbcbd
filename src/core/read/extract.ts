/**
 * Markdown → the YAML it carries (issue #14): an operator's guide keeps its manifests in ```yaml (or ~~~yaml,
 * ```yml, ```json) fences. Pasting the guide whole into a YAML editor shows the prose as errors and a download
 * would save Markdown, so the designer offers to keep the fenced blocks only. Fences follow CommonMark: up to three
 * spaces of indentation, three or more backticks or tildes, closed by a line of at least as many of the same
 * character; an unclosed fence runs to the end of the text.
 */

const FENCE_OPEN = /^[ \t]{0,3}(`{3,}|~{3,})[ \t]*(ya?ml|json)?[ \t]*$/i;

export interface YamlBlock {
  /** The block's text, exactly as written between its fences (ends with a newline unless the text ends). */
  text: string;
  /** 1-based lines of the block's first and last content lines in the Markdown (`endLine` < `line`: empty block). */
  line: number;
  endLine: number;
  /** The fence's info string, lower-cased: `yaml`, `yml` or `json`. */
  language: string;
}

export interface ExtractedYaml {
  blocks: YamlBlock[];
  /** The blocks as one YAML stream, separated by `---` lines where a block does not end with one already. */
  yaml: string;
  /** Lines outside the blocks (prose, headings, other code, fence lines) that the YAML leaves out. */
  droppedLines: number;
  /** Fenced blocks of other languages (shell, text…) left out. */
  otherBlocks: number;
}

/** The fenced YAML blocks of a Markdown text, with their positions, and the YAML stream they make. */
export function extractYamlBlocks(text: string): ExtractedYaml {
  const lines = text.split('\n');
  // A trailing newline does not start another line.
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  const blocks: YamlBlock[] = [];
  let otherBlocks = 0;
  let kept = 0;
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE_OPEN.exec(lines[i]!.replace(/\r$/, ''));
    // Any fence opens a block (so a shell block's content is never taken for a fence), but only YAML is kept.
    const other = open ? null : /^[ \t]{0,3}(`{3,}|~{3,})/.exec(lines[i]!);
    const fence = open?.[1] ?? other?.[1];
    if (!fence) continue;
    const closing = new RegExp(`^[ \\t]{0,3}${fence[0]}{${fence.length},}[ \\t]*\\r?$`);
    let close = i + 1;
    while (close < lines.length && !closing.test(lines[close]!)) close++;
    if (open?.[2]) {
      const content = lines.slice(i + 1, close);
      const ends = close < lines.length || text.endsWith('\n');
      blocks.push({
        text: content.length ? content.join('\n') + (ends ? '\n' : '') : '',
        line: i + 2,
        endLine: i + 1 + content.length,
        language: open[2].toLowerCase(),
      });
      kept += content.length;
    } else otherBlocks++;
    i = close;
  }
  let yaml = '';
  for (const block of blocks) {
    if (!/\S/.test(block.text)) continue;
    if (yaml !== '' && !/^---[ \t]*(\r?\n|$)/.test(block.text) && !/(^|\n)---[ \t]*\r?\n$/.test(yaml)) yaml += '---\n';
    yaml += block.text.endsWith('\n') ? block.text : `${block.text}\n`;
  }
  return { blocks, yaml, droppedLines: lines.length - kept, otherBlocks };
}
