/** Admin flows are told apart on the canvas: every (tier, action) looks different, and from a NetworkPolicy flow. */
import { describe, expect, it } from 'vitest';
import type { GraphEdge } from '../../src/core/index.ts';
import { adminEdgeLook } from '../../src/ui/canvas/adminEdge.ts';

const edge = (extra: Partial<GraphEdge>): GraphEdge => ({
  id: 'e',
  source: 's',
  target: 't',
  label: 'x',
  rules: [],
  ...extra,
});

describe('admin edge look', () => {
  it('gives each tier and action its own stroke, width or dash, and a NetworkPolicy flow none', () => {
    const looks = (['Admin', 'Baseline'] as const).flatMap((tier) =>
      (['Accept', 'Deny', 'Pass'] as const).map((action) => adminEdgeLook(edge({ tier, action }), false)!),
    );
    const keys = looks.map((l) => `${l.stroke} ${l.width} ${l.dash ?? ''}`);
    expect(new Set(keys).size).toBe(6);
    expect(new Set(looks.map((l) => l.mark)).size).toBe(3);
    expect(adminEdgeLook(edge({}), false)).toBeUndefined();
    // Deny is red and marked ⊘; Pass is dashed; Admin is thicker than Baseline; selection thickens.
    const deny = adminEdgeLook(edge({ tier: 'Admin', action: 'Deny' }), false)!;
    expect([deny.stroke, deny.mark]).toEqual(['#c5221f', '⊘ ']);
    expect(adminEdgeLook(edge({ tier: 'Baseline', action: 'Pass' }), false)!.dash).toBeDefined();
    expect(deny.width).toBeGreaterThan(adminEdgeLook(edge({ tier: 'Baseline', action: 'Deny' }), false)!.width);
    expect(adminEdgeLook(edge({ tier: 'Admin', action: 'Deny' }), true)!.width).toBeGreaterThan(deny.width);
  });
});
