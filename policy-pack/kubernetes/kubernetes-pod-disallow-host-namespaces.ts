import { IGNORED_NAMESPACES_SCHEMA, judgedPod } from "../lib/pod-security";
import { PackResourcePolicy } from "../lib/policy";
import { describe } from "../lib/resources";

/** The host namespaces a pod may join, and what it then shares with the node. */
const HOST_NAMESPACES = { hostNetwork: "network", hostPID: "process ID", hostIPC: "IPC" } as const;

/**
 * A pod in the node's network, PID or IPC namespace sees (and can reach) every other pod's
 * traffic, processes or shared memory on that node, bypassing NetworkPolicies as well.
 */
export const kubernetesPodDisallowHostNamespaces: PackResourcePolicy = {
    name: "kubernetes-pod-disallow-host-namespaces",
    description: "Pods (of Pods, Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs and CronJobs) must not set hostNetwork, hostPID or hostIPC to true.",
    rationale: "A pod in the node's network, PID or IPC namespace sees every other pod's traffic, processes or shared memory on that node, past NetworkPolicies.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["security", "pod-security", "kubernetes", "source:PSS hostNamespaces", "source:CIS EKS 4.2.2", "source:CIS EKS 4.2.3", "source:CIS EKS 4.2.4"],
    remediationSteps: "Remove hostNetwork, hostPID and hostIPC from the pod spec in the workload's renderer or chart values (or set them to false); expose the pod through a Service instead of the node's network.",
    configSchema: { properties: { ignoredNamespaces: IGNORED_NAMESPACES_SCHEMA } },
    validateResource: (args, reportViolation) => {
        const pod = judgedPod(args);
        if (!pod) return;
        for (const [field, shared] of Object.entries(HOST_NAMESPACES)) {
            if (pod.spec[field] === true) reportViolation(`${describe(args)} sets ${field}: true, so its pod shares the node's ${shared} namespace.`);
        }
    },
};
