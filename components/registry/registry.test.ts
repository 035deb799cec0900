import { strict as assert } from "node:assert";
import { Registrations, registrationsOf } from "../../test/harness";
import { valueOf } from "../../test/outputs";
import { ContainerRegistry, lifecyclePolicy } from "./registry";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/registry";
const IMAGES = ["gateway", "data", "signal", "ml"];

describe("ECR lifecycle policy", () => {
    it("expires untagged images after the configured days, then tagged images beyond the newest N", () => {
        assert.deepEqual(lifecyclePolicy({ keepTaggedImages: 30, untaggedImageExpiryDays: 7 }), {
            rules: [
                {
                    rulePriority: 1,
                    description: "Expire untagged images after 7 days",
                    selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 7 },
                    action: { type: "expire" },
                },
                {
                    rulePriority: 2,
                    description: "Keep the newest 30 tagged images",
                    selection: { tagStatus: "tagged", tagPatternList: ["*"], countType: "imageCountMoreThan", countNumber: 30 },
                    action: { type: "expire" },
                },
            ],
        });
    });
});

describe("ContainerRegistry component", () => {
    let r: Registrations;
    let registry: ContainerRegistry;
    before(async () => {
        r = await registrationsOf(() => {
            registry = new ContainerRegistry("signal-trading-prod", { images: IMAGES, lifecycle: { keepTaggedImages: 50, untaggedImageExpiryDays: 14 }, kmsKeyArn: KEY });
        });
    });

    it("registers as signal-trading:registry:ContainerRegistry and parents every repository and policy to itself", () => {
        const component = r.one("signal-trading:registry:ContainerRegistry", "signal-trading-prod");
        const children = r.all.filter((x) => x !== component);
        assert.equal(children.length, 8);
        for (const child of children) assert.equal(child.parent, component.urn, child.name);
    });

    it("creates one repository per image, named <name>/<image>", () => {
        assert.deepEqual(r.ofType("aws:ecr/repository:Repository").map((repo) => r.inputs(repo).name), IMAGES.map((image) => `signal-trading-prod/${image}`));
    });

    it("makes every repository's tags immutable, scans on push and encrypts with the registry key", () => {
        for (const repository of r.ofType("aws:ecr/repository:Repository")) {
            const inputs = r.inputs(repository);
            assert.equal(inputs.imageTagMutability, "IMMUTABLE", repository.name);
            assert.deepEqual(inputs.imageScanningConfiguration, { scanOnPush: true }, repository.name);
            assert.deepEqual(inputs.encryptionConfigurations, [{ encryptionType: "KMS", kmsKey: KEY }], repository.name);
            assert.equal(inputs.forceDelete, false, repository.name);
        }
    });

    it("gives every repository the lifecycle policy of the configured rules", () => {
        const policies = r.ofType("aws:ecr/lifecyclePolicy:LifecyclePolicy");
        assert.deepEqual(policies.map((p) => r.inputs(p).repository), IMAGES.map((image) => `signal-trading-prod/${image}`));
        for (const policy of policies) {
            assert.deepEqual(JSON.parse(r.inputs(policy).policy), lifecyclePolicy({ keepTaggedImages: 50, untaggedImageExpiryDays: 14 }));
        }
    });

    it("exposes each image's repository URL", async () => {
        assert.deepEqual(Object.keys(registry.repositoryUrls), IMAGES);
        assert.equal(await valueOf(registry.repositoryUrls.ml), "123456789012.dkr.ecr.us-east-1.amazonaws.com/signal-trading-prod/ml");
    });
});
