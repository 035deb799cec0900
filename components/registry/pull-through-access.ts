import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsAccount } from "../shared/aws-account";
import { PolicyDocument, policyDocument } from "../shared/iam";
import { CACHE_NAMES } from "../shared/images";
import { componentType } from "../shared/naming";

/**
 * What a puller needs beyond ECR's pull actions (the node role's AmazonEC2ContainerRegistryReadOnly)
 * to pull through a cache: the first pull of an image creates its repository under the cache's
 * prefix and imports the image from upstream. Only under the caches' prefixes, so the nodes can
 * neither create nor fill any other repository, the services' own included.
 */
export function pullThroughCachePolicy(scope: { partition: string; region: string; accountId: string }): PolicyDocument {
    const { partition, region, accountId } = scope;
    return policyDocument({
        Sid: "PullThroughCache", Effect: "Allow",
        Action: ["ecr:BatchImportUpstreamImage", "ecr:CreateRepository"],
        Resource: CACHE_NAMES.map((cache) => `arn:${partition}:ecr:${region}:${accountId}:repository/${cache}/*`),
    });
}

export interface PullThroughCacheAccessArgs {
    /** The name of the role the kubelet pulls images with (the node role). */
    roleName: pulumi.Input<string>;
}

/**
 * The pull-through permission as an inline policy of its own on the node role, named by the
 * role's name: the role keeps its managed policies, and the cache's permission lives with the
 * caches (components/shared/images.ts).
 */
export class PullThroughCacheAccess extends pulumi.ComponentResource {
    constructor(name: string, args: PullThroughCacheAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentType("registry", "PullThroughCacheAccess"), name, {}, opts);
        const account = awsAccount(this);
        new aws.iam.RolePolicy(`${name}-pull-through-cache`, {
            role: args.roleName,
            policy: pulumi.all([account.partition, account.region, account.accountId]).apply(([partition, region, accountId]) =>
                JSON.stringify(pullThroughCachePolicy({ partition, region, accountId }))),
        }, { parent: this });
        this.registerOutputs({});
    }
}

/** A role's name from its ARN (`arn:<partition>:iam::<account>:role[/<path>]/<name>`). */
export function roleNameOf(roleArn: string): string {
    const name = roleArn.split("/").pop();
    if (!name || !/^arn:[\w-]+:iam::\d{12}:role\//.test(roleArn)) throw new Error(`${JSON.stringify(roleArn)} is not an IAM role ARN`);
    return name;
}
