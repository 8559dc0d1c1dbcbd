import { Handle, Position, type NodeProps } from '@xyflow/react';
import type { LabelSelector } from '../../core/index.ts';
import type { GraphFlowNode } from './toFlow.ts';

/**
 * Flows run top to bottom (auto layout lays sources above destinations): in at the top, out at the bottom.
 * Handles take the node's connectability (false while the graph is stale), which custom nodes must pass on. */
function Handles({ connectable }: { connectable: boolean }) {
  return (
    <>
      <Handle type="target" position={Position.Top} className="handle handle-in" isConnectable={connectable} />
      <Handle type="source" position={Position.Bottom} className="handle handle-out" isConnectable={connectable} />
    </>
  );
}

/** A selector written out in full: every label and every expression, never collapsed. */
export function SelectorLines({ selector, empty }: { selector: LabelSelector | undefined; empty: string }) {
  const labels = Object.entries(selector?.matchLabels ?? {});
  const expressions = selector?.matchExpressions ?? [];
  if (!labels.length && !expressions.length) return <div className="selector-line muted">{empty}</div>;
  return (
    <>
      {labels.map(([k, v]) => (
        <div className="selector-line" key={`l:${k}`}>
          <span className="label-key">{k}</span>=<span className="label-value">{v}</span>
        </div>
      ))}
      {expressions.map((e, i) => (
        <div className="selector-line" key={`e:${i}`}>
          <span className="label-key">{e.key}</span> <span className="operator">{e.operator}</span>
          {e.values?.length ? <span className="label-value"> ({e.values.join(', ')})</span> : null}
        </div>
      ))}
    </>
  );
}

function Shields({ node }: { node: GraphFlowNode['data']['node'] }) {
  const iso = node.isolation;
  if (!iso) return null;
  return (
    <div className="shields">
      <span
        className={`shield ${iso.ingress ? 'shield-on' : 'shield-off'}`}
        title={
          iso.ingress
            ? `Ingress isolated by ${iso.ingressPolicies.join(', ')}`
            : 'Ingress not isolated: all traffic in is allowed'
        }
        data-shield="ingress"
        data-isolated={iso.ingress}
      >
        {iso.ingress ? '● in' : '○ in'}
      </span>
      <span
        className={`shield ${iso.egress ? 'shield-on' : 'shield-off'}`}
        title={
          iso.egress
            ? `Egress isolated by ${iso.egressPolicies.join(', ')}`
            : 'Egress not isolated: all traffic out is allowed'
        }
        data-shield="egress"
        data-isolated={iso.egress}
      >
        {iso.egress ? '● out' : '○ out'}
      </span>
    </div>
  );
}

export function NamespaceNode({ data, selected, isConnectable }: NodeProps<GraphFlowNode>) {
  const { node } = data;
  const name = node.ref.kind === 'namespace' ? node.ref.namespace : node.label;
  const labels = Object.entries(node.labels ?? {}).filter(([k]) => k !== 'kubernetes.io/metadata.name');
  return (
    <div className={`container-node namespace-node${selected ? ' is-selected' : ''}`}>
      <Handles connectable={isConnectable} />
      <div className="container-title">
        <span className="kind">namespace</span> <strong>{name}</strong>
      </div>
      <div className="chips">
        {labels.map(([k, v]) => (
          <span className="chip" key={k}>
            {k}={v}
          </span>
        ))}
      </div>
    </div>
  );
}

export function NamespaceSelectorNode({ data, selected, isConnectable }: NodeProps<GraphFlowNode>) {
  const { node } = data;
  const selector = node.ref.kind === 'namespacePods' ? node.ref.namespaceSelector : undefined;
  return (
    <div className={`container-node selector-node${selected ? ' is-selected' : ''}`}>
      <Handles connectable={isConnectable} />
      <div className="container-title">
        <span className="kind">namespaces where</span>
      </div>
      <div className="chips">
        <SelectorLines selector={selector} empty="all namespaces" />
      </div>
    </div>
  );
}

export function PodGroupNode({ data, selected, isConnectable }: NodeProps<GraphFlowNode>) {
  const { node } = data;
  const selector = node.ref.kind === 'pods' || node.ref.kind === 'namespacePods' ? node.ref.podSelector : undefined;
  return (
    <div className={`leaf-node pod-node${selected ? ' is-selected' : ''}`}>
      <Handles connectable={isConnectable} />
      <div className="leaf-header">
        <span className="kind">pods</span>
        <Shields node={node} />
      </div>
      <SelectorLines selector={selector} empty="all pods" />
    </div>
  );
}

export function IpBlockNode({ data, selected, isConnectable }: NodeProps<GraphFlowNode>) {
  const { node } = data;
  const ref = node.ref.kind === 'ipBlock' ? node.ref : undefined;
  return (
    <div className={`leaf-node ip-node${selected ? ' is-selected' : ''}`}>
      <Handles connectable={isConnectable} />
      <div className="leaf-header">
        <span className="kind">ipBlock</span>
      </div>
      <div className="selector-line">
        <strong>{ref?.cidr}</strong>
      </div>
      {(ref?.except ?? []).map((e) => (
        <div className="selector-line except" key={e}>
          except {e}
        </div>
      ))}
    </div>
  );
}

export function AnywhereNode({ selected, isConnectable }: NodeProps<GraphFlowNode>) {
  return (
    <div className={`leaf-node anywhere-node${selected ? ' is-selected' : ''}`}>
      <Handles connectable={isConnectable} />
      <div className="leaf-header">
        <span className="kind">anywhere</span>
      </div>
      <div className="selector-line muted">every pod and address</div>
    </div>
  );
}

export const NODE_TYPES = {
  namespace: NamespaceNode,
  namespaceSelector: NamespaceSelectorNode,
  podGroup: PodGroupNode,
  ipBlock: IpBlockNode,
  anywhere: AnywhereNode,
};
