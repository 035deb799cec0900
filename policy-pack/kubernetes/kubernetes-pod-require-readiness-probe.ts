import { containerLabel, podOf } from "../lib/pods";
import { PackResourcePolicy } from "../lib/policy";
import { IGNORED_NAMESPACES_SCHEMA, isIgnored, isLongRunningWorkload, probeProblem } from "../lib/reliability";
import { describe } from "../lib/resources";

interface Config {
    ignoredNamespaces: string[];
}

/**
 * Without a readiness probe a pod joins its Service as soon as its containers start, before
 * the process can serve, and stays in it when it can no longer serve: every rollout and
 * every overload turns into failed requests. Init and ephemeral containers serve nothing.
 */
export const kubernetesPodRequireReadinessProbe: PackResourcePolicy = {
    name: "kubernetes-pod-require-readiness-probe",
    description: "Every container (not init or ephemeral) of a Deployment, StatefulSet or DaemonSet must have a readinessProbe with a handler (httpGet, tcpSocket, exec or grpc).",
    rationale: "Without a readiness probe a pod receives traffic before it can serve and keeps it when it no longer can, so rollouts and overloads become failed requests.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["reliability", "availability", "kubernetes", "source:CKV_K8S_9"],
    remediationSteps: "Give the service a readiness endpoint in its spec (stacks/services/<name>.ts), which the workload renderer writes as readinessProbe (e.g. httpGet /ready on the named http port) on every container; a sidecar without an HTTP port gets a tcpSocket or exec probe.",
    configSchema: { properties: { ignoredNamespaces: IGNORED_NAMESPACES_SCHEMA } },
    validateResource: (args, reportViolation) => {
        if (!isLongRunningWorkload(args.type) || isIgnored(args, args.getConfig<Config>().ignoredNamespaces)) return;
        for (const entry of podOf(args.type, args.props)?.containers.filter((c) => c.field === "containers") ?? []) {
            const problem = probeProblem(entry.container, "readinessProbe");
            if (problem) reportViolation(`${describe(args)}: ${containerLabel(entry)} ${problem}, so its pod receives traffic before it can serve and while it cannot.`);
        }
    },
};
