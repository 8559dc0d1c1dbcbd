import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractYamlBlocks, read } from '../../src/core/index.ts';

const GUIDE = resolve(process.cwd(), '../shared/seed/000_243ac29d2f9b99da.txt');

describe('extractYamlBlocks', () => {
  const cases: {
    name: string;
    text: string;
    yaml: string;
    lines: [number, number][];
    dropped: number;
    other: number;
  }[] = [
    { name: 'no fences', text: '# Title\nprose\n', yaml: '', lines: [], dropped: 2, other: 0 },
    {
      name: 'one yaml block',
      text: '# Guide\n\n```yaml\na: 1\n```\nafter\n',
      yaml: 'a: 1\n',
      lines: [[4, 4]],
      dropped: 5,
      other: 0,
    },
    {
      name: 'two blocks are two documents; yml, json, tildes and longer fences',
      text: 'x\n~~~yml\na: 1\n~~~\n````YAML\nb: 2\n```\nc: 3\n````\n```json\n{"d": 4}\n```\n',
      yaml: 'a: 1\n---\nb: 2\n```\nc: 3\n---\n{"d": 4}\n',
      lines: [
        [3, 3],
        [6, 8],
        [11, 11],
      ],
      dropped: 7,
      other: 0,
    },
    {
      name: 'a shell block is left out, and a yaml fence inside it is not one',
      text: 'x\n```sh\necho "```yaml"\n```\n```yaml\n---\na: 1\n```\n',
      yaml: '---\na: 1\n',
      lines: [[6, 7]],
      dropped: 6,
      other: 1,
    },
    {
      name: 'an unclosed fence runs to the end',
      text: 'x\n```yaml\na: 1\nb: 2',
      yaml: 'a: 1\nb: 2\n',
      lines: [[3, 4]],
      dropped: 2,
      other: 0,
    },
    {
      name: 'a block ending with --- is not followed by another separator',
      text: '```yaml\na: 1\n---\n```\n```yaml\nb: 2\n```\n',
      yaml: 'a: 1\n---\nb: 2\n',
      lines: [
        [2, 3],
        [6, 6],
      ],
      dropped: 4,
      other: 0,
    },
  ];
  it.each(cases)('$name', ({ text, yaml, lines, dropped, other }) => {
    const out = extractYamlBlocks(text);
    expect(out.yaml).toBe(yaml);
    expect(out.blocks.map((b) => [b.line, b.endLine])).toEqual(lines);
    expect(out.droppedLines).toBe(dropped);
    expect(out.otherBlocks).toBe(other);
    // Each block's text is exactly the lines its positions name.
    const all = text.split('\n');
    for (const b of out.blocks) expect(b.text.replace(/\n$/, '')).toBe(all.slice(b.line - 1, b.endLine).join('\n'));
  });

  it.skipIf(!existsSync(GUIDE))('the operator guide gives its 11 policies with no error', () => {
    const out = extractYamlBlocks(readFileSync(GUIDE, 'utf8'));
    const result = read(out.yaml);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.policies).toHaveLength(11);
    expect(out.droppedLines).toBeGreaterThan(0);
  });
});
