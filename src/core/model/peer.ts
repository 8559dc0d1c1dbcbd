/**
 * NetworkPolicyPeer, read once. Every feature that asks "what does this peer select" (graph projection, lint,
 * the analyzer, explain, the generators, graph edits) classifies a peer here, so they all agree, on invalid
 * input too (netpol-semantics.md §1.5, §2.5 R1/R2, §3.3):
 *
 * - `{podSelector: S}`: pods matching S in the policy's namespace;
 * - `{namespaceSelector: N}`: all pods of the namespaces matching N;
 * - `{namespaceSelector: N, podSelector: S}`: pods matching S in namespaces matching N;
 * - `{ipBlock: {cidr, except}}`: the addresses in cidr outside every except;
 * - anything the API server rejects is `invalid` and selects nothing: no field set (`{}`, R1), ipBlock together
 *   with a selector (R2), or a field of the wrong type (`podSelector: "web"`, `ipBlock: [..]`), which fails
 *   decoding before validation. A `null` field counts as absent, as in Go.
 *
 * A selector that is a mapping but malformed inside (`matchLabels: [..]`) keeps its kind: it selects nothing
 * (`selectorMatches`), and its canonical text is its own (`selectorKey`), so it never equals a valid one.
 */
import { isRecord } from './clone.ts';
import { NAMESPACE_NAME_LABEL } from './normalize.ts';
import { isEmptySelector, isMalformed, selectorMatches, type Labels } from './selector.ts';
import type { Direction, LabelSelector } from './types.ts';

export type PeerClass =
  | { kind: 'selector'; namespaceSelector?: LabelSelector; podSelector?: LabelSelector }
  /** `cidr` and `except` as text (a non-string is kept as its text, which parses as no CIDR). */
  | { kind: 'ipBlock'; cidr: string; except: string[] }
  | { kind: 'invalid' };

export type SelectorPeer = PeerClass & { kind: 'selector' };
export type IpBlockPeer = PeerClass & { kind: 'ipBlock' };

const INVALID: PeerClass = Object.freeze({ kind: 'invalid' });

const present = (v: unknown): boolean => v !== undefined && v !== null;

/** Classifies one peer as written (any value: lists may hold nulls, strings, anything). */
export function classifyPeer(peer: unknown): PeerClass {
  if (!isRecord(peer)) return INVALID;
  const { ipBlock, namespaceSelector, podSelector } = peer;
  const hasNs = present(namespaceSelector);
  const hasPod = present(podSelector);
  if (present(ipBlock)) {
    if (hasNs || hasPod || !isRecord(ipBlock)) return INVALID;
    return {
      kind: 'ipBlock',
      cidr: text(ipBlock.cidr),
      except: Array.isArray(ipBlock.except) ? ipBlock.except.map(text) : [],
    };
  }
  if (!hasNs && !hasPod) return INVALID;
  if ((hasNs && !isRecord(namespaceSelector)) || (hasPod && !isRecord(podSelector))) return INVALID;
  return {
    kind: 'selector',
    ...(hasNs ? { namespaceSelector: namespaceSelector as LabelSelector } : {}),
    ...(hasPod ? { podSelector: podSelector as LabelSelector } : {}),
  };
}

const text = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

/** The single namespace a namespaceSelector pins by its immutable name label, if that is all it says. */
export function pinnedNamespace(selector: LabelSelector | null | undefined): string | undefined {
  // A malformed selector (rejected by the API server) selects nothing: it pins nothing either.
  if (!isRecord(selector) || isMalformed(selector)) return undefined;
  // Runs for every namespaceSelector peer of a projection: count the labels instead of listing them.
  let labelCount = 0;
  const matchLabels = isRecord(selector.matchLabels) ? selector.matchLabels : undefined;
  if (matchLabels) for (const k in matchLabels) if (Object.hasOwn(matchLabels, k)) labelCount++;
  const exprs: unknown[] = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  if (labelCount === 1 && exprs.length === 0 && Object.hasOwn(matchLabels!, NAMESPACE_NAME_LABEL))
    return String(matchLabels![NAMESPACE_NAME_LABEL]);
  if (labelCount === 0 && exprs.length === 1) {
    const e: unknown = exprs[0];
    // `matchExpressions: [null]` reaches here from unvalidated input: not a pin, and no throw.
    if (
      isRecord(e) &&
      e.key === NAMESPACE_NAME_LABEL &&
      e.operator === 'In' &&
      Array.isArray(e.values) &&
      e.values.length === 1
    )
      return String(e.values[0]);
  }
  return undefined;
}

/**
 * Whether a selector peer of a policy in `policyNamespace` selects a pod with `podLabels` in namespace
 * `podNamespace` whose labels are `namespaceLabels` (which carry `kubernetes.io/metadata.name`). ipBlock and
 * invalid peers select no pod by selector (whether an ipBlock matches pod IPs is the analyzer's option).
 */
export function peerSelectsPod(
  peer: PeerClass,
  policyNamespace: string,
  podNamespace: string,
  podLabels: Labels,
  namespaceLabels: Labels,
): boolean {
  if (peer.kind !== 'selector') return false;
  const nsOk = peer.namespaceSelector
    ? selectorMatches(peer.namespaceSelector, namespaceLabels)
    : podNamespace === policyNamespace;
  return nsOk && (!peer.podSelector || selectorMatches(peer.podSelector, podLabels));
}

/**
 * Whether the peer may select pods outside the policy's namespace: it has a namespaceSelector that does not
 * pin exactly the policy's own namespace. (A namespaceSelector is never implicit: without one, only the
 * policy's namespace.)
 */
export function peerCrossesNamespace(peer: PeerClass, policyNamespace: string): boolean {
  if (peer.kind !== 'selector' || !peer.namespaceSelector) return false;
  return pinnedNamespace(peer.namespaceSelector) !== policyNamespace;
}

/** Whether the peer selects pods in every namespace: `namespaceSelector: {}` (with any podSelector). */
export function peerSpansAllNamespaces(peer: PeerClass): boolean {
  return peer.kind === 'selector' && !!peer.namespaceSelector && isEmptySelector(peer.namespaceSelector);
}

// ---------------------------------------------------------------------------------------------------------
// Rules and their peers by direction: `from` for ingress, `to` for egress, written once.

export const PEERS_KEY: Readonly<Record<Direction, 'from' | 'to'>> = Object.freeze({ ingress: 'from', egress: 'to' });
export const POLICY_TYPE_OF: Readonly<Record<Direction, 'Ingress' | 'Egress'>> = Object.freeze({
  ingress: 'Ingress',
  egress: 'Egress',
});
export const DIRECTIONS: readonly Direction[] = Object.freeze(['ingress', 'egress']);

/** `spec.ingress` or `spec.egress` as written: a list, or [] (null and non-lists add no rules). */
export function rulesOf(spec: unknown, direction: Direction): unknown[] {
  if (!isRecord(spec)) return [];
  const list = spec[direction];
  return Array.isArray(list) ? list : [];
}

/**
 * One item of `spec.ingress`/`spec.egress` as a rule: a mapping, or `{}` for null (`- ` alone; Go decodes a
 * null list item to the zero rule, which allows all). Anything else (`- 5`) is not a rule: the API server
 * rejects it, and it is skipped (undefined).
 */
export function asRule(item: unknown): Record<string, unknown> | undefined {
  if (isRecord(item)) return item;
  return item === null || item === undefined ? {} : undefined;
}

/** A rule's `from` (ingress) or `to` (egress) as written: a list, or [] (absent, null or not a list = all peers). */
export function peersOf(rule: unknown, direction: Direction): unknown[] {
  if (!isRecord(rule)) return [];
  const list = rule[PEERS_KEY[direction]];
  return Array.isArray(list) ? list : [];
}

/** One peer of one rule of a policy, with where it is written. `peer` undefined: the rule has no peers. */
export interface RulePeerSite {
  direction: Direction;
  /** Index of the rule in `spec.ingress` / `spec.egress`. */
  rule: number;
  /** Index of the peer in the rule's `from` / `to`; undefined for a rule without peers (all peers). */
  peer?: number;
  value?: unknown;
}

/**
 * Every peer of every rule of a spec, in order, and one site without `peer` for each rule that has none (it
 * allows all peers). Rules that are not mappings (`- 5`) are skipped; `- ` (null) is a rule with no peers.
 * `directions` limits the walk (for instance to the effective policyTypes).
 */
export function forEachRulePeer(
  spec: unknown,
  visit: (site: RulePeerSite) => void,
  directions: readonly Direction[] = DIRECTIONS,
): void {
  for (const direction of directions) {
    const rules = rulesOf(spec, direction);
    for (let r = 0; r < rules.length; r++) {
      const rule = asRule(rules[r]);
      if (!rule) continue;
      const peers = peersOf(rule, direction);
      if (peers.length === 0) {
        visit({ direction, rule: r });
        continue;
      }
      for (let p = 0; p < peers.length; p++) visit({ direction, rule: r, peer: p, value: peers[p] });
    }
  }
}
