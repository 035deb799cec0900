import { strict as assert } from "node:assert";
import { kubernetesPodDisallowHostPath as policy } from "../kubernetes/kubernetes-pod-disallow-host-path";
import { resource, violations } from "./fixtures";
import { deployment, SERVICE, STATEFUL_SET, podSpec } from "./fixtures-workloads";

const podTemplate = (d: ReturnType<typeof deployment>) => d.inputs.spec.template.spec;

describe("kubernetes-pod-disallow-host-path", () => {
    it("passes the compliant gateway Deployment (emptyDir and secret volumes)", () => {
        assert.deepEqual(violations(policy, [deployment()]), []);
    });

    it("passes every volume type of the restricted standard, and a volume without a source (defaulted to emptyDir)", () => {
        const d = deployment();
        podTemplate(d).volumes = [
            { name: "a", configMap: { name: "cm" } }, { name: "b", csi: { driver: "secrets-store.csi.k8s.io" } },
            { name: "c", downwardAPI: { items: [] } }, { name: "d", emptyDir: {} }, { name: "e", ephemeral: { volumeClaimTemplate: {} } },
            { name: "f", persistentVolumeClaim: { claimName: "data" } }, { name: "g", projected: { sources: [] } },
            { name: "h", secret: { secretName: "s" } }, { name: "i" },
        ];
        assert.deepEqual(violations(policy, [d]), []);
    });

    it("fails a hostPath volume, naming the path and the volume", () => {
        const d = deployment();
        podTemplate(d).volumes.push({ name: "docker", hostPath: { path: "/var/run/docker.sock" } });
        const found = violations(policy, [d]);
        assert.deepEqual(found.map((v) => v.urn), [d.urn]);
        assert.match(found[0].message, /gateway \(kubernetes:apps\/v1:Deployment\) mounts the node's \/var\/run\/docker\.sock through hostPath volume docker\.$/);
    });

    it("fails a volume type the restricted standard does not allow, listing the allowed ones", () => {
        const d = deployment();
        podTemplate(d).volumes.push({ name: "shared", nfs: { server: "10.0.0.5", path: "/exports" } });
        const found = violations(policy, [d]);
        assert.equal(found.length, 1);
        assert.match(found[0].message, /gateway \(kubernetes:apps\/v1:Deployment\) uses volume shared of type nfs, which the restricted Pod Security Standard does not allow \(allowed: configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected, secret\)\.$/);
    });

    it("fails a hostPath volume of a StatefulSet", () => {
        const spec = podSpec();
        spec.volumes = [{ name: "logs", hostPath: { path: "/var/log" } }];
        const sts = resource(STATEFUL_SET, "ledger", { inputs: { metadata: { name: "ledger", namespace: "signal-trading" }, spec: { template: { spec } } } });
        assert.match(violations(policy, [sts])[0].message, /ledger \(kubernetes:apps\/v1:StatefulSet\) mounts the node's \/var\/log through hostPath volume logs\.$/);
    });

    it("skips kube-system by default and the namespaces the config lists", () => {
        const d = deployment();
        podTemplate(d).volumes.push({ name: "root", hostPath: { path: "/" } });
        d.inputs.metadata.namespace = "kube-system";
        assert.deepEqual(violations(policy, [d]), []);
        assert.equal(violations(policy, [d], { ignoredNamespaces: [] }).length, 1);
    });

    it("ignores objects that run no pod", () => {
        assert.deepEqual(violations(policy, [resource(SERVICE, "gateway-svc", { inputs: { metadata: { name: "gateway" }, spec: { volumes: [{ name: "x", hostPath: { path: "/" } }] } } })]), []);
    });
});
