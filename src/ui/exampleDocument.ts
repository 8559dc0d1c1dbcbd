/** What a first visit shows: two isolated tenants, a shared monitoring namespace and DNS, as a working graph. */
export const EXAMPLE_DOCUMENT = `# Two tenants isolated from each other. Edit here or on the graph; both stay in sync.
apiVersion: v1
kind: Namespace
metadata:
  name: tenant-a
  labels:
    kubernetes.io/metadata.name: tenant-a
    tenant: a
---
apiVersion: v1
kind: Namespace
metadata:
  name: tenant-b
  labels:
    kubernetes.io/metadata.name: tenant-b
    tenant: b
---
apiVersion: v1
kind: Namespace
metadata:
  name: monitoring
  labels:
    kubernetes.io/metadata.name: monitoring
---
# Monitoring scrapes the tenants; nothing needs to reach it from them.
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny-ingress
  namespace: monitoring
spec:
  podSelector: {}
  policyTypes:
    - Ingress
---
# Nothing in or out of tenant-a unless allowed below.
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny-all
  namespace: tenant-a
spec:
  podSelector: {}
  policyTypes:
    - Ingress
    - Egress
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api-from-web-and-monitoring
  namespace: tenant-a
spec:
  podSelector:
    matchLabels:
      app: api
  policyTypes:
    - Ingress
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app: web
      ports:
        - protocol: TCP
          port: 8080
    - from:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: monitoring
          podSelector:
            matchLabels:
              app: prometheus
      ports:
        - protocol: TCP
          port: 9090
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web-egress
  namespace: tenant-a
spec:
  podSelector:
    matchLabels:
      app: web
  policyTypes:
    - Egress
  egress:
    - to:
        - podSelector:
            matchLabels:
              app: api
      ports:
        - protocol: TCP
          port: 8080
---
# Every pod of tenant-a may resolve names (its egress is denied by default).
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-dns
  namespace: tenant-a
spec:
  podSelector: {}
  policyTypes:
    - Egress
  egress:
    - to:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: kube-system
          podSelector:
            matchLabels:
              k8s-app: kube-dns
      ports:
        - protocol: UDP
          port: 53
        - protocol: TCP
          port: 53
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny-ingress
  namespace: tenant-b
spec:
  podSelector: {}
  policyTypes:
    - Ingress
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db-from-app
  namespace: tenant-b
spec:
  podSelector:
    matchLabels:
      app: db
  policyTypes:
    - Ingress
    - Egress
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app: app
      ports:
        - protocol: TCP
          port: 5432
  egress:
    - to:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: kube-system
          podSelector:
            matchLabels:
              k8s-app: kube-dns
      ports:
        - protocol: UDP
          port: 53
        - protocol: TCP
          port: 53
    - to:
        - ipBlock:
            cidr: 10.20.0.0/16
            except:
              - 10.20.99.0/24
      ports:
        - protocol: TCP
          port: 443
`;

/**
 * The example's arrangement (made once by Auto layout), so a first visit shows a tidy graph at once without
 * loading the layout engine. tests/ui checks that it still covers every node of the example.
 */
export const EXAMPLE_POSITIONS: Record<string, { x: number; y: number }> = {
  'ns:tenant-a': { x: 127, y: 228 },
  'pods:tenant-a:{}': { x: 281, y: 140 },
  'pods:tenant-a:app=api': { x: 51, y: 140 },
  'pods:tenant-a:app=web': { x: 16, y: 58 },
  'ns:tenant-b': { x: 658, y: 228 },
  'pods:tenant-b:{}': { x: 16, y: 58 },
  'pods:tenant-b:app=db': { x: 246, y: 140 },
  'pods:tenant-b:app=app': { x: 246, y: 58 },
  'ns:monitoring': { x: 12, y: 12 },
  'pods:monitoring:{}': { x: 16, y: 58 },
  'pods:monitoring:app=prometheus': { x: 246, y: 58 },
  'ns:kube-system': { x: 427, y: 526 },
  'pods:kube-system:k8s-app=kube-dns': { x: 16, y: 58 },
  'ip:10.20.0.0/16!10.20.99.0/24': { x: 939, y: 526 },
};
