/**
 * The EBS volume behind a PersistentVolumeClaim of the default StorageClass, read from AWS:
 * what a claim holds now, which neither the config nor the Kubernetes objects Pulumi registers
 * can tell once the claim has grown. A read only: it creates and changes nothing.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * Tags the EBS CSI driver puts on every volume it creates (aws-ebs-csi-driver docs/tagging.md
 * and pkg/driver/constants.go); the claim's name and namespace come with the provisioner's
 * --extra-create-metadata, which the driver's chart, and so the EKS add-on, turns on. The
 * cluster's own tag `kubernetes.io/cluster/<id>` is written only when the driver runs with
 * --k8s-tag-cluster-id, which the add-on here does not set: a volume is told apart from another
 * cluster's by the claim's namespace, which names the environment, in the provider's region.
 */
export const EBS_CSI_VOLUME_TAGS = {
    claimName: "kubernetes.io/created-for/pvc/name",
    claimNamespace: "kubernetes.io/created-for/pvc/namespace",
    managedByDriver: "ebs.csi.aws.com/cluster",
} as const;

export interface ClaimRef {
    namespace: string;
    name: string;
}

/** The EC2 filters that find the volumes the EBS CSI driver created for `claim`. */
export function claimVolumeFilters(claim: ClaimRef): { name: string; values: string[] }[] {
    return [
        { name: `tag:${EBS_CSI_VOLUME_TAGS.claimName}`, values: [claim.name] },
        { name: `tag:${EBS_CSI_VOLUME_TAGS.claimNamespace}`, values: [claim.namespace] },
        { name: `tag:${EBS_CSI_VOLUME_TAGS.managedByDriver}`, values: ["true"] },
    ];
}

export interface ClaimVolume {
    volumeId: string;
    sizeGiB: number;
}

/**
 * The volume of `claim`, or undefined before the claim's first pod was scheduled (the class
 * binds on first use). Several volumes carry the claim's tags when a restore or a recreated
 * claim made a new one and the old one was kept: the newest is the one the claim uses.
 */
export function claimVolume(claim: ClaimRef, opts: pulumi.InvokeOptions): pulumi.Output<ClaimVolume | undefined> {
    const filters = claimVolumeFilters(claim);
    return aws.ebs.getEbsVolumesOutput({ filters }, opts).ids.apply(async (ids) => {
        // A query without results is no error for getEbsVolumes; for getVolume it is, hence the two steps.
        if (!ids || ids.length === 0) return undefined;
        const volume = await aws.ebs.getVolume({ filters: [{ name: "volume-id", values: ids }], mostRecent: true }, opts);
        return { volumeId: volume.volumeId, sizeGiB: volume.size };
    });
}

/** Why `claim` cannot ask for `requestedGiB` when its volume is `volume`, or undefined: an EBS volume grows, never shrinks. */
export function volumeShrinkProblem(claim: ClaimRef, requestedGiB: number, volume: ClaimVolume | undefined): string | undefined {
    if (!volume || requestedGiB >= volume.sizeGiB) return undefined;
    return `is ${requestedGiB} GiB, but the volume of claim ${claim.namespace}/${claim.name} (${volume.volumeId}) already holds ${volume.sizeGiB} GiB and an EBS volume cannot shrink: set ${volume.sizeGiB} or more`;
}
