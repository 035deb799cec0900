import { ResourceValidationPolicy } from "@pulumi/policy";
import { isKind, isTrue } from "../lib/kubernetes";
import { customerKeyArnProblem } from "../lib/kms";
import { describe } from "../lib/resources";

/** The EBS CSI driver, and the in-tree EBS plugin that EKS migrates to it; both take `encrypted` and `kmsKeyId`. */
const EBS_PROVISIONERS = ["ebs.csi.aws.com", "kubernetes.io/aws-ebs"];

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
export const kubernetesStorageclassRequireEncryption: ResourceValidationPolicy = {
    name: "kubernetes-storageclass-require-encryption",
    description: "EBS StorageClasses must encrypt volumes with a customer-managed KMS key (parameters.encrypted \"true\" and a kmsKeyId key ARN); other provisioners must be in the allowed list.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["security", "encryption", "storage", "kubernetes", "source:BPG", "source:GATES stateful storage on an encrypted StorageClass", "source:SH EC2.7"],
    remediationSteps: "Use provisioner ebs.csi.aws.com with parameters { type: \"gp3\", encrypted: \"true\", kmsKeyId: <the platform volumes key ARN> } (the storage add-on's storageClass() does); a StorageClass cannot be changed in place, so replace it. For another provisioner, add it to allowedProvisioners after checking how it encrypts data.",
    configSchema: {
        properties: {
            allowedProvisioners: {
                type: "array",
                items: { type: "string", minLength: 1 },
                default: [],
                description: "Provisioners other than EBS whose volumes are known to be encrypted elsewhere (e.g. efs.csi.aws.com when every file system is encrypted).",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        if (!isKind(args.type, "storage.k8s.io", "StorageClass")) return;
        const provisioner = args.props.provisioner;
        if (typeof provisioner === "string" && EBS_PROVISIONERS.includes(provisioner)) {
            const parameters = args.props.parameters ?? {};
            if (!isTrue(parameters.encrypted)) {
                reportViolation(`${describe(args)} does not encrypt its EBS volumes (parameters.encrypted is ${parameters.encrypted === undefined ? "unset" : JSON.stringify(parameters.encrypted)}).`);
            }
            const keyProblem = customerKeyArnProblem(parameters.kmsKeyId);
            if (keyProblem) reportViolation(`${describe(args)} needs a customer-managed KMS key: parameters.kmsKeyId ${keyProblem}.`);
            return;
        }
        const { allowedProvisioners } = args.getConfig<Config>();
        if (typeof provisioner !== "string" || !allowedProvisioners.includes(provisioner)) {
            reportViolation(`${describe(args)} uses provisioner ${JSON.stringify(provisioner ?? null)}, which is neither EBS nor in allowedProvisioners, so its volumes' encryption is unknown.`);
        }
    },
};
