import { strict as assert } from "node:assert";
import { kubernetesRbacDisallowAdminAndWildcards } from "../../policy-pack/kubernetes/kubernetes-rbac-disallow-admin-and-wildcards";
import { kubernetesRbacRestrictSensitiveVerbs } from "../../policy-pack/kubernetes/kubernetes-rbac-restrict-sensitive-verbs";
import { resource, violations } from "../../policy-pack/test/fixtures";
import { OPERATOR_ROLE_NAMES, operatorRoleBindings, operatorRoles } from "./operator-access";

const NAMESPACE = "signal-trading";
const LABELS = { "app.kubernetes.io/part-of": "signal-trading", "app.kubernetes.io/managed-by": "pulumi" };
const READ = ["get", "list", "watch"];
const READER_RULES = [
    { apiGroups: [""], resources: ["pods", "pods/log", "services", "endpoints", "configmaps", "events", "serviceaccounts", "persistentvolumeclaims"], verbs: READ },
    { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: READ },
    { apiGroups: ["apps"], resources: ["deployments", "replicasets", "statefulsets"], verbs: READ },
    { apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"], verbs: READ },
    { apiGroups: ["policy"], resources: ["poddisruptionbudgets"], verbs: READ },
    { apiGroups: ["networking.k8s.io"], resources: ["ingresses", "networkpolicies"], verbs: READ },
    { apiGroups: ["autoscaling.k8s.io"], resources: ["verticalpodautoscalers"], verbs: READ },
    { apiGroups: ["monitoring.coreos.com"], resources: ["servicemonitors"], verbs: READ },
];

const [reader, deployer] = operatorRoles(NAMESPACE);
const asResource = (object: { kind: string; metadata: { name: string } }) =>
    resource(`kubernetes:rbac.authorization.k8s.io/v1:${object.kind}`, `${NAMESPACE}-${object.metadata.name}`, { inputs: object });

describe("operator access", () => {
    it("names the Roles operator-reader and operator-deployer", () => {
        assert.deepEqual(OPERATOR_ROLE_NAMES, { reader: "operator-reader", deployer: "operator-deployer" });
    });

    it("lets readers get, list and watch the application's workload objects, logs and events in its namespace", () => {
        assert.deepEqual(reader, {
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind: "Role",
            metadata: { name: "operator-reader", namespace: NAMESPACE, labels: LABELS },
            rules: READER_RULES,
        });
    });

    it("lets deployers also restart, pause and undo rollouts of Deployments and StatefulSets and delete pods", () => {
        assert.deepEqual(deployer, {
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind: "Role",
            metadata: { name: "operator-deployer", namespace: NAMESPACE, labels: LABELS },
            rules: [
                ...READER_RULES,
                { apiGroups: ["apps"], resources: ["deployments", "statefulsets"], verbs: ["patch"] },
                { apiGroups: ["apps"], resources: ["controllerrevisions"], verbs: READ },
                { apiGroups: [""], resources: ["pods"], verbs: ["delete"] },
            ],
        });
    });

    it("never grants Secrets, exec, attach, port-forward, RBAC objects or writes beyond patch and pod deletion", () => {
        for (const role of [reader, deployer]) {
            for (const rule of role.rules) {
                assert.ok(!rule.resources.some((r) => ["secrets", "pods/exec", "pods/attach", "pods/portforward", "pods/proxy", "services/proxy"].includes(r)), `${role.metadata.name}: ${rule.resources}`);
                assert.ok(!rule.apiGroups.includes("rbac.authorization.k8s.io"), role.metadata.name);
                assert.deepEqual(rule.verbs.filter((v) => !READ.includes(v) && v !== "patch" && v !== "delete"), [], role.metadata.name);
            }
        }
        assert.deepEqual(deployer.rules.filter((r) => r.verbs.includes("delete")).flatMap((r) => r.resources), ["pods"]);
    });

    it("passes the pack's RBAC gates: no wildcards, no sensitive verbs", () => {
        const resources = [...operatorRoles(NAMESPACE), ...operatorRoleBindings(NAMESPACE, { readerGroups: ["trading-readers"], deployerGroups: ["trading-deployers"] })].map(asResource);
        assert.deepEqual(violations(kubernetesRbacDisallowAdminAndWildcards, resources), []);
        assert.deepEqual(violations(kubernetesRbacRestrictSensitiveVerbs, resources, {}, "mandatory"), []);
    });

    it("binds each Role to its groups as Group subjects", () => {
        assert.deepEqual(operatorRoleBindings(NAMESPACE, { readerGroups: ["trading-readers", "auditors"], deployerGroups: ["trading-deployers"] }), [
            {
                apiVersion: "rbac.authorization.k8s.io/v1",
                kind: "RoleBinding",
                metadata: { name: "operator-reader", namespace: NAMESPACE, labels: LABELS },
                subjects: [
                    { kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: "trading-readers" },
                    { kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: "auditors" },
                ],
                roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "operator-reader" },
            },
            {
                apiVersion: "rbac.authorization.k8s.io/v1",
                kind: "RoleBinding",
                metadata: { name: "operator-deployer", namespace: NAMESPACE, labels: LABELS },
                subjects: [{ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: "trading-deployers" }],
                roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "operator-deployer" },
            },
        ]);
    });

    it("creates a binding only for a Role that has groups", () => {
        assert.deepEqual(operatorRoleBindings(NAMESPACE, { readerGroups: [], deployerGroups: [] }), []);
        assert.deepEqual(operatorRoleBindings(NAMESPACE, { readerGroups: [], deployerGroups: ["trading-deployers"] }).map((b) => b.metadata.name), ["operator-deployer"]);
    });

    it("refuses system: groups, empty names and duplicates, naming every problem", () => {
        assert.throws(
            () => operatorRoleBindings(NAMESPACE, { readerGroups: ["system:authenticated", "auditors", "auditors"], deployerGroups: [""] }),
            { message: "invalid operator groups: reader group \"system:authenticated\" is empty or a system: group; reader group \"auditors\" is listed twice; deployer group \"\" is empty or a system: group" },
        );
    });
});
