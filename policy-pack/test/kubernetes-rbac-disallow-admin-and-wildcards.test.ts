import { strict as assert } from "node:assert";
import { kubernetesRbacDisallowAdminAndWildcards as policy } from "../kubernetes/kubernetes-rbac-disallow-admin-and-wildcards";
import { resource, violations } from "./fixtures";
import { CLUSTER_ROLE, CLUSTER_ROLE_BINDING, NAMESPACE_NAME, ROLE, ROLE_BINDING } from "./fixtures-workloads";

/** The gateway's Role: read its own ConfigMaps, nothing else. */
function role(type = ROLE) {
    return resource(type, "gateway-role", {
        inputs: {
            metadata: { name: "gateway", ...(type === ROLE ? { namespace: NAMESPACE_NAME } : {}) },
            rules: [{ apiGroups: [""], resources: ["configmaps"], resourceNames: ["gateway-settings"], verbs: ["get", "watch"] }],
        },
    });
}

/** A binding of the gateway's service account to `roleRef`. */
function binding(type = ROLE_BINDING, roleRef = { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "gateway" }) {
    return resource(type, "gateway-binding", {
        inputs: {
            metadata: { name: "gateway", ...(type === ROLE_BINDING ? { namespace: NAMESPACE_NAME } : {}) },
            roleRef,
            subjects: [{ kind: "ServiceAccount", name: "gateway", namespace: NAMESPACE_NAME }],
        },
    });
}

const CLUSTER_ADMIN = { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" };

describe("kubernetes-rbac-disallow-admin-and-wildcards", () => {
    it("passes a narrow Role and its RoleBinding", () => {
        assert.deepEqual(violations(policy, [role(), binding()]), []);
    });

    it("fails a ClusterRoleBinding of cluster-admin, naming the subject", () => {
        const b = binding(CLUSTER_ROLE_BINDING, CLUSTER_ADMIN);
        const found = violations(policy, [b]);
        assert.deepEqual(found.map((v) => v.urn), [b.urn]);
        assert.match(found[0].message, /gateway-binding \(kubernetes:rbac\.authorization\.k8s\.io\/v1:ClusterRoleBinding\) binds ClusterRole cluster-admin to ServiceAccount:signal-trading\/gateway, which is not in allowedSubjects\.$/);
    });

    it("fails a RoleBinding of cluster-admin, which is admin of the namespace", () => {
        assert.match(violations(policy, [binding(ROLE_BINDING, CLUSTER_ADMIN)])[0].message, /RoleBinding\) binds ClusterRole cluster-admin to ServiceAccount:signal-trading\/gateway/);
    });

    it("reports each subject of a cluster-admin binding that is not allowed, users and groups by name", () => {
        const b = binding(CLUSTER_ROLE_BINDING, CLUSTER_ADMIN);
        b.inputs.subjects.push({ kind: "User", name: "alice" }, { kind: "Group", name: "ops" });
        const found = violations(policy, [b], { allowedSubjects: ["ServiceAccount:signal-trading/gateway"] });
        assert.deepEqual(found.map((v) => /to (\S+), which/.exec(v.message)?.[1]), ["User:alice", "Group:ops"]);
    });

    it("allows the subjects the config lists", () => {
        const b = binding(CLUSTER_ROLE_BINDING, CLUSTER_ADMIN);
        b.inputs.subjects.push({ kind: "Group", name: "platform-admins" });
        assert.deepEqual(violations(policy, [b], { allowedSubjects: ["ServiceAccount:signal-trading/gateway", "Group:platform-admins"] }), []);
        assert.equal(violations(policy, [b], { allowedSubjects: ["ServiceAccount:other/gateway", "Group:platform-admins"] }).length, 1);
    });

    it("rejects a config entry that is not a subject id", () => {
        assert.throws(() => violations(policy, [role()], { allowedSubjects: ["gateway"] }), /allowedSubjects\.0: must match pattern/);
    });

    it("passes bindings to other roles, and to a Role that happens to be called cluster-admin", () => {
        assert.deepEqual(violations(policy, [binding(CLUSTER_ROLE_BINDING, { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" })]), []);
        assert.deepEqual(violations(policy, [binding(ROLE_BINDING, { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "cluster-admin" })]), []);
    });

    it("fails a rule with \"*\" in verbs", () => {
        const r = role();
        r.inputs.rules[0].verbs = ["*"];
        const found = violations(policy, [r]);
        assert.deepEqual(found.map((v) => v.urn), [r.urn]);
        assert.match(found[0].message, /gateway-role \(kubernetes:rbac\.authorization\.k8s\.io\/v1:Role\) uses wildcards in rules\[0\]: "\*" in verbs \(every verb\)\.$/);
    });

    it("fails \"*\" in apiGroups and resources of a ClusterRole, in one message per rule", () => {
        const r = role(CLUSTER_ROLE);
        r.inputs.rules.push({ apiGroups: ["*"], resources: ["*"], verbs: ["list"] });
        const found = violations(policy, [r]);
        assert.equal(found.length, 1);
        assert.match(found[0].message, /ClusterRole\) uses wildcards in rules\[1\]: "\*" in apiGroups \(every API group\), "\*" in resources \(every resource\)\.$/);
    });

    it("fails a subresource wildcard, which covers that subresource of every resource", () => {
        const r = role();
        r.inputs.rules[0].resources = ["*/scale"];
        assert.match(violations(policy, [r])[0].message, /uses wildcards in rules\[0\]: "\*\/scale" in resources \(the scale subresource of every resource\)\.$/);
    });

    it("passes resource names that merely contain an asterisk elsewhere, and empty or missing rules", () => {
        const r = role();
        r.inputs.rules[0].resources = ["pods/*"];
        assert.deepEqual(violations(policy, [r]), []);
        const aggregated = resource(CLUSTER_ROLE, "aggregated", { inputs: { metadata: { name: "aggregated" }, aggregationRule: { clusterRoleSelectors: [{ matchLabels: { aggregate: "true" } }] } } });
        assert.deepEqual(violations(policy, [aggregated]), []);
    });

    it("ignores other kinds that carry rules", () => {
        const lookalike = resource("kubernetes:example.io/v1:Role", "lookalike", { inputs: { metadata: { name: "x", namespace: NAMESPACE_NAME }, rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }] } });
        assert.deepEqual(violations(policy, [lookalike]), []);
    });
});
