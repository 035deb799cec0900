/**
 * The one interface every cluster add-on implements. An add-on names the add-ons it needs
 * (typed: it receives their outputs), the cluster-wide roles it fills, the namespaces it owns
 * with their baseline, and how it installs itself; the registry (registry.ts)
 * checks the set and installs it in dependency order.
 */
import * as pulumi from "@pulumi/pulumi";
import { BackupStorage } from "../backup/backup-storage";
import { EksCluster } from "../cluster/eks-cluster";
import { Placement } from "../cluster/placement";
import { NamespaceSpec } from "../namespace/baseline";
import { ScalableGroup } from "./cluster-autoscaler/values";

/** What each add-on hands to the add-ons (and workloads) that depend on it. */
export interface AddonOutputs {
    "storage": { storageClassName: string };
    "cluster-autoscaler": Record<string, never>;
    "metrics-server": Record<string, never>;
    "prometheus-adapter": Record<string, never>;
    "vertical-pod-autoscaler": Record<string, never>;
    "nginx-ingress": { ingressClassName: string; namespace: string };
    "external-dns": Record<string, never>;
    "cert-manager": { clusterIssuer: string };
    "prometheus-operator-crds": Record<string, never>;
    "monitoring": { namespace: string };
    "velero": { namespace: string };
    /** Where the services send OTLP, and the collector's pods and OTLP ports (gRPC, HTTP) their egress rule names. */
    "opentelemetry-collector": { namespace: string; pods: Record<string, string>; otlpEndpoint: string; otlpPorts: number[] };
    "fluent-bit": { namespace: string };
    "cloudwatch-exporter": Record<string, never>;
}

export type AddonName = keyof AddonOutputs;

/** The environments add-ons size themselves for: prod runs the highly available shape. */
export type Environment = "dev" | "prod";

/**
 * Everything of the platform an add-on may use; built once by the platform layer. What an
 * add-on reads from the stack config it takes as its own settings when it is declared
 * (stacks/addons.ts), so no add-on sees more of the config than it needs.
 */
export interface AddonContext {
    cluster: EksCluster;
    /** The system node group, where every add-on runs. */
    placement: Placement;
    /** Node groups the cluster autoscaler scales. */
    scalableGroups: ScalableGroup[];
    /** What must exist before any add-on's pods can run: the node groups, CoreDNS and the EBS CSI driver. */
    prerequisites: pulumi.Resource[];
    /** Key of persistent volumes and their snapshots. */
    volumesKeyArn: pulumi.Input<string>;
    /** Key of the CloudWatch log groups. */
    logsKeyArn: pulumi.Input<string>;
    /** The primary backup bucket and its key (Velero's storage location). */
    backups: Pick<BackupStorage, "bucketName" | "bucketArn" | "kmsKeyArn">;
}

/** An installed add-on: the component to depend on, and its outputs for its dependents. */
export interface InstalledAddon<N extends AddonName> {
    component: pulumi.ComponentResource;
    outputs: AddonOutputs[N];
}

export type DependencyOutputs<D extends AddonName> = { [K in D]: AddonOutputs[K] };

export interface Addon<N extends AddonName = AddonName, D extends AddonName = AddonName> {
    name: N;
    /** Add-ons that must be installed first; their outputs arrive in `install`. */
    dependsOn: readonly D[];
    /**
     * Cluster-wide roles only one add-on may fill, e.g. `default-storage-class` or
     * `ingress-class:nginx`: two add-ons claiming one role are a conflict.
     */
    provides: readonly string[];
    /**
     * The namespaces the add-on owns, each created with its baseline before the add-on: usually
     * one; none for cluster-scoped add-ons and those in kube-system.
     */
    namespaces: readonly NamespaceSpec[];
    /**
     * Creates the add-on's component, named `name`. `opts` carries the parent, the providers
     * and the dependencies (the namespace and the add-ons in `dependsOn`).
     */
    install(name: string, ctx: AddonContext, deps: DependencyOutputs<D>, opts: pulumi.ComponentResourceOptions): InstalledAddon<N>;
}

/** Declares an add-on with its name and dependencies inferred, so `install` sees exactly its dependencies' outputs. */
export function defineAddon<N extends AddonName, D extends AddonName = never>(addon: Addon<N, D>): Addon<N, D> {
    return addon;
}
