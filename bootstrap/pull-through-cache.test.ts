import { strict as assert } from "node:assert";
import { lifecyclePolicy } from "../components/registry/registry";
import { credentialsSecretName, repositoryCreationPolicy, repositoryTemplate } from "./pull-through-cache";

const KEY = "arn:aws:kms:us-east-2:123456789012:key/0a1b2c3d-0000-0000-0000-000000000000";

describe("pull-through cache settings", () => {
    it("makes every cache repository KMS-encrypted with the registry key, with immutable tags, the registry's lifecycle and the tagging standard, through the templates' role", () => {
        const lifecycle = { keepTaggedImages: 50, untaggedImageExpiryDays: 7 };
        assert.deepEqual(repositoryTemplate("quay", { registryKeyArn: KEY, lifecycle, roleArn: "arn:aws:iam::123456789012:role/r", tags: { owner: "platform-team" } }), {
            prefix: "quay",
            appliedFors: ["PULL_THROUGH_CACHE"],
            description: "Repositories of images pulled through the quay.io cache",
            encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: KEY }],
            imageTagMutability: "IMMUTABLE",
            lifecyclePolicy: JSON.stringify(lifecyclePolicy(lifecycle)),
            customRoleArn: "arn:aws:iam::123456789012:role/r",
            resourceTags: { owner: "platform-team" },
        });
    });

    it("lets ECR, as the templates' role, create and tag only the caches' repositories and use only the registry key", () => {
        const policy = repositoryCreationPolicy({ partition: "aws", region: "us-east-2", accountId: "123456789012", registryKeyArn: KEY });
        assert.deepEqual(policy.Statement, [
            {
                Sid: "CreateCacheRepositories", Effect: "Allow", Action: ["ecr:CreateRepository", "ecr:TagResource"],
                Resource: ["ecr-public", "k8s", "quay", "docker-hub"].map((c) => `arn:aws:ecr:us-east-2:123456789012:repository/${c}/*`),
            },
            { Sid: "EncryptWithRegistryKey", Effect: "Allow", Action: ["kms:CreateGrant", "kms:RetireGrant", "kms:DescribeKey"], Resource: KEY },
        ]);
    });

    it("names the credentials' secret with the prefix ECR requires", () => {
        assert.equal(credentialsSecretName("docker-hub"), "ecr-pullthroughcache/docker-hub");
    });
});
