/**
 * The controller's Kubernetes rights, in place of the chart's. F5's chart 2.6.x (controller
 * 5.5) renders one ClusterRole that reads the Secrets, ConfigMaps and Pods of every namespace
 * whatever `controller.watchNamespace` says, and `rbac.clusterrole.create: false` only drops
 * the role (its binding stays, naming a ClusterRole anyone could create later). So the chart
 * creates no RBAC and no service account (`rbac.create: false`), and the rights are granted per
 * namespace, as the controller's informers there use them (internal/k8s/controller.go,
 * `newNamespacedInformer`):
 * - cluster scope: the one IngressClass it serves, and Namespaces (it watches those labelled
 *   `ROUTES_NAMESPACE_LABELS`). No Nodes (only NGINX Plus reports them), no Secrets.
 * - each namespace whose Ingresses it serves (`routeAccess`, created by the namespace's owner,
 *   since the namespace must exist first): Ingresses and their status, Services,
 *   EndpointSlices and Pods (its upstreams), Events, and Secrets (the Ingresses' TLS certificates).
 * - its own namespace (watched for its LoadBalancer Service, whose address it reports): the
 *   same without Secrets, plus its ConfigMap, its leader-election Lease and its own pod. It has
 *   no default-server or wildcard certificate (`controller.defaultTLS`, `wildcardTLS` unset):
 *   its default server rejects TLS handshakes for unknown hosts, so it needs no Secret here.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CONTROLLER_SERVICE_ACCOUNT, INGRESS_CLASS_NAME, NGINX_INGRESS_NAMESPACE, NGINX_INGRESS_RELEASE } from "./values";

/** The Lease the replicas elect the status reporter with: the chart's `<fullname>-leader-election`. */
export const LEADER_ELECTION_LEASE = `${NGINX_INGRESS_RELEASE}-leader-election`;
/** The name of every role and binding of the controller. */
const ROLE_NAME = CONTROLLER_SERVICE_ACCOUNT;

export interface PolicyRule {
    apiGroups: string[];
    resources: string[];
    verbs: string[];
    resourceNames?: string[];
}

const READ = ["get", "list", "watch"];

const ROUTE_RULES: PolicyRule[] = [
    { apiGroups: ["networking.k8s.io"], resources: ["ingresses"], verbs: READ },
    { apiGroups: ["networking.k8s.io"], resources: ["ingresses/status"], verbs: ["update"] },
    { apiGroups: [""], resources: ["services", "pods"], verbs: READ },
    { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: READ },
    { apiGroups: [""], resources: ["events"], verbs: ["create", "patch", "list"] },
];

const OWN_NAMESPACE_RULES: PolicyRule[] = [
    { apiGroups: [""], resources: ["configmaps"], verbs: READ },
    { apiGroups: [""], resources: ["pods"], verbs: ["update"] },
    { apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["get", "update"], resourceNames: [LEADER_ELECTION_LEASE] },
    { apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["create"] },
];

const SUBJECTS = [{ kind: "ServiceAccount", name: CONTROLLER_SERVICE_ACCOUNT, namespace: NGINX_INGRESS_NAMESPACE }];

/** A Role of the controller in `namespace` and the RoleBinding that gives it to the controller. */
export function renderControllerRole(namespace: string) {
    const own = namespace === NGINX_INGRESS_NAMESPACE;
    return {
        role: {
            metadata: { name: ROLE_NAME, namespace },
            rules: [...ROUTE_RULES, ...(own ? OWN_NAMESPACE_RULES : [{ apiGroups: [""], resources: ["secrets"], verbs: READ }])],
        },
        binding: {
            metadata: { name: ROLE_NAME, namespace },
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: ROLE_NAME },
            subjects: SUBJECTS,
        },
    };
}

/** The controller's cluster-scoped rights. */
export function renderControllerClusterRole() {
    return {
        role: {
            metadata: { name: ROLE_NAME },
            rules: [
                { apiGroups: ["networking.k8s.io"], resources: ["ingressclasses"], verbs: ["get"], resourceNames: [INGRESS_CLASS_NAME] },
                { apiGroups: [""], resources: ["namespaces"], verbs: READ },
            ],
        },
        binding: {
            metadata: { name: ROLE_NAME },
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: ROLE_NAME },
            subjects: SUBJECTS,
        },
    };
}

/**
 * Lets the controller serve the Ingresses of `namespace`: its Role and RoleBinding there. The
 * namespace's owner creates them with the namespace, which must also carry
 * `ROUTES_NAMESPACE_LABELS` and be listed in the add-on's backends (its Secrets are watched).
 * Returns the binding, for what must wait until the controller can read the namespace.
 */
export function routeAccess(name: string, namespace: string, opts: pulumi.CustomResourceOptions): k8s.rbac.v1.RoleBinding {
    const { role, binding } = renderControllerRole(namespace);
    const created = new k8s.rbac.v1.Role(name, role, opts);
    return new k8s.rbac.v1.RoleBinding(name, binding, { ...opts, dependsOn: [created] });
}
