/** Every Kubernetes object of a microservice, rendered from its spec as plain data. */
import type * as pulumi from "@pulumi/pulumi";
import { ServiceSpec } from "../spec";
import { renderHorizontalPodAutoscaler, renderVerticalPodAutoscaler } from "./autoscaling";
import { renderDeployment } from "./deployment";
import { renderPodDisruptionBudget } from "./disruption-budget";
import { renderNetworkPolicy } from "./network-policy";
import { renderService } from "./service";
import { renderRbac, renderServiceAccount } from "./service-account";
import { renderServiceMonitor } from "./service-monitor";

/**
 * The objects of a microservice. Built-in kinds carry `metadata` and `spec` (or their own
 * top-level fields), as Pulumi's typed resources set `apiVersion` and `kind`; the custom
 * resources (VPA, ServiceMonitor) carry theirs.
 */
export interface MicroserviceObjects {
    serviceAccount: ReturnType<typeof renderServiceAccount>;
    /** Only for a service that calls the Kubernetes API. */
    role?: NonNullable<ReturnType<typeof renderRbac>>["role"];
    roleBinding?: NonNullable<ReturnType<typeof renderRbac>>["roleBinding"];
    deployment: ReturnType<typeof renderDeployment>;
    service: ReturnType<typeof renderService>;
    horizontalPodAutoscaler: ReturnType<typeof renderHorizontalPodAutoscaler>;
    verticalPodAutoscaler: ReturnType<typeof renderVerticalPodAutoscaler>;
    podDisruptionBudget: ReturnType<typeof renderPodDisruptionBudget>;
    networkPolicy: ReturnType<typeof renderNetworkPolicy>;
    serviceMonitor: ReturnType<typeof renderServiceMonitor>;
}

/** `roleArn`: the service's IRSA role, for a service that uses AWS. */
export function renderMicroservice(spec: ServiceSpec, roleArn?: pulumi.Input<string>): MicroserviceObjects {
    return {
        serviceAccount: renderServiceAccount(spec, roleArn),
        ...renderRbac(spec),
        deployment: renderDeployment(spec),
        service: renderService(spec),
        horizontalPodAutoscaler: renderHorizontalPodAutoscaler(spec),
        verticalPodAutoscaler: renderVerticalPodAutoscaler(spec),
        podDisruptionBudget: renderPodDisruptionBudget(spec),
        networkPolicy: renderNetworkPolicy(spec),
        serviceMonitor: renderServiceMonitor(spec),
    };
}
