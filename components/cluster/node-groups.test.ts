import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { KEYS, networkAndCluster } from "../../test/eks-fixture";
import { Registrations, registrationsOf } from "../../test/harness";
import { valueOf } from "../../test/outputs";
import { replaceForcingInputs } from "../../test/replacement";
import { DeployedResource } from "../../tools/offline/mocks";
import { currentSizeOf, desiredSizeFor, NODE_MANAGED_POLICIES, nodeGroupLayout, NodeGroups, NodeGroupSpec, recommendedReleaseParameter } from "./node-groups";

const SYSTEM: NodeGroupSpec = {
    capacityType: "ON_DEMAND", instanceTypes: ["m7i.large"], minSize: 3, desiredSize: 3, maxSize: 6, zonal: false, diskSizeGiB: 50,
    labels: { "node-role": "system" }, taints: [{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }],
};
const SPOT: NodeGroupSpec = {
    capacityType: "SPOT", instanceTypes: ["m7g.xlarge", "m6g.xlarge", "c7g.2xlarge"], minSize: 0, desiredSize: 0, maxSize: 12, zonal: false, diskSizeGiB: 80,
    labels: { "node-role": "spot", "workload-class": "interruptible" }, taints: [{ key: "workload-class", value: "interruptible", effect: "NO_SCHEDULE" }],
};
const INSTANCE_TAGS = { owner: "platform-team", "cost-center": "trading-platform", environment: "prod" };


const AZS = ["use1-az1", "use1-az2", "use1-az4"];

describe("nodeGroupLayout", () => {
    it("lays a group across every AZ out as one managed node group named after the group", () => {
        assert.deepEqual(nodeGroupLayout({ spot: { capacityType: "SPOT", zonal: false } }, AZS), [
            { group: "spot", namePrefix: "spot-", capacityType: "SPOT", subnetIndexes: [0, 1, 2] },
        ]);
    });

    it("lays a zonal group out as one managed node group per AZ, each on that AZ's subnet", () => {
        assert.deepEqual(nodeGroupLayout({ general: { capacityType: "ON_DEMAND", zonal: true } }, AZS), [
            { group: "general", namePrefix: "general-use1-az1-", capacityType: "ON_DEMAND", subnetIndexes: [0] },
            { group: "general", namePrefix: "general-use1-az2-", capacityType: "ON_DEMAND", subnetIndexes: [1] },
            { group: "general", namePrefix: "general-use1-az4-", capacityType: "ON_DEMAND", subnetIndexes: [2] },
        ]);
    });
});

describe("desiredSizeFor", () => {
    const bounds = { minSize: 2, desiredSize: 3, maxSize: 10 };
    it("keeps what a live group runs (the autoscaler's choice) and starts a new group at the configured size", () => {
        assert.equal(desiredSizeFor(bounds, 7), 7);
        assert.equal(desiredSizeFor(bounds, undefined), 3);
    });

    it("lifts a live group to a raised minimum and lowers it to a lowered maximum, which EKS requires of the desired size", () => {
        assert.equal(desiredSizeFor({ ...bounds, minSize: 8 }, 7), 8);
        assert.equal(desiredSizeFor({ ...bounds, maxSize: 5 }, 7), 5);
    });
});

describe("currentSizeOf", () => {
    const suffix = "20261205101500123400000001";
    it("finds the live group by its prefix and the provider's 26-character suffix, not a group whose name merely starts alike", () => {
        assert.equal(currentSizeOf("spot-", { [`spot-${suffix}`]: 4, [`spot-use2-az1-${suffix}`]: 9 }), 4);
        assert.equal(currentSizeOf("spot-", {}), undefined);
    });

    it("takes the larger size while a replacement group runs beside its predecessor", () => {
        assert.equal(currentSizeOf("spot-", { [`spot-${suffix}`]: 4, [`spot-${suffix.replace(/1$/, "2")}`]: 1 }), 4);
    });
});

describe("recommendedReleaseParameter", () => {
    it("names the SSM parameter of the recommended AL2023 release of the minor, by architecture", () => {
        assert.equal(recommendedReleaseParameter("1.36", "AL2023_x86_64_STANDARD"), "/aws/service/eks/optimized-ami/1.36/amazon-linux-2023/x86_64/standard/recommended/release_version");
        assert.equal(recommendedReleaseParameter("1.35", "AL2023_ARM_64_STANDARD"), "/aws/service/eks/optimized-ami/1.35/amazon-linux-2023/arm64/standard/recommended/release_version");
    });
});

/** NodeGroups `prod` of `groups` on a three-AZ cluster, with the private subnet ids it was given. */
async function buildNodeGroups(groups: Record<string, NodeGroupSpec>, options: { deployed?: DeployedResource[]; amiReleaseVersion?: string } = {}) {
    let subnets: pulumi.Output<string>[] = [];
    let nodeGroups!: NodeGroups;
    const r = await registrationsOf(() => {
        const { network, cluster } = networkAndCluster("prod");
        subnets = network.privateSubnetIds;
        nodeGroups = new NodeGroups("prod", { cluster, subnetIds: subnets, availabilityZoneIds: AZS, groups, volumeKeyArn: KEYS.volumes, instanceTags: INSTANCE_TAGS, amiReleaseVersion: options.amiReleaseVersion });
    }, "test", options.deployed);
    return { r, nodeGroups, privateSubnetIds: await Promise.all(subnets.map(valueOf)) };
}

describe("NodeGroups component with a zonal group", () => {
    let r: Registrations;
    let privateSubnetIds: string[];
    before(async () => {
        ({ r, privateSubnetIds } = await buildNodeGroups({ system: { ...SYSTEM, zonal: true, minSize: 1, desiredSize: 1, maxSize: 2 } }));
    });

    it("creates one node group per AZ on that AZ's subnet, with the per-AZ sizes, all from one launch template", () => {
        const groups = r.ofType("aws:eks/nodeGroup:NodeGroup");
        assert.deepEqual(groups.map((g) => g.name), AZS.map((az) => `prod-system-${az}`));
        const template = r.one("aws:ec2/launchTemplate:LaunchTemplate", "prod-system");
        groups.forEach((g, i) => {
            assert.deepEqual(r.inputs(g).subnetIds, [privateSubnetIds[i]]);
            assert.deepEqual(r.inputs(g).scalingConfig, { minSize: 1, desiredSize: 1, maxSize: 2 });
            assert.equal(r.inputs(g).launchTemplate.id, template.id);
            assert.equal(r.inputs(g).labels["node-group"], "system", "add-ons select the group by this label in every zone");
        });
    });
});

describe("NodeGroups component", () => {
    let r: Registrations;
    let nodeGroups: NodeGroups;
    let privateSubnetIds: string[];
    before(async () => {
        ({ r, nodeGroups, privateSubnetIds } = await buildNodeGroups({ system: SYSTEM, spot: SPOT }));
    });
    const group = (name: string) => r.one("aws:eks/nodeGroup:NodeGroup", `prod-${name}`);
    const template = (name: string) => r.one("aws:ec2/launchTemplate:LaunchTemplate", `prod-${name}`);

    it("registers as signal-trading:cluster:NodeGroups with one launch template and node group per configured group, parented to itself", async () => {
        const component = r.one("signal-trading:cluster:NodeGroups", "prod");
        assert.deepEqual(r.ofType("aws:eks/nodeGroup:NodeGroup").map((g) => g.name), ["prod-system", "prod-spot"]);
        assert.deepEqual(r.ofType("aws:ec2/launchTemplate:LaunchTemplate").map((t) => t.name), ["prod-system", "prod-spot"]);
        for (const child of [...r.ofType("aws:eks/nodeGroup:NodeGroup"), ...r.ofType("aws:ec2/launchTemplate:LaunchTemplate"), r.one("aws:iam/role:Role", "prod-node-role")]) {
            assert.equal(child.parent, component.urn, child.name);
        }
        assert.deepEqual(Object.keys(nodeGroups.nodeGroups), ["system-", "spot-"]);
        assert.equal(await valueOf(nodeGroups.nodeRoleArn), r.outputs(r.one("aws:iam/role:Role", "prod-node-role")).arn);
    });

    it("follows the cluster's Kubernetes minor and the AMI release EKS recommends for it, so upgrades reach the nodes", () => {
        for (const name of ["system", "spot"]) {
            // The mocks answer the SSM parameter as EKS publishes it: `<minor>.<patch>-<build date>`.
            assert.deepEqual([r.inputs(group(name)).version, r.inputs(group(name)).releaseVersion], ["1.36", "1.36.2-20261118"], name);
            assert.deepEqual(group(name).ignoreChanges, [], "the desired size is sent as the group runs it, so nothing is ignored");
        }
    });

    it("creates node groups only after the cluster's vpc-cni and kube-proxy add-ons and the node role's policies", () => {
        const required = [
            r.one("aws:eks/addon:Addon", "prod-vpc-cni"), r.one("aws:eks/addon:Addon", "prod-kube-proxy"),
            ...r.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) => a.name.startsWith("prod-node-")),
        ];
        assert.equal(required.length, 4);
        for (const name of ["system", "spot"]) {
            for (const dependency of required) assert.ok(group(name).dependencies.includes(dependency.urn), `${name} does not wait for ${dependency.name}`);
        }
    });

    it("launches nodes with IMDSv2 required and a hop limit of 1", () => {
        for (const name of ["system", "spot"]) {
            assert.deepEqual(r.inputs(template(name)).metadataOptions, { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1, instanceMetadataTags: "disabled" });
        }
    });

    it("gives nodes an encrypted gp3 root volume of the group's size with the volume key, and no SSH key", () => {
        assert.deepEqual(r.inputs(template("spot")).blockDeviceMappings, [{
            deviceName: "/dev/xvda",
            ebs: { volumeSize: 80, volumeType: "gp3", encrypted: "true", kmsKeyId: KEYS.volumes, deleteOnTermination: "true" },
        }]);
        assert.equal(r.inputs(template("system")).blockDeviceMappings[0].ebs.volumeSize, 50);
        for (const name of ["system", "spot"]) {
            assert.equal(r.inputs(template(name)).keyName, undefined);
            assert.equal(r.inputs(group(name)).remoteAccess, undefined);
        }
    });

    it("tags the instances, volumes and network interfaces the templates launch with the instance tags and the group", () => {
        const specs = r.inputs(template("system")).tagSpecifications;
        assert.deepEqual(specs.map((s: { resourceType: string }) => s.resourceType), ["instance", "volume", "network-interface"]);
        for (const spec of specs) assert.deepEqual(spec.tags, { ...INSTANCE_TAGS, Name: "prod-system", "node-group": "system" });
    });

    it("uses the latest version of its own launch template", () => {
        for (const name of ["system", "spot"]) {
            assert.deepEqual(r.inputs(group(name)).launchTemplate, { id: template(name).id, version: String(r.outputs(template(name)).latestVersion) });
        }
    });

    it("chooses the AL2023 AMI of the instance types' architecture", () => {
        assert.equal(r.inputs(group("system")).amiType, "AL2023_x86_64_STANDARD");
        assert.equal(r.inputs(group("spot")).amiType, "AL2023_ARM_64_STANDARD");
    });

    it("passes capacity type, instance types, sizes and subnets through, under the cluster's name", () => {
        const spot = r.inputs(group("spot"));
        assert.equal(spot.clusterName, "prod");
        // A unique suffix after the prefix lets a replacement group be created before the old one goes.
        assert.equal(spot.nodeGroupNamePrefix, "spot-");
        assert.equal(spot.nodeGroupName, undefined);
        assert.equal(spot.capacityType, "SPOT");
        assert.deepEqual(spot.instanceTypes, ["m7g.xlarge", "m6g.xlarge", "c7g.2xlarge"]);
        assert.deepEqual(spot.scalingConfig, { minSize: 0, desiredSize: 0, maxSize: 12 });
        assert.deepEqual(spot.subnetIds, privateSubnetIds);
        assert.equal(r.inputs(group("system")).capacityType, "ON_DEMAND");
    });

    it("tags every node group for the cluster autoscaler's auto-discovery", () => {
        for (const name of ["system", "spot"]) {
            assert.deepEqual(r.inputs(group(name)).tags, { Name: `prod-${name}`, "k8s.io/cluster-autoscaler/enabled": "true", "k8s.io/cluster-autoscaler/prod": "owned" });
        }
    });

    it("passes taints through and adds the node-group label to the configured labels", () => {
        assert.deepEqual(r.inputs(group("spot")).taints, [{ key: "workload-class", value: "interruptible", effect: "NO_SCHEDULE" }]);
        assert.deepEqual(r.inputs(group("spot")).labels, { "node-role": "spot", "workload-class": "interruptible", "node-group": "spot" });
        assert.deepEqual(r.inputs(group("system")).taints, [{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }]);
        assert.deepEqual(r.inputs(group("system")).labels, { "node-role": "system", "node-group": "system" });
    });

    it("runs nodes under a role EC2 assumes, with exactly the worker and image-pull policies and no Session Manager policy", () => {
        const role = r.one("aws:iam/role:Role", "prod-node-role");
        assert.deepEqual(JSON.parse(r.inputs(role).assumeRolePolicy).Statement, [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: ["sts:AssumeRole"] }]);
        const attached = r.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) => r.inputs(a).role === r.outputs(role).name);
        assert.deepEqual(attached.map((a) => r.inputs(a).policyArn).sort(), [
            "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
            "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
        ]);
        assert.equal(NODE_MANAGED_POLICIES.length, 2);
        assert.equal(r.ofType("aws:iam/rolePolicy:RolePolicy").filter((p) => r.inputs(p).role === r.outputs(role).name).length, 0);
        for (const name of ["system", "spot"]) assert.equal(r.inputs(group(name)).nodeRoleArn, r.outputs(role).arn);
    });
});

describe("NodeGroups over a deployed cluster", () => {
    /** The account after a first `up` of system and spot, with the autoscaler having grown spot to 5 nodes. */
    async function deployedAccount(): Promise<DeployedResource[]> {
        const { r } = await buildNodeGroups({ system: SYSTEM, spot: SPOT });
        return r.all.map((x) => {
            const inputs = r.inputs(x);
            return { type: x.type, name: x.name, inputs: x.name === "prod-spot" ? { ...inputs, scalingConfig: { ...inputs.scalingConfig, desiredSize: 5 } } : inputs };
        });
    }
    const sizes = (r: Registrations, name: string) => r.inputs(r.one("aws:eks/nodeGroup:NodeGroup", `prod-${name}`)).scalingConfig;

    it("sends back the size the autoscaler chose instead of the configured one", async () => {
        const { r } = await buildNodeGroups({ system: SYSTEM, spot: SPOT }, { deployed: await deployedAccount() });
        assert.deepEqual(sizes(r, "spot"), { minSize: 0, desiredSize: 5, maxSize: 12 });
        assert.deepEqual(sizes(r, "system"), { minSize: 3, desiredSize: 3, maxSize: 6 });
    });

    it("raises the desired size with a minimum raised above it, so EKS accepts the update", async () => {
        const { r } = await buildNodeGroups({ system: { ...SYSTEM, minSize: 4, desiredSize: 4 }, spot: { ...SPOT, minSize: 6 } }, { deployed: await deployedAccount() });
        assert.deepEqual(sizes(r, "spot"), { minSize: 6, desiredSize: 6, maxSize: 12 });
        assert.deepEqual(sizes(r, "system"), { minSize: 4, desiredSize: 4, maxSize: 6 });
    });

    it("runs a pinned AMI release instead of the recommended one", async () => {
        const { r } = await buildNodeGroups({ system: SYSTEM }, { amiReleaseVersion: "1.36.1-20261001" });
        assert.equal(r.inputs(r.one("aws:eks/nodeGroup:NodeGroup", "prod-system")).releaseVersion, "1.36.1-20261001");
    });
});

describe("NodeGroups lifecycle", () => {
    it("changes the launch templates in place, as new versions, whatever the groups' disks, instance types, sizes, labels and taints", async () => {
        const before = (await buildNodeGroups({ system: SYSTEM, spot: SPOT })).r;
        const after = (await buildNodeGroups({
            system: { ...SYSTEM, diskSizeGiB: 100, instanceTypes: ["m7i.xlarge"], minSize: 2, maxSize: 8, labels: { "node-role": "core" }, taints: [] },
            spot: { ...SPOT, diskSizeGiB: 120, instanceTypes: ["m7g.2xlarge", "m6g.2xlarge"] },
        })).r;
        assert.deepEqual(replaceForcingInputs(after), replaceForcingInputs(before));
        assert.equal(after.inputs(after.one("aws:ec2/launchTemplate:LaunchTemplate", "prod-system")).blockDeviceMappings[0].ebs.volumeSize, 100);
    });
});
