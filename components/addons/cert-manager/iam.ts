import { policyDocument, PolicyDocument } from "../../shared/iam";

export interface CertManagerPolicyInputs {
    partition: string;
    hostedZoneId: string;
}

/** The record name and type of every ACME DNS-01 challenge (RFC 8555 §8.4), lower-case as Route 53 normalises names. */
export const ACME_CHALLENGE_RECORD_NAMES = "_acme-challenge.*";
export const ACME_CHALLENGE_RECORD_TYPE = "TXT";

/**
 * cert-manager's Route 53 policy for DNS-01 (its Route 53 guide), narrowed to what the
 * solver of v1.21 calls (pkg/issuer/acme/dns/route53): `ChangeResourceRecordSets` to UPSERT
 * a challenge's TXT record and DELETE it afterwards, on the platform's zone only and only for
 * `_acme-challenge.` TXT records, so the role can neither repoint a host nor touch the zone's
 * other records; and `GetChange` to wait until the change is INSYNC. The issuers name the
 * zone (`hostedZoneID`), so the solver never looks it up: no `ListHostedZonesByName`. The
 * guide also lists `ListResourceRecordSets`, which the solver never calls.
 */
export function certManagerPolicy(inputs: CertManagerPolicyInputs): PolicyDocument {
    return policyDocument(
        {
            Sid: "ChangeOnlyAcmeChallengeRecords",
            Effect: "Allow",
            Action: "route53:ChangeResourceRecordSets",
            Resource: `arn:${inputs.partition}:route53:::hostedzone/${inputs.hostedZoneId}`,
            // The three keys are set on every ChangeResourceRecordSets request, so ForAllValues cannot pass on an absent key.
            Condition: {
                "ForAllValues:StringLike": { "route53:ChangeResourceRecordSetsNormalizedRecordNames": [ACME_CHALLENGE_RECORD_NAMES] },
                "ForAllValues:StringEquals": {
                    "route53:ChangeResourceRecordSetsRecordTypes": [ACME_CHALLENGE_RECORD_TYPE],
                    "route53:ChangeResourceRecordSetsActions": ["UPSERT", "DELETE"],
                },
            },
        },
        {
            Sid: "WaitForTheChange",
            Effect: "Allow",
            Action: "route53:GetChange",
            Resource: `arn:${inputs.partition}:route53:::change/*`,
        },
    );
}
