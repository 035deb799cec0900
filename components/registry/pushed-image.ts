import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ecrRegistryHost } from "../shared/images";

export interface PushedImageArgs {
    /** Where the image is configured, named in the error: `signal-trading:services.gateway.image`. */
    configPath: string;
    repositoryName: string;
    /** The configured image: the digest is looked up when one is pinned, else the tag. */
    image: { tag: string; digest?: string };
}

/** `<registry id>.dkr.ecr.<region>.<DNS suffix>/<repository>`, the host ECR serves a repository's images from. */
export function ecrRepositoryUrl(registry: { registryId: string; region: string; dnsSuffix: string }, repositoryName: string): string {
    return `${ecrRegistryHost({ accountId: registry.registryId, region: registry.region, dnsSuffix: registry.dnsSuffix })}/${repositoryName}`;
}

/** Why the run stops when ECR does not hold a configured image: the key to fix, what to do, and ECR's own words. */
export function missingImageMessage(args: PushedImageArgs, awsMessage: string): string {
    const { configPath, repositoryName, image } = args;
    const [field, value, remedy] = image.digest
        ? ["digest", image.digest, "push it, then set the digest"]
        : ["tag", image.tag, "push it with this tag"];
    return `${configPath}.${field}: ${value} is not in ECR repository ${repositoryName} (${remedy}) — ${awsMessage.replace(/\s+/g, " ").trim()}`;
}

/**
 * The URL of the image's ECR repository, known only once ECR has answered that it holds the
 * configured image (a read-only `ecr:DescribeImages`). Whatever pulls the image takes its
 * reference from this URL, so it is not created before the lookup succeeds, and a missing
 * image fails the run within seconds, at preview, naming the config key, instead of after a
 * rollout that waits on ErrImagePull.
 */
export function pushedImageRepositoryUrl(args: PushedImageArgs, opts: pulumi.InvokeOptions): pulumi.Output<string> {
    const query = args.image.digest ? { imageDigest: args.image.digest } : { imageTag: args.image.tag };
    const found = aws.ecr.getImage({ repositoryName: args.repositoryName, ...query }, opts).catch((error: unknown) => {
        throw new pulumi.RunError(missingImageMessage(args, error instanceof Error ? error.message : String(error)));
    });
    const region = aws.getRegion({}, opts);
    const partition = aws.getPartition({}, opts);
    return pulumi.output(Promise.all([found, region, partition]).then(([image, { region }, { dnsSuffix }]) =>
        ecrRepositoryUrl({ registryId: image.registryId, region, dnsSuffix }, image.repositoryName)));
}
