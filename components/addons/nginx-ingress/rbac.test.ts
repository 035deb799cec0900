import { strict as assert } from "node:assert";
import { registrationsOf } from "../../../test/harness";
import { LEADER_ELECTION_LEASE, renderControllerClusterRole, renderControllerRole, routeAccess } from "./rbac";

const READ = ["get", "list", "watch"];
const CONTROLLER = [{ kind: "ServiceAccount", name: "nginx-ingress-controller", namespace: "nginx-ingress" }];
const secretRules = (rules: { resources: string[] }[]) => rules.filter((r) => r.resources.includes("secrets"));

describe("the ingress controller's rights", () => {
    it("at cluster scope: the nginx IngressClass and Namespaces (to find the labelled ones), never Secrets, ConfigMaps or Pods", () => {
        const { role, binding } = renderControllerClusterRole();
        assert.deepEqual(role, {
            metadata: { name: "nginx-ingress-controller" },
            rules: [
                { apiGroups: ["networking.k8s.io"], resources: ["ingressclasses"], verbs: ["get"], resourceNames: ["nginx"] },
                { apiGroups: [""], resources: ["namespaces"], verbs: READ },
            ],
        });
        assert.deepEqual(binding.roleRef, { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "nginx-ingress-controller" });
        assert.deepEqual(binding.subjects, CONTROLLER);
    });

    it("in a namespace it serves: its Ingresses and their status, upstreams, events and the TLS Secrets", () => {
        const { role, binding } = renderControllerRole("signal-trading");
        assert.deepEqual(role.metadata, { name: "nginx-ingress-controller", namespace: "signal-trading" });
        assert.deepEqual(role.rules, [
            { apiGroups: ["networking.k8s.io"], resources: ["ingresses"], verbs: READ },
            { apiGroups: ["networking.k8s.io"], resources: ["ingresses/status"], verbs: ["update"] },
            { apiGroups: [""], resources: ["services", "pods"], verbs: READ },
            { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: READ },
            { apiGroups: [""], resources: ["events"], verbs: ["create", "patch", "list"] },
            { apiGroups: [""], resources: ["secrets"], verbs: READ },
        ]);
        assert.deepEqual(binding, {
            metadata: { name: "nginx-ingress-controller", namespace: "signal-trading" },
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "nginx-ingress-controller" },
            subjects: CONTROLLER,
        });
    });

    it("in its own namespace: no Secrets, but its ConfigMap, its own pod and only its leader-election Lease", () => {
        const { role } = renderControllerRole("nginx-ingress");
        assert.deepEqual(secretRules(role.rules), []);
        assert.equal(LEADER_ELECTION_LEASE, "nginx-ingress-leader-election");
        assert.deepEqual(role.rules.slice(5), [
            { apiGroups: [""], resources: ["configmaps"], verbs: READ },
            { apiGroups: [""], resources: ["pods"], verbs: ["update"] },
            { apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["get", "update"], resourceNames: ["nginx-ingress-leader-election"] },
            { apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["create"] },
        ]);
    });

    it("is granted in a served namespace by a Role and a RoleBinding that waits for it", async () => {
        const r = await registrationsOf(() => {
            routeAccess("monitoring-nginx-ingress", "signal-trading-monitoring", {});
        });
        const role = r.one("kubernetes:rbac.authorization.k8s.io/v1:Role", "monitoring-nginx-ingress");
        const binding = r.one("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", "monitoring-nginx-ingress");
        const { metadata, rules } = r.inputs(role);
        assert.deepEqual({ metadata, rules }, JSON.parse(JSON.stringify(renderControllerRole("signal-trading-monitoring").role)));
        assert.equal(r.inputs(binding).metadata.namespace, "signal-trading-monitoring");
        assert.ok(binding.dependencies.includes(role.urn));
    });
});
