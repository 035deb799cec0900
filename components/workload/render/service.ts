/** A service's ClusterIP Service: its HTTP port for callers and its metrics port for Prometheus. */
import type * as k8s from "@pulumi/kubernetes";
import { ServiceSpec } from "../spec";
import { selectorLabels, serviceMetadata } from "./labels";

/** The Service's port names; they match the container's, which the Service targets by name. */
export const HTTP_PORT_NAME = "http";
export const METRICS_PORT_NAME = "metrics";

export function renderService(spec: ServiceSpec) {
    const { definition } = spec;
    return {
        metadata: serviceMetadata(spec),
        spec: {
            type: "ClusterIP",
            selector: selectorLabels(definition),
            ports: [
                { name: HTTP_PORT_NAME, port: definition.port, targetPort: HTTP_PORT_NAME },
                { name: METRICS_PORT_NAME, port: definition.metricsPort, targetPort: METRICS_PORT_NAME },
            ],
        },
    } satisfies k8s.core.v1.ServiceArgs;
}
