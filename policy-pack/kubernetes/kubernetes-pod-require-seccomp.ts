import { containerLabel } from "../lib/pods";
import { IGNORED_NAMESPACES_SCHEMA, judgedPod, podSecurityContext, POD_LEVEL, remediatePod, securityContextOf } from "../lib/pod-security";
import { PackResourcePolicy } from "../lib/policy";
import { describe } from "../lib/resources";

const ALLOWED_TYPES = ["RuntimeDefault", "Localhost"];

const isSet = (profile: unknown): boolean => profile !== undefined && profile !== null;

/**
 * Without a seccomp profile a container may call every system call of the node's kernel, the
 * usual way out of a container. The pod-level profile covers every container that sets none;
 * a container may choose its own allowed profile, never Unconfined.
 */
export const kubernetesPodRequireSeccomp: PackResourcePolicy = {
    name: "kubernetes-pod-require-seccomp",
    description: "Pods must set seccompProfile type RuntimeDefault or Localhost in the pod's securityContext or on every container, init container and ephemeral container, and no securityContext may set another type (Unconfined).",
    rationale: "Without a seccomp profile a container may make every system call of the node's kernel, the usual way out of a container.",
    severity: "medium",
    enforcementLevel: "mandatory",
    tags: ["security", "pod-security", "kubernetes", "source:PSS seccompProfile_restricted", "source:CKV_K8S_31"],
    remediationSteps: "Set seccompProfile: { type: \"RuntimeDefault\" } in the pod's securityContext in the workload's renderer or chart values (restrictedPodSecurity in components/addons/pod-security.ts does), and remove any Unconfined profile from the containers. Remediation sets the pod-level RuntimeDefault when the pod sets no profile and a container lacks one; an explicit Unconfined is left for a person.",
    configSchema: { properties: { ignoredNamespaces: IGNORED_NAMESPACES_SCHEMA } },
    validateResource: (args, reportViolation) => {
        const pod = judgedPod(args);
        if (!pod) return;
        const podProfile = podSecurityContext(pod).seccompProfile;
        const podAllowed = isSet(podProfile) && ALLOWED_TYPES.includes(podProfile.type);
        if (isSet(podProfile) && !podAllowed) {
            reportViolation(`${describe(args)} sets seccompProfile type ${JSON.stringify(podProfile.type)} in ${POD_LEVEL}; only RuntimeDefault or Localhost are allowed.`);
        }
        for (const entry of pod.containers) {
            const profile = securityContextOf(entry).seccompProfile;
            if (isSet(profile)) {
                if (!ALLOWED_TYPES.includes(profile.type)) reportViolation(`${describe(args)} sets seccompProfile type ${JSON.stringify(profile.type)} in ${containerLabel(entry)}; only RuntimeDefault or Localhost are allowed.`);
            } else if (!podAllowed) {
                reportViolation(`${describe(args)} sets no seccompProfile for ${containerLabel(entry)} and no allowed one in ${POD_LEVEL}, so it may call any system call.`);
            }
        }
    },
    remediateResource: (args) => remediatePod(args, (pod) => {
        const podContext = podSecurityContext(pod);
        if (isSet(podContext.seccompProfile)) return undefined;
        if (pod.containers.every((entry) => isSet(securityContextOf(entry).seccompProfile))) return undefined;
        return { ...pod.spec, securityContext: { ...podContext, seccompProfile: { type: "RuntimeDefault" } } };
    }),
};
