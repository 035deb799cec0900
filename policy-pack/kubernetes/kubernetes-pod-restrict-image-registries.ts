import { containerLabel, podOf } from "../lib/pods";
import { PackResourcePolicy } from "../lib/policy";
import { registryPatterns, unallowedImage } from "../lib/registries";
import { describe } from "../lib/resources";

interface Config {
    allowedRegistries: string[];
}

/**
 * What a pod runs is whatever its registry serves under that name: the account's ECR
 * (scanned on push, immutable tags) and the upstream projects' own registries are trusted,
 * a typo-squatted or abandoned Docker Hub account is not.
 */
export const kubernetesPodRestrictImageRegistries: PackResourcePolicy = {
    name: "kubernetes-pod-restrict-image-registries",
    description: "Every container image of pods (of Pods, Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs and CronJobs) must come from an allowed registry: its fully qualified reference (\"redis:8\" is docker.io/library/redis:8) must match one of the allowedRegistries patterns.",
    rationale: "A pod runs whatever its registry serves under that name, so images come only from the account's scanned ECR and the upstream projects' own registries.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["security", "supply-chain", "kubernetes", "source:CIS EKS 5.1.4"],
    remediationSteps: "Push the image to the stack's ECR repository (components/registry) and reference it by its full ECR URL in the workload's renderer, or use the official image from Docker Hub (docker.io/library/...) or registry.k8s.io; a further trusted registry is added to allowedRegistries in the policy config as an anchored regular expression after review.",
    configSchema: {
        properties: {
            allowedRegistries: {
                type: "array",
                items: { type: "string", minLength: 1 },
                default: [
                    "^\\d{12}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com/",
                    "^docker\\.io/library/",
                    "^registry\\.k8s\\.io/",
                    // Redis's metrics exporter: one repository, not the whole registry.
                    "^ghcr\\.io/oliver006/redis_exporter[:@]",
                ],
                description: "Regular expressions (JavaScript syntax; anchor them with ^) of which a fully qualified image reference, <registry>/<repository>[:<tag>][@<digest>], must match one.",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        const pod = podOf(args.type, args.props);
        if (!pod) return;
        const patterns = registryPatterns(args.getConfig<Config>().allowedRegistries);
        for (const entry of pod.containers) {
            const image = entry.container.image;
            if (typeof image !== "string" || image === "") continue;
            const reference = unallowedImage(image, patterns);
            if (reference !== undefined) {
                reportViolation(`${describe(args)} runs ${containerLabel(entry)} from ${JSON.stringify(image)} (${reference}), which is not in an allowed registry.`);
            }
        }
    },
};
