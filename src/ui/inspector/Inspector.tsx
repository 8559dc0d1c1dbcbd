import { useState } from 'react';
import type { GraphEdge, GraphNode, LabelSelector, NodeRef } from '../../core/index.ts';
import { useDesigner, useDesignerStore } from '../store/designerContext.ts';
import { TEST_IDS } from '../testIds.ts';
import { isAggregateId } from '../canvas/collapse.ts';
import { AggregateInspector } from './AggregateInspector.tsx';
import { PortsEditor } from './PortsEditor.tsx';
import { SelectorEditor } from './SelectorEditor.tsx';
import { displayText } from '../text.ts';
import { AdminPolicies, useAdminKeys } from './AdminPolicyEditor.tsx';

function describeRef(ref: NodeRef): string {
  switch (ref.kind) {
    case 'namespace':
      return `all pods in namespace ${displayText(ref.namespace)}`;
    case 'pods':
      return `pods in namespace ${displayText(ref.namespace)}`;
    case 'namespacePods':
      return 'pods in every namespace matching the namespace selector';
    case 'ipBlock':
      return 'addresses in the CIDR outside every except';
    case 'anywhere':
      return 'every pod, node and external address';
  }
}

function parseLabelLines(text: string): Record<string, string> | string {
  const labels: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) return line;
    labels[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return labels;
}

function NamespaceLabels({ node, disabled }: { node: GraphNode; disabled: boolean }) {
  const store = useDesignerStore();
  const name = node.ref.kind === 'namespace' ? displayText(node.ref.namespace) : '';
  const [text, setText] = useState(
    Object.entries(node.labels ?? {})
      .filter(([k]) => k !== 'kubernetes.io/metadata.name')
      .map(([k, v]) => `${displayText(k)}=${displayText(v)}`)
      .join('\n'),
  );
  return (
    <fieldset>
      <legend>Namespace labels</legend>
      <textarea
        aria-label="Namespace labels"
        rows={3}
        value={text}
        placeholder="tenant=acme"
        onChange={(e) => setText(e.target.value)}
      />
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={disabled}
          onClick={() => {
            const labels = parseLabelLines(text);
            if (typeof labels === 'string') store.getState().notify('error', `"${labels}" is not key=value`);
            else void store.getState().dispatch({ type: 'setNamespaceLabels', name, labels });
          }}
        >
          Apply labels
        </button>
      </div>
    </fieldset>
  );
}

function AddPodGroup({ namespace, disabled }: { namespace: string; disabled: boolean }) {
  const store = useDesignerStore();
  const [labels, setLabels] = useState('app=');
  const [ingress, setIngress] = useState(true);
  const [egress, setEgress] = useState(false);
  return (
    <fieldset>
      <legend>Add a pod group</legend>
      <label>
        Pod labels (key=value per line; empty = all pods)
        <textarea
          aria-label="New pod group labels"
          rows={2}
          value={labels}
          onChange={(e) => setLabels(e.target.value)}
        />
      </label>
      <label className="inline">
        <input type="checkbox" checked={ingress} onChange={(e) => setIngress(e.target.checked)} /> isolate ingress
      </label>
      <label className="inline">
        <input type="checkbox" checked={egress} onChange={(e) => setEgress(e.target.checked)} /> isolate egress
      </label>
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={disabled || (!ingress && !egress)}
          onClick={() => {
            const parsed = parseLabelLines(labels);
            if (typeof parsed === 'string') {
              store.getState().notify('error', `"${parsed}" is not key=value`);
              return;
            }
            const podSelector: LabelSelector = Object.keys(parsed).length ? { matchLabels: parsed } : {};
            void store
              .getState()
              .dispatch({ type: 'addPodGroup', namespace, podSelector, isolate: { ingress, egress } });
          }}
        >
          Add pod group
        </button>
      </div>
    </fieldset>
  );
}

function IpBlockEditor({ node, disabled }: { node: GraphNode; disabled: boolean }) {
  const store = useDesignerStore();
  const ref = node.ref.kind === 'ipBlock' ? node.ref : { kind: 'ipBlock' as const, cidr: '' };
  const [cidr, setCidr] = useState(displayText(ref.cidr));
  const [except, setExcept] = useState(
    (Array.isArray(ref.except) ? ref.except : []).map((e) => displayText(e)).join('\n'),
  );
  return (
    <fieldset>
      <legend>IP block</legend>
      <label>
        CIDR
        <input aria-label="CIDR" value={cidr} onChange={(e) => setCidr(e.target.value)} />
      </label>
      <label>
        Except (one CIDR per line)
        <textarea aria-label="Except" rows={3} value={except} onChange={(e) => setExcept(e.target.value)} />
      </label>
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={disabled}
          onClick={() => {
            const excepts = except
              .split('\n')
              .map((s) => s.trim())
              .filter(Boolean);
            void store.getState().dispatch({
              type: 'replaceNode',
              from: node.ref,
              to: { kind: 'ipBlock', cidr: cidr.trim(), ...(excepts.length ? { except: excepts } : {}) },
            });
          }}
        >
          Apply IP block
        </button>
      </div>
    </fieldset>
  );
}

function NodeInspector({ node, disabled }: { node: GraphNode; disabled: boolean }) {
  const store = useDesignerStore();
  const policies = useDesigner((s) => s.graph.policies);
  const replace = (to: NodeRef) => store.getState().dispatch({ type: 'replaceNode', from: node.ref, to });
  const ref = node.ref;
  const adminKeys = useAdminKeys();
  const npKeys = (node.policies ?? []).filter((key) => !adminKeys.has(key));
  return (
    <>
      <h2>
        {node.type === 'podGroup' ? 'Pod group' : node.type === 'namespaceSelector' ? 'Namespace selector' : node.type}{' '}
        <span className="muted">{displayText(node.label)}</span>
      </h2>
      <p className="muted">{describeRef(ref)}</p>
      {ref.kind === 'namespace' ? (
        <>
          <NamespaceLabels node={node} disabled={disabled} />
          <AddPodGroup namespace={displayText(ref.namespace)} disabled={disabled} />
        </>
      ) : null}
      {ref.kind === 'pods' ? (
        <SelectorEditor
          title="Pod selector"
          selector={ref.podSelector}
          emptyMeaning={`every pod in ${displayText(ref.namespace)}`}
          disabled={disabled}
          onApply={(podSelector) => replace({ kind: 'pods', namespace: ref.namespace, podSelector })}
        />
      ) : null}
      {ref.kind === 'namespacePods' ? (
        <>
          <SelectorEditor
            title="Namespace selector"
            selector={ref.namespaceSelector}
            emptyMeaning="every namespace"
            disabled={disabled}
            onApply={(namespaceSelector) =>
              replace({
                kind: 'namespacePods',
                namespaceSelector,
                ...(ref.podSelector ? { podSelector: ref.podSelector } : {}),
              })
            }
          />
          <SelectorEditor
            title="Pod selector"
            selector={ref.podSelector}
            emptyMeaning="every pod in those namespaces"
            disabled={disabled}
            onApply={(podSelector) =>
              replace({ kind: 'namespacePods', namespaceSelector: ref.namespaceSelector, podSelector })
            }
          />
        </>
      ) : null}
      {ref.kind === 'ipBlock' ? <IpBlockEditor node={node} disabled={disabled} /> : null}
      {ref.kind === 'pods' ? (
        <fieldset>
          <legend>Isolation</legend>
          {(['ingress', 'egress'] as const).map((direction) => (
            <label className="inline" key={direction}>
              <input
                type="checkbox"
                aria-label={`Isolate ${direction}`}
                checked={node.isolation?.[direction] ?? false}
                disabled={disabled}
                onChange={(e) =>
                  store
                    .getState()
                    .dispatch({ type: 'setIsolation', target: ref, direction, isolated: e.target.checked })
                }
              />{' '}
              {direction} isolated
            </label>
          ))}
        </fieldset>
      ) : null}
      <AdminPolicies keys={node.policies ?? []} disabled={disabled} />
      {npKeys.length ? (
        <fieldset>
          <legend>Policies selecting these pods</legend>
          <ul className="plain">
            {npKeys.map((key) => {
              const policy = policies.find((p) => p.key === key);
              return (
                <li key={key}>
                  <code>{displayText(key)}</code>{' '}
                  {policy ? (
                    <span className="muted">{policy.policyTypes.map((t) => displayText(t)).join(' + ')}</span>
                  ) : null}{' '}
                  <button
                    type="button"
                    disabled={disabled}
                    aria-label={`Remove policy ${displayText(key)}`}
                    onClick={() => store.getState().dispatch({ type: 'removePolicy', policy: key })}
                  >
                    remove
                  </button>
                </li>
              );
            })}
          </ul>
        </fieldset>
      ) : null}
      <div className="actions">
        <button
          type="button"
          className="danger"
          disabled={disabled}
          onClick={() => {
            void store
              .getState()
              .dispatch({ type: 'removeNode', node: ref })
              .then((applied) => applied && store.getState().select(null));
          }}
        >
          Delete {node.type === 'podGroup' ? 'pod group' : 'node'}
        </button>
      </div>
    </>
  );
}

function EdgeInspector({ edge, disabled }: { edge: GraphEdge; disabled: boolean }) {
  const store = useDesignerStore();
  const nodes = useDesigner((s) => s.graph.nodes);
  const source = nodes.find((n) => n.id === edge.source);
  const target = nodes.find((n) => n.id === edge.target);
  if (!source || !target) return null;
  return (
    <>
      <h2>{edge.action ? `${displayText(edge.tier)} ${displayText(edge.action)} flow` : 'Flow'}</h2>
      <p>
        <strong>{displayText(source.label)}</strong> → <strong>{displayText(target.label)}</strong>
      </p>
      <p className="edge-ports-label">{displayText(edge.label)}</p>
      {edge.effective ? (
        <p className={edge.effective === 'oneSided' ? 'warning' : 'muted'} data-effective={edge.effective}>
          {edge.effective === 'oneSided' ? '⚠ One-sided: ' : null}
          {edge.explanation !== undefined
            ? displayText(edge.explanation, 2000)
            : edge.effective === 'allowed'
              ? 'Allowed end to end.'
              : null}
        </p>
      ) : null}
      {edge.action ? (
        <AdminPolicies
          keys={edge.rules.map((r) => r.policy)}
          highlight={edge.rules.map((r) => `${r.policy} ${r.direction}[${r.rule}]`)}
          disabled={disabled}
        />
      ) : (
        <PortsEditor
          key={edge.id + displayText(edge.label)}
          ports={edge.ports}
          disabled={disabled}
          onApply={(ports) =>
            store.getState().dispatch({
              type: 'setFlowPorts',
              source: source.ref,
              target: target.ref,
              ...(ports ? { ports } : {}),
            })
          }
        />
      )}
      <fieldset>
        <legend>Written in</legend>
        <ul className="plain">
          {edge.rules.map((r) => (
            <li key={displayText(r.path)}>
              <code>{displayText(r.path)}</code>
            </li>
          ))}
        </ul>
      </fieldset>
      <div className="actions" hidden={!!edge.action}>
        <button
          type="button"
          className="danger"
          disabled={disabled}
          onClick={() => {
            void store
              .getState()
              .dispatch({ type: 'disconnect', source: source.ref, target: target.ref })
              .then((applied) => applied && store.getState().select(null));
          }}
        >
          Delete flow
        </button>
      </div>
    </>
  );
}

export function Inspector() {
  const selection = useDesigner((s) => s.selection);
  const graph = useDesigner((s) => s.graph);
  const disabled = useDesigner((s) => s.stale);
  const node = selection?.kind === 'node' ? graph.nodes.find((n) => n.id === selection.id) : undefined;
  const edge = selection?.kind === 'edge' ? graph.edges.find((e) => e.id === selection.id) : undefined;
  return (
    <section className="inspector" aria-label="Inspector" data-testid={TEST_IDS.inspector}>
      {node ? (
        <NodeInspector
          key={node.id + displayText(node.ref, 10_000) + displayText(node.labels ?? {}, 10_000)}
          node={node}
          disabled={disabled}
        />
      ) : null}
      {edge ? <EdgeInspector key={edge.id} edge={edge} disabled={disabled} /> : null}
      {selection?.kind === 'edge' && !edge ? <AggregateInspector id={selection.id} /> : null}
      {!node && !edge && !(selection?.kind === 'edge' && isAggregateId(selection.id)) ? (
        <p className="muted">
          Select a node or a flow to edit it. Drag from a node's bottom handle to another node's top handle to allow a
          flow.
        </p>
      ) : null}
    </section>
  );
}
