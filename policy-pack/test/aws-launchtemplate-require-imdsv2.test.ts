import { strict as assert } from "node:assert";
import { evaluatePolicies } from "../../tools/policy/engine";
import { awsLaunchtemplateRequireImdsv2 as policy } from "../aws/aws-launchtemplate-require-imdsv2";
import { launchTemplate } from "./fixtures-eks";
import { violations } from "./fixtures";

describe("aws-launchtemplate-require-imdsv2", () => {
    it("passes a launch template that requires tokens with a hop limit of 1", () => {
        assert.deepEqual(violations(policy, [launchTemplate()]), []);
    });

    it("passes a launch template whose metadata endpoint is disabled", () => {
        const template = launchTemplate();
        template.inputs.metadataOptions = { httpEndpoint: "disabled" };
        assert.deepEqual(violations(policy, [template]), []);
    });

    it("fails a launch template that allows IMDSv1", () => {
        const template = launchTemplate();
        template.inputs.metadataOptions.httpTokens = "optional";
        const found = violations(policy, [template]);
        assert.deepEqual(found.map((v) => v.urn), [template.urn]);
        assert.match(found[0].message, /platform-general-lt \(aws:ec2\/launchTemplate:LaunchTemplate\) allows IMDSv1 \(metadataOptions\.httpTokens is optional, not "required"\)\.$/);
    });

    it("fails a launch template without metadataOptions on both counts", () => {
        const template = launchTemplate();
        delete template.inputs.metadataOptions;
        const found = violations(policy, [template]);
        assert.equal(found.length, 2);
        assert.match(found[0].message, /httpTokens is unset, not "required"\)\.$/);
        assert.match(found[1].message, /does not set metadataOptions\.httpPutResponseHopLimit; the maximum is 1\.$/);
    });

    it("fails a hop limit of 2, which lets pods reach the node's credentials", () => {
        const template = launchTemplate();
        template.inputs.metadataOptions.httpPutResponseHopLimit = 2;
        assert.match(violations(policy, [template])[0].message, /sets metadataOptions\.httpPutResponseHopLimit to 2; the maximum is 1\.$/);
    });

    it("accepts a hop limit of 2 where the config raises the maximum", () => {
        const template = launchTemplate();
        template.inputs.metadataOptions.httpPutResponseHopLimit = 2;
        assert.deepEqual(violations(policy, [template], { maxHopLimit: 2 }), []);
    });

    describe("remediation", () => {
        const remediate = (template: ReturnType<typeof launchTemplate>, config: Record<string, unknown> = {}) =>
            evaluatePolicies([policy], "mandatory", { [policy.name]: { enforcementLevel: "remediate", ...config } }, [template]);

        it("requires tokens and lowers the hop limit to the maximum, keeping the other options, and then passes", () => {
            const template = launchTemplate();
            template.inputs.metadataOptions = { httpEndpoint: "enabled", httpTokens: "optional", httpPutResponseHopLimit: 3, instanceMetadataTags: "enabled" };
            const report = remediate(template);
            assert.deepEqual(report.remediatedInputs[template.urn].metadataOptions, { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1, instanceMetadataTags: "enabled" });
            assert.deepEqual(report.violations, []);
        });

        it("sets the configured maximum when the hop limit is missing", () => {
            const template = launchTemplate();
            delete template.inputs.metadataOptions;
            const report = remediate(template, { maxHopLimit: 2 });
            assert.deepEqual(report.remediatedInputs[template.urn].metadataOptions, { httpTokens: "required", httpPutResponseHopLimit: 2 });
        });

        it("keeps a hop limit already below the maximum", () => {
            const template = launchTemplate();
            template.inputs.metadataOptions.httpTokens = "optional";
            const report = remediate(template, { maxHopLimit: 2 });
            assert.equal(report.remediatedInputs[template.urn].metadataOptions.httpPutResponseHopLimit, 1);
        });

        it("changes nothing on a compliant or metadata-disabled template", () => {
            const disabled = launchTemplate();
            disabled.inputs.metadataOptions = { httpEndpoint: "disabled" };
            assert.deepEqual(remediate(launchTemplate()).remediations, []);
            assert.deepEqual(remediate(disabled).remediations, []);
        });
    });
});
