import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { registrationsOf } from "../../../test/harness";
import { valueOf } from "../../../test/outputs";
import { DeployedResource } from "../../../tools/offline/mocks";
import { claimVolume, claimVolumeFilters, ClaimVolume, volumeShrinkProblem } from "./claim-volume";

const CLAIM = { namespace: "signal-trading", name: "data-redis-0" };

/** A StatefulSet `redis` with one claim template `data` of `storage`, in `namespace`. */
const statefulSet = (namespace: string, storage: string): DeployedResource => ({
    type: "kubernetes:apps/v1:StatefulSet", name: `${namespace}-redis`, inputs: {
        metadata: { name: "redis", namespace },
        spec: { replicas: 1, volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { resources: { requests: { storage } } } }] },
    },
});
const resized = (storage: string): DeployedResource => ({
    type: "kubernetes:core/v1:PersistentVolumeClaimPatch", name: "redis-data-size",
    inputs: { metadata: CLAIM, spec: { resources: { requests: { storage } } } },
});

/** What claimVolume finds for CLAIM on an account holding `deployed`. */
async function volumeOn(deployed: DeployedResource[]): Promise<ClaimVolume | undefined> {
    let volume!: pulumi.Output<ClaimVolume | undefined>;
    await registrationsOf(() => {
        volume = claimVolume(CLAIM, {});
    }, "test", deployed);
    return valueOf(volume);
}

describe("the EBS volume of a claim", () => {
    it("is found by the claim's name and namespace among the EBS CSI driver's volumes", () => {
        assert.deepEqual(claimVolumeFilters(CLAIM), [
            { name: "tag:kubernetes.io/created-for/pvc/name", values: ["data-redis-0"] },
            { name: "tag:kubernetes.io/created-for/pvc/namespace", values: ["signal-trading"] },
            { name: "tag:ebs.csi.aws.com/cluster", values: ["true"] },
        ]);
    });

    it("does not exist before the claim's first pod, and the lookup does not fail then", async () => {
        assert.equal(await volumeOn([]), undefined);
        assert.equal(await volumeOn([statefulSet("signal-trading-dev", "20Gi")]), undefined);
    });

    it("has the size the claim was created with, or the size a patch grew it to", async () => {
        const created = await volumeOn([statefulSet("signal-trading", "20Gi")]);
        assert.equal(created?.sizeGiB, 20);
        assert.match(created!.volumeId, /^vol-[0-9a-f]{17}$/);
        assert.deepEqual(await volumeOn([statefulSet("signal-trading", "20Gi"), resized("35Gi")]), { ...created, sizeGiB: 35 });
    });
});

describe("shrinking a claim", () => {
    const volume = { volumeId: "vol-0123456789abcdef0", sizeGiB: 30 };

    it("is no problem without a volume, at the same size or larger", () => {
        assert.equal(volumeShrinkProblem(CLAIM, 10, undefined), undefined);
        assert.equal(volumeShrinkProblem(CLAIM, 30, volume), undefined);
        assert.equal(volumeShrinkProblem(CLAIM, 31, volume), undefined);
    });

    it("is refused below the volume's size, naming the claim, the volume and the smallest size allowed", () => {
        assert.equal(volumeShrinkProblem(CLAIM, 29, volume),
            "is 29 GiB, but the volume of claim signal-trading/data-redis-0 (vol-0123456789abcdef0) already holds 30 GiB and an EBS volume cannot shrink: set 30 or more");
    });
});
