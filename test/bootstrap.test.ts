/**
 * The bootstrap project (bootstrap/) under the mock engine: exactly the repositories and key
 * that the platform's first `up` needs, through a provider like the platform's, passing the
 * policy pack; and its stack files in step with the platform's.
 */
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { lifecyclePolicy } from "../components/registry/registry";
import { defaultTags } from "../components/shared/tags";
import { policies, PACK_ENFORCEMENT_LEVEL } from "../policy-pack/policies";
import { SERVICES } from "../stacks/services";
import { BOOTSTRAP_PROJECT } from "../tools/offline/run-program";
import { parsedStackConfig, rawStackConfig } from "../tools/offline/stack-config";
import { policyConfigPath, readPolicyConfig, toResourceUnderTest } from "../tools/plan/plan";
import { evaluatePolicies } from "../tools/policy/engine";
import { bootstrapStackConfig, Registrations, runStack } from "./harness";
import { valueOf } from "./outputs";

const SERVICE_NAMES = SERVICES.map((s) => s.name);

describe("the bootstrap program", () => {
    for (const stack of ["dev", "prod"] as const) {
        describe(`stack ${stack}`, () => {
            const platform = parsedStackConfig(stack);
            const prefix = `signal-trading-${stack}`;
            let r: Registrations;
            before(async () => {
                r = await runStack(stack, bootstrapStackConfig(stack), [], { project: BOOTSTRAP_PROJECT });
            });

            it("registers the provider, the registry key and one repository with its lifecycle policy per service, nothing else", () => {
                assert.deepEqual(r.all.map((x) => `${x.type} ${x.name}`).sort(), [
                    "pulumi:providers:aws aws",
                    `signal-trading:kms:EncryptionKey ${prefix}-registry`,
                    `aws:kms/key:Key ${prefix}-registry-key`,
                    `aws:kms/alias:Alias ${prefix}-registry-alias`,
                    `signal-trading:registry:ContainerRegistry ${prefix}`,
                    ...SERVICE_NAMES.map((s) => `aws:ecr/repository:Repository ${prefix}-${s}`),
                    ...SERVICE_NAMES.map((s) => `aws:ecr/lifecyclePolicy:LifecyclePolicy ${prefix}-${s}`),
                ].sort());
            });

            it("creates every AWS resource through one provider in the platform stack's region, with the platform's default tags", () => {
                const provider = r.one("pulumi:providers:aws", "aws");
                assert.equal(r.inputs(provider).region, platform.aws.region);
                assert.deepEqual(JSON.parse(r.inputs(provider).defaultTags).tags,
                    defaultTags({ owner: platform.tags.owner, costCenter: platform.tags.costCenter, environment: stack, extra: platform.tags.extra }));
                for (const resource of r.all.filter((x) => x.type.startsWith("aws:"))) assert.equal(resource.provider, provider.urn, resource.name);
            });

            it("encrypts with a key of its own: yearly rotation, a 30-day deletion window, alias/<prefix>-registry", () => {
                const key = r.one("aws:kms/key:Key");
                const inputs = r.inputs(key);
                assert.deepEqual({ description: inputs.description, rotation: inputs.enableKeyRotation, window: inputs.deletionWindowInDays, protect: key.protect },
                    { description: "Container images in ECR", rotation: true, window: 30, protect: false });
                assert.deepEqual(r.inputs(r.one("aws:kms/alias:Alias")), { name: `alias/${prefix}-registry`, targetKeyId: r.outputs(key).keyId });
            });

            it("names each repository signal-trading-<environment>/<service>, with immutable tags, scan on push, the registry key and no force delete", () => {
                const keyArn = r.outputs(r.one("aws:kms/key:Key")).arn;
                assert.deepEqual(r.ofType("aws:ecr/repository:Repository").map((x) => r.inputs(x)), SERVICE_NAMES.map((s) => ({
                    name: `${prefix}/${s}`,
                    imageTagMutability: "IMMUTABLE",
                    imageScanningConfiguration: { scanOnPush: true },
                    encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: keyArn }],
                    forceDelete: false,
                    tags: { Name: `${prefix}/${s}` },
                })));
            });

            it("gives each repository the default lifecycle: untagged images expire after 7 days, the newest 50 tagged are kept", () => {
                assert.deepEqual(r.ofType("aws:ecr/lifecyclePolicy:LifecyclePolicy").map((x) => r.inputs(x)), SERVICE_NAMES.map((s) => ({
                    repository: `${prefix}/${s}`,
                    policy: JSON.stringify(lifecyclePolicy({ keepTaggedImages: 50, untaggedImageExpiryDays: 7 })),
                })));
            });

            it("exports the environment, each repository's URL (where the platform's image references point) and the key's ARN", async () => {
                const region = platform.aws.region;
                const outputs = r.stackOutputs as { environment: string; repositoryUrls: Record<string, pulumi.Output<string>>; registryKeyArn: pulumi.Output<string> };
                assert.deepEqual(Object.keys(outputs).sort(), ["environment", "registryKeyArn", "repositoryUrls"]);
                assert.equal(outputs.environment, stack);
                assert.deepEqual(Object.fromEntries(await Promise.all(Object.entries(outputs.repositoryUrls).map(async ([s, url]) => [s, await valueOf(url)]))),
                    Object.fromEntries(SERVICE_NAMES.map((s) => [s, `123456789012.dkr.ecr.${region}.amazonaws.com/${prefix}/${s}`])));
                assert.equal(await valueOf(outputs.registryKeyArn), r.outputs(r.one("aws:kms/key:Key")).arn);
            });

            it("passes the policy pack under the stack's policy config without a single violation", () => {
                const report = evaluatePolicies(policies, PACK_ENFORCEMENT_LEVEL, readPolicyConfig(policyConfigPath(stack)), r.all.map(toResourceUnderTest));
                assert.deepEqual(report.violations, []);
            });
        });
    }

    it("keeps its stack files in step with the platform's: the same environment, region and tags", () => {
        for (const stack of ["dev", "prod"] as const) {
            const bootstrap = rawStackConfig(stack, BOOTSTRAP_PROJECT);
            const platform = rawStackConfig(stack);
            assert.deepEqual({ environment: bootstrap.environment, region: bootstrap.aws.region, tags: bootstrap.tags },
                { environment: platform.environment, region: platform.aws.region, tags: platform.tags }, stack);
        }
    });
});
