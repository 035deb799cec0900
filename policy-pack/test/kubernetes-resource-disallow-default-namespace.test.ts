import { strict as assert } from "node:assert";
import { CLUSTER_SCOPED_KINDS, kubernetesResourceDisallowDefaultNamespace as policy } from "../kubernetes/kubernetes-resource-disallow-default-namespace";
import { resource, violations } from "./fixtures";
import { ingress, NAMESPACE, nginxIngressRelease, storageClass } from "./fixtures-kubernetes";
import { CLUSTER_ROLE, CLUSTER_ROLE_BINDING, deployment, serviceAccount } from "./fixtures-workloads";

const CONFIG_MAP = "kubernetes:core/v1:ConfigMap";

describe("kubernetes-resource-disallow-default-namespace", () => {
    it("passes namespaced objects in the application's namespace", () => {
        assert.deepEqual(violations(policy, [deployment(), serviceAccount(), ingress()]), []);
    });

    it("fails an object without metadata.namespace, which lands in default", () => {
        const d = deployment();
        delete d.inputs.metadata.namespace;
        const found = violations(policy, [d]);
        assert.deepEqual(found.map((v) => v.urn), [d.urn]);
        assert.match(found[0].message, /gateway \(kubernetes:apps\/v1:Deployment\) sets no metadata\.namespace, so it is created in the default namespace\.$/);
    });

    it("fails an object without any metadata", () => {
        const cm = resource(CONFIG_MAP, "settings", { inputs: { data: { mode: "live" } } });
        assert.match(violations(policy, [cm])[0].message, /settings \(kubernetes:core\/v1:ConfigMap\) sets no metadata\.namespace/);
    });

    it("fails an object placed in default explicitly", () => {
        const sa = serviceAccount();
        sa.inputs.metadata.namespace = "default";
        assert.match(violations(policy, [sa])[0].message, /gateway-sa \(kubernetes:core\/v1:ServiceAccount\) is in the default namespace\.$/);
    });

    it("fails a namespaced custom resource without a namespace", () => {
        const location = resource("kubernetes:velero.io/v1:BackupStorageLocation", "default-location", { inputs: { apiVersion: "velero.io/v1", kind: "BackupStorageLocation", metadata: { name: "default" }, spec: {} } });
        assert.match(violations(policy, [location])[0].message, /default-location \(kubernetes:velero\.io\/v1:BackupStorageLocation\) sets no metadata\.namespace/);
    });

    it("judges a patch like the kind it patches", () => {
        const patch = resource("kubernetes:apps/v1:DeploymentPatch", "coredns-patch", { inputs: { metadata: { name: "coredns" } } });
        assert.equal(violations(policy, [patch]).length, 1);
        const nsPatch = resource("kubernetes:core/v1:NamespacePatch", "label-ns", { inputs: { metadata: { name: "signal-trading" } } });
        assert.deepEqual(violations(policy, [nsPatch]), []);
    });

    it("ignores cluster-scoped kinds, which have no namespace", () => {
        const objects = [
            resource(NAMESPACE, "signal-trading", { inputs: { metadata: { name: "signal-trading" } } }),
            storageClass(),
            resource(CLUSTER_ROLE, "reader", { inputs: { metadata: { name: "reader" }, rules: [] } }),
            resource(CLUSTER_ROLE_BINDING, "reader-binding", { inputs: { metadata: { name: "reader" }, roleRef: { kind: "ClusterRole", name: "reader" } } }),
            resource("kubernetes:cert-manager.io/v1:ClusterIssuer", "letsencrypt-production", { inputs: { metadata: { name: "letsencrypt-production" }, spec: {} } }),
            resource("kubernetes:scheduling.k8s.io/v1:PriorityClass", "critical", { inputs: { metadata: { name: "signal-trading-critical" }, value: 1000 } }),
        ];
        assert.deepEqual(violations(policy, objects), []);
    });

    it("lists every cluster-scoped kind once, as <group>/<Kind>", () => {
        assert.equal(new Set(CLUSTER_SCOPED_KINDS).size, CLUSTER_SCOPED_KINDS.length);
        for (const entry of CLUSTER_SCOPED_KINDS) assert.match(entry, /^[a-z0-9.-]+\/[A-Z][A-Za-z]+$/);
        for (const required of ["core/Namespace", "core/Node", "core/PersistentVolume", "rbac.authorization.k8s.io/ClusterRole", "apiextensions.k8s.io/CustomResourceDefinition", "cert-manager.io/ClusterIssuer"]) {
            assert.ok(CLUSTER_SCOPED_KINDS.includes(required), required);
        }
    });

    it("matches cluster-scoped kinds by API group too: a namespaced ClusterIssuer of another group is judged", () => {
        const other = resource("kubernetes:example.io/v1:ClusterIssuer", "lookalike", { inputs: { metadata: { name: "lookalike" } } });
        assert.equal(violations(policy, [other]).length, 1);
    });

    it("passes a Helm release installed into its own namespace", () => {
        assert.deepEqual(violations(policy, [nginxIngressRelease()]), []);
    });

    it("fails a Helm release without a namespace or in default", () => {
        const unset = nginxIngressRelease();
        delete unset.inputs.namespace;
        assert.match(violations(policy, [unset])[0].message, /nginx-ingress \(kubernetes:helm\.sh\/v3:Release\) sets no namespace, so Helm installs the release into the default namespace\.$/);
        const inDefault = nginxIngressRelease();
        inDefault.inputs.namespace = "default";
        assert.match(violations(policy, [inDefault])[0].message, /nginx-ingress \(kubernetes:helm\.sh\/v3:Release\) installs the release into the default namespace\.$/);
    });

    it("ignores resources that are not Kubernetes objects", () => {
        const others = [
            resource("kubernetes:yaml/v2:ConfigGroup", "manifests", { inputs: { yaml: "" } }),
            resource("pulumi:providers:kubernetes", "k8s", { inputs: {} }),
            resource("aws:s3/bucket:Bucket", "bucket", { inputs: {} }),
        ];
        assert.deepEqual(violations(policy, others), []);
    });
});
