// @vitest-environment jsdom
/**
 * No document bricks the designer (issue #17): the one helper that turns document values into text, the start-up
 * guard, and the derivation that never throws, over the hostile documents of the e2e journeys.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createDesignerStore } from '../../src/ui/store/designerStore.ts';
import {
  beginStartup,
  markCrashed,
  markStartedCleanly,
  resetStartupGuard,
  STARTUP_KEY,
} from '../../src/ui/persistence/startupGuard.ts';
import { displayText, errorText } from '../../src/ui/text.ts';
import { Deriver } from '../../src/ui/derive/derivation.ts';
import { InlineEngine } from '../../src/ui/derive/engine.ts';

describe('displayText: any value as text, never throwing', () => {
  const cases: [string, unknown, string][] = [
    ['a string as it is', 'app=web', 'app=web'],
    ['an integer', 8080, '8080'],
    ['a boolean', true, 'true'],
    ['null', null, 'null'],
    ['undefined', undefined, ''],
    ['a mapping in flow style', { web: true }, '{web: true}'],
    ['a mapping with a toString key (String() throws on it)', { toString: 'x' }, '{toString: x}'],
    ['a mapping with a valueOf key', { valueOf: 1 }, '{valueOf: 1}'],
    ['a sequence', ['a', 80, null], '[a, 80, null]'],
    ['nested', { a: [{ b: 'c' }] }, '{a: [{b: c}]}'],
    ['strings that need quotes inside a collection', ['a, b', '', 'x: y'], '["a, b", "", "x: y"]'],
    ['too deep', { a: { b: { c: { d: { e: 1 } } } } }, '{a: {b: {c: {d: {…}}}}}'],
  ];
  it.each(cases)('%s', (_, value, expected) => expect(displayText(value)).toBe(expected));

  it('own __proto__ and constructor keys are plain data', () => {
    const value = JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": 1}}') as unknown;
    expect(displayText(value)).toBe('{__proto__: {polluted: yes}, constructor: {prototype: 1}}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('cuts long text, and a huge collection without walking all of it', () => {
    expect(displayText('x'.repeat(500))).toHaveLength(200);
    expect(displayText('x'.repeat(500), 20)).toBe(`${'x'.repeat(19)}…`);
    const huge = Array.from({ length: 1_000_000 }, (_, i) => i);
    const text = displayText(huge);
    expect(text.length).toBeLessThanOrEqual(200);
    expect(text.endsWith('…')).toBe(true);
  });

  it('a getter that throws gives a placeholder, not an exception', () => {
    const value = Object.defineProperty({}, 'bad', {
      enumerable: true,
      get() {
        throw new Error('no');
      },
    });
    expect(displayText(value)).toBe('<unreadable value>');
  });

  it('errorText: the message of an Error, else the value as text', () => {
    expect(errorText(new Error('boom'))).toBe('boom');
    expect(errorText({ toString: 'x' })).toBe('{toString: x}');
    expect(errorText('plain')).toBe('plain');
  });
});

describe('start-up guard', () => {
  beforeEach(() => {
    localStorage.clear();
    resetStartupGuard();
  });

  it('a first start, and a start after a clean one, open normally', () => {
    expect(beginStartup(localStorage)).toEqual({ safeMode: false });
    markStartedCleanly(localStorage);
    expect(beginStartup(localStorage)).toEqual({ safeMode: false });
  });

  it('a start that never finished opens the next one in safe mode, once', () => {
    expect(beginStartup(localStorage).safeMode).toBe(false);
    // the page died (or hung) before it was up: no clean mark
    expect(beginStartup(localStorage).safeMode).toBe(true);
    markStartedCleanly(localStorage);
    expect(beginStartup(localStorage).safeMode).toBe(false);
  });

  it('a crash caught by the last-resort boundary makes the next start safe, even if the page is left after it', () => {
    beginStartup(localStorage);
    markStartedCleanly(localStorage);
    markCrashed(localStorage);
    markStartedCleanly(localStorage); // pagehide after the crash must not clear it
    expect(localStorage.getItem(STARTUP_KEY)).toBe('crashed');
    expect(beginStartup(localStorage).safeMode).toBe(true);
  });

  it('without storage, starts are not guarded', () => {
    expect(beginStartup(undefined)).toEqual({ safeMode: false });
  });
});

const policy = (meta: string, spec: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n${meta}spec:\n${spec}`;
const HOSTILE = [
  policy('  name: web\n  namespace: shop\n', '  podSelector:\n    matchLabels:\n      app:\n        web: true\n'),
  policy('  name: {toString: x}\n  namespace: shop\n', '  podSelector: {}\n'),
  policy(
    '  name: p\n  namespace: shop\n',
    '  podSelector:\n    matchLabels:\n      constructor: {prototype: {a: b}}\n',
  ),
  policy(
    '  name: q\n  namespace: [shop]\n',
    '  podSelector: {}\n  ingress:\n  - from:\n    - ipBlock: {cidr: {valueOf: 1}, except: [[a]]}\n    ports:\n    - {port: [80], protocol: {toString: TCP}, endPort: {a: 1}}\n',
  ),
];
const VALID = policy(
  '  name: dns\n  namespace: shop\n',
  '  podSelector: {}\n  policyTypes: [Egress]\n  egress: [{}]\n',
);

describe('the derivation never throws on wrongly typed values', () => {
  it.each(HOSTILE.map((text, i) => [i + 1, text] as const))('hostile document %i, forced or not', (_, hostile) => {
    const text = `${hostile}---\n${VALID}`;
    const deriver = new Deriver();
    for (const force of [false, true]) {
      const projection = deriver.project(text, force);
      expect(projection.result.text).toBe(text);
      expect(projection.result.diagnostics.some((d) => d.severity === 'error')).toBe(true);
      if (force) expect(projection.graph?.nodes.map((n) => n.id)).toContain('ns:shop');
      const analysis = deriver.analyze(projection);
      expect(Array.isArray(analysis.lint)).toBe(true);
    }
  });

  it('the store opens, imports and loads each one, keeping its text', () => {
    for (const hostile of HOSTILE) {
      const text = `${hostile}---\n${VALID}`;
      const store = createDesignerStore(text, {}, { engine: new InlineEngine(undefined, () => {}) });
      expect(store.getState().text).toBe(text);
      store.getState().importText(text, 'hostile.yaml');
      expect(store.getState().pendingImport?.text).toBe(text);
      store.getState().confirmImport();
      expect(store.getState().text).toBe(text);
      expect(store.getState().diagnostics.some((d) => d.severity === 'error')).toBe(true);
      store.getState().editText(`${text}# typed\n`);
      expect(store.getState().text).toBe(`${text}# typed\n`);
    }
  });

  it('safe mode: the text and its problems, nothing drawn', () => {
    const text = `${HOSTILE[0]}---\n${VALID}`;
    const store = createDesignerStore(text, {}, { safeStart: true, engine: new InlineEngine(undefined, () => {}) });
    const state = store.getState();
    expect(state.text).toBe(text);
    expect(state.graph.nodes).toEqual([]);
    expect(state.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    expect(state.layoutRequest).toBe(0);
    // The next edit draws it again.
    store.getState().editText(VALID);
    expect(store.getState().graph.nodes.map((n) => n.id)).toContain('ns:shop');
  });
});

describe('pasted Markdown (issue #14)', () => {
  it('is offered to be cut down to its YAML blocks, and one Ctrl+Z brings it back', () => {
    const store = createDesignerStore(VALID, {}, { engine: new InlineEngine(undefined, () => {}) });
    const markdown = `# Guide\n\n${'Some prose about the policies. '.repeat(10)}\n\n\`\`\`yaml\n${VALID}\`\`\`\n\nMore prose.\n`;
    store.getState().editText(markdown);
    expect(store.getState().markdownOffer).toBe(true);
    store.getState().extractYaml();
    expect(store.getState().text).toBe(VALID);
    expect(store.getState().markdownOffer).toBe(false);
    expect(store.getState().notice?.message).toMatch(/Kept the 1 YAML block; left out \d+ lines/);
    store.getState().undo();
    expect(store.getState().text).toBe(markdown);
  });
});
