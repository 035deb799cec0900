import { strict as assert } from "node:assert";
import { awsEksRequireSecretsEncryption as policy } from "../aws/aws-eks-require-secrets-encryption";
import { eksCluster } from "./fixtures-eks";
import { violations } from "./fixtures";

describe("aws-eks-require-secrets-encryption", () => {
    it("passes a cluster that encrypts secrets with a KMS key", () => {
        assert.deepEqual(violations(policy, [eksCluster()]), []);
    });

    it("passes a provider block whose key ARN is not known yet at preview", () => {
        const cluster = eksCluster();
        cluster.inputs.encryptionConfig.provider = { keyArn: undefined };
        assert.deepEqual(violations(policy, [cluster]), []);
    });

    it("fails a cluster without encryptionConfig", () => {
        const cluster = eksCluster();
        delete cluster.inputs.encryptionConfig;
        const found = violations(policy, [cluster]);
        assert.deepEqual(found.map((v) => v.urn), [cluster.urn]);
        assert.match(found[0].message, /platform-cluster \(aws:eks\/cluster:Cluster\) has no encryptionConfig, so its secrets are not envelope-encrypted\.$/);
    });

    it("fails an encryptionConfig that does not cover secrets", () => {
        const cluster = eksCluster();
        cluster.inputs.encryptionConfig.resources = [];
        const found = violations(policy, [cluster]);
        assert.equal(found.length, 1);
        assert.match(found[0].message, /does not list "secrets" in encryptionConfig\.resources\.$/);
    });

    it("fails an encryptionConfig without a provider block", () => {
        const cluster = eksCluster();
        delete cluster.inputs.encryptionConfig.provider;
        assert.match(violations(policy, [cluster])[0].message, /has no encryptionConfig\.provider, so no KMS key encrypts its secrets\.$/);
    });

    it("fails a provider block with an empty key ARN", () => {
        const cluster = eksCluster();
        cluster.inputs.encryptionConfig.provider.keyArn = "";
        assert.match(violations(policy, [cluster])[0].message, /has an empty encryptionConfig\.provider\.keyArn\.$/);
    });
});
