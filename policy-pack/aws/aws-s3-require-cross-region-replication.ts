import { PolicyResource } from "@pulumi/policy";
import { PackStackPolicy } from "../lib/policy";
import { describe } from "../lib/resources";
import {
    bucketsOf, bucketsThrough, isAccessLogTarget, isKmsEncrypted, isReplicationDestination, isVersioned, regionOf, settingsOf,
} from "../lib/s3";

interface Config {
    requireReplicationTimeControl: boolean;
}

interface ReplicationRule {
    id?: string;
    status?: string;
    destination?: {
        bucket?: string;
        encryptionConfiguration?: { replicaKmsKeyId?: string };
        replicationTime?: { status?: string };
        metrics?: { status?: string };
    };
    sourceSelectionCriteria?: { sseKmsEncryptedObjects?: { status?: string } };
}

/** Why `replica` cannot hold `source`'s copy: it must sit in another region, versioned and KMS-encrypted. */
function destinationProblems(resources: PolicyResource[], source: PolicyResource, replica: PolicyResource): string[] {
    const problems: string[] = [];
    const from = regionOf(source);
    const to = regionOf(replica);
    if (from === undefined || to === undefined) {
        problems.push(`the regions of ${describe(source)} and its destination ${describe(replica)} are not both known`);
    } else if (from === to) {
        problems.push(`its destination ${describe(replica)} is in ${to}, the source bucket's region; it must be in another region`);
    }
    if (!isVersioned(resources, replica)) problems.push(`its destination ${describe(replica)} is not versioned`);
    if (!isKmsEncrypted(resources, replica)) problems.push(`its destination ${describe(replica)} is not encrypted with SSE-KMS and a named key`);
    return problems;
}

function ruleProblems(resources: PolicyResource[], source: PolicyResource, config: PolicyResource, rule: ReplicationRule, requireRtc: boolean): string[] {
    const destination = rule.destination ?? {};
    const problems: string[] = [];
    // The join runs through the rules' dependencies; the ARN only tells apart several
    // destinations, and an ARN not known yet matches any of them.
    const target = destination.bucket;
    const candidates = bucketsThrough(config, "rules").filter((b) => typeof target !== "string" || typeof b.props.arn !== "string" || b.props.arn === target);
    if (candidates.length === 0) {
        problems.push(`its destination ${target ?? "(none)"} is not a bucket of this stack`);
    } else {
        const perCandidate = candidates.map((c) => destinationProblems(resources, source, c));
        if (!perCandidate.some((p) => p.length === 0)) problems.push(...perCandidate[0]);
    }
    if (requireRtc && destination.replicationTime?.status !== "Enabled") problems.push("Replication Time Control is off (destination.replicationTime.status must be Enabled)");
    if (requireRtc && destination.metrics?.status !== "Enabled") problems.push("replication metrics are off (destination.metrics.status must be Enabled)");
    if (rule.sourceSelectionCriteria?.sseKmsEncryptedObjects?.status !== "Enabled") {
        problems.push("KMS-encrypted objects are not replicated (sourceSelectionCriteria.sseKmsEncryptedObjects.status must be Enabled)");
    }
    const replicaKey = destination.encryptionConfiguration?.replicaKmsKeyId;
    if (typeof replicaKey !== "string" || replicaKey === "") problems.push("it names no destination.encryptionConfiguration.replicaKmsKeyId to encrypt replicas with");
    return problems;
}

/**
 * Every bucket of primary data is replicated to a versioned, KMS-encrypted bucket of the stack
 * in another region, so a regional outage or a lost bucket does not lose the backups. Log
 * buckets and the replicas themselves are exempt.
 */
export const awsS3RequireCrossRegionReplication: PackStackPolicy = {
    name: "aws-s3-require-cross-region-replication",
    description: "Every S3 bucket that is neither an access-log target nor a replica must replicate, KMS-encrypted objects included, to a versioned, KMS-encrypted bucket of the stack in another region.",
    rationale: "A copy in another region keeps the backups through a regional outage or the loss of the bucket.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["reliability", "backup", "storage", "source:SH S3.7"],
    remediationSteps: "Create an aws.s3.BucketReplicationConfig with bucket set to the bucket's id and an Enabled rule whose destination.bucket is the ARN of a versioned, SSE-KMS replica bucket created with a provider in another region, with destination.encryptionConfiguration.replicaKmsKeyId, sourceSelectionCriteria.sseKmsEncryptedObjects.status \"Enabled\", and destination.replicationTime and destination.metrics status \"Enabled\".",
    configSchema: {
        properties: {
            requireReplicationTimeControl: {
                type: "boolean", default: true,
                description: "Require S3 Replication Time Control and replication metrics on the replication rule, for a predictable replication lag (RPO).",
            },
        },
    },
    validateStack: (args, reportViolation) => {
        const { requireReplicationTimeControl } = args.getConfig<Config>();
        for (const bucket of bucketsOf(args.resources)) {
            if (isAccessLogTarget(args.resources, bucket) || isReplicationDestination(args.resources, bucket)) continue;
            const configs = settingsOf(args.resources, bucket, "replication");
            if (configs.length === 0) {
                reportViolation(`${describe(bucket)} has no replication configuration.`, bucket.urn);
            }
            for (const config of configs) {
                const rules = ((config.props.rules ?? []) as ReplicationRule[]).filter((r) => r.status === "Enabled");
                if (rules.length === 0) {
                    reportViolation(`${describe(config)} has no Enabled replication rule.`, config.urn);
                    continue;
                }
                const problems = rules.map((rule) => ruleProblems(args.resources, bucket, config, rule, requireReplicationTimeControl));
                if (problems.some((p) => p.length === 0)) continue;
                rules.forEach((rule, i) => {
                    for (const problem of problems[i]) reportViolation(`${describe(config)}, rule "${rule.id ?? i}": ${problem}.`, config.urn);
                });
            }
        }
    },
};
