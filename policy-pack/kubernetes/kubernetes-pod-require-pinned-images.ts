import { parseImage } from "../lib/access";
import { containerLabel, podOf } from "../lib/pods";
import { PackResourcePolicy } from "../lib/policy";
import { describe } from "../lib/resources";

interface Config {
    requireDigest: boolean;
}

const SHA256_DIGEST = /^sha256:[0-9a-f]{64}$/;

/**
 * A tag is a pointer the registry owner may move, and `latest` (or no tag, which means
 * latest) moves with every push: nodes then run different code under one spec, and a
 * rollback has nothing to return to. A digest names the bytes themselves.
 */
export const kubernetesPodRequirePinnedImages: PackResourcePolicy = {
    name: "kubernetes-pod-require-pinned-images",
    description: "Every container image of pods (of Pods, Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs and CronJobs) must name an explicit tag other than \"latest\", or a digest; with requireDigest, every image must carry a digest @sha256:<64 hex digits>.",
    rationale: "A tag is a pointer its owner may move, so nodes could run different code under one spec and a rollback would have nothing to return to.",
    severity: "medium",
    enforcementLevel: "mandatory",
    tags: ["supply-chain", "reliability", "kubernetes", "source:CKV_K8S_14", "source:CKV_K8S_43", "source:KL latest-tag"],
    remediationSteps: "In the workload's renderer, reference the image by its release tag and digest (`<repository>:<version>@sha256:<digest>`, the digest from the ECR push or `crane digest`); never use `latest` or leave the tag out. requireDigest is set per stack in policy-pack/config (true in prod).",
    configSchema: {
        properties: {
            requireDigest: {
                type: "boolean",
                default: false,
                description: "Every image must carry a sha256 digest, not only a tag.",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        const pod = podOf(args.type, args.props);
        if (!pod) return;
        const { requireDigest } = args.getConfig<Config>();
        for (const entry of pod.containers) {
            const image = entry.container.image;
            const where = `${describe(args)} runs ${containerLabel(entry)}`;
            if (typeof image !== "string" || image === "") {
                reportViolation(`${where} without an image.`);
                continue;
            }
            const { tag, digest } = parseImage(image);
            if (digest !== undefined && !SHA256_DIGEST.test(digest)) {
                reportViolation(`${where} from ${JSON.stringify(image)}, whose digest is not sha256:<64 hex digits>.`);
            } else if (requireDigest && digest === undefined) {
                reportViolation(`${where} from ${JSON.stringify(image)} without a digest (@sha256:<64 hex digits>), which requireDigest demands.`);
            } else if (digest === undefined && (tag === undefined || tag === "latest")) {
                reportViolation(`${where} from ${JSON.stringify(image)}, ${tag === undefined ? "which has no tag and so pulls latest" : "tagged latest"}; pin a version tag or a digest.`);
            }
        }
    },
};
