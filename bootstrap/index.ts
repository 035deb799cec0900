/**
 * The bootstrap of an environment: what must exist before the platform's first `up`, created
 * once (`pulumi up` in bootstrap/) through a provider with the platform's default tags. Today
 * that is the services' ECR repositories and their KMS key: the release pipeline pushes the
 * images there, and only then can the platform's pods pull them.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { EncryptionKey } from "../components/kms/encryption-key";
import { ContainerRegistry } from "../components/registry/registry";
import { resourcePrefix } from "../components/shared/naming";
import { defaultTags } from "../components/shared/tags";
import { SERVICE_NAMES } from "../stacks/config/schema";
import { loadBootstrapConfig } from "./config";

const config = loadBootstrapConfig();
const prefix = resourcePrefix(config.environment);
const tags = defaultTags({ owner: config.tags.owner, costCenter: config.tags.costCenter, environment: config.environment, extra: config.tags.extra });
const provider = new aws.Provider("aws", { region: config.aws.region as aws.Region, defaultTags: { tags } });
const opts: pulumi.ComponentResourceOptions = { providers: { aws: provider } };

// Repositories named signal-trading-<environment>/<service>, which the platform's image references name.
const registryKey = new EncryptionKey(`${prefix}-registry`, { description: "Container images in ECR", deletionWindowDays: config.kms.deletionWindowDays }, opts);
const registry = new ContainerRegistry(prefix, { images: SERVICE_NAMES, lifecycle: config.registry, kmsKeyArn: registryKey.arn }, opts);

export const environment = config.environment;
/** Where the release pipeline pushes each service's image: `docker push <url>:<tag>`. */
export const repositoryUrls = registry.repositoryUrls;
export const registryKeyArn = registryKey.arn;
