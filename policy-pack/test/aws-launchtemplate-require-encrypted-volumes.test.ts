import { strict as assert } from "node:assert";
import { awsLaunchtemplateRequireEncryptedVolumes as policy } from "../aws/aws-launchtemplate-require-encrypted-volumes";
import { ebsVolume, launchTemplate } from "./fixtures-eks";
import { violations } from "./fixtures";

describe("aws-launchtemplate-require-encrypted-volumes", () => {
    it("passes a launch template whose root volume is encrypted with the platform key", () => {
        assert.deepEqual(violations(policy, [launchTemplate()]), []);
    });

    it("accepts encrypted given as a boolean as well as the provider's string", () => {
        const template = launchTemplate();
        template.inputs.blockDeviceMappings[0].ebs.encrypted = true;
        assert.deepEqual(violations(policy, [template]), []);
    });

    it("fails a launch template whose root volume is not encrypted", () => {
        const template = launchTemplate();
        template.inputs.blockDeviceMappings[0].ebs.encrypted = "false";
        const found = violations(policy, [template]);
        assert.deepEqual(found.map((v) => v.urn), [template.urn]);
        assert.match(found[0].message, /platform-general-lt \(aws:ec2\/launchTemplate:LaunchTemplate\) does not encrypt \/dev\/xvda \(ebs\.encrypted is false\)\.$/);
    });

    it("fails a launch template without block device mappings", () => {
        const template = launchTemplate();
        delete template.inputs.blockDeviceMappings;
        assert.match(violations(policy, [template])[0].message, /declares no EBS block device mapping, so the root volume's encryption is left to the AMI and account defaults\.$/);
    });

    it("fails a root volume encrypted with the AWS-managed key", () => {
        const template = launchTemplate();
        delete template.inputs.blockDeviceMappings[0].ebs.kmsKeyId;
        assert.match(violations(policy, [template])[0].message, /encrypts \/dev\/xvda without ebs\.kmsKeyId, so it uses the AWS-managed key\.$/);
    });

    it("accepts the AWS-managed key where the config does not require a customer key", () => {
        const template = launchTemplate();
        delete template.inputs.blockDeviceMappings[0].ebs.kmsKeyId;
        assert.deepEqual(violations(policy, [template], { requireCustomerManagedKey: false }), []);
    });

    it("passes an EBS volume encrypted with the platform key", () => {
        assert.deepEqual(violations(policy, [ebsVolume()]), []);
    });

    it("fails an unencrypted EBS volume", () => {
        const volume = ebsVolume();
        delete volume.inputs.encrypted;
        const found = violations(policy, [volume]);
        assert.deepEqual(found.map((v) => v.urn), [volume.urn]);
        assert.match(found[0].message, /data-volume \(aws:ebs\/volume:Volume\) is not encrypted \(encrypted is unset\)\.$/);
    });

    it("fails an EBS volume without kmsKeyId", () => {
        const volume = ebsVolume();
        delete volume.inputs.kmsKeyId;
        assert.match(violations(policy, [volume])[0].message, /data-volume \(aws:ebs\/volume:Volume\) has no kmsKeyId, so it uses the AWS-managed key\.$/);
    });
});
