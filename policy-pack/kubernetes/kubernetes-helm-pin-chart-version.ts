import { HELM_TYPES } from "../lib/kubernetes";
import { PackResourcePolicy } from "../lib/policy";
import { describe } from "../lib/resources";

const EXACT_VERSION = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

interface Config {
    allowedRepositories: string[];
}

/** Where a chart comes from: its repository URL, or the chart reference itself for OCI charts. */
function chartSource(props: Record<string, any>): string | undefined {
    const repo = props.repositoryOpts?.repo;
    if (typeof repo === "string" && repo.length > 0) return repo.replace(/\/+$/, "");
    const chart = props.chart;
    if (typeof chart === "string" && chart.startsWith("oci://")) return chart.slice(0, chart.lastIndexOf("/"));
    return undefined;
}

/**
 * A Helm chart is code the cluster runs with broad rights: it must be an exact version (a
 * range or "latest" changes what `pulumi up` installs without a change in review) from a
 * repository the platform team trusts.
 */
export const kubernetesHelmPinChartVersion: PackResourcePolicy = {
    name: "kubernetes-helm-pin-chart-version",
    description: "Helm releases and charts must pin an exact chart version from an allowed repository.",
    rationale: "A chart runs with broad rights in the cluster, so it must be reviewed code: an exact version from a repository the platform team trusts.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["supply-chain", "kubernetes", "source:GATES Helm charts pinned to an exact version from an allowed repository"],
    remediationSteps: "Set `version` to an exact chart version (x.y.z, from the stack config's addons.<name>.version) and `repositoryOpts.repo` (or an oci:// chart reference) to one of the allowed repositories; add a new upstream repository to this policy's allowedRepositories after review.",
    configSchema: {
        properties: {
            allowedRepositories: {
                type: "array",
                items: { type: "string", minLength: 1 },
                default: [
                    "https://kubernetes.github.io/autoscaler",
                    "https://kubernetes-sigs.github.io/metrics-server",
                    "https://kubernetes-sigs.github.io/external-dns",
                    "https://charts.jetstack.io",
                    "https://prometheus-community.github.io/helm-charts",
                    "https://vmware-tanzu.github.io/helm-charts",
                    "https://fluent.github.io/helm-charts",
                    "oci://ghcr.io/nginx/charts",
                    "https://open-telemetry.github.io/opentelemetry-helm-charts",
                ],
                description: "Chart repositories (or OCI registries with path) charts may come from, without a trailing slash.",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        if (!HELM_TYPES.includes(args.type)) return;
        const { allowedRepositories } = args.getConfig<Config>();
        const version = args.props.version;
        if (typeof version !== "string" || !EXACT_VERSION.test(version)) {
            reportViolation(`${describe(args)} does not pin an exact chart version (version: ${version === undefined ? "unset" : JSON.stringify(version)}).`);
        }
        const source = chartSource(args.props);
        if (source === undefined) {
            reportViolation(`${describe(args)} names no chart repository, so the chart's origin cannot be checked.`);
        } else if (!allowedRepositories.map((r) => r.replace(/\/+$/, "")).includes(source)) {
            reportViolation(`${describe(args)} installs a chart from ${source}, which is not an allowed repository.`);
        }
    },
};
