import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { componentType } from "../shared/naming";
import { NamespaceSpec, renderLimitRange, renderNamespace, renderNetworkPolicies, renderResourceQuota, validateNamespaceSpec } from "./baseline";

export interface NamespaceBaselineArgs {
    spec: NamespaceSpec;
}

/**
 * A namespace with its baseline. Everything installed into it depends on this component, so
 * the network policies are in place before the first pod starts.
 */
export class NamespaceBaseline extends pulumi.ComponentResource {
    readonly namespace: k8s.core.v1.Namespace;
    readonly name: string;

    constructor(name: string, args: NamespaceBaselineArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentType("namespace", "NamespaceBaseline"), name, {}, opts);
        const problems = validateNamespaceSpec(args.spec);
        if (problems.length > 0) throw new Error(`invalid namespace baseline:\n- ${problems.join("\n- ")}`);
        this.name = args.spec.name;
        this.namespace = new k8s.core.v1.Namespace(name, renderNamespace(args.spec), { parent: this });
        const inNamespace = { parent: this, dependsOn: [this.namespace] };
        new k8s.core.v1.LimitRange(`${name}-limits`, renderLimitRange(args.spec), inNamespace);
        const quota = args.spec.quota;
        if (quota) new k8s.core.v1.ResourceQuota(`${name}-quota`, renderResourceQuota({ ...args.spec, quota }), inNamespace);
        for (const policy of renderNetworkPolicies(args.spec)) {
            new k8s.networking.v1.NetworkPolicy(`${name}-${policy.metadata.name}`, policy, inNamespace);
        }
        this.registerOutputs({});
    }
}
