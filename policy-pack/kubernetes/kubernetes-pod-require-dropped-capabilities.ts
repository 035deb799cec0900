import { containerLabel } from "../lib/pods";
import { IGNORED_NAMESPACES_SCHEMA, judgedPod, mapContainers, PodSecurityConfig, remediatePod, securityContextOf } from "../lib/pod-security";
import { PackResourcePolicy } from "../lib/policy";
import { describe } from "../lib/resources";

interface Config extends PodSecurityConfig {
    allowedCapabilities: string[];
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);

/** A container's capabilities.drop and capabilities.add. */
function capabilitiesOf(securityContext: Record<string, any>): { drop: string[]; add: string[] } {
    return { drop: strings(securityContext.capabilities?.drop), add: strings(securityContext.capabilities?.add) };
}

/**
 * The container runtime's default capability set (CHOWN, DAC_OVERRIDE, NET_RAW, SETUID, ...)
 * lets a compromised process spoof packets or take over files; a container drops them all and
 * adds back only what it needs. Names are compared exactly, as Pod Security Admission does, so
 * "CAP_NET_BIND_SERVICE" or "all" are not the capabilities it accepts.
 */
export const kubernetesPodRequireDroppedCapabilities: PackResourcePolicy = {
    name: "kubernetes-pod-require-dropped-capabilities",
    description: "Every container, init container and ephemeral container of a pod must drop ALL capabilities (securityContext.capabilities.drop) and add back only the allowed ones (by default NET_BIND_SERVICE).",
    rationale: "The runtime's default capabilities let a compromised process spoof packets or take over files, so a container drops them all and adds back only what it needs.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["security", "pod-security", "kubernetes", "source:PSS capabilities_restricted", "source:CKV_K8S_28", "source:CKV_K8S_37"],
    remediationSteps: "Set securityContext.capabilities: { drop: [\"ALL\"] } on every container in the workload's renderer or chart values (restrictedContainerSecurity in components/addons/pod-security.ts does), with add: [\"NET_BIND_SERVICE\"] only for a process that binds a port below 1024. Remediation adds ALL to capabilities.drop where it is missing; added capabilities are left for a person to remove.",
    configSchema: {
        properties: {
            ignoredNamespaces: IGNORED_NAMESPACES_SCHEMA,
            allowedCapabilities: {
                type: "array",
                items: { type: "string", minLength: 1 },
                default: ["NET_BIND_SERVICE"],
                description: "Capabilities a container may add after dropping ALL (the restricted Pod Security Standard allows only NET_BIND_SERVICE).",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        const { allowedCapabilities } = args.getConfig<Config>();
        for (const entry of judgedPod(args)?.containers ?? []) {
            const { drop, add } = capabilitiesOf(securityContextOf(entry));
            if (!drop.includes("ALL")) {
                reportViolation(`${describe(args)} does not drop ALL capabilities in ${containerLabel(entry)} (securityContext.capabilities.drop), so it keeps the container runtime's default set.`);
            }
            const forbidden = add.filter((c) => !allowedCapabilities.includes(c));
            if (forbidden.length > 0) {
                const allowed = allowedCapabilities.length > 0 ? `only ${allowedCapabilities.join(", ")} may be added` : "no capability may be added";
                reportViolation(`${describe(args)} adds ${forbidden.join(", ")} to ${containerLabel(entry)}; ${allowed}.`);
            }
        }
    },
    remediateResource: (args) => remediatePod(args, (pod) => mapContainers(pod.spec, (container) => {
        const securityContext = container.securityContext ?? {};
        const { drop } = capabilitiesOf(securityContext);
        if (drop.includes("ALL")) return undefined;
        return { ...container, securityContext: { ...securityContext, capabilities: { ...securityContext.capabilities, drop: [...drop, "ALL"] } } };
    })),
};
