import { customerKeyArnProblem } from "../lib/kms";
import { PackResourcePolicy } from "../lib/policy";
import { AWS_PROVIDERS, storageLocationsOf } from "../lib/velero";

/**
 * A backup holds every Secret of the cluster. Velero's AWS plugin encrypts what it writes
 * with the key in config.kmsKeyId; without it the objects fall back to the bucket's default
 * encryption, which a changed bucket setting would silently weaken. Naming the platform's
 * backups key by ARN also lets its key policy decide who can read a restore.
 */
export const kubernetesVeleroRequireEncryptedStorageLocation: PackResourcePolicy = {
    name: "kubernetes-velero-require-encrypted-storage-location",
    description: "Velero backup storage locations on AWS (BackupStorageLocation objects and the velero chart's configuration.backupStorageLocation) must name a bucket and encrypt backups with a KMS key given by ARN in config.kmsKeyId.",
    rationale: "A backup holds every Secret of the cluster, so it is encrypted with the platform's backups key rather than whatever the bucket's default happens to be.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["security", "encryption", "backup", "kubernetes", "source:REL09-BP02"],
    remediationSteps: "Set spec.objectStorage.bucket to the backup bucket's name and spec.config.kmsKeyId to the backups key's ARN (pulumi stack output backupKmsKeyArn), e.g. config: { region, kmsKeyId: backupKey.arn }; in chart values the same fields are configuration.backupStorageLocation[].bucket and .config.kmsKeyId.",
    validateResource: (args, reportViolation) => {
        for (const location of storageLocationsOf(args)) {
            if (typeof location.provider !== "string" || !AWS_PROVIDERS.includes(location.provider)) continue;
            if (typeof location.bucket !== "string" || location.bucket === "") reportViolation(`${location.where} names no bucket (objectStorage.bucket).`);
            const keyProblem = customerKeyArnProblem(location.kmsKeyId);
            if (keyProblem) reportViolation(`${location.where} must encrypt backups with a customer-managed KMS key: config.kmsKeyId ${keyProblem}.`);
        }
    },
};
