import { strict as assert } from "node:assert";
import { awsEksDisallowPublicEndpoint as policy } from "../aws/aws-eks-disallow-public-endpoint";
import { eksCluster } from "./fixtures-eks";
import { violations } from "./fixtures";

describe("aws-eks-disallow-public-endpoint", () => {
    it("passes a private-only cluster", () => {
        const cluster = eksCluster();
        cluster.inputs.vpcConfig = { ...cluster.inputs.vpcConfig, endpointPublicAccess: false, publicAccessCidrs: [] };
        assert.deepEqual(violations(policy, [cluster]), []);
    });

    it("reports a public endpoint even when limited to one /24, at the policy's advisory level", () => {
        const cluster = eksCluster();
        const found = violations(policy, [cluster], {}, "advisory");
        assert.deepEqual(found.map((v) => [v.urn, v.enforcementLevel]), [[cluster.urn, "advisory"]]);
        assert.match(found[0].message, /platform-cluster \(aws:eks\/cluster:Cluster\) has a public API endpoint \(reachable from 203\.0\.113\.0\/24\); a private-only endpoint is preferred\.$/);
    });

    it("reports an unset endpointPublicAccess, which EKS turns on, as open to the internet", () => {
        const cluster = eksCluster();
        delete cluster.inputs.vpcConfig.endpointPublicAccess;
        delete cluster.inputs.vpcConfig.publicAccessCidrs;
        assert.match(violations(policy, [cluster])[0].message, /reachable from 0\.0\.0\.0\/0 \(no publicAccessCidrs\)/);
    });

    it("is advisory by default", () => {
        assert.equal(policy.enforcementLevel, "advisory");
    });
});
