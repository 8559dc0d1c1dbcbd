/** The rule cases shared by the rule table and the quick-fix tests. */
import type { LintOptions } from '../../src/core/lint/index.ts';
import { deployment, doc, namespace, np } from './helpers.ts';

export interface Case {
  rule: string;
  name: string;
  hit: string;
  path: string;
  severity?: 'error' | 'warning' | 'info';
  /** Only findings about this object count (when the snippet has other policies that legitimately trigger). */
  object?: string;
  /** What the message must say. */
  message?: RegExp;
  /** The near miss only has to avoid a finding at `path` (other findings of the rule are legitimate there). */
  nearPathOnly?: boolean;
  near: string;
  options?: LintOptions;
}

const DNS_OK = `
    - to:
        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
          podSelector: {matchLabels: {k8s-app: kube-dns}}
      ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]`;

export const cases: Case[] = [
  {
    rule: 'P-01',
    name: 'namespaceSelector and podSelector as separate peers',
    hit: np(
      'p',
      `  podSelector: {}
  policyTypes: [Ingress]
  ingress:
    - from:
        - namespaceSelector: {matchLabels: {team: x}}
        - podSelector: {matchLabels: {role: client}} # <-`,
    ),
    path: 'spec.ingress[0].from[1]',
    near: np(
      'p',
      `  podSelector: {}
  policyTypes: [Ingress]
  ingress:
    - from:
        - namespaceSelector: {matchLabels: {team: x}}
          podSelector: {matchLabels: {role: client}}
        - podSelector: {}`,
    ),
  },
  {
    rule: 'P-02',
    name: 'ports without peers',
    hit: np(
      'p',
      `  podSelector: {matchLabels: {app: db}}
  policyTypes: [Ingress]
  ingress:
    - ports: [{protocol: TCP, port: 5432}] # <-`,
    ),
    path: 'spec.ingress[0]',
    near: np(
      'p',
      `  podSelector: {matchLabels: {app: db}}
  policyTypes: [Ingress]
  ingress:
    - ports: [{protocol: TCP, port: 5432}]
      from: [{podSelector: {matchLabels: {app: api}}}]`,
    ),
  },
  {
    rule: 'P-02',
    name: '`to: []` with ports',
    hit: np(
      'p',
      `  podSelector: {matchLabels: {app: api}}
  policyTypes: [Egress]
  egress:
    - to: [] # <-
      ports: [{protocol: TCP, port: 443}]${DNS_OK}`,
    ),
    path: 'spec.egress[0].to',
    near: np(
      'p',
      `  podSelector: {matchLabels: {app: api}}
  policyTypes: [Egress]
  egress:
    - to: [{ipBlock: {cidr: 203.0.113.0/24}}]
      ports: [{protocol: TCP, port: 443}]${DNS_OK}`,
    ),
  },
  {
    rule: 'P-03',
    name: 'allow-all ingress rule',
    severity: 'info',
    hit: np(
      'p',
      `  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
  ingress:
    - {} # <-`,
    ),
    path: 'spec.ingress[0]',
    near: np(
      'p',
      `  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
  ingress:
    - ports: [{port: 80}]
      from: [{podSelector: {}}]`,
    ),
  },
  {
    rule: 'P-03',
    name: 'a rule made redundant by an allow-all for the same pods',
    severity: 'warning',
    object: 'app/web',
    hit: doc(
      np('allow-all', `  podSelector: {}\n  policyTypes: [Ingress]\n  ingress: [{}]`),
      np(
        'web',
        `  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
  ingress:
    - from: [{podSelector: {matchLabels: {app: lb}}}] # <-`,
      ),
    ),
    path: 'spec.ingress[0]',
    near: doc(
      np('allow-all', `  podSelector: {matchLabels: {app: other}}\n  policyTypes: [Ingress]\n  ingress: [{}]`),
      np(
        'web',
        `  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
  ingress:
    - from: [{podSelector: {matchLabels: {app: lb}}}]`,
      ),
    ),
  },
  {
    rule: 'P-03',
    name: 'a rule of the same policy made redundant by its allow-all',
    severity: 'warning',
    hit: np(
      'web',
      `  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
  ingress:
    - from: [{podSelector: {matchLabels: {app: lb}}}] # <-
      ports: [{port: 80}]
    - {}`,
    ),
    path: 'spec.ingress[0]',
    near: np(
      'web',
      `  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
  ingress:
    - from: [{podSelector: {matchLabels: {app: lb}}}]
      ports: [{port: 80}]
    - ports: [{port: 443}]`,
    ),
  },
  {
    rule: 'P-04',
    name: 'default-deny egress without DNS',
    hit: np(
      'deny-egress',
      `  podSelector: {}
  policyTypes: [Egress] # <-`,
    ),
    path: 'spec.policyTypes',
    near: doc(
      np('deny-egress', `  podSelector: {}\n  policyTypes: [Egress]`),
      np('allow-dns', `  podSelector: {}\n  policyTypes: [Egress]\n  egress:${DNS_OK}`),
    ),
  },
  {
    rule: 'P-04',
    name: 'DNS over UDP only',
    hit: np(
      'p',
      `  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}}]
      ports: # <-
        - {protocol: UDP, port: 53}`,
    ),
    path: 'spec.egress[0].ports',
    near: np(
      'p',
      `  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}}]
      ports:
        - {protocol: UDP, port: 53}
        - {protocol: TCP, port: 53}`,
    ),
  },
  {
    rule: 'P-05',
    name: '`name` namespace label (no inventory)',
    hit: np(
      'p',
      `  podSelector: {}
  policyTypes: [Ingress]
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              name: monitoring # <-`,
    ),
    path: 'spec.ingress[0].from[0].namespaceSelector.matchLabels.name',
    near: np(
      'p',
      `  podSelector: {}
  policyTypes: [Ingress]
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: monitoring`,
    ),
  },
  {
    rule: 'P-05',
    name: '`name` namespace label, inventory namespace without it (near miss: namespace labelled name=…)',
    hit: doc(
      namespace('monitoring'),
      np(
        'p',
        `  podSelector: {}
  policyTypes: [Ingress]
  ingress:
    - from:
        - namespaceSelector: {matchExpressions: [{key: name, operator: In, values: [monitoring]}]} # <-`,
      ),
    ),
    path: 'spec.ingress[0].from[0].namespaceSelector.matchExpressions[0].key',
    near: doc(
      namespace('monitoring', { name: 'monitoring' }),
      np(
        'p',
        `  podSelector: {}
  policyTypes: [Ingress]
  ingress:
    - from:
        - namespaceSelector: {matchExpressions: [{key: name, operator: In, values: [monitoring]}]}`,
      ),
    ),
  },
  {
    rule: 'P-06',
    name: 'policy selecting no workload',
    hit: doc(
      deployment('app', 'frontend', { app: 'frontend' }),
      np(
        'p',
        `  podSelector: # <-
    matchLabels: {app: web-frontend}
  policyTypes: [Ingress]`,
      ),
    ),
    path: 'spec.podSelector',
    near: doc(
      deployment('app', 'frontend', { app: 'frontend' }),
      np('p', `  podSelector:\n    matchLabels: {app: frontend}\n  policyTypes: [Ingress]`),
    ),
  },
  {
    rule: 'P-06',
    name: 'peer selecting no workload',
    hit: doc(
      deployment('app', 'frontend', { app: 'frontend' }),
      deployment('app', 'api', { app: 'api' }),
      np(
        'p',
        `  podSelector: {matchLabels: {app: api}}
  policyTypes: [Ingress]
  ingress:
    - from:
        - podSelector: {matchLabels: {app: fronted}} # <-`,
      ),
    ),
    path: 'spec.ingress[0].from[0]',
    near: doc(
      deployment('app', 'frontend', { app: 'frontend' }),
      deployment('app', 'api', { app: 'api' }),
      np(
        'p',
        `  podSelector: {matchLabels: {app: api}}
  policyTypes: [Ingress]
  ingress:
    - from:
        - podSelector: {matchLabels: {app: frontend}}`,
      ),
    ),
  },
  {
    rule: 'P-07',
    name: 'node label in a peer podSelector',
    hit: np(
      'p',
      `  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to:
        - podSelector:
            matchLabels:
              node-role.kubernetes.io/worker: "true" # <-`,
    ),
    path: 'spec.egress[0].to[0].podSelector.matchLabels.node-role.kubernetes.io/worker',
    near: np(
      'p',
      `  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to:
        - podSelector:
            matchLabels:
              app.kubernetes.io/role: worker`,
    ),
  },
  {
    rule: 'P-07',
    name: 'namespace-name label in a podSelector',
    hit: np(
      'p',
      `  podSelector: {}
  policyTypes: [Ingress]
  ingress:
    - from:
        - podSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}} # <-`,
    ),
    path: 'spec.ingress[0].from[0].podSelector.matchLabels.kubernetes.io/metadata.name',
    near: np(
      'p',
      `  podSelector: {}
  policyTypes: [Ingress]
  ingress:
    - from:
        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}`,
    ),
  },
  {
    rule: 'P-08',
    name: 'ipBlock covering the pod CIDR',
    hit: np(
      'p',
      `  podSelector: {}
  policyTypes: [Ingress]
  ingress:
    - from:
        - ipBlock:
            cidr: 10.0.0.0/8 # <-`,
    ),
    path: 'spec.ingress[0].from[0].ipBlock.cidr',
    near: np(
      'p',
      `  podSelector: {}
  policyTypes: [Ingress]
  ingress:
    - from:
        - ipBlock:
            cidr: 10.0.0.0/8`,
    ),
    // The near miss: the same block on a cluster whose pods and Services live elsewhere.
    options: {},
  },
  {
    rule: 'P-08',
    name: '0.0.0.0/0 except the pod CIDR (info)',
    severity: 'info',
    hit: np(
      'p',
      `  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to:
        - ipBlock:
            cidr: 0.0.0.0/0
            except: [10.244.0.0/16] # <-${DNS_OK}`,
    ),
    path: 'spec.egress[0].to[0].ipBlock.except',
    near: np(
      'p',
      `  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to:
        - ipBlock:
            cidr: 0.0.0.0/0
            except: [169.254.169.254/32]${DNS_OK}`,
    ),
  },
  {
    rule: 'P-09',
    name: 'egress rules ignored by policyTypes [Ingress]',
    hit: np(
      'p',
      `  podSelector: {matchLabels: {app: api}}
  policyTypes: [Ingress]
  egress: # <-
    - to: [{ipBlock: {cidr: 203.0.113.0/24}}]`,
    ),
    path: 'spec.egress',
    near: np(
      'p',
      `  podSelector: {matchLabels: {app: api}}
  policyTypes: [Ingress, Egress]
  egress:
    - to: [{ipBlock: {cidr: 203.0.113.0/24}}]`,
    ),
  },
  {
    rule: 'P-10',
    name: 'egress-only policy without policyTypes',
    hit: np(
      'p',
      `  podSelector: {matchLabels: {app: api}}
  egress: # <-
    - to: [{podSelector: {matchLabels: {app: db}}}]`,
    ),
    path: 'spec.egress',
    near: np(
      'p',
      `  podSelector: {matchLabels: {app: api}}
  policyTypes: [Egress]
  egress:
    - to: [{podSelector: {matchLabels: {app: db}}}]`,
    ),
  },
  {
    rule: 'P-11',
    name: '`egress: []` without policyTypes',
    hit: np(
      'p',
      `  podSelector: {}
  egress: [] # <-`,
    ),
    path: 'spec.egress',
    near: np(
      'p',
      `  podSelector: {}
  policyTypes: [Egress]
  egress: []`,
    ),
  },
  {
    rule: 'P-13',
    name: 'duplicate port',
    hit: np(
      'p',
      `  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
  ingress:
    - from: [{podSelector: {matchLabels: {app: lb}}}]
      ports:
        - {protocol: TCP, port: 80}
        - {port: 80} # <-`,
    ),
    path: 'spec.ingress[0].ports[1]',
    near: np(
      'p',
      `  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
  ingress:
    - from: [{podSelector: {matchLabels: {app: lb}}}]
      ports:
        - {protocol: TCP, port: 80}
        - {protocol: UDP, port: 80}`,
    ),
  },
  {
    rule: 'P-13',
    name: 'rule shadowed by a broader rule of the same policy',
    hit: np(
      'p',
      `  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
  ingress:
    - from: [{podSelector: {matchLabels: {app: lb, tier: edge}}}] # <-
      ports: [{port: 8080}]
    - from: [{podSelector: {matchLabels: {app: lb}}}]
      ports: [{port: 8000, endPort: 9000}]`,
    ),
    path: 'spec.ingress[0]',
    near: np(
      'p',
      `  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
  ingress:
    - from: [{podSelector: {matchLabels: {app: lb, tier: edge}}}]
      ports: [{port: 9090}]
    - from: [{podSelector: {matchLabels: {app: lb}}}]
      ports: [{port: 8000, endPort: 9000}]`,
    ),
  },
  {
    rule: 'P-13',
    name: 'except inside another except',
    severity: 'warning',
    hit: np(
      'p',
      `  podSelector: {}
  policyTypes: [Ingress]
  ingress:
    - from:
        - ipBlock:
            cidr: 203.0.0.0/16
            except:
              - 203.0.0.0/24
              - 203.0.0.128/25 # <-`,
    ),
    path: 'spec.ingress[0].from[0].ipBlock.except[1]',
    near: np(
      'p',
      `  podSelector: {}
  policyTypes: [Ingress]
  ingress:
    - from:
        - ipBlock:
            cidr: 203.0.0.0/16
            except:
              - 203.0.0.0/24
              - 203.0.1.0/24`,
    ),
  },
  {
    rule: 'P-13',
    name: 'a whole policy made redundant by a broader one',
    severity: 'info',
    hit: doc(
      np(
        'all-pods',
        `  podSelector: {}
  policyTypes: [Ingress]
  ingress:
    - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}}]`,
      ),
      `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web # <-
  namespace: app
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
  ingress:
    - from:
        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}
          podSelector: {matchLabels: {app: prometheus}}
`,
    ),
    path: 'metadata.name',
    near: doc(
      np(
        'all-pods',
        `  podSelector: {}
  policyTypes: [Ingress]
  ingress:
    - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}}]`,
      ),
      np(
        'web',
        `  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress, Egress]
  ingress:
    - from:
        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}
          podSelector: {matchLabels: {app: prometheus}}`,
      ),
    ),
    object: 'app/web',
    nearPathOnly: true,
  },
  {
    rule: 'P-14',
    name: 'named port towards an ipBlock',
    hit: np(
      'p',
      `  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to: [{ipBlock: {cidr: 203.0.113.0/24}}]
      ports:
        - port: https # <-${DNS_OK}`,
    ),
    path: 'spec.egress[0].ports[0].port',
    near: np(
      'p',
      `  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to: [{ipBlock: {cidr: 203.0.113.0/24}}]
      ports:
        - port: 443${DNS_OK}`,
    ),
  },
  {
    rule: 'P-14',
    name: 'named port no destination pod defines',
    hit: doc(
      deployment('app', 'web', { app: 'web' }, '            - {name: http, containerPort: 8080}'),
      np(
        'p',
        `  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
  ingress:
    - from: [{podSelector: {}}]
      ports:
        - port: metrics # <-`,
      ),
    ),
    path: 'spec.ingress[0].ports[0].port',
    near: doc(
      deployment('app', 'web', { app: 'web' }, '            - {name: metrics, containerPort: 9090}'),
      np(
        'p',
        `  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
  ingress:
    - from: [{podSelector: {}}]
      ports:
        - port: metrics`,
      ),
    ),
  },
  {
    rule: 'P-15',
    name: 'endPort',
    severity: 'info',
    hit: np(
      'p',
      `  podSelector: {}
  policyTypes: [Ingress]
  ingress:
    - from: [{podSelector: {}}]
      ports:
        - protocol: TCP
          port: 32000
          endPort: 32768 # <-`,
    ),
    path: 'spec.ingress[0].ports[0].endPort',
    near: np(
      'p',
      `  podSelector: {}
  policyTypes: [Ingress]
  ingress:
    - from: [{podSelector: {}}]
      ports:
        - protocol: TCP
          port: 32000`,
    ),
  },
  {
    rule: 'P-16',
    name: 'Service port instead of the target (pod) port',
    hit: doc(
      deployment('app', 'web', { app: 'web' }, '            - {name: http, containerPort: 8080}'),
      `apiVersion: v1
kind: Service
metadata: {name: web, namespace: app}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: http}]
`,
      np(
        'p',
        `  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
  ingress:
    - from: [{podSelector: {}}]
      ports:
        - protocol: TCP
          port: 80 # <-`,
      ),
    ),
    path: 'spec.ingress[0].ports[0].port',
    near: doc(
      deployment('app', 'web', { app: 'web' }, '            - {name: http, containerPort: 8080}'),
      `apiVersion: v1
kind: Service
metadata: {name: web, namespace: app}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: http}]
`,
      np(
        'p',
        `  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
  ingress:
    - from: [{podSelector: {}}]
      ports:
        - protocol: TCP
          port: 8080`,
      ),
    ),
  },
  {
    rule: 'P-17',
    name: 'API server egress as kube-system on 443',
    severity: 'info',
    hit: np(
      'p',
      `  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}}]
      ports:
        - {protocol: TCP, port: 443} # <-
        - {protocol: UDP, port: 53}
        - {protocol: TCP, port: 53}`,
    ),
    path: 'spec.egress[0].ports[0]',
    near: np(
      'p',
      `  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to: [{ipBlock: {cidr: 192.0.2.10/32}}]
      ports:
        - {protocol: TCP, port: 6443}
    - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}}]
      ports:
        - {protocol: UDP, port: 53}
        - {protocol: TCP, port: 53}`,
    ),
  },
  {
    rule: 'P-18',
    name: '`ports: [{}]`',
    hit: np(
      'p',
      `  podSelector: {}
  policyTypes: [Ingress]
  ingress:
    - from: [{podSelector: {}}]
      ports:
        - {} # <-`,
    ),
    path: 'spec.ingress[0].ports[0]',
    near: np(
      'p',
      `  podSelector: {}
  policyTypes: [Ingress]
  ingress:
    - from: [{podSelector: {}}]
      ports:
        - protocol: TCP`,
    ),
  },
  {
    rule: 'P-22',
    name: 'policy selecting only hostNetwork pods',
    hit: doc(
      deployment('app', 'exporter', { app: 'exporter' }, '', true),
      np('p', `  podSelector: {matchLabels: {app: exporter}} # <-\n  policyTypes: [Ingress]`),
    ),
    path: 'spec.podSelector',
    near: doc(
      deployment('app', 'exporter', { app: 'exporter' }, '', false),
      np('p', `  podSelector: {matchLabels: {app: exporter}}\n  policyTypes: [Ingress]`),
    ),
  },
  {
    rule: 'P-23',
    name: 'podSelector peer naming pods of another namespace',
    hit: doc(
      deployment('monitoring', 'prometheus', { app: 'prometheus' }),
      deployment('app', 'web', { app: 'web' }),
      np(
        'p',
        `  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
  ingress:
    - from:
        - podSelector: {matchLabels: {app: prometheus}} # <-`,
      ),
    ),
    path: 'spec.ingress[0].from[0]',
    near: doc(
      deployment('monitoring', 'prometheus', { app: 'prometheus' }),
      deployment('app', 'web', { app: 'web' }),
      np(
        'p',
        `  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
  ingress:
    - from:
        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}
          podSelector: {matchLabels: {app: prometheus}}`,
      ),
    ),
  },
  {
    rule: 'P-28',
    name: '"deny" policy with an allow-all rule',
    severity: 'warning',
    hit: np(
      'deny-cross-tenant',
      `  podSelector: {}
  policyTypes: [Ingress]
  ingress:
    - from: [] # <-`,
    ),
    path: 'spec.ingress[0]',
    near: np('deny-cross-tenant', `  podSelector: {}\n  policyTypes: [Ingress]`),
  },
  {
    rule: 'P-28',
    name: '"deny" policy overridden by an allow-all for the same pods',
    hit: doc(
      np('allow-all', `  podSelector: {}\n  policyTypes: [Ingress]\n  ingress: [{}]`),
      `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny-web # <-
  namespace: app
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
`,
    ),
    path: 'metadata.name',
    near: doc(
      np('allow-all', `  podSelector: {matchLabels: {app: other}}\n  policyTypes: [Ingress]\n  ingress: [{}]`),
      np('deny-web', `  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress]`),
    ),
  },
  {
    rule: 'P-31',
    name: 'NotIn in a namespaceSelector',
    hit: np(
      'p',
      `  podSelector: {}
  policyTypes: [Ingress]
  ingress:
    - from:
        - namespaceSelector:
            matchExpressions:
              - {key: env, operator: NotIn, values: [prod]} # <-`,
    ),
    path: 'spec.ingress[0].from[0].namespaceSelector.matchExpressions[0]',
    near: np(
      'p',
      `  podSelector: {}
  policyTypes: [Ingress]
  ingress:
    - from:
        - namespaceSelector:
            matchExpressions:
              - {key: env, operator: In, values: [dev, test]}`,
    ),
  },
  {
    rule: 'P-32',
    name: 'misspelled namespaceSelector',
    hit: np(
      'p',
      `  podSelector: {}
  policyTypes: [Ingress]
  ingress:
    - from:
        - podSelector: {matchLabels: {app: prometheus}}
          namespaceSelecter: {matchLabels: {kubernetes.io/metadata.name: monitoring}} # <-`,
    ),
    path: 'spec.ingress[0].from[0].namespaceSelecter',
    near: np(
      'p',
      `  podSelector: {}
  policyTypes: [Ingress]
  ingress:
    - from:
        - podSelector: {matchLabels: {app: prometheus}}
          namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}`,
    ),
  },
  {
    rule: 'P-32',
    name: '`to` in an ingress rule',
    hit: np(
      'p',
      `  podSelector: {}
  policyTypes: [Ingress]
  ingress:
    - to: [{podSelector: {}}] # <-`,
    ),
    path: 'spec.ingress[0].to',
    near: np(
      'p',
      `  podSelector: {}
  policyTypes: [Ingress]
  ingress:
    - from: [{podSelector: {}}]`,
    ),
  },
  {
    rule: 'P-24',
    name: '0.0.0.0/0 without ::/0 on a dual-stack cluster',
    options: { cluster: { dualStack: true } },
    hit: np(
      'p',
      `  podSelector: {}
  policyTypes: [Ingress]
  ingress:
    - from:
        - ipBlock: {cidr: 0.0.0.0/0} # <-`,
    ),
    path: 'spec.ingress[0].from[0].ipBlock.cidr',
    near: np(
      'p',
      `  podSelector: {}
  policyTypes: [Ingress]
  ingress:
    - from:
        - ipBlock: {cidr: 0.0.0.0/0}
        - ipBlock: {cidr: '::/0'}`,
    ),
  },
  {
    rule: 'P-27',
    name: 'SCTP port',
    severity: 'info',
    hit: np(
      'p',
      `  podSelector: {}
  policyTypes: [Ingress]
  ingress:
    - from: [{podSelector: {}}]
      ports:
        - protocol: SCTP # <-
          port: 9999`,
    ),
    path: 'spec.ingress[0].ports[0].protocol',
    near: np(
      'p',
      `  podSelector: {}
  policyTypes: [Ingress]
  ingress:
    - from: [{podSelector: {}}]
      ports:
        - protocol: UDP
          port: 9999`,
    ),
  },
  {
    rule: 'P-34',
    name: 'podSelector {} with allow rules',
    severity: 'info',
    hit: np(
      'p',
      `  podSelector: {} # <-
  policyTypes: [Ingress]
  ingress:
    - from: [{podSelector: {matchLabels: {app: lb}}}]
      ports: [{port: 80}]`,
    ),
    path: 'spec.podSelector',
    near: np(
      'p',
      `  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
  ingress:
    - from: [{podSelector: {matchLabels: {app: lb}}}]
      ports: [{port: 80}]`,
    ),
  },
  {
    rule: 'P-34',
    name: 'default deny leaving a workload with nothing allowed',
    severity: 'info',
    hit: doc(
      deployment('app', 'web', { app: 'web' }),
      deployment('app', 'db', { app: 'db' }),
      np('default-deny', `  podSelector: {} # <-\n  policyTypes: [Ingress]`),
      np(
        'web',
        `  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress]\n  ingress: [{from: [{podSelector: {}}]}]`,
      ),
    ),
    path: 'spec.podSelector',
    object: 'app/default-deny',
    message: /no policy allows any ingress of db$/,
    near: doc(
      deployment('app', 'web', { app: 'web' }),
      deployment('app', 'db', { app: 'db' }),
      np('default-deny', `  podSelector: {}\n  policyTypes: [Ingress]`),
      np(
        'web',
        `  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress]\n  ingress: [{from: [{podSelector: {}}]}]`,
      ),
      np(
        'db',
        `  podSelector: {matchLabels: {app: db}}\n  policyTypes: [Ingress]\n  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}]}]`,
      ),
    ),
  },
  {
    rule: 'broad-peer',
    name: '`namespaceSelector: {}` alone',
    severity: 'info',
    hit: np(
      'p',
      `  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
  ingress:
    - from:
        - namespaceSelector: {} # <-`,
    ),
    path: 'spec.ingress[0].from[0]',
    near: np(
      'p',
      `  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
  ingress:
    - from:
        - namespaceSelector: {}
          podSelector: {matchLabels: {app: prometheus}}`,
    ),
  },
  {
    rule: 'cloud-metadata',
    name: 'egress to 0.0.0.0/0 on port 80',
    hit: np(
      'p',
      `  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to:
        - ipBlock:
            cidr: 0.0.0.0/0 # <-
      ports: [{protocol: TCP, port: 80}]${DNS_OK}`,
    ),
    path: 'spec.egress[0].to[0].ipBlock.cidr',
    near: np(
      'p',
      `  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to:
        - ipBlock:
            cidr: 0.0.0.0/0
            except: [169.254.169.254/32]
      ports: [{protocol: TCP, port: 80}]${DNS_OK}`,
    ),
  },
  {
    rule: 'template-unfilled',
    name: '{{PARAM}} left in a policy',
    hit: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: tenant-isolation
  namespace: tenant-{{TENANT_NAME}} # <-
spec:
  podSelector: {}
  policyTypes: [Ingress]
`,
    path: 'metadata.namespace',
    near: np('tenant-isolation', `  podSelector: {}\n  policyTypes: [Ingress]`, 'tenant-acme'),
  },
  {
    rule: 'namespace-no-policy',
    name: 'a namespace without NetworkPolicies',
    hit: doc(
      `apiVersion: v1
kind: Namespace
metadata:
  name: payments # <-
`,
      np('p', `  podSelector: {}\n  policyTypes: [Ingress]`, 'app'),
    ),
    path: 'metadata.name',
    near: doc(namespace('payments'), np('p', `  podSelector: {}\n  policyTypes: [Ingress]`, 'payments')),
  },
  ...adminCases(),
];

/** The admin-tier rules (rules/admin.ts): a ClusterNetworkPolicy per snippet, `# <-` on the offending line. */
function adminCases(): Case[] {
  const cnp = (name: string, body: string, head = '  tier: Admin\n  priority: 10') =>
    `---\napiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: ${name}}\nspec:\n${head}\n  subject: {namespaces: {matchLabels: {team: b}}}\n${body}\n`;
  const npB = `---\n${np('np', '  podSelector: {}', 'b')}\n---\n${namespace('b', { team: 'b' })}\n`;
  const deny = '  ingress: [{action: Deny, from: [{namespaces: {matchLabels: {team: a}}}]}]';
  return [
    {
      rule: 'A-01',
      name: 'two Admin policies with one priority for the same pods',
      hit: cnp('x', deny) + cnp('y', deny, '  tier: Admin\n  priority: 10 # <-'),
      path: 'spec.priority',
      severity: 'error',
      near: cnp('x', deny) + cnp('y', deny, '  tier: Admin\n  priority: 11'),
    },
    {
      rule: 'A-02',
      name: 'rule after a rule that captures all its traffic',
      hit: cnp(
        'x',
        '  ingress:\n  - {action: Deny, from: [{namespaces: {}}]}\n  - {action: Accept, from: [{pods: {podSelector: {}}}]} # <-',
      ),
      path: 'spec.ingress[1]',
      near: cnp(
        'x',
        '  ingress:\n  - {action: Accept, from: [{pods: {podSelector: {}}}], protocols: [{tcp: {destinationPort: {number: 80}}}]}\n  - {action: Deny, from: [{namespaces: {}}]}',
      ),
    },
    {
      rule: 'A-03',
      name: 'Pass with no NetworkPolicy and no Baseline tier',
      hit: cnp('x', '  ingress: [{action: Pass, from: [{namespaces: {}}]}] # <-'),
      path: 'spec.ingress[0].action',
      near: cnp('x', '  ingress: [{action: Pass, from: [{namespaces: {}}]}]') + npB,
    },
    {
      rule: 'A-04',
      name: 'named port in a rule with a networks peer',
      hit: cnp(
        'x',
        '  egress:\n  - {action: Deny, to: [{networks: [1.2.3.0/24]}, {namespaces: {}}], protocols: [{destinationNamedPort: http}]} # <-',
      ),
      path: 'spec.egress[0]',
      near: cnp(
        'x',
        '  egress:\n  - {action: Deny, to: [{namespaces: {}}], protocols: [{destinationNamedPort: http}]}',
      ),
    },
    {
      rule: 'A-05',
      name: 'Admin Deny over a namespace with NetworkPolicies',
      hit: cnp('x', deny.replace(']}]', ']}] # <-')) + npB,
      path: 'spec.ingress[0].action',
      near: cnp('x', deny, '  tier: Baseline\n  priority: 10') + npB,
    },
    {
      rule: 'A-06',
      name: 'domainNames in a Deny rule',
      hit: cnp('x', '  egress: [{action: Deny, to: [{domainNames: [a.example.com]}]}] # <-'),
      path: 'spec.egress[0].to[0]',
      near: cnp('x', '  egress: [{action: Accept, to: [{domainNames: [a.example.com]}]}]'),
    },
    {
      rule: 'A-07',
      name: 'networks 0.0.0.0/0 also covers pods',
      hit: cnp('x', '  egress: [{action: Deny, to: [{networks: [0.0.0.0/0]}]}] # <-'),
      path: 'spec.egress[0].to[0].networks[0]',
      near: cnp('x', '  egress: [{action: Deny, to: [{networks: [8.8.8.0/24]}]}]'),
    },
    {
      rule: 'A-08',
      name: 'nodes peer (experimental channel)',
      hit: cnp('x', '  egress: [{action: Deny, to: [{nodes: {}}]}] # <-'),
      path: 'spec.egress[0].to[0].nodes',
      near: cnp('x', '  egress: [{action: Deny, to: [{networks: [8.8.8.0/24]}]}]'),
    },
    {
      rule: 'A-09',
      name: 'a BaselineAdminNetworkPolicy',
      hit: 'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy # <-\nmetadata: {name: default}\nspec: {subject: {namespaces: {}}}\n',
      path: 'kind',
      near: cnp('x', deny, '  tier: Baseline\n  priority: 10'),
    },
  ];
}
