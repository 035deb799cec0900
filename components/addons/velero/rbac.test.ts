import { strict as assert } from "node:assert";
import { BACKED_UP_KINDS, VELERO_BACKUP_CLUSTER_ROLE, veleroBackupRules, veleroClusterRbac } from "./rbac";

describe("Velero cluster RBAC", () => {
    const rules = veleroBackupRules();

    it("only reads: get, list and watch on every rule", () => {
        for (const rule of rules) assert.deepEqual(rule.verbs, ["get", "list", "watch"], rule.apiGroups[0]);
    });

    it("names every API group and resource, with no wildcard", () => {
        for (const rule of rules) {
            assert.ok([...rule.apiGroups, ...rule.resources, ...rule.verbs].every((x) => x !== "*" && !x.startsWith("*/")), JSON.stringify(rule));
        }
    });

    it("cannot read Secrets, which no schedule backs up", () => {
        const core = rules.find((r) => r.apiGroups[0] === "")!;
        assert.ok(!core.resources.includes("secrets"));
        assert.ok(rules.every((r) => !r.resources.includes("secrets")));
    });

    it("reads what the schedules restore: Redis's StatefulSet, claims and volumes, and the add-ons' custom resources", () => {
        assert.ok(BACKED_UP_KINDS[""].includes("persistentvolumeclaims") && BACKED_UP_KINDS[""].includes("persistentvolumes"));
        assert.ok(BACKED_UP_KINDS.apps.includes("statefulsets"));
        for (const group of ["cert-manager.io", "monitoring.coreos.com", "autoscaling.k8s.io", "apiextensions.k8s.io", "k8s.nginx.org"]) assert.ok(group in BACKED_UP_KINDS, group);
    });

    it("binds the role to the velero server's account only", () => {
        const { clusterRole, clusterRoleBinding } = veleroClusterRbac();
        assert.equal(clusterRole.metadata.name, VELERO_BACKUP_CLUSTER_ROLE);
        assert.deepEqual(clusterRole.rules, rules);
        assert.deepEqual(clusterRoleBinding.roleRef, { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "velero-backup-reader" });
        assert.deepEqual(clusterRoleBinding.subjects, [{ kind: "ServiceAccount", name: "velero-server", namespace: "velero" }]);
    });
});
