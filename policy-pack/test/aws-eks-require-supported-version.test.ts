import { strict as assert } from "node:assert";
import { awsEksRequireSupportedVersion as policy } from "../aws/aws-eks-require-supported-version";
import { eksCluster } from "./fixtures-eks";
import { violations } from "./fixtures";

describe("aws-eks-require-supported-version", () => {
    it("passes a cluster pinned to 1.36", () => {
        assert.deepEqual(violations(policy, [eksCluster()]), []);
    });

    it("fails a cluster on 1.31, listing the supported versions", () => {
        const cluster = eksCluster();
        cluster.inputs.version = "1.31";
        const found = violations(policy, [cluster]);
        assert.deepEqual(found.map((v) => v.urn), [cluster.urn]);
        assert.match(found[0].message, /platform-cluster \(aws:eks\/cluster:Cluster\) runs Kubernetes 1\.31; supported: 1\.35, 1\.36\.$/);
    });

    it("fails a cluster that leaves the version to EKS", () => {
        const cluster = eksCluster();
        delete cluster.inputs.version;
        assert.match(violations(policy, [cluster])[0].message, /does not pin version, so EKS picks its current default and upgrades are unplanned\.$/);
    });

    it("fails 1.36 once the config drops it from the supported versions", () => {
        assert.match(violations(policy, [eksCluster()], { supportedVersions: ["1.37"] })[0].message, /runs Kubernetes 1\.36; supported: 1\.37\.$/);
    });

    it("passes an older version the config still lists", () => {
        const cluster = eksCluster();
        cluster.inputs.version = "1.34";
        assert.deepEqual(violations(policy, [cluster], { supportedVersions: ["1.34", "1.35"] }), []);
    });
});
