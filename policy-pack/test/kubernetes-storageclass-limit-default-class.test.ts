import { strict as assert } from "node:assert";
import { kubernetesStorageclassLimitDefaultClass as policy } from "../kubernetes/kubernetes-storageclass-limit-default-class";
import { violations } from "./fixtures";
import { storageClass } from "./fixtures-kubernetes";

/** A second, non-default class (io2 for a database volume). */
function io2Class() {
    const sc = storageClass("io2-encrypted");
    sc.inputs.metadata.annotations = {};
    sc.inputs.parameters.type = "io2";
    return sc;
}

describe("kubernetes-storageclass-limit-default-class", () => {
    it("passes one default class beside a class that is not the default", () => {
        assert.deepEqual(violations(policy, [storageClass(), io2Class()]), []);
    });

    it("passes a stack without a default class: at most one is the rule", () => {
        assert.deepEqual(violations(policy, [io2Class()]), []);
    });

    it("fails two default classes, reporting each and naming both", () => {
        const gp3 = storageClass();
        const io2 = io2Class();
        io2.inputs.metadata.annotations = { "storageclass.kubernetes.io/is-default-class": "true" };
        const found = violations(policy, [gp3, io2]);
        assert.deepEqual(found.map((v) => v.urn), [gp3.urn, io2.urn]);
        assert.match(found[1].message, /io2-encrypted \(kubernetes:storage\.k8s\.io\/v1:StorageClass\) is one of 2 default StorageClasses \(gp3-encrypted, io2-encrypted\); a claim without storageClassName would get whichever was created last\.$/);
    });

    it("counts the beta annotation as a default", () => {
        const io2 = io2Class();
        io2.inputs.metadata.annotations = { "storageclass.beta.kubernetes.io/is-default-class": "true" };
        assert.equal(violations(policy, [storageClass(), io2]).length, 2);
    });

    it("does not count a class annotated \"false\"", () => {
        const io2 = io2Class();
        io2.inputs.metadata.annotations = { "storageclass.kubernetes.io/is-default-class": "false" };
        assert.deepEqual(violations(policy, [storageClass(), io2]), []);
    });
});
