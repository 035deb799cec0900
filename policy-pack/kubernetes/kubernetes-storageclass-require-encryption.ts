import { customerKeyArnProblem } from "../lib/kms";
import { PackResourcePolicy } from "../lib/policy";
import { describe } from "../lib/resources";
import { ALLOWED_PROVISIONERS_SCHEMA, isEbsStorageClass, isStorageClass, storageClassEncryptionProblem } from "../lib/storage";

interface Config {
    allowedProvisioners: string[];
}

/**
 * Every volume a claim creates takes its encryption from its StorageClass, and the claim's
 * author never sees it. EBS classes must encrypt with the platform's own key (an AWS-managed
 * key cannot be revoked or audited through its key policy). Other provisioners' parameters
 * say nothing about encryption, so each must be allowed by name once the platform team has
 * checked where its data is encrypted (for EFS: on the file system).
 */
export const kubernetesStorageclassRequireEncryption: PackResourcePolicy = {
    name: "kubernetes-storageclass-require-encryption",
    description: "EBS StorageClasses must encrypt volumes with a customer-managed KMS key (parameters.encrypted \"true\" and a kmsKeyId key ARN); other provisioners must be in the allowed list.",
    rationale: "Every volume takes its encryption from its StorageClass, unseen by the claim's author, so the class must encrypt with a key the platform can revoke and audit.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["security", "encryption", "storage", "kubernetes", "source:BPG", "source:GATES stateful storage on an encrypted StorageClass", "source:SH EC2.7"],
    remediationSteps: "Use provisioner ebs.csi.aws.com with parameters { type: \"gp3\", encrypted: \"true\", kmsKeyId: <the platform volumes key ARN> } (the storage add-on's storageClass() does); a StorageClass cannot be changed in place, so replace it. For another provisioner, add it to allowedProvisioners after checking how it encrypts data.",
    configSchema: { properties: { allowedProvisioners: ALLOWED_PROVISIONERS_SCHEMA } },
    validateResource: (args, reportViolation) => {
        if (!isStorageClass(args.type)) return;
        const problem = storageClassEncryptionProblem(args.props, args.getConfig<Config>().allowedProvisioners);
        if (problem) reportViolation(`${describe(args)} ${problem}.`);
        if (!isEbsStorageClass(args.props)) return;
        const keyProblem = customerKeyArnProblem(args.props.parameters?.kmsKeyId);
        if (keyProblem) reportViolation(`${describe(args)} needs a customer-managed KMS key: parameters.kmsKeyId ${keyProblem}.`);
    },
};
