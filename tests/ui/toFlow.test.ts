import { describe, expect, it } from 'vitest';
import { reuseUnchanged } from '../../src/ui/canvas/toFlow.ts';

describe('reuseUnchanged', () => {
  it('keeps the previous object of an unchanged item, takes the new one of a changed item, forgets removed ids', () => {
    const cache = new Map<string, { signature: string; item: { id: string; v: number } }>();
    const first = reuseUnchanged(
      [
        { id: 'a', v: 1 },
        { id: 'b', v: 1 },
      ],
      cache,
    );
    const second = reuseUnchanged(
      [
        { id: 'a', v: 1 },
        { id: 'b', v: 2 },
      ],
      cache,
    );
    expect(second[0]).toBe(first[0]);
    expect(second[1]).not.toBe(first[1]);
    expect(second[1]).toEqual({ id: 'b', v: 2 });
    reuseUnchanged([{ id: 'b', v: 2 }], cache);
    expect([...cache.keys()]).toEqual(['b']);
  });
});
