import { useState } from 'react';
import type { AdminAction, AdminPolicyEntry, AdminTier } from '../../core/index.ts';
import { useDesigner, useDesignerStore } from '../store/designerContext.ts';
import { displayText } from '../text.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const ACTIONS: AdminAction[] = ['Accept', 'Deny', 'Pass'];
const DIRECTIONS = ['ingress', 'egress'] as const;

/** A rule as the inspector lists it: where it is, its name and its action in v1alpha2 terms. */
interface RuleRow {
  direction: 'ingress' | 'egress';
  index: number;
  name: string;
  action: string;
}

/** The facts the inspector shows, read off the object as written (ANP = Admin tier, BANP = Baseline). */
function view(entry: AdminPolicyEntry) {
  const spec = isObj(entry.object.spec) ? entry.object.spec : {};
  const tier =
    entry.kind === 'AdminNetworkPolicy'
      ? 'Admin'
      : entry.kind === 'BaselineAdminNetworkPolicy'
        ? 'Baseline'
        : spec.tier;
  const rules: RuleRow[] = [];
  for (const direction of DIRECTIONS) {
    const list = Array.isArray(spec[direction]) ? (spec[direction] as unknown[]) : [];
    list.forEach((rule, index) => {
      const r = isObj(rule) ? rule : {};
      rules.push({
        direction,
        index,
        name: r.name === undefined ? '' : displayText(r.name),
        action: r.action === 'Allow' ? 'Accept' : displayText(r.action),
      });
    });
  }
  return { tier: displayText(tier), priority: spec.priority, rules };
}

/**
 * One cluster-scoped policy: its tier, priority and rules in evaluation order, each with its action, all editable
 * through graph commands. `highlight` marks the rules (`ingress[0]`) the selected flow is written in.
 */
function AdminPolicyEditor({
  entry,
  highlight,
  disabled,
}: {
  entry: AdminPolicyEntry;
  highlight: Set<string>;
  disabled: boolean;
}) {
  const store = useDesignerStore();
  const v = view(entry);
  const key = entry.key;
  const [priority, setPriority] = useState(v.priority === undefined ? '' : displayText(v.priority));
  const isCnp = entry.kind === 'ClusterNetworkPolicy';
  const dispatch = store.getState().dispatch;
  return (
    <fieldset className="admin-policy" data-admin-policy={key}>
      <legend>
        {displayText(entry.kind)} <code>{displayText(key)}</code>
      </legend>
      <label>
        Tier
        <select
          aria-label="Tier"
          value={v.tier}
          disabled={disabled || !isCnp}
          title={isCnp ? undefined : 'The tier of an ANP or BANP is its kind: migrate it to change the tier'}
          onChange={(e) => dispatch({ type: 'setAdminTier', policy: key, tier: e.target.value as AdminTier })}
        >
          {!['Admin', 'Baseline'].includes(v.tier) ? <option value={v.tier}>{v.tier || '(none)'}</option> : null}
          <option value="Admin">Admin (before every NetworkPolicy)</option>
          <option value="Baseline">Baseline (after NetworkPolicies)</option>
        </select>
      </label>
      {entry.kind !== 'BaselineAdminNetworkPolicy' ? (
        <div className="row">
          <label>
            Priority (0–1000, lower wins)
            <input
              aria-label="Priority"
              className="narrow"
              inputMode="numeric"
              value={priority}
              onChange={(e) => setPriority(e.target.value)}
            />
          </label>
          <button
            type="button"
            disabled={disabled}
            onClick={() => {
              const n = Number(priority.trim());
              if (!/^\d+$/.test(priority.trim()) || n > 1000)
                store.getState().notify('error', `"${priority}" is not a priority from 0 to 1000`);
              else dispatch({ type: 'setAdminPriority', policy: key, priority: n });
            }}
          >
            Apply priority
          </button>
        </div>
      ) : null}
      <ul className="plain admin-rules">
        {v.rules.map((r) => {
          const path = `${r.direction}[${r.index}]`;
          const count = v.rules.filter((x) => x.direction === r.direction).length;
          return (
            <li key={path} className={highlight.has(path) ? 'is-highlighted' : undefined}>
              <code>{path}</code> {r.name ? <span className="muted">{r.name}</span> : null}{' '}
              <select
                aria-label={`Action of ${path}`}
                value={r.action}
                disabled={disabled}
                onChange={(e) =>
                  dispatch({
                    type: 'setAdminAction',
                    policy: key,
                    direction: r.direction,
                    rule: r.index,
                    action: e.target.value as AdminAction,
                  })
                }
              >
                {!ACTIONS.includes(r.action as AdminAction) ? <option value={r.action}>{r.action}</option> : null}
                {ACTIONS.filter((a) => a !== 'Pass' || entry.kind !== 'BaselineAdminNetworkPolicy').map((a) => (
                  <option key={a} value={a}>
                    {a}
                  </option>
                ))}
              </select>{' '}
              <button
                type="button"
                aria-label={`Move ${path} up`}
                disabled={disabled || r.index === 0}
                onClick={() =>
                  dispatch({ type: 'moveAdminRule', policy: key, direction: r.direction, rule: r.index, by: -1 })
                }
              >
                ↑
              </button>
              <button
                type="button"
                aria-label={`Move ${path} down`}
                disabled={disabled || r.index === count - 1}
                onClick={() =>
                  dispatch({ type: 'moveAdminRule', policy: key, direction: r.direction, rule: r.index, by: 1 })
                }
              >
                ↓
              </button>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}

/** The cluster-scoped policies among `keys` (policy keys of a node or of an edge's rules), each editable. */
export function AdminPolicies({
  keys,
  highlight = [],
  disabled,
}: {
  keys: readonly string[];
  /** `cnp/name ingress[0]`: the rules to mark. */
  highlight?: readonly string[];
  disabled: boolean;
}) {
  const entries = useDesigner((s) => s.result.adminPolicies);
  const wanted = entries.filter((e) => keys.includes(e.key));
  if (!wanted.length) return null;
  return (
    <>
      {wanted.map((entry) => (
        <AdminPolicyEditor
          // Remounted when the object changes, so the priority field shows the text's value after an edit or undo.
          key={entry.key + displayText(entry.object.spec, 10_000)}
          entry={entry}
          disabled={disabled}
          highlight={
            new Set(highlight.filter((h) => h.startsWith(`${entry.key} `)).map((h) => h.slice(entry.key.length + 1)))
          }
        />
      ))}
    </>
  );
}

/** Whether a policy key names a cluster-scoped policy of the document. */
export function useAdminKeys(): Set<string> {
  const entries = useDesigner((s) => s.result.adminPolicies);
  return new Set(entries.map((e) => e.key));
}
