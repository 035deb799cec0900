import { containerLabel } from "../lib/pods";
import { IGNORED_NAMESPACES_SCHEMA, judgedPod, securityContextOf } from "../lib/pod-security";
import { PackResourcePolicy } from "../lib/policy";
import { describe } from "../lib/resources";

/**
 * A privileged container has every capability and the node's devices, and escapes its
 * isolation with one command; nothing the platform runs needs it.
 */
export const kubernetesPodDisallowPrivileged: PackResourcePolicy = {
    name: "kubernetes-pod-disallow-privileged",
    description: "Pods (of Pods, Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs and CronJobs) must not run a container, init container or ephemeral container with securityContext.privileged: true.",
    rationale: "A privileged container has every capability and the node's devices and escapes its isolation with one command; nothing the platform runs needs it.",
    severity: "critical",
    enforcementLevel: "mandatory",
    tags: ["security", "pod-security", "kubernetes", "source:PSS privileged", "source:CIS EKS 4.2.1", "source:CKV_K8S_16"],
    remediationSteps: "Remove securityContext.privileged (or set it to false) on the container in the workload's renderer or chart values, and grant only the capability the process needs (the restricted standard allows adding NET_BIND_SERVICE); a component that truly needs host access runs in an ignored system namespace.",
    configSchema: { properties: { ignoredNamespaces: IGNORED_NAMESPACES_SCHEMA } },
    validateResource: (args, reportViolation) => {
        for (const entry of judgedPod(args)?.containers ?? []) {
            if (securityContextOf(entry).privileged === true) {
                reportViolation(`${describe(args)} runs ${containerLabel(entry)} privileged (securityContext.privileged: true), with every capability and the node's devices.`);
            }
        }
    },
};
