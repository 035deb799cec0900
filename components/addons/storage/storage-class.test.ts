import { strict as assert } from "node:assert";
import { KEYS } from "../../../test/eks-fixture";
import { Registrations, registrationsOf } from "../../../test/harness";
import { DefaultStorage, storageAddon, storageClass } from "./storage-class";

describe("default storage", () => {
    it("is gp3 through the EBS CSI driver, encrypted with the volumes key, bound where the pod runs, expandable and the default", () => {
        assert.deepEqual(storageClass(KEYS.volumes), {
            metadata: { name: "gp3-encrypted", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
            provisioner: "ebs.csi.aws.com",
            parameters: { type: "gp3", encrypted: "true", kmsKeyId: KEYS.volumes, "csi.storage.k8s.io/fstype": "ext4" },
            volumeBindingMode: "WaitForFirstConsumer",
            allowVolumeExpansion: true,
            reclaimPolicy: "Delete",
        });
    });

    it("is a cluster-wide add-on that claims the default-storage-class role and owns no namespace", () => {
        assert.equal(storageAddon.name, "storage");
        assert.deepEqual(storageAddon.dependsOn, []);
        assert.deepEqual(storageAddon.provides, ["default-storage-class"]);
        assert.deepEqual(storageAddon.namespaces, []);
    });

    describe("component", () => {
        let r: Registrations;
        before(async () => {
            r = await registrationsOf(() => new DefaultStorage("prod-storage", { volumesKeyArn: KEYS.volumes }));
        });

        it("creates the StorageClass with the key ARN, under the component", () => {
            const sc = r.one("kubernetes:storage.k8s.io/v1:StorageClass");
            assert.deepEqual(r.inputs(sc).parameters, { type: "gp3", encrypted: "true", kmsKeyId: KEYS.volumes, "csi.storage.k8s.io/fstype": "ext4" });
            assert.equal(sc.parent, r.one("signal-trading:addons:DefaultStorage").urn);
        });
    });
});
