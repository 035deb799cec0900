import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { policyDocument, PolicyDocument } from "../shared/iam";
import { componentType } from "../shared/naming";

/** The cluster's IAM OIDC identity provider, as IRSA roles trust it. */
export interface OidcIdentity {
    providerArn: pulumi.Input<string>;
    /** Issuer URL without the scheme: `oidc.eks.<region>.amazonaws.com/id/<ID>`. */
    issuerHost: pulumi.Input<string>;
}

/**
 * Trust policy of an IRSA role: only the one service account, and only tokens minted for STS.
 * StringEquals (never StringLike) so no wildcard can widen the subject.
 */
export function irsaTrustPolicy(providerArn: string, issuerHost: string, namespace: string, serviceAccount: string): PolicyDocument {
    return policyDocument({
        Effect: "Allow",
        Principal: { Federated: providerArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
            StringEquals: {
                [`${issuerHost}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
                [`${issuerHost}:aud`]: "sts.amazonaws.com",
            },
        },
    });
}

/** The annotation that makes the EKS pod identity webhook inject the role's credentials. */
export const IRSA_ROLE_ANNOTATION = "eks.amazonaws.com/role-arn";

export interface ServiceAccountRoleArgs {
    oidc: OidcIdentity;
    namespace: string;
    serviceAccountName: string;
    /** Inline least-privilege policy of the role, as a JSON document. */
    policy?: pulumi.Input<string>;
    /** AWS managed policies, for components whose vendor maintains the policy (e.g. the EBS CSI driver). */
    managedPolicyArns?: pulumi.Input<string>[];
    /**
     * Create the annotated ServiceAccount (needs a Kubernetes provider in `opts.providers`).
     * False when something else owns it, e.g. an EKS managed add-on that takes the role ARN.
     */
    createServiceAccount: boolean;
    /**
     * Mount a Kubernetes API token into the pods: only for workloads that call the Kubernetes
     * API. IRSA's own web-identity token is a separate projected volume the webhook adds.
     */
    automountToken?: boolean;
    labels?: Record<string, string>;
    /** Managed policy set as the permissions boundary of every IAM role this component creates; none leaves them unbounded. */
    permissionsBoundaryArn?: pulumi.Input<string>;
}

/**
 * IRSA as one declaration: namespace, service account and policy give an IAM role that only
 * that service account can assume, and (optionally) the service account annotated with it.
 * Every in-cluster component that calls AWS gets its credentials this way.
 */
export class ServiceAccountRole extends pulumi.ComponentResource {
    readonly roleArn: pulumi.Output<string>;
    readonly roleName: pulumi.Output<string>;
    readonly serviceAccount?: k8s.core.v1.ServiceAccount;

    constructor(name: string, args: ServiceAccountRoleArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentType("cluster", "ServiceAccountRole"), name, {}, opts);
        const role = new aws.iam.Role(`${name}-role`, {
            description: `IRSA role of ${args.namespace}/${args.serviceAccountName}`,
            assumeRolePolicy: pulumi.all([args.oidc.providerArn, args.oidc.issuerHost]).apply(([arn, host]) =>
                JSON.stringify(irsaTrustPolicy(arn, host, args.namespace, args.serviceAccountName))),
            tags: { Name: name, "kubernetes-service-account": `${args.namespace}/${args.serviceAccountName}` },
            permissionsBoundary: args.permissionsBoundaryArn,
        }, { parent: this });
        const permissions: pulumi.CustomResource[] = (args.managedPolicyArns ?? []).map((policyArn, i) =>
            new aws.iam.RolePolicyAttachment(`${name}-managed-${i}`, { role: role.name, policyArn }, { parent: this }));
        if (args.policy) permissions.push(new aws.iam.RolePolicy(`${name}-policy`, { role: role.name, policy: args.policy }, { parent: this }));
        // Whoever takes the ARN (an add-on, a ServiceAccount) waits until the role can do its job.
        const roleArn = pulumi.all([role.arn, ...permissions.map((p) => p.id)]).apply(([arn]) => arn);

        if (args.createServiceAccount) {
            // Without an explicit provider the ServiceAccount would go to whatever cluster the ambient kubeconfig names.
            if (!this.getProvider("kubernetes:core/v1:ServiceAccount")) {
                throw new Error(`${name}: createServiceAccount needs the cluster's Kubernetes provider in opts.providers`);
            }
            this.serviceAccount = new k8s.core.v1.ServiceAccount(`${name}-sa`, {
                metadata: {
                    name: args.serviceAccountName,
                    namespace: args.namespace,
                    labels: args.labels,
                    annotations: { [IRSA_ROLE_ANNOTATION]: roleArn },
                },
                automountServiceAccountToken: args.automountToken ?? false,
            }, { parent: this });
        }
        this.roleArn = roleArn;
        this.roleName = role.name;
        this.registerOutputs({ roleArn: this.roleArn });
    }
}
