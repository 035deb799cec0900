import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { componentType } from "../../shared/naming";
import { defineAddon } from "../addon";

export const DEFAULT_STORAGE_CLASS = "gp3-encrypted";
export const DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class";

/**
 * The cluster's default StorageClass: gp3 EBS volumes through the EBS CSI driver, encrypted
 * with the platform's volumes key, created in the zone of the pod that first uses them (so a
 * pod is never bound to a volume in a zone it cannot run in), and expandable in place.
 * EKS 1.30 and later no longer mark the legacy gp2 class as default, so this is the only one.
 */
export function storageClass<K extends pulumi.Input<string>>(volumesKeyArn: K) {
    return {
        metadata: { name: DEFAULT_STORAGE_CLASS, annotations: { [DEFAULT_CLASS_ANNOTATION]: "true" } },
        provisioner: "ebs.csi.aws.com",
        parameters: { type: "gp3", encrypted: "true", kmsKeyId: volumesKeyArn, "csi.storage.k8s.io/fstype": "ext4" },
        volumeBindingMode: "WaitForFirstConsumer",
        allowVolumeExpansion: true,
        // Deleting a claim deletes its volume; Velero's snapshots are the copies that outlive it.
        reclaimPolicy: "Delete",
    };
}

export interface DefaultStorageArgs {
    volumesKeyArn: pulumi.Input<string>;
}

export class DefaultStorage extends pulumi.ComponentResource {
    readonly storageClass: k8s.storage.v1.StorageClass;

    constructor(name: string, args: DefaultStorageArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentType("addons", "DefaultStorage"), name, {}, opts);
        this.storageClass = new k8s.storage.v1.StorageClass(name, storageClass(args.volumesKeyArn), { parent: this });
        this.registerOutputs({});
    }
}

export const storageAddon = defineAddon({
    name: "storage",
    dependsOn: [],
    namespaces: [],
    provides: ["default-storage-class"],
    install: (name, ctx, _deps, opts) => ({
        component: new DefaultStorage(name, { volumesKeyArn: ctx.volumesKeyArn }, opts),
        outputs: { storageClassName: DEFAULT_STORAGE_CLASS },
    }),
});
