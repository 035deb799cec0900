import { policyDocument, PolicyDocument } from "../../shared/iam";

export interface ExternalDnsPolicyInputs {
    partition: string;
    hostedZoneId: string;
    zoneName: string;
}

/** Record types external-dns writes: alias A/AAAA to the load balancer, CNAME, and its TXT ownership records. */
export const MANAGED_RECORD_TYPES = ["A", "AAAA", "CNAME", "TXT"];

/**
 * external-dns's Route 53 policy (the actions of its AWS tutorial), narrowed from every hosted
 * zone to the platform's one: it may list the zone's records and their tags and change records
 * of the managed types below the zone's apex, so the apex's SOA, NS and any MX stay out of
 * reach. Listing hosted zones has no resource to narrow to, and reveals only zone names.
 */
export function externalDnsPolicy(inputs: ExternalDnsPolicyInputs): PolicyDocument {
    const zone = `arn:${inputs.partition}:route53:::hostedzone/${inputs.hostedZoneId}`;
    return policyDocument(
        {
            Sid: "ChangeRecordsBelowTheZoneApex",
            Effect: "Allow",
            Action: "route53:ChangeResourceRecordSets",
            Resource: zone,
            // Both keys are set on every ChangeResourceRecordSets request, so ForAllValues cannot pass on an absent key.
            Condition: {
                "ForAllValues:StringLike": { "route53:ChangeResourceRecordSetsNormalizedRecordNames": [`*.${inputs.zoneName}`] },
                "ForAllValues:StringEquals": { "route53:ChangeResourceRecordSetsRecordTypes": MANAGED_RECORD_TYPES },
            },
        },
        {
            Sid: "ReadTheZone",
            Effect: "Allow",
            Action: ["route53:ListResourceRecordSets", "route53:ListTagsForResources"],
            Resource: zone,
        },
        {
            Sid: "FindTheZone",
            Effect: "Allow",
            Action: "route53:ListHostedZones",
            Resource: "*",
        },
    );
}
