import { objectName } from "../lib/kubernetes";
import { PackStackPolicy } from "../lib/policy";
import { describe } from "../lib/resources";
import { isDefaultStorageClass, isStorageClass } from "../lib/storage";

/**
 * A claim without storageClassName gets the default class. With two defaults Kubernetes
 * picks the newest one, so which key encrypts a new volume, and whether it is gp3 at all,
 * depends on creation order rather than on the code.
 */
export const kubernetesStorageclassLimitDefaultClass: PackStackPolicy = {
    name: "kubernetes-storageclass-limit-default-class",
    description: "At most one StorageClass of the stack may be annotated storageclass.kubernetes.io/is-default-class \"true\".",
    rationale: "With two default classes Kubernetes picks the newest, so which key encrypts a new volume would depend on creation order rather than on the code.",
    severity: "medium",
    enforcementLevel: "mandatory",
    tags: ["reliability", "storage", "kubernetes", "source:Kubernetes default StorageClass", "source:GATES stateful storage on an encrypted StorageClass"],
    remediationSteps: "Keep the annotation storageclass.kubernetes.io/is-default-class: \"true\" on the storage add-on's encrypted gp3 class only; remove it (or set it to \"false\") on every other StorageClass.",
    validateStack: (args, reportViolation) => {
        const defaults = args.resources.filter((r) => isStorageClass(r.type) && isDefaultStorageClass(r.props));
        if (defaults.length < 2) return;
        const names = defaults.map((r) => objectName(r.props) ?? r.name).join(", ");
        for (const storageClass of defaults) {
            reportViolation(`${describe(storageClass)} is one of ${defaults.length} default StorageClasses (${names}); a claim without storageClassName would get whichever was created last.`, storageClass.urn);
        }
    },
};
