import { strict as assert } from "node:assert";
import { EKS_UNSUPPORTED_ZONE_IDS, isZoneOfRegion, ZONE_ID_PATTERN, zoneIdPrefix } from "./zones";

describe("zone IDs", () => {
    it("derives each region's zone-ID prefix as AWS's zone tables spell it", () => {
        const expected: Record<string, string> = {
            "us-east-1": "use1", "us-east-2": "use2", "us-west-1": "usw1", "us-west-2": "usw2",
            "ca-central-1": "cac1", "ca-west-1": "caw1", "mx-central-1": "mxc1", "sa-east-1": "sae1",
            "eu-west-1": "euw1", "eu-central-2": "euc2", "eu-north-1": "eun1", "eu-south-2": "eus2",
            "ap-northeast-1": "apne1", "ap-southeast-2": "apse2", "ap-south-1": "aps1", "ap-east-1": "ape1",
            "me-central-1": "mec1", "il-central-1": "ilc1", "af-south-1": "afs1",
            "us-gov-west-1": "usgw1", "us-gov-east-1": "usge1", "cn-north-1": "cnn1", "cn-northwest-1": "cnnw1",
        };
        assert.deepEqual(Object.fromEntries(Object.keys(expected).map((r) => [r, zoneIdPrefix(r)])), expected);
    });

    it("has no prefix for what is not a region code", () => {
        assert.equal(zoneIdPrefix("us-east-1a"), undefined);
        assert.equal(zoneIdPrefix("us-up-1"), undefined);
        assert.equal(zoneIdPrefix("useast1"), undefined);
    });

    it("tells a region's zone IDs from another region's and from zone names", () => {
        assert.ok(isZoneOfRegion("use2-az1", "us-east-2"));
        assert.ok(isZoneOfRegion("use1-az6", "us-east-1"));
        assert.ok(!isZoneOfRegion("use1-az1", "us-east-2"));
        assert.ok(!isZoneOfRegion("usw2-az1", "us-west-1"));
        assert.ok(!isZoneOfRegion("us-east-2a", "us-east-2"));
        assert.ok(!isZoneOfRegion("use2-az1", "us-mars-1"));
    });

    it("recognises zone IDs, not zone names", () => {
        for (const id of ["use1-az1", "apne1-az4", "usgw1-az2", "cnnw1-az3"]) assert.match(id, ZONE_ID_PATTERN);
        for (const name of ["us-east-1a", "use1", "use1-az", "USE1-AZ1"]) assert.doesNotMatch(name, ZONE_ID_PATTERN);
    });

    it("lists the zones the EKS user guide disallows for cluster subnets", () => {
        assert.deepEqual(EKS_UNSUPPORTED_ZONE_IDS, ["use1-az3", "usw1-az2", "cac1-az3"]);
    });
});
