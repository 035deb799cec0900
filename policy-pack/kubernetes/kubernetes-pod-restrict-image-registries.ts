import { parseImage, qualifiedImage } from "../lib/access";
import { containerLabel, podOf } from "../lib/pods";
import { PackResourcePolicy } from "../lib/policy";
import { describe } from "../lib/resources";

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

interface Config {
    ecrRegistries: EcrRegistry[];
    allowedRegistries: string[];
}

/** `<account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]`, the whole host: anything after it is another host. */
const ECR_HOST = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com(?:\.cn)?$/;

/** The account and region of a private ECR registry host, or undefined for any other host. */
export function ecrRegistryOf(host: string): EcrRegistry | undefined {
    const match = ECR_HOST.exec(host.toLowerCase());
    return match ? { accountId: match[1], region: match[2] } : undefined;
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

function allowedOf(config: Config): AllowedRegistries {
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

/**
 * What a pod runs is whatever its registry serves under that name: this stack's own ECR
 * registry (the services' repositories, scanned on push with immutable tags, and the
 * pull-through caches of every third-party image) is trusted, another account's ECR, another
 * region's, a look-alike host or a public registry is not.
 */
export const kubernetesPodRestrictImageRegistries: PackResourcePolicy = {
    name: "kubernetes-pod-restrict-image-registries",
    description: "Every container image of pods (of Pods, Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs and CronJobs) must come from the stack's own ECR registry (ecrRegistries: exactly that account and region), or from a registry outside ECR that an allowedRegistries pattern names; \"redis:8\" is docker.io/library/redis:8.",
    rationale: "A pod runs whatever its registry serves under that name, so images come only from the stack's own scanned ECR, third-party images through its pull-through caches.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["security", "supply-chain", "kubernetes", "source:CIS EKS 5.1.4"],
    remediationSteps: "Reference the image in this stack's ECR registry: a service's image from its repository (components/registry), a third-party image through the account's pull-through cache as <account>.dkr.ecr.<region>.amazonaws.com/<cache prefix>/<upstream path> (components/shared/images.ts). ecrRegistries in the policy config names the stack's account and region; a registry outside ECR is added to allowedRegistries as an anchored regular expression only after review.",
    configSchema: {
        properties: {
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
        },
    },
    validateResource: (args, reportViolation) => {
        const pod = podOf(args.type, args.props);
        if (!pod) return;
        const allowed = allowedOf(args.getConfig<Config>());
        for (const entry of pod.containers) {
            const image = entry.container.image;
            if (typeof image !== "string" || image === "") continue;
            const problem = imageRegistryProblem(image, allowed);
            if (problem) reportViolation(`${describe(args)} runs ${containerLabel(entry)} from ${JSON.stringify(image)}: ${problem}.`);
        }
    },
};
