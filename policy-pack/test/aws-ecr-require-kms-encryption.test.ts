import { strict as assert } from "node:assert";
import { awsEcrRequireKmsEncryption as policy } from "../aws/aws-ecr-require-kms-encryption";
import { violations } from "./fixtures";
import { ecrRepository } from "./fixtures-services";

function repository(change: (inputs: Record<string, any>) => void = () => {}) {
    const r = ecrRepository();
    change(r.inputs);
    return r;
}

describe("aws-ecr-require-kms-encryption", () => {
    it("passes a repository encrypted with a customer-managed KMS key", () => {
        assert.deepEqual(violations(policy, [repository()]), []);
    });

    it("fails a repository without an encryption configuration (AES256)", () => {
        const r = repository((i) => delete i.encryptionConfigurations);
        const found = violations(policy, [r]);
        assert.deepEqual(found.map((v) => v.urn), [r.urn]);
        assert.match(found[0].message, /gateway-repo \(aws:ecr\/repository:Repository\) encrypts images with the default AES256; KMS is required\.$/);
    });

    it("fails a repository encrypted with AES256 explicitly", () => {
        assert.match(violations(policy, [repository((i) => (i.encryptionConfigurations = [{ encryptionType: "AES256" }]))])[0].message, /encrypts images with AES256; KMS is required\.$/);
    });

    it("fails KMS encryption with the AWS-managed key", () => {
        const r = repository((i) => (i.encryptionConfigurations = [{ encryptionType: "KMS" }]));
        assert.match(violations(policy, [r])[0].message, /uses the AWS-managed ECR key; set kmsKey to a customer-managed key\.$/);
    });

    it("accepts the AWS-managed key when the config does not require a customer-managed one", () => {
        const r = repository((i) => (i.encryptionConfigurations = [{ encryptionType: "KMS" }]));
        assert.deepEqual(violations(policy, [r], { requireCustomerManagedKey: false }), []);
    });
});
