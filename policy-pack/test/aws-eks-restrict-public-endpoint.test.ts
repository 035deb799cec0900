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

    it("fails a public endpoint open to 0.0.0.0/0, counting the addresses", () => {
        const cluster = eksCluster();
        cluster.inputs.vpcConfig.publicAccessCidrs = ["203.0.113.0/24", "0.0.0.0/0"];
        const found = violations(policy, [cluster]);
        assert.deepEqual(found.map((v) => v.urn), [cluster.urn]);
        assert.match(found[0].message, /platform-cluster \(aws:eks\/cluster:Cluster\) opens its public endpoint too wide: vpcConfig\.publicAccessCidrs together cover 4294967296 IPv4 addresses, more than one \/24 \(256\)\.$/);
    });

    it("fails the internet written as two halves, 0.0.0.0/1 and 128.0.0.0/1", () => {
        const cluster = eksCluster();
        cluster.inputs.vpcConfig.publicAccessCidrs = ["0.0.0.0/1", "128.0.0.0/1"];
        assert.match(violations(policy, [cluster])[0].message, /cover 4294967296 IPv4 addresses/);
    });

    it("fails a /23, one address block beyond the default /24", () => {
        const cluster = eksCluster();
        cluster.inputs.vpcConfig.publicAccessCidrs = ["203.0.112.0/23"];
        assert.match(violations(policy, [cluster])[0].message, /cover 512 IPv4 addresses, more than one \/24 \(256\)/);
    });

    it("fails two disjoint /24s, which together exceed one /24", () => {
        const cluster = eksCluster();
        cluster.inputs.vpcConfig.publicAccessCidrs = ["203.0.113.0/24", "198.51.100.0/24"];
        assert.match(violations(policy, [cluster])[0].message, /cover 512 IPv4 addresses/);
    });

    it("passes overlapping entries inside one /24: overlaps count once", () => {
        const cluster = eksCluster();
        cluster.inputs.vpcConfig.publicAccessCidrs = ["203.0.113.0/24", "203.0.113.0/25", "203.0.113.7/32"];
        assert.deepEqual(violations(policy, [cluster]), []);
    });

    it("fails ::/0 and passes one IPv6 /48", () => {
        const cluster = eksCluster();
        cluster.inputs.vpcConfig.publicAccessCidrs = ["::/0"];
        assert.match(violations(policy, [cluster])[0].message, /cover 340282366920938463463374607431768211456 IPv6 addresses, more than one \/48/);
        cluster.inputs.vpcConfig.publicAccessCidrs = ["2001:db8:1::/48", "203.0.113.0/24"];
        assert.deepEqual(violations(policy, [cluster]), []);
    });

    it("fails entries that are not CIDRs, naming each", () => {
        const cluster = eksCluster();
        cluster.inputs.vpcConfig.publicAccessCidrs = ["203.0.113.0/24", "203.0.113.7", "10.0.0.1/8", "300.1.1.0/24"];
        const found = violations(policy, [cluster]);
        assert.equal(found.length, 1);
        assert.match(found[0].message, /"203\.0\.113\.7" is not a CIDR/);
        assert.match(found[0].message, /"10\.0\.0\.1\/8" has host bits set beyond its \/8 prefix/);
        assert.match(found[0].message, /"300\.1\.1\.0\/24" has no valid IPv4 address/);
    });

    it("takes the limits from the config", () => {
        assert.match(violations(policy, [eksCluster()], { ipv4PrefixLength: 28 })[0].message, /cover 256 IPv4 addresses, more than one \/28 \(16\)/);
        const cluster = eksCluster();
        cluster.inputs.vpcConfig.publicAccessCidrs = ["203.0.112.0/23"];
        assert.deepEqual(violations(policy, [cluster], { ipv4PrefixLength: 23 }), []);
    });

    it("ignores resources other than clusters", () => {
        const cluster = eksCluster();
        cluster.type = "aws:eks/nodeGroup:NodeGroup";
        cluster.inputs.vpcConfig.endpointPrivateAccess = false;
        assert.deepEqual(violations(policy, [cluster]), []);
    });
});
