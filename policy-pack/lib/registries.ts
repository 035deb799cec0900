/**
 * Where images may come from, shared by the pod gate and the Helm chart image gate: the
 * stack's own ECR registries, judged by account and region, and registries outside ECR that
 * an allow-list pattern names, matched against the fully qualified reference ("redis:8" is
 * docker.io/library/redis:8).
 */
import { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { parseImage, qualifiedImage } from "./access";

/** A private ECR registry: the account and region its host names. */
export interface EcrRegistry {
    accountId: string;
    region: string;
}

/** What an image may come from: exactly these ECR registries, and registries outside ECR whose references match a pattern. */
export interface AllowedRegistries {
    ecr: EcrRegistry[];
    patterns: RegExp[];
}

/** The policy config both gates read: `ecrRegistries` and `allowedRegistries`. */
export interface RegistryConfig {
    ecrRegistries: EcrRegistry[];
    allowedRegistries: string[];
}

/** The JSON schema of RegistryConfig's two keys, one definition for both gates. */
export const REGISTRY_CONFIG_PROPERTIES: Record<keyof RegistryConfig, PolicyConfigJSONSchema> = {
    ecrRegistries: {
        type: "array",
        items: {
            type: "object",
            properties: {
                accountId: { type: "string", pattern: "^\\d{12}$" },
                region: { type: "string", pattern: "^[a-z]{2}(-[a-z]+)+-\\d+$" },
            },
            required: ["accountId", "region"],
            additionalProperties: false,
        },
        default: [],
        description: "The stack's own ECR registries, each an account and a region; an image from any other ECR registry fails, whatever allowedRegistries says.",
    },
    allowedRegistries: {
        type: "array",
        items: { type: "string", minLength: 1 },
        default: [],
        description: "Registries outside ECR, as regular expressions (JavaScript syntax; anchor them with ^) of which a fully qualified image reference, <registry>/<repository>[:<tag>][@<digest>], must match one.",
    },
};

/** `<account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]`, the whole host: anything after it is another host. */
const ECR_HOST = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com(?:\.cn)?$/;

/** The account and region of a private ECR registry host, or undefined for any other host. */
export function ecrRegistryOf(host: string): EcrRegistry | undefined {
    const match = ECR_HOST.exec(host.toLowerCase());
    return match ? { accountId: match[1], region: match[2] } : undefined;
}

/** The config as registries and compiled patterns; a bad pattern is a config error naming its index. */
export function allowedRegistriesOf(config: RegistryConfig): AllowedRegistries {
    return {
        ecr: config.ecrRegistries,
        patterns: config.allowedRegistries.map((source, index) => {
            try {
                return new RegExp(source);
            } catch (error) {
                throw new Error(`allowedRegistries[${index}] ${JSON.stringify(source)} is not a regular expression: ${(error as Error).message}`);
            }
        }),
    };
}

/** Why `image` may not run, or undefined when it comes from an allowed registry. */
export function imageRegistryProblem(image: string, allowed: AllowedRegistries): string | undefined {
    const reference = parseImage(image);
    const qualified = qualifiedImage(reference);
    const ecr = ecrRegistryOf(reference.registry);
    if (ecr) {
        // An ECR host is judged by its account and region only, so no pattern can let another account's registry in.
        if (allowed.ecr.some((r) => r.accountId === ecr.accountId && r.region === ecr.region)) return undefined;
        const expected = allowed.ecr.map((r) => `${r.accountId} in ${r.region}`).join(" or ") || "none configured";
        return `${qualified} is in the ECR registry of account ${ecr.accountId} in ${ecr.region}, not this stack's (${expected})`;
    }
    return allowed.patterns.some((pattern) => pattern.test(qualified)) ? undefined : `${qualified} is not in an allowed registry`;
}
