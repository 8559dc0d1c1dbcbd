/** Summaries of V8 CPU profiles (node --cpu-prof, or Chromium's Profiler domain): top self and total times. */

export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
}

export function summarizeProfile(p: CpuProfile, top = 25): string {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const time = new Map<number, number>();
  p.samples.forEach((s, i) => time.set(s, (time.get(s) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const label = (id: number) => {
    const f = byId.get(id)!.callFrame;
    const file = f.url.split('/').slice(-1)[0] ?? '';
    return `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (const n of p.nodes) {
    const t = time.get(n.id) ?? 0;
    if (!t) continue;
    self.set(label(n.id), (self.get(label(n.id)) ?? 0) + t);
    const seen = new Set<string>();
    for (let id: number | undefined = n.id; id !== undefined; id = parent.get(id)) {
      const l = label(id);
      if (seen.has(l)) continue;
      seen.add(l);
      total.set(l, (total.get(l) ?? 0) + t);
    }
  }
  const all = [...self.values()].reduce((a, b) => a + b, 0);
  const fmt = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => `${(v / 1000).toFixed(1).padStart(9)} ms  ${k}`)
      .join('\n');
  return `profile: ${(all / 1000).toFixed(0)} ms sampled\n--- self\n${fmt(self)}\n--- total\n${fmt(total)}\n`;
}
