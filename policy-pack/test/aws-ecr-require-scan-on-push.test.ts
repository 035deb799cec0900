import { strict as assert } from "node:assert";
import { awsEcrRequireScanOnPush as policy } from "../aws/aws-ecr-require-scan-on-push";
import { evaluatePolicies } from "../../tools/policy/engine";
import { violations } from "./fixtures";
import { ecrRepository } from "./fixtures-services";

function repository(change: (inputs: Record<string, any>) => void = () => {}) {
    const r = ecrRepository();
    change(r.inputs);
    return r;
}

describe("aws-ecr-require-scan-on-push", () => {
    it("passes a repository that scans on push", () => {
        assert.deepEqual(violations(policy, [repository()]), []);
    });

    it("fails a repository with scanning on push turned off", () => {
        const r = repository((i) => (i.imageScanningConfiguration = { scanOnPush: false }));
        const found = violations(policy, [r]);
        assert.deepEqual(found.map((v) => v.urn), [r.urn]);
        assert.match(found[0].message, /gateway-repo \(aws:ecr\/repository:Repository\) does not scan images on push\.$/);
    });

    it("fails a repository without a scanning configuration", () => {
        assert.equal(violations(policy, [repository((i) => delete i.imageScanningConfiguration)]).length, 1);
    });

    it("remediates by turning scanning on push on, and the remediated repository passes", () => {
        const r = repository((i) => delete i.imageScanningConfiguration);
        const report = evaluatePolicies([policy], "mandatory", { [policy.name]: "remediate" }, [r]);
        assert.deepEqual(report.remediatedInputs[r.urn].imageScanningConfiguration, { scanOnPush: true });
        assert.equal(report.remediatedInputs[r.urn].imageTagMutability, "IMMUTABLE");
        assert.deepEqual(report.violations, []);
    });

    it("does not remediate a repository that already scans on push", () => {
        assert.deepEqual(evaluatePolicies([policy], "mandatory", { [policy.name]: "remediate" }, [repository()]).remediations, []);
    });
});
