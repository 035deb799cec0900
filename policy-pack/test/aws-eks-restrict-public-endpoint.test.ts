import { strict as assert } from "node:assert";
import { awsEksRestrictPublicEndpoint as policy } from "../aws/aws-eks-restrict-public-endpoint";
import { eksCluster } from "./fixtures-eks";
import { violations } from "./fixtures";

describe("aws-eks-restrict-public-endpoint", () => {
    it("passes a cluster with a private endpoint and a public endpoint limited to one office CIDR", () => {
        assert.deepEqual(violations(policy, [eksCluster()]), []);
    });

    it("passes a private-only cluster without public CIDRs", () => {
        const cluster = eksCluster();
        cluster.inputs.vpcConfig = { ...cluster.inputs.vpcConfig, endpointPublicAccess: false, publicAccessCidrs: [] };
        assert.deepEqual(violations(policy, [cluster]), []);
    });

    it("fails a cluster whose private endpoint is off", () => {
        const cluster = eksCluster();
        cluster.inputs.vpcConfig.endpointPrivateAccess = false;
        const found = violations(policy, [cluster]);
        assert.deepEqual(found.map((v) => v.urn), [cluster.urn]);
        assert.match(found[0].message, /platform-cluster \(aws:eks\/cluster:Cluster\) does not enable the private endpoint \(vpcConfig\.endpointPrivateAccess is false\), so nodes reach the API over the internet\.$/);
    });

    it("fails a cluster that leaves endpointPrivateAccess unset, since EKS defaults it to false", () => {
        const cluster = eksCluster();
        delete cluster.inputs.vpcConfig.endpointPrivateAccess;
        assert.match(violations(policy, [cluster])[0].message, /endpointPrivateAccess is unset\)/);
    });

    it("fails a public endpoint without publicAccessCidrs, which EKS opens to the internet", () => {
        const cluster = eksCluster();
        delete cluster.inputs.vpcConfig.publicAccessCidrs;
        const found = violations(policy, [cluster]);
        assert.equal(found.length, 1);
        assert.match(found[0].message, /has a public endpoint without vpcConfig\.publicAccessCidrs, so EKS opens it to 0\.0\.0\.0\/0\.$/);
    });

    it("fails a public endpoint with an empty publicAccessCidrs list", () => {
        const cluster = eksCluster();
        cluster.inputs.vpcConfig.publicAccessCidrs = [];
        assert.match(violations(policy, [cluster])[0].message, /without vpcConfig\.publicAccessCidrs/);
    });

    it("treats an unset endpointPublicAccess as on, as EKS does", () => {
        const cluster = eksCluster();
        delete cluster.inputs.vpcConfig.endpointPublicAccess;
        cluster.inputs.vpcConfig.publicAccessCidrs = [];
        assert.equal(violations(policy, [cluster]).length, 1);
    });

    it("fails a public endpoint open to 0.0.0.0/0, naming the CIDR", () => {
        const cluster = eksCluster();
        cluster.inputs.vpcConfig.publicAccessCidrs = ["203.0.113.0/24", "0.0.0.0/0"];
        assert.match(violations(policy, [cluster])[0].message, /opens its public endpoint to 0\.0\.0\.0\/0\.$/);
    });

    it("fails a public endpoint open to ::/0", () => {
        const cluster = eksCluster();
        cluster.inputs.vpcConfig.publicAccessCidrs = ["::/0"];
        assert.match(violations(policy, [cluster])[0].message, /opens its public endpoint to ::\/0\.$/);
    });

    it("rejects the CIDRs the config lists instead of the defaults", () => {
        assert.match(violations(policy, [eksCluster()], { disallowedCidrs: ["203.0.113.0/24"] })[0].message, /opens its public endpoint to 203\.0\.113\.0\/24\.$/);
    });

    it("ignores resources other than clusters", () => {
        const cluster = eksCluster();
        cluster.type = "aws:eks/nodeGroup:NodeGroup";
        cluster.inputs.vpcConfig.endpointPrivateAccess = false;
        assert.deepEqual(violations(policy, [cluster]), []);
    });
});
