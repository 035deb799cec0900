import { PolicyResource } from "@pulumi/policy";
import { isKind, labelsOf, objectName } from "../lib/kubernetes";
import { containerLabel, podOf } from "../lib/pods";
import { PackStackPolicy } from "../lib/policy";
import { asDeclared, isListed, isReplicatedWorkload, ListedWorkload, listedWorkloadsSchema, namespaceOf, record } from "../lib/reliability";
import { describe } from "../lib/resources";

/** The label the workload namespace renderer (components/workload/namespace.ts) puts on the application's namespaces. */
export const NAMESPACE_ROLE_LABEL = "signal-trading.io/namespace-role";
/** The OpenTelemetry SDKs' variables for where spans go: the traces-only one takes precedence over the general one. */
export const OTLP_ENDPOINT_VARIABLES = ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT"];

interface Config {
    exemptions: ListedWorkload[];
}

/** The application's namespaces: those the stack declares with the application role label. */
function applicationNamespaces(resources: PolicyResource[]): Set<string> {
    return new Set(resources
        .filter((r) => isKind(r.type, "core", "Namespace"))
        .map((r) => asDeclared(r).props)
        .filter((props) => labelsOf(props)[NAMESPACE_ROLE_LABEL] === "application")
        .map(objectName)
        .filter((name): name is string => name !== undefined));
}

/**
 * Why an env entry does not point the SDK at a collector, or undefined when it does: a literal
 * http(s) URL, or a value taken from a ConfigMap or Secret key (read by the kubelet, not here).
 */
function endpointProblem(entry: Record<string, any>): string | undefined {
    if (record(entry.valueFrom) !== undefined) return undefined;
    const value = entry.value;
    if (typeof value !== "string" || value.trim() === "") return `sets ${entry.name} to nothing`;
    if (!/^https?:\/\/[^\s/]+/.test(value)) return `sets ${entry.name} to ${JSON.stringify(value)}, not an http(s) URL`;
    return undefined;
}

/** What keeps one container from exporting spans, or undefined when it exports them. */
function containerProblem(container: Record<string, any>): string | undefined {
    const env = (Array.isArray(container.env) ? container.env : []).map(record).filter((e): e is Record<string, any> => e !== undefined);
    // The SDK reads the traces-only variable first, so that one decides when both are set.
    for (const name of OTLP_ENDPOINT_VARIABLES) {
        const entry = env.filter((e) => e.name === name).pop();
        if (entry) return endpointProblem(entry);
    }
    return `sets neither ${OTLP_ENDPOINT_VARIABLES.join(" nor ")}`;
}

/**
 * One order crosses gateway, signal, ml and data; a service that exports no spans breaks the
 * trace there, and nobody can follow the order past it. The SDKs export nowhere unless told
 * where, so the endpoint must be in every application container's environment. Third-party
 * software of the namespace that speaks no OTLP (Redis) is listed with its reason instead:
 * its callers' client spans show the time spent in it.
 */
export const kubernetesWorkloadRequireTraceExport: PackStackPolicy = {
    name: "kubernetes-workload-require-trace-export",
    description: `Every Deployment and StatefulSet in a namespace the stack labels ${NAMESPACE_ROLE_LABEL}: application should give each of its pods' containers the OTLP endpoint its spans go to (${OTLP_ENDPOINT_VARIABLES.join(" or ")}, an http(s) URL or a valueFrom reference), unless it is listed in exemptions with its reason.`,
    rationale: "A service that exports no spans breaks every distributed trace that passes through it, so nobody can follow an order past it.",
    severity: "medium",
    enforcementLevel: "advisory",
    tags: ["observability", "tracing", "kubernetes", "source:OpenTelemetry SDK environment variables (OTLP exporter)", "source:GATES every application workload exports its spans (distributed tracing across the services)"],
    remediationSteps: `Create the service through the Microservice component, which puts OTEL_EXPORTER_OTLP_ENDPOINT (the OpenTelemetry Collector's OTLP Service in its namespace, e.g. http://<collector>.<namespace>.svc:4318) in each container's env; a container that sets ${OTLP_ENDPOINT_VARIABLES[0]} must give it a URL too, since the SDK reads it first. Third-party software that cannot export spans goes in exemptions as { namespace, name, reason } in the stack's policy config.`,
    configSchema: {
        properties: {
            exemptions: listedWorkloadsSchema("Deployments and StatefulSets of the application namespaces that export no spans (third-party software without OpenTelemetry), each with the reason."),
        },
    },
    validateStack: (args, reportViolation) => {
        const { exemptions } = args.getConfig<Config>();
        const namespaces = applicationNamespaces(args.resources);
        for (const resource of args.resources.filter((r) => isReplicatedWorkload(r.type))) {
            const workload = asDeclared(resource);
            if (!namespaces.has(namespaceOf(workload.props)) || isListed(exemptions, workload)) continue;
            const pod = podOf(workload.type, workload.props);
            if (!pod) continue;
            const problems = pod.containers
                .filter((entry) => entry.field === "containers")
                .flatMap((entry) => {
                    const problem = containerProblem(entry.container);
                    return problem ? [`${containerLabel(entry)} ${problem}`] : [];
                });
            if (problems.length > 0) {
                reportViolation(`${describe(resource)} in application namespace ${namespaceOf(workload.props)} exports no traces: ${problems.join("; ")}.`, resource.urn);
            }
        }
    },
};
