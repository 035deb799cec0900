import { containerLabel } from "../lib/pods";
import { IGNORED_NAMESPACES_SCHEMA, judgedPod, securityContextOf } from "../lib/pod-security";
import { PackResourcePolicy } from "../lib/policy";
import { describe } from "../lib/resources";

/**
 * A read-only root filesystem keeps an attacker from dropping tools or changing binaries in a
 * running container; the process writes only to the volumes it mounts. Advisory, because some
 * images write to paths that first need an emptyDir.
 */
export const kubernetesPodRequireReadOnlyRootFilesystem: PackResourcePolicy = {
    name: "kubernetes-pod-require-read-only-root-filesystem",
    description: "Every container, init container and ephemeral container of a pod should set securityContext.readOnlyRootFilesystem: true.",
    rationale: "A read-only root filesystem keeps an attacker from dropping tools or changing binaries in a running container.",
    severity: "medium",
    enforcementLevel: "advisory",
    tags: ["security", "pod-security", "kubernetes", "source:CKV_K8S_22", "source:KL no-read-only-root-fs"],
    remediationSteps: "Set securityContext.readOnlyRootFilesystem: true on the container in the workload's renderer or chart values (RESTRICTED_CONTAINER in components/addons/pod-security.ts does), and mount an emptyDir at each path the process writes to (/tmp, caches).",
    configSchema: { properties: { ignoredNamespaces: IGNORED_NAMESPACES_SCHEMA } },
    validateResource: (args, reportViolation) => {
        for (const entry of judgedPod(args)?.containers ?? []) {
            if (securityContextOf(entry).readOnlyRootFilesystem !== true) {
                reportViolation(`${describe(args)} does not set readOnlyRootFilesystem: true in ${containerLabel(entry)}, so the process can write to its image's filesystem.`);
            }
        }
    },
};
