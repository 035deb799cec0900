import { Container, containerLabel } from "../lib/pods";
import { IGNORED_NAMESPACES_SCHEMA, judgedPod, mapContainers, remediatePod, securityContextOf } from "../lib/pod-security";
import { PackResourcePolicy } from "../lib/policy";
import { describe } from "../lib/resources";

/**
 * The API server refuses allowPrivilegeEscalation: false on a privileged container or one that
 * adds CAP_SYS_ADMIN, so remediation leaves those for a person (and the privileged gate).
 */
function escalatesAnyway(container: Container): boolean {
    const securityContext = container.securityContext ?? {};
    const added: unknown[] = Array.isArray(securityContext.capabilities?.add) ? securityContext.capabilities.add : [];
    return securityContext.privileged === true || added.some((c) => c === "SYS_ADMIN" || c === "CAP_SYS_ADMIN");
}

/**
 * Without allowPrivilegeEscalation: false (no_new_privs), a setuid binary or file capability in
 * the image gives a non-root process more privileges than it started with. Kubernetes defaults
 * the field to true, so only an explicit false counts.
 */
export const kubernetesPodDisallowPrivilegeEscalation: PackResourcePolicy = {
    name: "kubernetes-pod-disallow-privilege-escalation",
    description: "Every container, init container and ephemeral container of a pod must set securityContext.allowPrivilegeEscalation: false explicitly.",
    rationale: "Without no_new_privs a setuid binary in the image gives a non-root process more privileges than it started with, and Kubernetes allows it unless told otherwise.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["security", "pod-security", "kubernetes", "source:PSS allowPrivilegeEscalation", "source:CIS EKS 4.2.5", "source:CKV_K8S_20"],
    remediationSteps: "Set securityContext.allowPrivilegeEscalation: false on every container in the workload's renderer or chart values (RESTRICTED_CONTAINER and restrictedContainerSecurity in components/addons/pod-security.ts do). Remediation sets it where it is unset; an explicit true, a privileged container or one adding SYS_ADMIN is left for a person.",
    configSchema: { properties: { ignoredNamespaces: IGNORED_NAMESPACES_SCHEMA } },
    validateResource: (args, reportViolation) => {
        for (const entry of judgedPod(args)?.containers ?? []) {
            const value = securityContextOf(entry).allowPrivilegeEscalation;
            if (value === false) continue;
            reportViolation(value === undefined || value === null
                ? `${describe(args)} does not set allowPrivilegeEscalation: false in ${containerLabel(entry)}, and Kubernetes defaults it to true.`
                : `${describe(args)} sets allowPrivilegeEscalation: ${JSON.stringify(value)} in ${containerLabel(entry)}; it must be false.`);
        }
    },
    remediateResource: (args) => remediatePod(args, (pod) => mapContainers(pod.spec, (container) => {
        const securityContext = container.securityContext ?? {};
        if (securityContext.allowPrivilegeEscalation !== undefined && securityContext.allowPrivilegeEscalation !== null) return undefined;
        if (escalatesAnyway(container)) return undefined;
        return { ...container, securityContext: { ...securityContext, allowPrivilegeEscalation: false } };
    })),
};
