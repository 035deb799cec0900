/**
 * StorageClasses as the storage gates read them: whether a class encrypts the volumes it
 * provisions, which class a claim asks for, and which class the cluster gives a claim that
 * names none.
 */
import { annotationsOf, isKind, isTrue } from "./kubernetes";

/** The EBS CSI driver, and the in-tree EBS plugin that EKS migrates to it; both take `encrypted` and `kmsKeyId`. */
const EBS_PROVISIONERS = ["ebs.csi.aws.com", "kubernetes.io/aws-ebs"];

/** The GA annotation and the beta one the API server still honours. */
const DEFAULT_CLASS_ANNOTATIONS = ["storageclass.kubernetes.io/is-default-class", "storageclass.beta.kubernetes.io/is-default-class"];

/** The deprecated annotation of a claim that Kubernetes still honours before spec.storageClassName. */
export const BETA_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class";

/**
 * The class a PersistentVolumeClaim or a StatefulSet's claim template asks for: the beta
 * annotation, else spec.storageClassName; undefined when it names none.
 */
export function requestedClass(claim: Record<string, any>): unknown {
    return annotationsOf(claim)[BETA_CLASS_ANNOTATION] ?? claim.spec?.storageClassName;
}

/** The config property of the gates that judge a class's encryption; both must agree on it. */
export const ALLOWED_PROVISIONERS_SCHEMA = {
    type: "array",
    items: { type: "string", minLength: 1 },
    default: [],
    description: "Provisioners other than EBS whose volumes are known to be encrypted elsewhere (e.g. efs.csi.aws.com when every file system is encrypted).",
} as const;

export function isStorageClass(type: string): boolean {
    return isKind(type, "storage.k8s.io", "StorageClass");
}

/** The class provisions EBS volumes, whose parameters say whether and with which key they are encrypted. */
export function isEbsStorageClass(props: Record<string, any>): boolean {
    return typeof props.provisioner === "string" && EBS_PROVISIONERS.includes(props.provisioner);
}

/** The class is annotated as the cluster's default. */
export function isDefaultStorageClass(props: Record<string, any>): boolean {
    return DEFAULT_CLASS_ANNOTATIONS.some((key) => annotationsOf(props)[key] === "true");
}

/**
 * Why the volumes a StorageClass provisions are not known to be encrypted, as the end of a
 * sentence about the class; undefined when they are: an EBS class with parameters.encrypted
 * "true", or another provisioner listed in `allowedProvisioners`.
 */
export function storageClassEncryptionProblem(props: Record<string, any>, allowedProvisioners: readonly string[]): string | undefined {
    if (isEbsStorageClass(props)) {
        const encrypted = props.parameters?.encrypted;
        return isTrue(encrypted) ? undefined : `does not encrypt its EBS volumes (parameters.encrypted is ${encrypted === undefined ? "unset" : JSON.stringify(encrypted)})`;
    }
    const provisioner = props.provisioner;
    return typeof provisioner === "string" && allowedProvisioners.includes(provisioner)
        ? undefined
        : `uses provisioner ${JSON.stringify(provisioner ?? null)}, which is neither EBS nor in allowedProvisioners, so its volumes' encryption is unknown`;
}
