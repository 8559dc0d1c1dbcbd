import { useDesigner, useDesignerStore } from './store/designerContext.ts';
import { TEST_IDS } from './testIds.ts';

/**
 * While the document holds AdminNetworkPolicies or BaselineAdminNetworkPolicies (v1alpha1, replaced by
 * ClusterNetworkPolicy), the designer offers `netpol migrate`'s conversion as one undoable change.
 */
export function MigrateOffer() {
  const store = useDesignerStore();
  const count = useDesigner((s) => s.result.adminPolicies.filter((e) => e.kind !== 'ClusterNetworkPolicy').length);
  const disabled = useDesigner((s) => s.stale);
  if (!count) return null;
  return (
    <div className="banner banner-info" role="status" data-testid={TEST_IDS.migrateOffer}>
      {count === 1
        ? 'An AdminNetworkPolicy or BaselineAdminNetworkPolicy'
        : `${count} AdminNetworkPolicies or BaselineAdminNetworkPolicies`}{' '}
      (v1alpha1) can be converted to ClusterNetworkPolicy (v1alpha2), with the same meaning.{' '}
      <button type="button" disabled={disabled} onClick={() => store.getState().migrateToClusterNetworkPolicy()}>
        Migrate to ClusterNetworkPolicy
      </button>
    </div>
  );
}
