
import { PackResourcePolicy } from "../lib/policy";
const CLUSTER = "aws:eks/cluster:Cluster";

/**
 * Kubernetes Secrets are envelope-encrypted with a customer-managed KMS key, so reading etcd
 * (or a backup of it) does not reveal them.
 *
 * The key's ARN usually comes from a key created in the same run and may be undefined at
 * preview. A provider block whose keyArn is undefined is therefore taken as "key set, ARN not
 * yet known"; a missing provider block, or an empty ARN, is a violation. (EKS accepts only a
 * customer-managed symmetric key here, so any ARN is one.)
 */
export const awsEksRequireSecretsEncryption: PackResourcePolicy = {
    name: "aws-eks-require-secrets-encryption",
    description: "EKS clusters must encrypt Kubernetes secrets with a customer-managed KMS key (encryptionConfig).",
    rationale: "Envelope encryption with a customer-managed key keeps Kubernetes Secrets unreadable to anyone who reads etcd or a backup of it.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["security", "encryption", "eks", "source:SH EKS.3", "source:CIS EKS 5.3.1"],
    remediationSteps: "Set encryptionConfig on the cluster to { provider: { keyArn: <the platform KMS key's ARN> }, resources: [\"secrets\"] }. Adding it to an existing cluster is supported; removing it is not.",
    validateResource: (args, reportViolation) => {
        if (args.type !== CLUSTER) return;
        const who = `${args.name} (${args.type})`;
        const encryption = args.props.encryptionConfig;
        if (!encryption) {
            reportViolation(`${who} has no encryptionConfig, so its secrets are not envelope-encrypted.`);
            return;
        }
        const resources: unknown[] = Array.isArray(encryption.resources) ? encryption.resources : [];
        if (!resources.includes("secrets")) reportViolation(`${who} does not list "secrets" in encryptionConfig.resources.`);
        if (!encryption.provider) {
            reportViolation(`${who} has no encryptionConfig.provider, so no KMS key encrypts its secrets.`);
        } else if (encryption.provider.keyArn !== undefined && (typeof encryption.provider.keyArn !== "string" || encryption.provider.keyArn === "")) {
            reportViolation(`${who} has an empty encryptionConfig.provider.keyArn.`);
        }
    },
};
