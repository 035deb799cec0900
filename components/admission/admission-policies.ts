import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { awsAccount } from "../shared/aws-account";
import { componentType } from "../shared/naming";
import {
    ADMISSION_POLICY_NAMES, AdmissionPolicy, ecrRegistryPrefix, policyMetadata, renderApplicationImagesPolicy, renderBinding,
    renderOperatorRolloutsPolicy, renderPrivilegedPodsPolicy, renderSystemServiceAccountsPolicy,
} from "./policies";
import { SystemWorkloads } from "./system-workloads";

/** ValidatingAdmissionPolicy went GA (admissionregistration.k8s.io/v1) in Kubernetes 1.30. */
export const MIN_KUBERNETES_VERSION = "1.30";

export interface AdmissionPoliciesArgs {
    kubernetesVersion: string;
    /** Labels of the application namespaces (their baseline's). */
    applicationNamespaceLabels: Record<string, string>;
    /** Application images must carry a digest (`admission.requireImageDigest`). */
    requireImageDigest: boolean;
    system: SystemWorkloads;
    /** Kubernetes groups with patch rights on Deployments and StatefulSets (the deployer Role's). */
    operatorGroups: string[];
}

function minor(version: string): number {
    const [major, minorPart] = version.split(".").map(Number);
    return major * 1000 + minorPart;
}

/** A problem with the arguments, as a sentence; empty when they are sound. */
export function validateAdmissionPoliciesArgs(args: Pick<AdmissionPoliciesArgs, "kubernetesVersion" | "applicationNamespaceLabels">): string[] {
    return [
        ...(minor(args.kubernetesVersion) < minor(MIN_KUBERNETES_VERSION) ? [`Kubernetes ${args.kubernetesVersion} has no admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy (GA in ${MIN_KUBERNETES_VERSION})`] : []),
        ...(Object.keys(args.applicationNamespaceLabels).length === 0 ? ["no label selects the application namespaces: the image policy would apply to every namespace"] : []),
    ];
}

/**
 * The cluster's admission policies, each with its binding. Cluster-scoped objects with fixed
 * names; every spec field updates in place. The application-images policy names this
 * account's registry, looked up through the component's AWS provider.
 */
export class AdmissionPolicies extends pulumi.ComponentResource {
    constructor(name: string, args: AdmissionPoliciesArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentType("admission", "AdmissionPolicies"), name, {}, opts);
        const problems = validateAdmissionPoliciesArgs(args);
        if (problems.length > 0) throw new Error(`invalid admission policies:\n- ${problems.join("\n- ")}`);
        const { accountId, region } = awsAccount(this);
        const images = pulumi.all([accountId, region]).apply(([account, r]) => renderApplicationImagesPolicy({
            namespaceLabels: args.applicationNamespaceLabels, requireDigest: args.requireImageDigest, registryPrefix: ecrRegistryPrefix(account, r),
        }));
        const policies: { name: string; spec: pulumi.Input<AdmissionPolicy["spec"]> }[] = [
            // Only the spec waits for the account lookup: the name is known at once.
            { name: ADMISSION_POLICY_NAMES.applicationImages, spec: images.spec },
            ...[
                renderSystemServiceAccountsPolicy({ serviceAccounts: args.system.serviceAccounts }),
                renderPrivilegedPodsPolicy({ privilegedNamespaces: args.system.privilegedNamespaces }),
                ...(args.operatorGroups.length > 0 ? [renderOperatorRolloutsPolicy({ groups: args.operatorGroups })] : []),
            ].map((p) => ({ name: p.metadata.name, spec: p.spec })),
        ];
        for (const { name: policyName, spec } of policies) {
            const policy = new k8s.admissionregistration.v1.ValidatingAdmissionPolicy(`${name}-${policyName}`, {
                apiVersion: "admissionregistration.k8s.io/v1", kind: "ValidatingAdmissionPolicy", metadata: policyMetadata(policyName), spec,
            }, { parent: this });
            new k8s.admissionregistration.v1.ValidatingAdmissionPolicyBinding(`${name}-${policyName}`, renderBinding(policyName), { parent: this, dependsOn: [policy] });
        }
        this.registerOutputs({});
    }
}
