// Every policy of the pack, in the order reports list them. One policy per file under
// aws/, kubernetes/ and stack/; the inventory test pins this list.
import { EnforcementLevel } from "@pulumi/policy";
import { awsResourceRequireTags } from "./aws/aws-resource-require-tags";
import { awsVpcRequireClosedDefaultSecurityGroup } from "./aws/aws-vpc-require-closed-default-security-group";
import { awsVpcRequireFlowLogs } from "./aws/aws-vpc-require-flow-logs";
import { awsVpcRequireServiceEndpoints } from "./aws/aws-vpc-require-service-endpoints";
import { awsEksRestrictPublicEndpoint } from "./aws/aws-eks-restrict-public-endpoint";
import { awsEksDisallowPublicEndpoint } from "./aws/aws-eks-disallow-public-endpoint";
import { awsEksRequireControlPlaneLogging } from "./aws/aws-eks-require-control-plane-logging";
import { awsEksRequireSecretsEncryption } from "./aws/aws-eks-require-secrets-encryption";
import { awsEksRequireSupportedVersion } from "./aws/aws-eks-require-supported-version";
import { awsEksRequireAccessEntries } from "./aws/aws-eks-require-access-entries";
import { awsLaunchtemplateRequireImdsv2 } from "./aws/aws-launchtemplate-require-imdsv2";
import { awsLaunchtemplateRequireEncryptedVolumes } from "./aws/aws-launchtemplate-require-encrypted-volumes";
import { awsNodegroupDisallowRemoteAccess } from "./aws/aws-nodegroup-disallow-remote-access";
import { awsNodegroupRestrictPrivateSubnets } from "./aws/aws-nodegroup-restrict-private-subnets";
import { awsNodegroupRequireMultipleAzs } from "./aws/aws-nodegroup-require-multiple-azs";
import { awsNodegroupRequireDiverseSpotInstances } from "./aws/aws-nodegroup-require-diverse-spot-instances";
import { awsNodegroupRestrictInstanceTypes } from "./aws/aws-nodegroup-restrict-instance-types";
import { awsProviderRestrictRegions } from "./aws/aws-provider-restrict-regions";
import { awsIamRestrictIrsaTrust } from "./aws/aws-iam-restrict-irsa-trust";
import { awsIamRestrictServiceTrust } from "./aws/aws-iam-restrict-service-trust";
import { awsIamDisallowWildcardActions } from "./aws/aws-iam-disallow-wildcard-actions";
import { awsIamRequirePermissionsBoundary } from "./aws/aws-iam-require-permissions-boundary";
import { awsKmsRequireKeyRotation } from "./aws/aws-kms-require-key-rotation";
import { awsKmsRequireDeletionWindow } from "./aws/aws-kms-require-deletion-window";
import { awsKmsDisallowPublicPrincipal } from "./aws/aws-kms-disallow-public-principal";
import { awsEcrRequireScanOnPush } from "./aws/aws-ecr-require-scan-on-push";
import { awsEcrRequireImmutableTags } from "./aws/aws-ecr-require-immutable-tags";
import { awsEcrRequireKmsEncryption } from "./aws/aws-ecr-require-kms-encryption";
import { awsEcrRequireLifecyclePolicy } from "./aws/aws-ecr-require-lifecycle-policy";
import { awsSecuritygroupDisallowOpenAdminPorts } from "./aws/aws-securitygroup-disallow-open-admin-ports";
import { awsRdsRequireEncryption } from "./aws/aws-rds-require-encryption";
import { awsRdsDisallowPublicAccess } from "./aws/aws-rds-disallow-public-access";
import { awsRdsRequireBackupRetention } from "./aws/aws-rds-require-backup-retention";
import { awsRdsRequireMultiAz } from "./aws/aws-rds-require-multi-az";
import { awsRdsRequireDeletionProtection } from "./aws/aws-rds-require-deletion-protection";
import { awsRdsRequireTls } from "./aws/aws-rds-require-tls";
import { awsCloudwatchRequireLogRetention } from "./aws/aws-cloudwatch-require-log-retention";
import { awsCloudwatchRequireLogEncryption } from "./aws/aws-cloudwatch-require-log-encryption";
import { awsS3RequirePublicAccessBlock } from "./aws/aws-s3-require-public-access-block";
import { awsS3RequireKmsEncryption } from "./aws/aws-s3-require-kms-encryption";
import { awsS3RequireTlsOnlyPolicy } from "./aws/aws-s3-require-tls-only-policy";
import { awsS3RequireOwnerEnforced } from "./aws/aws-s3-require-owner-enforced";
import { awsS3RequireAccessLogging } from "./aws/aws-s3-require-access-logging";
import { awsS3RequireVersioning } from "./aws/aws-s3-require-versioning";
import { awsS3RequireLifecycle } from "./aws/aws-s3-require-lifecycle";
import { awsS3RequireCrossRegionReplication } from "./aws/aws-s3-require-cross-region-replication";
import { awsS3DisallowForceDestroy } from "./aws/aws-s3-disallow-force-destroy";
import { awsS3RequireObjectLock } from "./aws/aws-s3-require-object-lock";
import { kubernetesHelmPinChartVersion } from "./kubernetes/kubernetes-helm-pin-chart-version";
import { kubernetesHelmRestrictChartRbac } from "./kubernetes/kubernetes-helm-restrict-chart-rbac";
import { kubernetesHelmRestrictChartImages } from "./kubernetes/kubernetes-helm-restrict-chart-images";
import { kubernetesHelmRestrictChartHostAccess } from "./kubernetes/kubernetes-helm-restrict-chart-host-access";
import { kubernetesStorageclassRequireEncryption } from "./kubernetes/kubernetes-storageclass-require-encryption";
import { kubernetesStorageclassLimitDefaultClass } from "./kubernetes/kubernetes-storageclass-limit-default-class";
import { kubernetesIngressRequireTls } from "./kubernetes/kubernetes-ingress-require-tls";
import { kubernetesIngressDisallowSnippets } from "./kubernetes/kubernetes-ingress-disallow-snippets";
import { kubernetesNamespaceRequirePodSecurity } from "./kubernetes/kubernetes-namespace-require-pod-security";
import { kubernetesNamespaceRequireDefaultDeny } from "./kubernetes/kubernetes-namespace-require-default-deny";
import { kubernetesVeleroRequireEncryptedStorageLocation } from "./kubernetes/kubernetes-velero-require-encrypted-storage-location";
import { kubernetesVeleroRequireBackupSchedules } from "./kubernetes/kubernetes-velero-require-backup-schedules";
import { kubernetesVeleroRequireRestoreDrill } from "./kubernetes/kubernetes-velero-require-restore-drill";
import { kubernetesPodDisallowPrivileged } from "./kubernetes/kubernetes-pod-disallow-privileged";
import { kubernetesPodDisallowHostNamespaces } from "./kubernetes/kubernetes-pod-disallow-host-namespaces";
import { kubernetesPodDisallowHostPath } from "./kubernetes/kubernetes-pod-disallow-host-path";
import { kubernetesDaemonsetRestrictHostPath } from "./kubernetes/kubernetes-daemonset-restrict-host-path";
import { kubernetesPodDisallowHostPorts } from "./kubernetes/kubernetes-pod-disallow-host-ports";
import { kubernetesPodRequireDroppedCapabilities } from "./kubernetes/kubernetes-pod-require-dropped-capabilities";
import { kubernetesPodDisallowPrivilegeEscalation } from "./kubernetes/kubernetes-pod-disallow-privilege-escalation";
import { kubernetesPodRequireNonRoot } from "./kubernetes/kubernetes-pod-require-non-root";
import { kubernetesPodRequireSeccomp } from "./kubernetes/kubernetes-pod-require-seccomp";
import { kubernetesPodRequireBaselineControls } from "./kubernetes/kubernetes-pod-require-baseline-controls";
import { kubernetesPodRequireReadOnlyRootFilesystem } from "./kubernetes/kubernetes-pod-require-read-only-root-filesystem";
import { kubernetesResourceDisallowDefaultNamespace } from "./kubernetes/kubernetes-resource-disallow-default-namespace";
import { kubernetesPodDisallowDefaultServiceAccount } from "./kubernetes/kubernetes-pod-disallow-default-service-account";
import { kubernetesRbacDisallowAdminAndWildcards } from "./kubernetes/kubernetes-rbac-disallow-admin-and-wildcards";
import { kubernetesRbacRestrictSensitiveVerbs } from "./kubernetes/kubernetes-rbac-restrict-sensitive-verbs";
import { kubernetesPodRequireSecretFiles } from "./kubernetes/kubernetes-pod-require-secret-files";
import { kubernetesServiceRestrictLoadBalancers } from "./kubernetes/kubernetes-service-restrict-load-balancers";
import { kubernetesPodRestrictImageRegistries } from "./kubernetes/kubernetes-pod-restrict-image-registries";
import { kubernetesPodRequirePinnedImages } from "./kubernetes/kubernetes-pod-require-pinned-images";
import { kubernetesWorkloadRequireReplicas } from "./kubernetes/kubernetes-workload-require-replicas";
import { kubernetesHpaRequireSaneBounds } from "./kubernetes/kubernetes-hpa-require-sane-bounds";
import { kubernetesWorkloadRequireHpaOwnedReplicas } from "./kubernetes/kubernetes-workload-require-hpa-owned-replicas";
import { kubernetesVpaDisallowHpaConflict } from "./kubernetes/kubernetes-vpa-disallow-hpa-conflict";
import { kubernetesWorkloadRequirePdb } from "./kubernetes/kubernetes-workload-require-pdb";
import { kubernetesPodRequireReadinessProbe } from "./kubernetes/kubernetes-pod-require-readiness-probe";
import { kubernetesPodRequireLivenessProbe } from "./kubernetes/kubernetes-pod-require-liveness-probe";
import { kubernetesPodRequireResources } from "./kubernetes/kubernetes-pod-require-resources";
import { kubernetesWorkloadRequireZoneSpread } from "./kubernetes/kubernetes-workload-require-zone-spread";
import { kubernetesPodRequirePriorityClass } from "./kubernetes/kubernetes-pod-require-priority-class";
import { kubernetesNamespaceRequireQuotaAndLimits } from "./kubernetes/kubernetes-namespace-require-quota-and-limits";
import { kubernetesNamespaceRequireQuotaCapacity } from "./kubernetes/kubernetes-namespace-require-quota-capacity";
import { kubernetesStatefulsetRequireEncryptedStorage } from "./kubernetes/kubernetes-statefulset-require-encrypted-storage";
import { kubernetesWorkloadRequireRecommendedLabels } from "./kubernetes/kubernetes-workload-require-recommended-labels";
import { kubernetesWorkloadRequireTraceExport } from "./kubernetes/kubernetes-workload-require-trace-export";
import { kubernetesPrometheusruleRequireSeverityAndRunbook } from "./kubernetes/kubernetes-prometheusrule-require-severity-and-runbook";
import { stackClusterRequireCapacity } from "./stack/stack-cluster-require-capacity";
import { stackWorkloadRequireCompanions } from "./stack/stack-workload-require-companions";
import { stackWorkloadRequireAvailability } from "./stack/stack-workload-require-availability";
import { stackServiceRequireAlerts } from "./stack/stack-service-require-alerts";
import { stackCostRequireBudget } from "./stack/stack-cost-require-budget";
import { PackPolicy } from "./lib/policy";

export const PACK_NAME = "signal-trading";

/** Level of a policy that neither declares one nor is configured: a gate blocks unless relaxed. */
export const PACK_ENFORCEMENT_LEVEL: EnforcementLevel = "mandatory";

export const policies: PackPolicy[] = [
    awsResourceRequireTags,
    awsVpcRequireFlowLogs,
    awsVpcRequireClosedDefaultSecurityGroup,
    awsVpcRequireServiceEndpoints,
    awsEksRestrictPublicEndpoint,
    awsEksDisallowPublicEndpoint,
    awsEksRequireControlPlaneLogging,
    awsEksRequireSecretsEncryption,
    awsEksRequireSupportedVersion,
    awsEksRequireAccessEntries,
    awsLaunchtemplateRequireImdsv2,
    awsLaunchtemplateRequireEncryptedVolumes,
    awsNodegroupDisallowRemoteAccess,
    awsNodegroupRestrictPrivateSubnets,
    awsNodegroupRequireMultipleAzs,
    awsNodegroupRequireDiverseSpotInstances,
    awsNodegroupRestrictInstanceTypes,
    awsProviderRestrictRegions,
    awsIamRestrictIrsaTrust,
    awsIamRestrictServiceTrust,
    awsIamDisallowWildcardActions,
    awsIamRequirePermissionsBoundary,
    awsKmsRequireKeyRotation,
    awsKmsRequireDeletionWindow,
    awsKmsDisallowPublicPrincipal,
    awsEcrRequireScanOnPush,
    awsEcrRequireImmutableTags,
    awsEcrRequireKmsEncryption,
    awsEcrRequireLifecyclePolicy,
    awsSecuritygroupDisallowOpenAdminPorts,
    awsRdsRequireEncryption,
    awsRdsDisallowPublicAccess,
    awsRdsRequireBackupRetention,
    awsRdsRequireMultiAz,
    awsRdsRequireDeletionProtection,
    awsRdsRequireTls,
    awsCloudwatchRequireLogRetention,
    awsCloudwatchRequireLogEncryption,
    awsS3RequirePublicAccessBlock,
    awsS3RequireKmsEncryption,
    awsS3RequireTlsOnlyPolicy,
    awsS3RequireOwnerEnforced,
    awsS3RequireAccessLogging,
    awsS3RequireVersioning,
    awsS3RequireLifecycle,
    awsS3RequireCrossRegionReplication,
    awsS3DisallowForceDestroy,
    awsS3RequireObjectLock,
    kubernetesHelmPinChartVersion,
    kubernetesHelmRestrictChartRbac,
    kubernetesHelmRestrictChartImages,
    kubernetesHelmRestrictChartHostAccess,
    kubernetesStorageclassRequireEncryption,
    kubernetesStorageclassLimitDefaultClass,
    kubernetesIngressRequireTls,
    kubernetesIngressDisallowSnippets,
    kubernetesNamespaceRequirePodSecurity,
    kubernetesNamespaceRequireDefaultDeny,
    kubernetesVeleroRequireEncryptedStorageLocation,
    kubernetesVeleroRequireBackupSchedules,
    kubernetesVeleroRequireRestoreDrill,
    kubernetesPodDisallowPrivileged,
    kubernetesPodDisallowHostNamespaces,
    kubernetesPodDisallowHostPath,
    kubernetesDaemonsetRestrictHostPath,
    kubernetesPodDisallowHostPorts,
    kubernetesPodRequireDroppedCapabilities,
    kubernetesPodDisallowPrivilegeEscalation,
    kubernetesPodRequireNonRoot,
    kubernetesPodRequireSeccomp,
    kubernetesPodRequireBaselineControls,
    kubernetesPodRequireReadOnlyRootFilesystem,
    kubernetesResourceDisallowDefaultNamespace,
    kubernetesPodDisallowDefaultServiceAccount,
    kubernetesRbacDisallowAdminAndWildcards,
    kubernetesRbacRestrictSensitiveVerbs,
    kubernetesPodRequireSecretFiles,
    kubernetesServiceRestrictLoadBalancers,
    kubernetesPodRestrictImageRegistries,
    kubernetesPodRequirePinnedImages,
    kubernetesWorkloadRequireReplicas,
    kubernetesHpaRequireSaneBounds,
    kubernetesWorkloadRequireHpaOwnedReplicas,
    kubernetesVpaDisallowHpaConflict,
    kubernetesWorkloadRequirePdb,
    kubernetesPodRequireReadinessProbe,
    kubernetesPodRequireLivenessProbe,
    kubernetesPodRequireResources,
    kubernetesWorkloadRequireZoneSpread,
    kubernetesPodRequirePriorityClass,
    kubernetesNamespaceRequireQuotaAndLimits,
    kubernetesNamespaceRequireQuotaCapacity,
    kubernetesStatefulsetRequireEncryptedStorage,
    kubernetesWorkloadRequireRecommendedLabels,
    kubernetesWorkloadRequireTraceExport,
    kubernetesPrometheusruleRequireSeverityAndRunbook,
    stackClusterRequireCapacity,
    stackWorkloadRequireCompanions,
    stackWorkloadRequireAvailability,
    stackServiceRequireAlerts,
    stackCostRequireBudget,
];
