import { strict as assert } from "node:assert";
import { amiTypeFor, instanceArchitecture, missingOfferings } from "./instance-types";

describe("instance architecture", () => {
    it("recognises Graviton families, with and without suffixes after the g", () => {
        for (const type of ["m7g.large", "c7gn.xlarge", "r8g.2xlarge", "m6gd.large", "t4g.medium", "im4gn.large", "x2gd.xlarge", "g5g.xlarge", "c8gb.large"]) {
            assert.equal(instanceArchitecture(type), "arm64", type);
        }
    });

    it("treats Intel, AMD and accelerated x86 families as x86_64", () => {
        for (const type of ["m7i.large", "m7i-flex.large", "m7a.xlarge", "m6i.xlarge", "c5n.large", "g5.xlarge", "g4dn.xlarge", "g6e.xlarge", "gr6.4xlarge", "i3en.large", "p5.48xlarge"]) {
            assert.equal(instanceArchitecture(type), "x86_64", type);
        }
    });

    it("picks the ARM AMI for Graviton instance types and the x86 AMI otherwise", () => {
        assert.equal(amiTypeFor(["m7g.xlarge", "m6g.xlarge"]), "AL2023_ARM_64_STANDARD");
        assert.equal(amiTypeFor(["m7i.xlarge", "m6i.xlarge", "m7a.xlarge"]), "AL2023_x86_64_STANDARD");
    });

    it("knows a1, the first Graviton family, as arm64 although it has no g", () => {
        assert.equal(instanceArchitecture("a1.large"), "arm64");
    });

    it("refuses instance types of two architectures instead of picking the first one's AMI", () => {
        assert.throws(() => amiTypeFor(["m7g.large", "m7i.large"]), /must share one architecture: m7g\.large, m7i\.large/);
    });
});

describe("instance-type offerings", () => {
    const ZONES = ["use1-az1", "use1-az2", "use1-az4"];
    const everywhere = (...types: string[]) => types.flatMap((instanceType) => ZONES.map((zoneId) => ({ instanceType, zoneId })));

    it("finds nothing missing when every zone offers every type of every group", () => {
        assert.deepEqual(missingOfferings({ system: { instanceTypes: ["m7i.large"] }, spot: { instanceTypes: ["m7i.xlarge", "m6i.xlarge"] } }, ZONES, everywhere("m7i.large", "m7i.xlarge", "m6i.xlarge")), []);
    });

    it("names the group, the type and each zone that lacks it", () => {
        const offered = [...everywhere("m7i.large"), { instanceType: "m7a.xlarge", zoneId: "use1-az1" }];
        assert.deepEqual(missingOfferings({ system: { instanceTypes: ["m7i.large"] }, spot: { instanceTypes: ["m7i.large", "m7a.xlarge"] } }, ZONES, offered), [
            { group: "spot", instanceType: "m7a.xlarge", zoneIds: ["use1-az2", "use1-az4"] },
        ]);
    });

    it("reports a type missing from every zone, and a type offered only in zones the stack does not use", () => {
        assert.deepEqual(missingOfferings({ gpu: { instanceTypes: ["p5.48xlarge"] } }, ZONES, [{ instanceType: "p5.48xlarge", zoneId: "use1-az6" }]), [
            { group: "gpu", instanceType: "p5.48xlarge", zoneIds: ZONES },
        ]);
    });
});
