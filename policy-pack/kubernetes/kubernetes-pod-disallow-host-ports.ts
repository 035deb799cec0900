import { containerLabel } from "../lib/pods";
import { IGNORED_NAMESPACES_SCHEMA, judgedPod } from "../lib/pod-security";
import { PackResourcePolicy } from "../lib/policy";
import { describe } from "../lib/resources";

/**
 * A hostPort opens the port on the node itself, outside Services and NetworkPolicies, and
 * limits the workload to one pod a node.
 */
export const kubernetesPodDisallowHostPorts: PackResourcePolicy = {
    name: "kubernetes-pod-disallow-host-ports",
    description: "Pods (of Pods, Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs and CronJobs) must not bind any container port to a port of the node (ports[].hostPort unset or 0).",
    rationale: "A hostPort opens a port on the node itself, outside Services and NetworkPolicies.",
    severity: "medium",
    enforcementLevel: "mandatory",
    tags: ["security", "pod-security", "kubernetes", "source:PSS hostPorts", "source:CKV_K8S_26"],
    remediationSteps: "Remove hostPort from the container's ports in the workload's renderer or chart values, and reach the pod through a Service (ClusterIP, or the ingress controller for outside traffic).",
    configSchema: { properties: { ignoredNamespaces: IGNORED_NAMESPACES_SCHEMA } },
    validateResource: (args, reportViolation) => {
        for (const entry of judgedPod(args)?.containers ?? []) {
            const ports: Record<string, any>[] = Array.isArray(entry.container.ports) ? entry.container.ports : [];
            for (const port of ports) {
                const hostPort = port?.hostPort;
                if (hostPort === undefined || hostPort === null || hostPort === 0) continue;
                const name = port.name ? `${port.name} (${port.containerPort})` : `${port.containerPort}`;
                reportViolation(`${describe(args)} binds port ${name} of ${containerLabel(entry)} to the node's port ${hostPort} (hostPort).`);
            }
        }
    },
};
