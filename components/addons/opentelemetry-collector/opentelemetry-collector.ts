import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { EksCluster } from "../../cluster/eks-cluster";
import { ServiceAccountRole } from "../../cluster/irsa";
import { Placement } from "../../cluster/placement";
import { TrafficPeer } from "../../namespace/baseline";
import { cacheRegistryHost } from "../../shared/images";
import { componentType } from "../../shared/naming";
import { defineAddon } from "../addon";
import { ChartSource, chartRelease } from "../helm-release";
import { otelCollectorPolicy } from "./iam";
import { otelCollectorNamespace } from "./namespace";
import {
    OTEL_COLLECTOR_FULLNAME, OTEL_COLLECTOR_NAMESPACE, OTEL_COLLECTOR_PODS, OTEL_COLLECTOR_RELEASE, OTEL_COLLECTOR_SERVICE_ACCOUNT,
    otelCollectorValues, OTLP_PORTS, PORTS, SAMPLING_SERVICE,
} from "./values";

export const OTEL_COLLECTOR_CHART: ChartSource = { chart: "opentelemetry-collector", repo: "https://open-telemetry.github.io/opentelemetry-helm-charts" };

/** Where the services send OTLP (gRPC), through the chart's ClusterIP Service. */
export const OTLP_ENDPOINT = `http://${OTEL_COLLECTOR_FULLNAME}.${OTEL_COLLECTOR_NAMESPACE}.svc.cluster.local:${PORTS.otlpGrpc}`;

/**
 * The headless Service of the collector's pods: its DNS name resolves to every ready pod, which
 * is how the loadbalancing exporter finds the replicas to route traces to (the chart's own
 * Service has one virtual address). Unready pods are left out, so a stopping pod gets no new traces.
 */
export function renderSamplingService() {
    return {
        metadata: { name: SAMPLING_SERVICE, namespace: OTEL_COLLECTOR_NAMESPACE, labels: { ...OTEL_COLLECTOR_PODS, "app.kubernetes.io/component": "trace-routing" } },
        spec: {
            clusterIP: "None",
            selector: OTEL_COLLECTOR_PODS,
            ports: [{ name: "otlp-sampling", port: PORTS.sampling, targetPort: PORTS.sampling, protocol: "TCP", appProtocol: "grpc" }],
        },
    };
}

export interface OpenTelemetryCollectorArgs {
    cluster: EksCluster;
    region: string;
    chartVersion: string;
    replicas: number;
    samplingPercent: number;
    slowTraceMs: number;
    placement: Placement;
}

/**
 * The OpenTelemetry Collector as the cluster's trace gateway: OTLP in from the services, span
 * metrics to Prometheus, tail-sampled traces to X-Ray under its own IRSA role.
 */
export class OpenTelemetryCollector extends pulumi.ComponentResource {
    readonly release: k8s.helm.v3.Release;

    constructor(name: string, args: OpenTelemetryCollectorArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentType("addons", "OpenTelemetryCollector"), name, {}, opts);
        const identity = new ServiceAccountRole(name, {
            oidc: args.cluster.oidc,
            permissionsBoundaryArn: args.cluster.permissionsBoundaryArn,
            namespace: OTEL_COLLECTOR_NAMESPACE,
            serviceAccountName: OTEL_COLLECTOR_SERVICE_ACCOUNT,
            policy: JSON.stringify(otelCollectorPolicy(args.region)),
            createServiceAccount: true,
            labels: { "app.kubernetes.io/name": "opentelemetry-collector", "app.kubernetes.io/part-of": "signal-trading-platform" },
        }, { parent: this });
        const samplingService = new k8s.core.v1.Service(`${name}-sampling`, renderSamplingService(), { parent: this });

        this.release = chartRelease(name, {
            source: OTEL_COLLECTOR_CHART,
            version: args.chartVersion,
            releaseName: OTEL_COLLECTOR_RELEASE,
            namespace: OTEL_COLLECTOR_NAMESPACE,
            values: cacheRegistryHost(["docker-hub"], { parent: this }).apply((registry) => otelCollectorValues({
                region: args.region, samplingPercent: args.samplingPercent, slowTraceMs: args.slowTraceMs,
                replicas: args.replicas, placement: args.placement, registry,
            })),
        }, { parent: this, dependsOn: [identity, samplingService] });
        this.registerOutputs({});
    }
}

/** What the add-on reads from the stack config: `addons.openTelemetryCollector`, `observability.traces` and the region. */
export interface OpenTelemetryCollectorSettings {
    region: string;
    version: string;
    replicas: number;
    samplingPercent: number;
    slowTraceMs: number;
    /** The pods that send OTLP: the services. */
    clients: TrafficPeer[];
}

/** The trace gateway; it needs the Prometheus CRDs for its ServiceMonitor. */
export function openTelemetryCollectorAddon(settings: OpenTelemetryCollectorSettings) {
    return defineAddon({
        name: "opentelemetry-collector",
        dependsOn: ["prometheus-operator-crds"],
        namespaces: [otelCollectorNamespace(settings.clients)],
        provides: ["trace-gateway"],
        install: (name, ctx, _deps, opts) => ({
            component: new OpenTelemetryCollector(name, {
                cluster: ctx.cluster,
                region: settings.region,
                chartVersion: settings.version,
                replicas: settings.replicas,
                samplingPercent: settings.samplingPercent,
                slowTraceMs: settings.slowTraceMs,
                placement: ctx.placement,
            }, opts),
            outputs: { namespace: OTEL_COLLECTOR_NAMESPACE, pods: OTEL_COLLECTOR_PODS, otlpEndpoint: OTLP_ENDPOINT, otlpPorts: OTLP_PORTS },
        }),
    });
}
