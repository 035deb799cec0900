import { strict as assert } from "node:assert";
import { CLUSTER_AUTOSCALER_IMAGE_TAGS } from "../components/addons/cluster-autoscaler/values";
import { awsEksRequireSupportedVersion } from "../policy-pack/aws/aws-eks-require-supported-version";
import { SUPPORTED_KUBERNETES_VERSIONS } from "../stacks/config/schema";

describe("supported Kubernetes versions", () => {
    it("are the same in the config schema, the cluster autoscaler's image table and the version gate's default", () => {
        const gateDefault = (awsEksRequireSupportedVersion.configSchema!.properties!.supportedVersions as { default: string[] }).default;
        assert.deepEqual([...SUPPORTED_KUBERNETES_VERSIONS].sort(), Object.keys(CLUSTER_AUTOSCALER_IMAGE_TAGS).sort());
        assert.deepEqual([...SUPPORTED_KUBERNETES_VERSIONS].sort(), [...gateDefault].sort());
    });
});
