import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { componentType } from "../shared/naming";

export interface LifecycleRules {
    keepTaggedImages: number;
    untaggedImageExpiryDays: number;
}

/** ECR lifecycle: untagged layers expire after some days; tagged images beyond the newest N expire. */
export function lifecyclePolicy(rules: LifecycleRules) {
    return {
        rules: [
            {
                rulePriority: 1,
                description: `Expire untagged images after ${rules.untaggedImageExpiryDays} days`,
                selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: rules.untaggedImageExpiryDays },
                action: { type: "expire" },
            },
            {
                rulePriority: 2,
                description: `Keep the newest ${rules.keepTaggedImages} tagged images`,
                selection: { tagStatus: "tagged", tagPatternList: ["*"], countType: "imageCountMoreThan", countNumber: rules.keepTaggedImages },
                action: { type: "expire" },
            },
        ],
    };
}

/** The repository of `image` in the registry named `registry`: `signal-trading-prod/gateway`. */
export function repositoryName(registry: string, image: string): string {
    return `${registry}/${image}`;
}

export interface ContainerRegistryArgs {
    /** One repository per image, named `<component name>/<image>`. */
    images: readonly string[];
    lifecycle: LifecycleRules;
    kmsKeyArn: pulumi.Input<string>;
}

/**
 * The ECR repositories of the services' images: scanned on push, tags immutable (a tag
 * always means the same image, so a rollback is exact), encrypted with the registry key,
 * and pruned by a lifecycle policy.
 */
export class ContainerRegistry extends pulumi.ComponentResource {
    readonly repositoryUrls: Record<string, pulumi.Output<string>>;

    constructor(name: string, args: ContainerRegistryArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentType("registry", "ContainerRegistry"), name, {}, opts);
        this.repositoryUrls = {};
        for (const image of args.images) {
            const repository = new aws.ecr.Repository(`${name}-${image}`, {
                name: repositoryName(name, image),
                imageTagMutability: "IMMUTABLE",
                imageScanningConfiguration: { scanOnPush: true },
                encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: args.kmsKeyArn }],
                forceDelete: false, // the images are the releases a rollback needs: destroy stops at a repository that holds any
                tags: { Name: repositoryName(name, image) },
            }, { parent: this });
            new aws.ecr.LifecyclePolicy(`${name}-${image}`, {
                repository: repository.name,
                policy: JSON.stringify(lifecyclePolicy(args.lifecycle)),
            }, { parent: this });
            this.repositoryUrls[image] = repository.repositoryUrl;
        }
        this.registerOutputs({ repositoryUrls: this.repositoryUrls });
    }
}
