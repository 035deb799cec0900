
import { PackResourcePolicy } from "../lib/policy";
const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
const EBS_VOLUME = "aws:ebs/volume:Volume";

interface Config {
    requireCustomerManagedKey: boolean;
}

/** The launch template's ebs.encrypted input is a string in @pulumi/aws; accept both spellings. */
const isTrue = (value: unknown) => value === true || value === "true";

/**
 * Node and data volumes are encrypted at rest, with the platform's own KMS key so access to
 * the data can be revoked and audited. A launch template without EBS mappings leaves the root
 * volume to the AMI and the account's default-encryption setting, which the stack does not own.
 *
 * A kmsKeyId that is not known yet at preview reaches a policy under the Pulumi CLI as an
 * unknown value, which makes the CLI skip the policy for that resource; so an undefined
 * kmsKeyId here means none was set.
 */
export const awsLaunchtemplateRequireEncryptedVolumes: PackResourcePolicy = {
    name: "aws-launchtemplate-require-encrypted-volumes",
    description: "Launch template EBS mappings and EBS volumes must be encrypted, with a customer-managed KMS key when configured.",
    rationale: "Node volumes encrypted with the platform's own key keep a detached or snapshotted disk unreadable, with access revocable and audited through the key policy.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["security", "encryption", "compute", "source:SH EC2.7"],
    remediationSteps: "Give the launch template a blockDeviceMappings entry for the root device (/dev/xvda) with ebs { encrypted: \"true\", kmsKeyId: <platform KMS key ARN> }; on aws.ebs.Volume set encrypted: true and kmsKeyId.",
    configSchema: {
        properties: {
            requireCustomerManagedKey: {
                type: "boolean",
                default: true,
                description: "Also require a kmsKeyId (a customer-managed key) instead of the aws/ebs managed key.",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        const { requireCustomerManagedKey } = args.getConfig<Config>();
        const who = `${args.name} (${args.type})`;
        const hasKey = (kmsKeyId: unknown) => typeof kmsKeyId === "string" && kmsKeyId !== "";
        if (args.type === EBS_VOLUME) {
            if (args.props.encrypted !== true) reportViolation(`${who} is not encrypted (encrypted is ${args.props.encrypted ?? "unset"}).`);
            else if (requireCustomerManagedKey && !hasKey(args.props.kmsKeyId)) reportViolation(`${who} has no kmsKeyId, so it uses the AWS-managed key.`);
            return;
        }
        if (args.type !== LAUNCH_TEMPLATE) return;
        const mappings: { deviceName?: string; ebs?: Record<string, unknown> }[] = Array.isArray(args.props.blockDeviceMappings) ? args.props.blockDeviceMappings : [];
        const withEbs = mappings.filter((m) => m?.ebs);
        if (withEbs.length === 0) {
            reportViolation(`${who} declares no EBS block device mapping, so the root volume's encryption is left to the AMI and account defaults.`);
            return;
        }
        for (const [index, mapping] of withEbs.entries()) {
            const device = mapping.deviceName ?? `mapping ${index}`;
            if (!isTrue(mapping.ebs!.encrypted)) reportViolation(`${who} does not encrypt ${device} (ebs.encrypted is ${mapping.ebs!.encrypted ?? "unset"}).`);
            else if (requireCustomerManagedKey && !hasKey(mapping.ebs!.kmsKeyId)) reportViolation(`${who} encrypts ${device} without ebs.kmsKeyId, so it uses the AWS-managed key.`);
        }
    },
};
