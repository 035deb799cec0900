/**
 * Fluent Bit: every container's logs, from every node, to CloudWatch Logs in one log group per
 * namespace, created here with the logs key and the configured retention.
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { EksCluster } from "../../cluster/eks-cluster";
import { ServiceAccountRole } from "../../cluster/irsa";
import { Toleration } from "../../cluster/placement";
import { ClusterAddresses } from "../../namespace/traffic";
import { cacheRegistryHost } from "../../shared/images";
import { componentType } from "../../shared/naming";
import { defineAddon } from "../addon";
import { ChartSource, chartRelease } from "../helm-release";
import { fluentBitPolicy } from "./iam";
import { fluentBitNamespace } from "./namespace";
import {
    FLUENT_BIT_NAMESPACE, FLUENT_BIT_RELEASE, FLUENT_BIT_SERVICE_ACCOUNT, fluentBitValues, LogBuffering, logGroupName, logGroupNameProblems, UNLISTED_NAMESPACES_GROUP,
} from "./values";

export const FLUENT_BIT_CHART: ChartSource = { chart: "fluent-bit", repo: "https://fluent.github.io/helm-charts" };

export interface FluentBitArgs {
    cluster: EksCluster;
    region: string;
    /** The EKS cluster's name (the stack's resource prefix), which the log groups carry. */
    clusterName: string;
    chartVersion: string;
    /** Namespaces with a log group of their own; the others share the `unlisted` group. */
    namespaces: readonly string[];
    retentionDays: number;
    /** The logs key (stacks/platform.ts), whose policy lets CloudWatch Logs use it for this account's log groups. */
    logsKeyArn: pulumi.Input<string>;
    buffering: LogBuffering;
    tolerations: Toleration[];
}

export class FluentBit extends pulumi.ComponentResource {
    readonly release: k8s.helm.v3.Release;
    /** The log groups by namespace (and `unlisted`). */
    readonly logGroups: Record<string, aws.cloudwatch.LogGroup>;

    constructor(name: string, args: FluentBitArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentType("addons", "FluentBit"), name, {}, opts);
        const namespaces = [...new Set(args.namespaces)];
        const clusterName = args.clusterName;
        const names = [...namespaces, UNLISTED_NAMESPACES_GROUP].map((namespace) => logGroupName(clusterName, namespace));
        const problems = names.flatMap(logGroupNameProblems);
        if (problems.length > 0) throw new pulumi.RunError(`the containers' log groups cannot be named:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        // Named by namespace, so adding a namespace adds a group and moves none.
        this.logGroups = Object.fromEntries([...namespaces, UNLISTED_NAMESPACES_GROUP].map((namespace) => [namespace, new aws.cloudwatch.LogGroup(`${name}-${namespace}`, {
            name: logGroupName(clusterName, namespace),
            retentionInDays: args.retentionDays,
            kmsKeyId: args.logsKeyArn,
            tags: { Name: `${name}-${namespace}`, "kubernetes-namespace": namespace },
        }, { parent: this })]));

        const identity = new ServiceAccountRole(name, {
            oidc: args.cluster.oidc,
            permissionsBoundaryArn: args.cluster.permissionsBoundaryArn,
            namespace: FLUENT_BIT_NAMESPACE,
            serviceAccountName: FLUENT_BIT_SERVICE_ACCOUNT,
            policy: pulumi.all(Object.values(this.logGroups).map((g) => g.arn)).apply((arns) => JSON.stringify(fluentBitPolicy(arns))),
            createServiceAccount: true,
            automountToken: true, // the kubernetes filter reads pod metadata from the API server
            labels: { "app.kubernetes.io/name": "fluent-bit", "app.kubernetes.io/part-of": "signal-trading-platform" },
        }, { parent: this });

        this.release = chartRelease(name, {
            source: FLUENT_BIT_CHART,
            version: args.chartVersion,
            releaseName: FLUENT_BIT_RELEASE,
            namespace: FLUENT_BIT_NAMESPACE,
            values: cacheRegistryHost(["docker-hub"], { parent: this }).apply((registry) => fluentBitValues({
                region: args.region, clusterName, namespaces,
                buffering: args.buffering, tolerations: args.tolerations, registry,
            })),
        }, { parent: this, dependsOn: [identity, ...Object.values(this.logGroups)] });
        this.registerOutputs({});
    }
}

/** What the add-on reads from the stack config: `observability.logs`, `addons.fluentBit`, the node groups' taints. */
export interface FluentBitSettings {
    region: string;
    clusterName: string;
    version: string;
    logs: { retentionDays: number } & LogBuffering;
    tolerations: Toleration[];
    /** The namespaces of the other add-ons and of the application, which get log groups of their own besides kube-system and this one. */
    namespaces: readonly string[];
}

/** The add-on; it needs the Prometheus CRDs for its ServiceMonitor and alerts. */
export function fluentBitAddon(addresses: ClusterAddresses, settings: FluentBitSettings) {
    return defineAddon({
        name: "fluent-bit",
        dependsOn: ["prometheus-operator-crds"],
        namespaces: [fluentBitNamespace(addresses)],
        provides: ["log-shipping"],
        install: (name, ctx, _deps, opts) => ({
            component: new FluentBit(name, {
                cluster: ctx.cluster,
                region: settings.region,
                clusterName: settings.clusterName,
                chartVersion: settings.version,
                namespaces: ["kube-system", FLUENT_BIT_NAMESPACE, ...settings.namespaces],
                retentionDays: settings.logs.retentionDays,
                logsKeyArn: ctx.logsKeyArn,
                buffering: { outageMinutes: settings.logs.outageMinutes, nodeLogRateKiBPerSecond: settings.logs.nodeLogRateKiBPerSecond },
                tolerations: settings.tolerations,
            }, opts),
            outputs: { namespace: FLUENT_BIT_NAMESPACE },
        }),
    });
}
