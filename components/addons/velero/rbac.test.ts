import { strict as assert } from "node:assert";
import { programRunOf } from "../../../test/harness";
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

    it("reads every kind of object the prod program creates in the cluster, Secrets aside", async () => {
        const r = await programRunOf("prod");
        // `kubernetes:<group>/<version>:<Kind>`; Helm releases and server-side patches are not objects of their own.
        const kinds = new Set(r.all.map((x) => x.type).filter((t) => t.startsWith("kubernetes:") && !t.startsWith("kubernetes:helm.sh/") && !t.endsWith("Patch")));
        const plural = (kind: string) => kind.toLowerCase().replace(/y$/, "ie").replace(/(s|ss)$/, "$1e") + "s";
        const unread = [...kinds].flatMap((type) => {
            const [, groupVersion, kind] = /^kubernetes:([^:]+):(\w+)$/.exec(type)!;
            const group = groupVersion.includes("/") ? groupVersion.slice(0, groupVersion.lastIndexOf("/")).replace(/^core$/, "") : "";
            const resource = plural(kind);
            // Velero's own objects live in its namespace, where the chart's Role gives it every right.
            const readAnyway = resource === "secrets" || group === "velero.io";
            return readAnyway || BACKED_UP_KINDS[group]?.includes(resource) ? [] : [`${group}/${resource}`];
        });
        assert.deepEqual(unread, []);
    });

    it("binds the role to the velero server's account only", () => {
        const { clusterRole, clusterRoleBinding } = veleroClusterRbac();
        assert.equal(clusterRole.metadata.name, VELERO_BACKUP_CLUSTER_ROLE);
        assert.deepEqual(clusterRole.rules, rules);
        assert.deepEqual(clusterRoleBinding.roleRef, { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "velero-backup-reader" });
        assert.deepEqual(clusterRoleBinding.subjects, [{ kind: "ServiceAccount", name: "velero-server", namespace: "velero" }]);
    });
});
