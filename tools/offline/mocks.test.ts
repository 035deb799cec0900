import { strict as assert } from "node:assert";
import { DeployedResource, OfflineAccount, OfflineMocks, offlineZones } from "./mocks";

/** An invoke answered by the mocks in the default region (us-east-1). */
function call(token: string, inputs: Record<string, unknown>, deployed: DeployedResource[] = [], account: OfflineAccount = {}) {
    return new OfflineMocks(deployed, account).call({ token, inputs, provider: undefined } as never);
}

const VPC: DeployedResource = { type: "aws:ec2/vpc:Vpc", name: "net-vpc", inputs: { cidrBlock: "10.40.0.0/16", tags: { Name: "net-vpc" } } };
const OTHER_VPC: DeployedResource = { type: "aws:ec2/vpc:Vpc", name: "other-vpc", inputs: { cidrBlock: "10.50.0.0/16", tags: { Name: "other-vpc" } } };

describe("offline mocks: zones and what reads the account", () => {
    it("gives each region its zone IDs and a stable name for each, not in ID order", () => {
        const zones = offlineZones("us-east-1");
        assert.deepEqual(zones.map((z) => z.zoneId), ["use1-az1", "use1-az2", "use1-az3", "use1-az4", "use1-az5", "use1-az6"]);
        assert.deepEqual(zones.map((z) => z.name).sort(), ["a", "b", "c", "d", "e", "f"].map((l) => `us-east-1${l}`));
        assert.notDeepEqual(zones.map((z) => z.name), zones.map((z) => z.name).sort(), "names follow the IDs");
        assert.deepEqual(offlineZones("us-east-1"), zones);
        assert.deepEqual(offlineZones("us-east-2").map((z) => z.zoneId), ["use2-az1", "use2-az2", "use2-az3"]);
    });

    it("answers getAvailabilityZones with parallel names and zone IDs, without excluded zones", () => {
        const answer = call("aws:index/getAvailabilityZones:getAvailabilityZones", { state: "available", excludeZoneIds: ["use1-az3"] });
        const expected = offlineZones("us-east-1").filter((z) => z.zoneId !== "use1-az3");
        assert.deepEqual(answer.zoneIds, expected.map((z) => z.zoneId));
        assert.deepEqual(answer.names, expected.map((z) => z.name));
        assert.equal(answer.id, "us-east-1");
    });

    it("offers every listed instance type in every listed zone, except what the account lacks", () => {
        const inputs = {
            locationType: "availability-zone-id",
            filters: [{ name: "location", values: ["use1-az1", "use1-az2", "use1-az9"] }, { name: "instance-type", values: ["m7i.large", "p5.48xlarge"] }],
        };
        const answer = call("aws:ec2/getInstanceTypeOfferings:getInstanceTypeOfferings", inputs, [], { missingInstanceTypes: [{ instanceType: "p5.48xlarge", zoneId: "use1-az2" }] });
        assert.deepEqual((answer.instanceTypes as string[]).map((t, i) => `${t}@${(answer.locations as string[])[i]}`), ["m7i.large@use1-az1", "p5.48xlarge@use1-az1", "m7i.large@use1-az2"]);
        assert.throws(() => call("aws:ec2/getInstanceTypeOfferings:getInstanceTypeOfferings", { ...inputs, filters: [{ name: "instance-type", values: ["m7i.*"] }] }), /answered only for listed instance types/);
    });

    it("finds deployed VPCs by tag, and nothing in an empty account", () => {
        const byName = { filters: [{ name: "tag:Name", values: ["net-vpc"] }] };
        assert.deepEqual(call("aws:ec2/getVpcs:getVpcs", byName).ids, []);
        const ids = call("aws:ec2/getVpcs:getVpcs", byName, [VPC, OTHER_VPC]).ids as string[];
        assert.equal(ids.length, 1);
        assert.match(ids[0], /^vpc-[0-9a-f]{17}$/);
        const otherId = (call("aws:ec2/getVpcs:getVpcs", { filters: [{ name: "tag:Name", values: ["other-vpc"] }] }, [OTHER_VPC]).ids as string[])[0];
        assert.deepEqual(call("aws:ec2/getVpcs:getVpcs", { filters: [{ name: "tag:Name", values: ["*-vpc"] }] }, [VPC, OTHER_VPC]).ids, [ids[0], otherId]);
    });

    it("lists a VPC's deployed subnets and describes each as EC2 does, zone name from its zone ID", () => {
        const vpcId = (call("aws:ec2/getVpcs:getVpcs", {}, [VPC]).ids as string[])[0];
        const subnet: DeployedResource = { type: "aws:ec2/subnet:Subnet", name: "net-private-use1-az4", inputs: { vpcId, availabilityZoneId: "use1-az4", cidrBlock: "10.40.64.0/19", tags: { Name: "net-private-use1-az4", tier: "private" } } };
        const elsewhere: DeployedResource = { type: "aws:ec2/subnet:Subnet", name: "other-private", inputs: { vpcId: "vpc-0000000000000000a", availabilityZoneId: "use1-az1", cidrBlock: "10.50.0.0/19", tags: {} } };
        const deployed = [VPC, subnet, elsewhere];
        const ids = call("aws:ec2/getSubnets:getSubnets", { filters: [{ name: "vpc-id", values: [vpcId] }] }, deployed).ids as string[];
        assert.equal(ids.length, 1);
        const described = call("aws:ec2/getSubnet:getSubnet", { id: ids[0] }, deployed);
        assert.deepEqual({ id: described.id, cidrBlock: described.cidrBlock, availabilityZoneId: described.availabilityZoneId, availabilityZone: described.availabilityZone, tags: described.tags }, {
            id: ids[0], cidrBlock: "10.40.64.0/19", availabilityZoneId: "use1-az4", availabilityZone: offlineZones("us-east-1").find((z) => z.zoneId === "use1-az4")!.name, tags: subnet.inputs.tags,
        });
        assert.throws(() => call("aws:ec2/getSubnet:getSubnet", { id: "subnet-0000000000000000a" }, deployed), /no matching EC2 Subnet found/);
    });

    it("fails loudly on a filter it cannot answer", () => {
        assert.throws(() => call("aws:ec2/getSubnets:getSubnets", { filters: [{ name: "availability-zone", values: ["us-east-1a"] }] }),
            /no mock answer for the filter availability-zone of aws:ec2\/getSubnets:getSubnets/);
    });

    it("completes a subnet placed by zone ID with the zone's name, as the provider does", () => {
        const { state } = new OfflineMocks().newResource({ type: "aws:ec2/subnet:Subnet", name: "s", inputs: { availabilityZoneId: "use1-az2", cidrBlock: "10.40.32.0/19" }, custom: true } as never);
        assert.equal(state.availabilityZoneId, "use1-az2");
        assert.equal(state.availabilityZone, offlineZones("us-east-1").find((z) => z.zoneId === "use1-az2")!.name);
    });
});
