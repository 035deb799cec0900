import { containerLabel } from "../lib/pods";
import { IGNORED_NAMESPACES_SCHEMA, judgedPod, podSecurityContext, POD_LEVEL, securityContextOf } from "../lib/pod-security";
import { PackResourcePolicy } from "../lib/policy";
import { describe } from "../lib/resources";

const isRoot = (user: unknown): boolean => user === 0 || user === "0";

/**
 * A process running as root in a container is root on the node the moment it escapes. The
 * kubelet refuses to start a container with runAsNonRoot: true whose user is 0, so that flag
 * (on the container, or inherited from the pod) makes the image's USER irrelevant; runAsUser 0
 * is refused outright. As Pod Security Admission does, a pod-level runAsNonRoot: false fails
 * even where every container overrides it.
 */
export const kubernetesPodRequireNonRoot: PackResourcePolicy = {
    name: "kubernetes-pod-require-non-root",
    description: "Every container, init container and ephemeral container of a pod must run with runAsNonRoot: true (its own, or the pod's when it sets none), no securityContext may set runAsNonRoot: false, and runAsUser must not be 0 at pod or container level.",
    rationale: "A process running as root in a container is root on the node the moment it escapes.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["security", "pod-security", "kubernetes", "source:PSS runAsNonRoot", "source:PSS runAsUser", "source:CKV_K8S_23"],
    remediationSteps: "Set the pod's securityContext to runAsNonRoot: true with a non-zero runAsUser (restrictedPodSecurity({ user: 10001 }) in components/addons/pod-security.ts does) in the workload's renderer or chart values, remove runAsNonRoot: false and runAsUser: 0 from every container, and build the image with a numeric non-root USER.",
    configSchema: { properties: { ignoredNamespaces: IGNORED_NAMESPACES_SCHEMA } },
    validateResource: (args, reportViolation) => {
        const pod = judgedPod(args);
        if (!pod) return;
        const podContext = podSecurityContext(pod);
        if (podContext.runAsNonRoot === false) reportViolation(`${describe(args)} sets runAsNonRoot: false in ${POD_LEVEL}.`);
        if (isRoot(podContext.runAsUser)) reportViolation(`${describe(args)} sets runAsUser: 0 (root) in ${POD_LEVEL}.`);
        for (const entry of pod.containers) {
            const context = securityContextOf(entry);
            const own = context.runAsNonRoot;
            if (own === false) {
                reportViolation(`${describe(args)} sets runAsNonRoot: false in ${containerLabel(entry)}.`);
            } else if (own !== true && podContext.runAsNonRoot !== true) {
                reportViolation(`${describe(args)} sets runAsNonRoot: true neither in ${containerLabel(entry)} nor in ${POD_LEVEL}, so ${containerLabel(entry)} may run as root.`);
            }
            if (isRoot(context.runAsUser)) reportViolation(`${describe(args)} sets runAsUser: 0 (root) in ${containerLabel(entry)}.`);
        }
    },
};
