/**
 * Hostile inputs: each a text (or bytes) and what the tool must say about it. Generated on demand, since
 * several are megabytes.
 */

export interface HostileCase {
  name: string;
  /** The input as a file would hold it. */
  bytes: () => Uint8Array | string;
  /**
   * `error`: read reports an error diagnostic whose message matches; the CLI exits 1.
   * `ok`: merely big or odd but valid; no error, the CLI exits 0.
   */
  expect: { kind: 'error'; message: RegExp } | { kind: 'ok' };
  /**
   * Also run through the real CLI (a fresh process per case costs a second or two, so not every case):
   * `true` expects what `expect` says; an object when the CLI knows more than read (it sees the bytes).
   */
  cli?: true | { exit: number; output: RegExp };
}

const MB = 1024 * 1024;

/** The classic billion laughs: 9 levels of 10 aliases each (90 aliases, under the alias count). */
export function billionLaughsBlock(): string {
  let s = 'lol0: &lol0 "lol"\n';
  for (let i = 1; i <= 9; i++)
    s += `lol${i}: &lol${i} [${Array(10)
      .fill(`*lol${i - 1}`)
      .join(', ')}]\n`;
  return s;
}

/** The same in flow style, on one line, inside a NetworkPolicy's unknown field. */
export function billionLaughsFlow(): string {
  let inner = '&l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]';
  const parts = [`a0: ${inner}`];
  for (let i = 1; i <= 9; i++) {
    inner = `&l${i} [${Array(9)
      .fill(`*l${i - 1}`)
      .join(', ')}]`;
    parts.push(`a${i}: ${inner}`);
  }
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: bomb, namespace: default}
spec: {podSelector: {}, laughs: {${parts.join(', ')}}}
`;
}

/** Nested aliases used as mapping keys. */
export function aliasKeys(): string {
  let s = 'k0: &k0 [a, b]\n';
  for (let i = 1; i <= 8; i++)
    s += `k${i}: &k${i}\n${Array.from({ length: 10 }, (_, j) => `  ? *k${i - 1}\n  : ${j}\n`).join('')}`;
  return s;
}

/** Deterministic pseudo-random bytes (a linear congruential generator), so failures reproduce. */
export function garbageBytes(n: number, seed = 7, avoid: readonly number[] = []): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    do {
      x = (x * 1103515245 + 12345) >>> 0;
      out[i] = x >>> 16;
    } while (avoid.includes(out[i]!));
  }
  return out;
}

/** Invalid UTF-8 only: lone continuation bytes, overlong encodings, truncated sequences, surrogates. */
export function invalidUtf8(): Uint8Array {
  const text = new TextEncoder().encode('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bad}\ndata:\n  k: "');
  const bad = [
    0x80, 0xbf, 0xc0, 0xaf, 0xe0, 0x80, 0xaf, 0xed, 0xa0, 0x80, 0xf8, 0x88, 0x80, 0x80, 0x80, 0xff, 0xfe, 0xc3,
  ];
  const tail = new TextEncoder().encode('"\n');
  return Uint8Array.from([...text, ...bad, ...tail]);
}

export const CASES: HostileCase[] = [
  {
    name: 'billion laughs, block style (90 aliases)',
    bytes: billionLaughsBlock,
    expect: { kind: 'error', message: /aliases expand this document too much/ },
    cli: true,
  },
  {
    name: 'billion laughs, flow style, inside a NetworkPolicy',
    bytes: billionLaughsFlow,
    expect: { kind: 'error', message: /aliases expand this document too much/ },
    cli: true,
  },
  {
    name: 'aliases of collections as mapping keys',
    bytes: aliasKeys,
    expect: { kind: 'error', message: /complex keys|aliases expand/ },
  },
  {
    name: '150 aliases',
    bytes: () => `a: &a x\nb: [${Array(150).fill('*a').join(', ')}]\n`,
    expect: { kind: 'error', message: /too many aliases \(limit 100\)/ },
  },
  {
    name: 'a recursive alias',
    bytes: () => 'apiVersion: v1\nkind: ConfigMap\nmetadata: &m {name: m, self: *m}\n',
    expect: { kind: 'error', message: /refers to a collection that contains it/ },
  },
  {
    name: 'a 10 MB scalar',
    bytes: () => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  k: ${'x'.repeat(10 * MB)}\n`,
    expect: { kind: 'ok' },
    cli: true,
  },
  {
    name: 'a 10 MB list of 870,000 short items',
    // The densest list: parsing alone is 1.5–3 s (js-yaml), so a fresh process under load can exceed the
    // budget; it runs in-process only, and the CLI gets the 10 MB list below.
    bytes: () => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\nlist:\n${'- item-1234\n'.repeat(MB - 100)}`,
    expect: { kind: 'ok' },
  },
  {
    name: 'a 10 MB list of 100-character items',
    bytes: () =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\nlist:\n${`- ${'x'.repeat(97)}\n`.repeat(100 * 1024)}`,
    expect: { kind: 'ok' },
    cli: true,
  },
  {
    name: '10,000-deep block sequences',
    bytes: () => `${'- '.repeat(10_000)}x\n`,
    expect: { kind: 'error', message: /nesting too deep \(limit 100 levels\)/ },
    cli: true,
  },
  {
    name: '10,000-deep block mappings (indented)',
    // 10,000 levels of one-space indentation are 50 MB; 1,000 levels already pass the limit tenfold.
    bytes: () => Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i)}a:\n`).join(''),
    expect: { kind: 'error', message: /nesting too deep/ },
  },
  {
    name: '10,000-deep flow sequences',
    bytes: () => `${'['.repeat(10_000)}${']'.repeat(10_000)}\n`,
    expect: { kind: 'error', message: /nesting too deep/ },
    cli: true,
  },
  {
    name: '10,000-deep flow mappings, unclosed',
    bytes: () => '{a: '.repeat(10_000),
    expect: { kind: 'error', message: /nesting too deep/ },
  },
  {
    name: '100 KB of binary garbage',
    bytes: () => garbageBytes(100_000),
    expect: { kind: 'error', message: /null byte/ },
    cli: true,
  },
  {
    name: 'binary garbage without NUL bytes',
    bytes: () => garbageBytes(100_000, 11, [0]),
    expect: { kind: 'error', message: /./ },
  },
  {
    name: 'invalid UTF-8 in a string',
    bytes: invalidUtf8,
    // Decoded, the bytes are replacement characters: valid text for read. The CLI sees the bytes.
    expect: { kind: 'ok' },
    cli: { exit: 1, output: /not valid UTF-8/ },
  },
  {
    name: 'a NUL byte in a value',
    bytes: () => 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a\0b}\n',
    expect: { kind: 'error', message: /null byte is not allowed/ },
  },
  {
    name: 'a byte order mark',
    bytes: () => '\uFEFFapiVersion: v1\nkind: ConfigMap\nmetadata: {name: bom}\n',
    expect: { kind: 'ok' },
  },
  {
    name: 'UTF-16 text',
    bytes: () => {
      const s = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: wide}\n';
      const out = new Uint8Array(2 + s.length * 2);
      out[0] = 0xff;
      out[1] = 0xfe;
      for (let i = 0; i < s.length; i++) out[2 + 2 * i] = s.charCodeAt(i);
      return out;
    },
    expect: { kind: 'error', message: /null byte/ },
    cli: { exit: 1, output: /UTF-16/ },
  },
  {
    name: 'duplicate keys',
    bytes: () => 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\nmetadata: {name: b}\n',
    expect: { kind: 'error', message: /duplicated mapping key/ },
  },
  {
    name: 'a 100,000-character label value and name',
    bytes: () =>
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${'a-'.repeat(50_000)}!\n  namespace: default\n  labels: {app: ${'v'.repeat(100_000)}}\nspec:\n  podSelector: {matchLabels: {${'k'.repeat(100_000)}: v}}\n`,
    expect: { kind: 'error', message: /must be no more than|Invalid value/ },
    cli: true,
  },
  {
    name: 'a 1 MB line',
    bytes: () => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: line}\ndata: {k: "${'ab '.repeat(350_000)}"}\n`,
    expect: { kind: 'ok' },
  },
  {
    name: '100,000 tiny documents',
    bytes: () => 'a: 1\n---\n'.repeat(100_000),
    expect: { kind: 'error', message: /more than 10,000 documents/ },
    cli: true,
  },
  {
    name: 'a million spaces, then a character',
    bytes: () => `${' '.repeat(MB)}x`,
    expect: { kind: 'ok' },
  },
  {
    name: 'a million #',
    bytes: () => '#'.repeat(MB),
    expect: { kind: 'ok' },
  },
  {
    name: '{{ repeated, in YAML and in a policy value',
    bytes: () =>
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: "${'{{ a'.repeat(100_000)}"\n  namespace: "{{${' '.repeat(100_000)}"\nspec: {podSelector: {}}\n---\n${'{{'.repeat(200_000)}\n`,
    expect: { kind: 'error', message: /./ },
    cli: true,
  },
  {
    name: '---x repeated on one line and on many lines',
    bytes: () => `${'---x'.repeat(100_000)}\n${'---x\n'.repeat(100_000)}`,
    expect: { kind: 'ok' },
  },
  {
    name: 'document markers with trailing junk',
    bytes: () => '--- # c\n...x\n--- |\n  a\n...\n'.repeat(20_000),
    expect: { kind: 'error', message: /./ },
  },
  {
    name: 'a Markdown guide with 100,000 unclosed fences',
    bytes: () => `# Guide\n\n${'```yaml\n'.repeat(100_000)}`,
    expect: { kind: 'error', message: /./ },
    cli: true,
  },
  {
    name: 'a Markdown guide with a fence of a million backticks',
    bytes: () => `# Guide\n\n${'`'.repeat(MB)}yaml\na: 1\n${'`'.repeat(MB)}\n`,
    expect: { kind: 'ok' },
  },
  {
    name: '- - - - repeated 100,000 times on one line',
    bytes: () => '- '.repeat(100_000),
    expect: { kind: 'error', message: /nesting too deep/ },
  },
  {
    name: 'a million colons and a million dashes',
    bytes: () => `${':'.repeat(MB)}\n${'-'.repeat(MB)}\n`,
    expect: { kind: 'error', message: /multiline key|implicit key/ },
  },
];

export function asText(bytes: Uint8Array | string): string {
  return typeof bytes === 'string' ? bytes : new TextDecoder('utf-8').decode(bytes);
}
