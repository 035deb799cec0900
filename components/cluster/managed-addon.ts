import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface ManagedAddonArgs {
    clusterName: pulumi.Input<string>;
    kubernetesVersion: string;
    /** The add-on's configuration (its JSON schema is `aws eks describe-addon-configuration`). */
    configuration?: Record<string, unknown>;
    serviceAccountRoleArn?: pulumi.Input<string>;
}

/**
 * An EKS managed add-on at the version EKS names as the default for the cluster's
 * Kubernetes minor: it changes when the minor changes, not whenever AWS publishes a build.
 * Pulumi owns the add-on's configuration, so conflicting edits are overwritten.
 */
export function managedAddon(name: string, addonName: string, args: ManagedAddonArgs, opts: pulumi.CustomResourceOptions): aws.eks.Addon {
    const version = aws.eks.getAddonVersionOutput({ addonName, kubernetesVersion: args.kubernetesVersion, mostRecent: false }, { parent: opts.parent });
    return new aws.eks.Addon(name, {
        clusterName: args.clusterName,
        addonName,
        addonVersion: version.version,
        configurationValues: args.configuration ? JSON.stringify(args.configuration) : undefined,
        serviceAccountRoleArn: args.serviceAccountRoleArn,
        resolveConflictsOnCreate: "OVERWRITE",
        resolveConflictsOnUpdate: "OVERWRITE",
    }, opts);
}
