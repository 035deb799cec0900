import { CHART_DEFAULT_TAG, noAdapterMessage, releaseView } from "../lib/charts";
import { HELM_TYPES } from "../lib/kubernetes";
import { PackResourcePolicy } from "../lib/policy";
import { registryPatterns, unallowedImage } from "../lib/registries";
import { describe } from "../lib/resources";
import { kubernetesPodRestrictImageRegistries } from "./kubernetes-pod-restrict-image-registries";

interface Config {
    allowedRegistries: string[];
    requireDigest: boolean;
    digestExemptions: { image: string; reason: string }[];
}

/** The image without its tag and digest, as digestExemptions name it. */
function imageName(image: string): string {
    const name = image.split("@")[0];
    const colon = name.lastIndexOf(":");
    return colon > name.lastIndexOf("/") ? name.slice(0, colon) : name;
}

/** The pod gate's allow-list is the one list of trusted registries. */
const DEFAULT_REGISTRIES = (kubernetesPodRestrictImageRegistries.configSchema?.properties?.allowedRegistries as { default: string[] }).default;

/**
 * The pod gates never see a chart's pods: the images a chart runs are its values or its
 * defaults. They come from the same trusted registries as the platform's own pods and are
 * pinned the same way.
 */
export const kubernetesHelmRestrictChartImages: PackResourcePolicy = {
    name: "kubernetes-helm-restrict-chart-images",
    description: "Every image a Helm release runs (from its values or the chart's defaults, read by the chart's adapter) must come from an allowed registry (the pod gate's allow-list) and be pinned: never \"latest\", and with requireDigest a sha256 digest; a release of a chart without an adapter fails.",
    rationale: "The pod gates never see a chart's pods, so the images a chart runs must be held to the same registries and pinning from its values.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["security", "supply-chain", "kubernetes", "helm", "source:CIS EKS 5.1.4", "source:CKV_K8S_43", "source:GATES chart values adapters"],
    remediationSteps: "In the add-on's values (components/addons/<addon>/values.ts), set each image's registry/repository to an allowed registry (a mirror in the account's ECR, or the upstream registry once it is in allowedRegistries after review) and its tag and digest (`digest`/`sha`, or `image: <repo>:<tag>@sha256:<digest>` for extra containers); requireDigest is set per stack in policy-pack/config (true in prod); an image whose digest cannot be pinned is listed in digestExemptions with the reason and what compensates.",
    configSchema: {
        properties: {
            allowedRegistries: {
                type: "array",
                items: { type: "string", minLength: 1 },
                default: DEFAULT_REGISTRIES,
                description: "Regular expressions of which a fully qualified image reference must match one; by default the list of kubernetes-pod-restrict-image-registries.",
            },
            requireDigest: {
                type: "boolean",
                default: false,
                description: "Every chart image must carry a sha256 digest, not only a tag (a chart's default tag included).",
            },
            digestExemptions: {
                type: "array",
                items: {
                    type: "object",
                    properties: { image: { type: "string", minLength: 1 }, reason: { type: "string", minLength: 1 } },
                    required: ["image", "reason"],
                    additionalProperties: false,
                },
                default: [],
                description: "Images (registry/repository, as the violation prints them, without tag) that requireDigest accepts pinned by tag, each with the reason no digest can be pinned and what compensates: { image, reason }. The registry rule and latest still apply.",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        if (!HELM_TYPES.includes(args.type)) return;
        const { chart, view } = releaseView(args.props);
        if (!view) {
            reportViolation(noAdapterMessage(describe(args), chart, "images"));
            return;
        }
        const { allowedRegistries, requireDigest, digestExemptions } = args.getConfig<Config>();
        const tagOnly = new Set(digestExemptions.map((e) => e.image));
        const patterns = registryPatterns(allowedRegistries);
        for (const image of view.images) {
            const where = `${describe(args)} runs ${chart}'s ${image.component} from ${image.image} (${image.valuesPath})`;
            const reference = unallowedImage(image.image, patterns);
            if (reference !== undefined) reportViolation(`${where}, which is not in an allowed registry (${reference}).`);
            if (image.digest === undefined) {
                if (image.tag === "latest") reportViolation(`${where}, tagged latest; pin a version tag and digest.`);
                else if (requireDigest && !tagOnly.has(imageName(image.image))) reportViolation(`${where} without a digest${image.tag === undefined ? ` (the tag is ${CHART_DEFAULT_TAG})` : ""}, which requireDigest demands.`);
            }
        }
    },
};
