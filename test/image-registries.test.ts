/**
 * The registry allow-list of each stack's policy config names exactly the stack's own ECR
 * registry: the account its config's ARNs are in, and its region. A policy evaluates one pod at a
 * time and cannot see the account, so the config carries it; this keeps the two in step.
 */
import { strict as assert } from "node:assert";
import { rawStackConfig } from "../tools/offline/stack-config";
import { policyConfigPath, readPolicyConfig } from "../tools/plan/plan";

/** Every account named by an IAM ARN anywhere in a config value. */
function accountsIn(value: unknown): string[] {
    return [...JSON.stringify(value).matchAll(/arn:aws[a-z-]*:iam::(\d{12}):/g)].map((m) => m[1]);
}

describe("the image registry allow-list of each stack", () => {
    for (const stack of ["dev", "prod"] as const) {
        it(`${stack}: allows exactly the ECR registry of the stack's account and region`, () => {
            const config = rawStackConfig(stack);
            const accounts = [...new Set(accountsIn({ iam: config.iam, cluster: config.cluster }))];
            assert.equal(accounts.length, 1, `the stack's ARNs name one account: ${accounts.join(", ")}`);
            const entry = readPolicyConfig(policyConfigPath(stack))["kubernetes-pod-restrict-image-registries"] as { ecrRegistries?: unknown; allowedRegistries?: unknown };
            assert.deepEqual(entry, { ecrRegistries: [{ accountId: accounts[0], region: config.aws.region }] });
        });
    }
});
