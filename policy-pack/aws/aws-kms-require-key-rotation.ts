import { PackResourcePolicy } from "../lib/policy";
import { describe } from "../lib/resources";

const KEY = "aws:kms/key:Key";

/**
 * KMS rotates only symmetric keys whose material it holds: asymmetric and HMAC key specs and
 * keys in a custom key store (CloudHSM or external) cannot rotate, so they are exempt.
 */
function rotationSupported(props: Record<string, any>): boolean {
    const spec = props.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT";
    return spec === "SYMMETRIC_DEFAULT" && !props.customKeyStoreId;
}

/** Yearly rotation bounds how much data one leaked key version can decrypt. */
export const awsKmsRequireKeyRotation: PackResourcePolicy = {
    name: "aws-kms-require-key-rotation",
    description: "Symmetric customer-managed KMS keys must have automatic key rotation enabled.",
    rationale: "Yearly rotation bounds how much data one leaked key version can decrypt.",
    severity: "medium",
    enforcementLevel: "mandatory",
    tags: ["security", "encryption", "source:SH KMS.4"],
    remediationSteps: "Set enableKeyRotation: true on the aws.kms.Key (rotationPeriodInDays may shorten the default 365 days).",
    remediateResource: (args) => {
        if (args.type !== KEY || !rotationSupported(args.props) || args.props.enableKeyRotation === true) return undefined;
        return { ...args.props, enableKeyRotation: true };
    },
    validateResource: (args, reportViolation) => {
        if (args.type !== KEY || !rotationSupported(args.props)) return;
        if (args.props.enableKeyRotation !== true) reportViolation(`${describe(args)} does not rotate its key material: enableKeyRotation is ${args.props.enableKeyRotation ?? "unset"}.`);
    },
};
