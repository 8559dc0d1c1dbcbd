import { useState } from 'react';
import type { NetworkPolicyPort } from '../../core/index.ts';
import { useDesignerStore } from '../store/designerContext.ts';
import { parsePortList } from '../store/designerStore.ts';
import { TEST_IDS } from '../testIds.ts';
import { Dialog } from './Dialog.tsx';

interface TenantRow {
  namespace: string;
  cidrs: string;
  ports: string;
}

const splitList = (text: string) =>
  text
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);

export function TenantWizardDialog({ onClose }: { onClose: () => void }) {
  const store = useDesignerStore();
  const [tenants, setTenants] = useState<TenantRow[]>([
    { namespace: '', cidrs: '', ports: 'TCP 443' },
    { namespace: '', cidrs: '', ports: 'TCP 443' },
  ]);
  const [shared, setShared] = useState('monitoring');
  const [includeNamespaces, setIncludeNamespaces] = useState(true);
  const [adminTier, setAdminTier] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const update = (index: number, patch: Partial<TenantRow>) =>
    setTenants(tenants.map((t, i) => (i === index ? { ...t, ...patch } : t)));

  const generate = () => {
    const errors: string[] = [];
    const specs = tenants
      .filter((t) => t.namespace.trim())
      .map((t) => {
        const parsed = parsePortList(t.ports);
        let egressPorts: NetworkPolicyPort[] = [];
        if ('error' in parsed) errors.push(`tenant ${t.namespace}: "${parsed.error}" is not a port`);
        else egressPorts = parsed.ports;
        return { namespace: t.namespace.trim(), egressCidrs: splitList(t.cidrs), egressPorts };
      });
    if (errors.length) {
      setProblems(errors);
      return;
    }
    const result = store.getState().addTenantIsolation({
      tenants: specs,
      sharedNamespaces: splitList(shared),
      includeNamespaces,
      adminTier,
    });
    if (result.length) setProblems(result);
    else onClose();
  };

  return (
    <Dialog title="Tenant isolation" testId={TEST_IDS.wizardDialog} onClose={onClose}>
      <p className="muted">
        Each tenant namespace gets: default deny (ingress and egress), traffic within the tenant, ingress from the
        shared namespaces, DNS (UDP/TCP 53 to kube-dns), and egress to its own networks on the ports given. Tenants
        cannot reach each other.
      </p>
      <table className="form-table">
        <thead>
          <tr>
            <th>Tenant namespace</th>
            <th>Egress CIDRs</th>
            <th>Egress ports</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {tenants.map((t, i) => (
            <tr key={i}>
              <td>
                <input
                  aria-label={`Tenant ${i + 1} namespace`}
                  value={t.namespace}
                  placeholder="tenant-a"
                  onChange={(e) => update(i, { namespace: e.target.value })}
                />
              </td>
              <td>
                <input
                  aria-label={`Tenant ${i + 1} CIDRs`}
                  value={t.cidrs}
                  placeholder="10.1.0.0/16"
                  onChange={(e) => update(i, { cidrs: e.target.value })}
                />
              </td>
              <td>
                <input
                  aria-label={`Tenant ${i + 1} ports`}
                  value={t.ports}
                  placeholder="TCP 443, UDP 53"
                  onChange={(e) => update(i, { ports: e.target.value })}
                />
              </td>
              <td>
                <button
                  type="button"
                  aria-label={`Remove tenant ${i + 1}`}
                  onClick={() => setTenants(tenants.filter((_, j) => j !== i))}
                >
                  ✕
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions">
        <button type="button" onClick={() => setTenants([...tenants, { namespace: '', cidrs: '', ports: 'TCP 443' }])}>
          + tenant
        </button>
      </div>
      <label>
        Shared namespaces that may reach every tenant
        <input aria-label="Shared namespaces" value={shared} onChange={(e) => setShared(e.target.value)} />
      </label>
      <label className="inline">
        <input type="checkbox" checked={includeNamespaces} onChange={(e) => setIncludeNamespaces(e.target.checked)} />{' '}
        also add the Namespace objects
      </label>
      <label className="inline">
        <input
          type="checkbox"
          aria-label="Enforce isolation at the Admin tier"
          checked={adminTier}
          onChange={(e) => setAdminTier(e.target.checked)}
        />{' '}
        enforce isolation at the Admin tier
      </label>
      {adminTier ? (
        <p className="muted">
          Writes ClusterNetworkPolicies instead of NetworkPolicies: per tenant, an Admin-tier Deny of ingress from the
          other tenants&apos; namespaces (the API cannot say &quot;same tenant&quot; in one policy), which no namespace
          owner&apos;s NetworkPolicy can override; and a Baseline default denying ingress from namespaces that are
          neither tenants nor shared, which owners may open with NetworkPolicies. Egress stays open (the CIDR and port
          columns are not used).
        </p>
      ) : null}
      {problems.length ? (
        <ul className="plain error-list" role="alert">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
      <div className="actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="primary" onClick={generate}>
          Generate policies
        </button>
      </div>
    </Dialog>
  );
}
