import { containerLabel, podOf } from "../lib/pods";
import { PackResourcePolicy } from "../lib/policy";
import { allowedRegistriesOf, REGISTRY_CONFIG_PROPERTIES, RegistryConfig, imageRegistryProblem } from "../lib/registries";
import { describe } from "../lib/resources";

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
    configSchema: { properties: REGISTRY_CONFIG_PROPERTIES },
    validateResource: (args, reportViolation) => {
        const pod = podOf(args.type, args.props);
        if (!pod) return;
        const allowed = allowedRegistriesOf(args.getConfig<RegistryConfig>());
        for (const entry of pod.containers) {
            const image = entry.container.image;
            if (typeof image !== "string" || image === "") continue;
            const problem = imageRegistryProblem(image, allowed);
            if (problem) reportViolation(`${describe(args)} runs ${containerLabel(entry)} from ${JSON.stringify(image)}: ${problem}.`);
        }
    },
};
