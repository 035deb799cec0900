import { strict as assert } from "node:assert";
import { kubernetesStatefulsetRequireEncryptedStorage as policy } from "../kubernetes/kubernetes-statefulset-require-encrypted-storage";
import { ResourceUnderTest } from "../../tools/policy/engine";
import { resource, violations } from "./fixtures";
import { redisStatefulSet } from "./fixtures-application";
import { STORAGE_CLASS, storageClass } from "./fixtures-kubernetes";
import { pdb } from "./fixtures-workloads";

/** Redis, its PDB and the encrypted default class, with `change` applied to Redis's claim template. */
function stack(change: (claim: Record<string, any>) => void = () => undefined, classes: ResourceUnderTest[] = [storageClass()]) {
    const redis = redisStatefulSet();
    change(redis.inputs.spec.volumeClaimTemplates[0]);
    return { redis, all: [...classes, redis, pdb("redis")] };
}

/** A second class of the stack, not the default: io2 with `encrypted`. */
function io2Class(encrypted: string) {
    const sc = storageClass("io2");
    sc.inputs.metadata.annotations = {};
    sc.inputs.parameters = { ...sc.inputs.parameters, type: "io2", encrypted };
    return sc;
}

/** The one violation of the stack, on Redis. */
function violationOf(resources: ResourceUnderTest[], properties: Record<string, unknown> = {}): string {
    const found = violations(policy, resources, properties, "advisory");
    assert.equal(found.length, 1, JSON.stringify(found, null, 2));
    assert.equal(found[0].urn, resources.find((r) => r.name === "redis")?.urn);
    assert.equal(found[0].enforcementLevel, "advisory");
    return found[0].message;
}

describe("kubernetes-statefulset-require-encrypted-storage", () => {
    it("passes a StatefulSet whose claims get the encrypted default class, with a PDB (matches)", () => {
        assert.deepEqual(violations(policy, stack().all), []);
    });

    it("passes a claim that names an encrypted class of the stack", () => {
        assert.deepEqual(violations(policy, stack((claim) => { claim.spec.storageClassName = "io2"; }, [storageClass(), io2Class("true")]).all), []);
    });

    it("fails a claim that names a class of the stack that does not encrypt (mismatched)", () => {
        const { all } = stack((claim) => { claim.spec.storageClassName = "io2"; }, [storageClass(), io2Class("false")]);
        assert.match(violationOf(all), /redis \(kubernetes:apps\/v1:StatefulSet\): volumeClaimTemplates\[data\] uses StorageClass "io2", which does not encrypt its EBS volumes \(parameters\.encrypted is "false"\)\.$/);
    });

    it("fails a claim that names a class unknown to the stack (no partner)", () => {
        const { all } = stack((claim) => { claim.spec.storageClassName = "gp2"; });
        assert.match(violationOf(all), /volumeClaimTemplates\[data\] uses StorageClass "gp2", which is unknown to the stack, so whether its volumes are encrypted is unknown\.$/);
    });

    it("fails a claim without a class when the stack marks no class default", () => {
        const plain = storageClass();
        plain.inputs.metadata.annotations = {};
        assert.match(violationOf(stack(undefined, [plain]).all), /volumeClaimTemplates\[data\] names no storageClassName and no StorageClass of the stack is annotated storageclass\.kubernetes\.io\/is-default-class "true", so its volumes get a default class unknown to the stack, encrypted or not\.$/);
        assert.match(violationOf(stack(undefined, []).all), /names no storageClassName and no StorageClass of the stack is annotated/);
    });

    it("fails a claim without a class when the default class does not encrypt", () => {
        const unencrypted = storageClass();
        unencrypted.inputs.parameters.encrypted = "false";
        assert.match(violationOf(stack(undefined, [unencrypted]).all), /volumeClaimTemplates\[data\] names no storageClassName, so its volumes get the default StorageClass gp3-encrypted, which does not encrypt its EBS volumes \(parameters\.encrypted is "false"\)\.$/);
    });

    it("fails a claim without a class when any of two default classes does not encrypt", () => {
        const second = io2Class("false");
        second.inputs.metadata.annotations = { "storageclass.kubernetes.io/is-default-class": "true" };
        assert.match(violationOf(stack(undefined, [storageClass(), second]).all), /get the default StorageClass io2, which does not encrypt/);
    });

    it("fails storageClassName \"\", which binds claims only to pre-provisioned volumes", () => {
        assert.match(violationOf(stack((claim) => { claim.spec.storageClassName = ""; }).all), /volumeClaimTemplates\[data\] sets storageClassName "", so its claims bind only to pre-provisioned PersistentVolumes whose encryption the stack does not show\.$/);
    });

    it("reads the beta storage-class annotation before storageClassName, as Kubernetes does", () => {
        const { all } = stack((claim) => {
            claim.metadata.annotations = { "volume.beta.kubernetes.io/storage-class": "gp2" };
            claim.spec.storageClassName = "gp3-encrypted";
        });
        assert.match(violationOf(all), /uses StorageClass "gp2", which is unknown to the stack/);
    });

    it("accepts a class of another provisioner only when allowedProvisioners lists it", () => {
        const efs = resource(STORAGE_CLASS, "efs", { inputs: { metadata: { name: "efs" }, provisioner: "efs.csi.aws.com", parameters: { provisioningMode: "efs-ap" } } });
        const { all } = stack((claim) => { claim.spec.storageClassName = "efs"; }, [storageClass(), efs]);
        assert.match(violationOf(all), /uses StorageClass "efs", which uses provisioner "efs\.csi\.aws\.com", which is neither EBS nor in allowedProvisioners, so its volumes' encryption is unknown\.$/);
        assert.deepEqual(violations(policy, all, { allowedProvisioners: ["efs.csi.aws.com"] }), []);
    });

    it("judges every claim template", () => {
        const { redis, all } = stack();
        redis.inputs.spec.volumeClaimTemplates.push({ metadata: { name: "backup" }, spec: { storageClassName: "gp2", accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } });
        assert.match(violationOf(all), /volumeClaimTemplates\[backup\] uses StorageClass "gp2"/);
    });

    describe("a PersistentVolumeClaim a pod volume names", () => {
        /** Redis without claim templates, mounting the claim redis-data, declared in `namespace` with `storageClassName` (none when undefined). */
        function standalone(storageClassName?: string, namespace = "signal-trading") {
            const { redis, all } = stack();
            redis.inputs.spec.volumeClaimTemplates = [];
            redis.inputs.spec.template.spec.volumes.push({ name: "data", persistentVolumeClaim: { claimName: "redis-data" } });
            const claim = resource("kubernetes:core/v1:PersistentVolumeClaim", "redis-data", {
                inputs: {
                    apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "redis-data", namespace },
                    spec: { ...(storageClassName === undefined ? {} : { storageClassName }), accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "10Gi" } } },
                },
            });
            return { redis, claim, all: [...all, claim] };
        }

        it("passes a claim on the encrypted default class, or naming it", () => {
            assert.deepEqual(violations(policy, standalone().all), []);
            assert.deepEqual(violations(policy, standalone("gp3-encrypted").all), []);
        });

        it("fails a claim on a class that does not encrypt, or one unknown to the stack", () => {
            assert.match(violationOf(standalone("gp2").all), /redis \(kubernetes:apps\/v1:StatefulSet\): volumes\[data\] \(PersistentVolumeClaim "redis-data"\) uses StorageClass "gp2", which is unknown to the stack, so whether its volumes are encrypted is unknown\.$/);
            const io2 = standalone("io2");
            assert.match(violationOf([...io2.all, io2Class("false")]), /volumes\[data\] \(PersistentVolumeClaim "redis-data"\) uses StorageClass "io2", which does not encrypt its EBS volumes/);
        });

        it("reads the claim's beta storage-class annotation before its storageClassName", () => {
            const { claim, all } = standalone("gp3-encrypted");
            claim.inputs.metadata.annotations = { "volume.beta.kubernetes.io/storage-class": "gp2" };
            assert.match(violationOf(all), /volumes\[data\] \(PersistentVolumeClaim "redis-data"\) uses StorageClass "gp2"/);
        });

        it("fails a claim the stack does not declare in the StatefulSet's namespace", () => {
            const elsewhere = standalone("gp3-encrypted", "signal-trading-dev");
            assert.match(violationOf(elsewhere.all), /volumes\[data\] \(PersistentVolumeClaim "redis-data"\) is not declared in namespace signal-trading of the stack, so its class, and whether its volume is encrypted, is unknown\.$/);
            assert.match(violationOf(elsewhere.all.filter((r) => r !== elsewhere.claim)), /is not declared in namespace signal-trading of the stack/);
        });

        it("needs a PDB for a StatefulSet whose only volumes are claims", () => {
            const { all } = standalone();
            assert.match(violationOf(all.filter((r) => r.type !== "kubernetes:policy/v1:PodDisruptionBudget")), /keeps data on volumes but no PodDisruptionBudget/);
        });
    });

    it("fails a StatefulSet with volumes but no PDB, or a PDB that selects other pods", () => {
        const { all } = stack();
        const withoutBudget = all.filter((r) => r.type !== "kubernetes:policy/v1:PodDisruptionBudget");
        assert.match(violationOf(withoutBudget), /redis \(kubernetes:apps\/v1:StatefulSet\) keeps data on volumes but no PodDisruptionBudget in namespace signal-trading selects its pods, so nothing paces how node drains evict them\.$/);
        assert.match(violationOf([...withoutBudget, pdb("gateway")]), /no PodDisruptionBudget in namespace signal-trading selects its pods/);
    });

    it("does not judge a StatefulSet without volumeClaimTemplates or claim volumes", () => {
        const redis = redisStatefulSet();
        delete redis.inputs.spec.volumeClaimTemplates;
        assert.deepEqual(violations(policy, [redis]), []);
    });

    it("skips kube-system by default and the namespaces the config lists", () => {
        const { redis, all } = stack((claim) => { claim.spec.storageClassName = "gp2"; });
        assert.equal(violations(policy, all, { ignoredNamespaces: ["signal-trading"] }).length, 0);
        redis.inputs.metadata.namespace = "kube-system";
        assert.equal(violations(policy, all).length, 0);
    });

    it("reads the claim templates as the program declared them (__inputs)", () => {
        const { redis, all } = stack((claim) => { claim.spec.storageClassName = "gp2"; });
        const live = structuredClone(redis.inputs);
        live.spec.volumeClaimTemplates[0].spec.storageClassName = "gp3-encrypted";
        redis.outputs = { ...live, status: { replicas: 1 }, __inputs: redis.inputs };
        assert.match(violationOf(all), /uses StorageClass "gp2", which is unknown to the stack/);
    });
});
