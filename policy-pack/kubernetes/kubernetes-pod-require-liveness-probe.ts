import { containerLabel, podOf } from "../lib/pods";
import { PackResourcePolicy } from "../lib/policy";
import { IGNORED_NAMESPACES_SCHEMA, isIgnored, isLongRunningWorkload, probeProblem } from "../lib/reliability";
import { describe } from "../lib/resources";

interface Config {
    ignoredNamespaces: string[];
}

/**
 * A process that deadlocks without exiting keeps its container running: only a liveness
 * probe makes the kubelet restart it. Advisory, since a badly tuned liveness probe restarts
 * healthy pods under load; the readiness probe is the mandatory one.
 */
export const kubernetesPodRequireLivenessProbe: PackResourcePolicy = {
    name: "kubernetes-pod-require-liveness-probe",
    description: "Every container (not init or ephemeral) of a Deployment, StatefulSet or DaemonSet should have a livenessProbe with a handler (httpGet, tcpSocket, exec or grpc).",
    rationale: "A process that deadlocks without exiting keeps its container running until a liveness probe makes the kubelet restart it.",
    severity: "medium",
    enforcementLevel: "advisory",
    tags: ["reliability", "availability", "kubernetes", "source:CKV_K8S_8"],
    remediationSteps: "Give the service a health endpoint in its spec (stacks/services/<name>.ts), which the workload renderer writes as livenessProbe (e.g. httpGet /health on the named http port, checking the process only, not its dependencies) on every container.",
    configSchema: { properties: { ignoredNamespaces: IGNORED_NAMESPACES_SCHEMA } },
    validateResource: (args, reportViolation) => {
        if (!isLongRunningWorkload(args.type) || isIgnored(args, args.getConfig<Config>().ignoredNamespaces)) return;
        for (const entry of podOf(args.type, args.props)?.containers.filter((c) => c.field === "containers") ?? []) {
            const problem = probeProblem(entry.container, "livenessProbe");
            if (problem) reportViolation(`${describe(args)}: ${containerLabel(entry)} ${problem}, so a hung process is never restarted.`);
        }
    },
};
