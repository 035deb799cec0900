import { CHART_DEFAULT_TAG, noAdapterMessage, releaseView } from "../lib/charts";
import { HELM_TYPES } from "../lib/kubernetes";
import { PackResourcePolicy, reasonedList } from "../lib/policy";
import { allowedRegistriesOf, ecrRegistryOf, imageRegistryProblem, REGISTRY_CONFIG_PROPERTIES, RegistryConfig } from "../lib/registries";
import { describe } from "../lib/resources";

interface Config extends RegistryConfig {
    requireDigest: boolean;
    tagPinnedCaches: string[];
    digestExemptions: { image: string; reason: string }[];
}

/** The image without its tag and digest, as digestExemptions name it. */
function imageName(image: string): string {
    const name = image.split("@")[0];
    const colon = name.lastIndexOf(":");
    return colon > name.lastIndexOf("/") ? name.slice(0, colon) : name;
}

/**
 * Whether `image` is in one of the stack's own ECR registries under a pull-through cache
 * prefix listed in tagPinnedCaches: the cache keeps the bytes of its first pull of a tag in a
 * repository with immutable tags, so there a tag pins one image.
 */
function inTagPinnedCache(image: string, registries: RegistryConfig["ecrRegistries"], caches: string[]): boolean {
    const slash = image.indexOf("/");
    const ecr = slash > 0 ? ecrRegistryOf(image.slice(0, slash)) : undefined;
    if (!ecr || !registries.some((r) => r.accountId === ecr.accountId && r.region === ecr.region)) return false;
    return caches.some((cache) => image.slice(slash + 1).startsWith(`${cache}/`));
}

/**
 * The pod gates never see a chart's pods: the images a chart runs are its values or its
 * defaults. They come from the same trusted registries as the platform's own pods and are
 * pinned the same way.
 */
export const kubernetesHelmRestrictChartImages: PackResourcePolicy = {
    name: "kubernetes-helm-restrict-chart-images",
    description: "Every image a Helm release runs (from its values or the chart's defaults, read by the chart's adapter) must come from the stack's own ECR registry or an allowed registry (the same ecrRegistries and allowedRegistries as the pod gate) and be pinned: never \"latest\", and with requireDigest a sha256 digest (or a tag in one of the tagPinnedCaches); a release of a chart without an adapter fails.",
    rationale: "The pod gates never see a chart's pods, so the images a chart runs must be held to the same registries and pinning from its values.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["security", "supply-chain", "kubernetes", "helm", "source:CIS EKS 5.1.4", "source:CKV_K8S_43", "source:GATES chart values adapters"],
    remediationSteps: "In the add-on's values (components/addons/<addon>/values.ts), set each image's registry/repository to this stack's ECR through a pull-through cache (components/shared/images.ts) and its tag and digest (`digest`/`sha`, or `image: <repo>:<tag>@sha256:<digest>` for extra containers); requireDigest is set per stack in policy-pack/config (true in prod); an image whose digest cannot be pinned is listed in digestExemptions with the reason and what compensates.",
    configSchema: {
        properties: {
            ...REGISTRY_CONFIG_PROPERTIES,
            requireDigest: {
                type: "boolean",
                default: false,
                description: "Every chart image must carry a sha256 digest, not only a tag (a chart's default tag included).",
            },
            tagPinnedCaches: {
                type: "array",
                items: { type: "string", minLength: 1 },
                default: [],
                description: "Repository prefixes of pull-through caches in the stack's own ECR registries (ecrRegistries) whose creation template makes tags immutable: requireDigest accepts an image there pinned by tag, since the cache keeps the bytes of the tag's first pull.",
            },
            digestExemptions: reasonedList({ image: "text" }, "Images (registry/repository, as the violation prints them, without tag) that requireDigest accepts pinned by tag, each with the reason no digest can be pinned and what compensates: { image, reason }. The registry rule and latest still apply."),
        },
    },
    validateResource: (args, reportViolation) => {
        if (!HELM_TYPES.includes(args.type)) return;
        const { chart, view } = releaseView(args.props);
        if (!view) {
            reportViolation(noAdapterMessage(describe(args), chart, "images"));
            return;
        }
        const config = args.getConfig<Config>();
        const { requireDigest, digestExemptions, tagPinnedCaches } = config;
        const tagOnly = new Set(digestExemptions.map((e) => e.image));
        const allowed = allowedRegistriesOf(config);
        for (const image of view.images) {
            const where = `${describe(args)} runs ${chart}'s ${image.component} from ${image.image} (${image.valuesPath})`;
            const problem = imageRegistryProblem(image.image, allowed);
            if (problem) reportViolation(`${where}: ${problem}.`);
            if (image.digest === undefined) {
                if (image.tag === "latest") reportViolation(`${where}, tagged latest; pin a version tag and digest.`);
                else if (requireDigest && !tagOnly.has(imageName(image.image)) && !inTagPinnedCache(image.image, config.ecrRegistries, tagPinnedCaches)) reportViolation(`${where} without a digest${image.tag === undefined ? ` (the tag is ${CHART_DEFAULT_TAG})` : ""}, which requireDigest demands.`);
            }
        }
    },
};
