import { PackStackPolicy } from "../lib/policy";
import { describe } from "../lib/resources";
import { bucketsOf } from "../lib/s3";

interface Config {
    requireProtect: boolean;
    allowUnprotectedForceDestroy: boolean;
}

/**
 * Backup data outlives the stack that wrote it: a bucket must not be deletable together with
 * its objects (forceDestroy), and, where configured, the bucket resource is protected so that
 * neither `pulumi destroy` nor a replacement can delete it. Where stacks are torn down
 * routinely, an unprotected bucket may go with its objects, or the destroy would stop at it.
 */
export const awsS3DisallowForceDestroy: PackStackPolicy = {
    name: "aws-s3-disallow-force-destroy",
    description: "S3 buckets must not set forceDestroy (an unprotected one may, where the config allows it for stacks torn down routinely) and, where configured, must be protected (opts.protect), so that backup data cannot be deleted with the stack.",
    rationale: "Backup data must outlive the stack that wrote it, so neither `pulumi destroy` nor a replacement may delete a bucket with its objects.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["reliability", "backup", "storage", "source:AWS Well-Architected REL09-BP01"],
    remediationSteps: "Set forceDestroy to false (or leave it unset) on the aws.s3.Bucket and pass { protect: true } in its resource options (the stack's protect setting); set forceDestroy only on a bucket that is not protected, in a stack whose policy config allows it.",
    configSchema: {
        properties: {
            requireProtect: {
                type: "boolean", default: true,
                description: "Require opts.protect on every bucket; relax it where stacks are torn down routinely.",
            },
            allowUnprotectedForceDestroy: {
                type: "boolean", default: false,
                description: "Accept forceDestroy on a bucket that is not protected, so that `pulumi destroy` of a stack torn down routinely empties and deletes it.",
            },
        },
    },
    validateStack: (args, reportViolation) => {
        const { requireProtect, allowUnprotectedForceDestroy } = args.getConfig<Config>();
        for (const bucket of bucketsOf(args.resources)) {
            if (bucket.props.forceDestroy === true && !(allowUnprotectedForceDestroy && bucket.opts.protect !== true)) {
                reportViolation(`${describe(bucket)} sets forceDestroy, so deleting it would delete every object and version in it.`, bucket.urn);
            }
            if (requireProtect && bucket.opts.protect !== true) {
                reportViolation(`${describe(bucket)} is not protected (opts.protect), so pulumi destroy or a replacement could delete it.`, bucket.urn);
            }
        }
    },
};
