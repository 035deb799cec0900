import { strict as assert } from "node:assert";
import {
    breakGlassTrustPolicy, deliveryRoleName, deploySubjects, githubTrustPolicy, permissionsBoundaryName, previewSubjects, secretsProviderUrl, stackStateObjects,
    stateBackendUrl,
} from "./delivery-policies";

describe("delivery identities and URLs", () => {
    it("logs in to the S3 backend with the bucket's region and the v2 AWS SDK, and names the environment's KMS alias as secrets provider", () => {
        assert.equal(stateBackendUrl("signal-trading-state-primary-096c457", "us-east-1"), "s3://signal-trading-state-primary-096c457?region=us-east-1&awssdk=v2");
        assert.equal(secretsProviderUrl("prod", "us-east-1"), "awskms://alias/signal-trading-prod-secrets?region=us-east-1");
    });

    it("names the roles outside the prefix the deploy role administers, and the boundary inside the environment's", () => {
        assert.deepEqual(["preview", "deploy", "break-glass"].map((p) => deliveryRoleName("dev", p as "preview")),
            ["signal-trading-delivery-dev-preview", "signal-trading-delivery-dev-deploy", "signal-trading-delivery-dev-break-glass"]);
        assert.equal(permissionsBoundaryName("prod"), "signal-trading-prod-permissions-boundary");
    });

    it("locates one stack's objects in the project-scoped backend layout", () => {
        assert.deepEqual(stackStateObjects("prod"), {
            meta: ".pulumi/meta.yaml",
            checkpoint: ".pulumi/stacks/signal-trading/prod.json*",
            history: ".pulumi/history/signal-trading/prod/*",
            backups: ".pulumi/backups/signal-trading/prod/*",
            locks: ".pulumi/locks/organization/signal-trading/prod/*",
        });
    });

    it("trusts GitHub's tokens for sts.amazonaws.com with exactly the job's sub: a pull request of the repository, or a job of a GitHub environment", () => {
        assert.deepEqual(previewSubjects("example-org/signal-trading", undefined), ["repo:example-org/signal-trading:pull_request", "repo:example-org/signal-trading:ref:refs/heads/main"]);
        assert.deepEqual(previewSubjects("example-org/signal-trading", "prod-preview"), ["repo:example-org/signal-trading:environment:prod-preview", "repo:example-org/signal-trading:ref:refs/heads/main"]);
        assert.deepEqual(deploySubjects("example-org/signal-trading", "prod"), ["repo:example-org/signal-trading:environment:prod"]);
        const provider = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
        assert.deepEqual(githubTrustPolicy(provider, ["repo:example-org/signal-trading:environment:prod"]), {
            Version: "2012-10-17",
            Statement: [{
                Effect: "Allow",
                Principal: { Federated: provider },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: {
                        "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                        "token.actions.githubusercontent.com:sub": ["repo:example-org/signal-trading:environment:prod"],
                    },
                },
            }],
        });
    });

    it("lets only the named administrator roles assume the break-glass role, and only with MFA", () => {
        assert.deepEqual(breakGlassTrustPolicy(["arn:aws:iam::123456789012:role/platform-admin"]), {
            Version: "2012-10-17",
            Statement: [{
                Effect: "Allow",
                Principal: { AWS: ["arn:aws:iam::123456789012:role/platform-admin"] },
                Action: "sts:AssumeRole",
                Condition: { Bool: { "aws:MultiFactorAuthPresent": true } },
            }],
        });
    });
});
