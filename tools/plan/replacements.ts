/**
 * Which input changes replace a resource instead of updating it in place, for every resource
 * type the program creates: the data the plan diff uses to mark a changed resource "update" or
 * "replace", and to say what a replacement would destroy.
 *
 * Facts, not guesses: every path comes from the provider's own diff logic, cited in `sources`.
 * - AWS (pulumi-aws 7.x bridges terraform-provider-aws 6.x): an input whose Terraform schema says
 *   `ForceNew: true` (or `RequiresReplace()`) becomes a replacement in Pulumi's diff. Only inputs the
 *   program sets, plus the identity ones, are listed. Every region-aware AWS resource also has the
 *   provider-v6 `region` input: "Changing the value of `region` will force resource replacement"
 *   (TF_REGION_GUIDE); IAM and Route 53 are global and have none.
 * - Kubernetes (pulumi-kubernetes 4.x): the provider replaces on `metadata.name`/`metadata.namespace`
 *   and on the per-kind force-new table of provider/pkg/provider/diff.go. Where the API server also
 *   refuses to change a field that table does not list, the path is listed too and its source says
 *   so: Pulumi then plans an update that the API server rejects, so in practice the change needs a
 *   replacement (the resource's `replaceOnChanges`, or `pulumi up --replace <urn>`).
 * - A fixed physical name (`physicalName` set by the program): pulumi-terraform-bridge makes such a
 *   replacement delete-before-replace (nameRequiresDeleteBeforeReplace in BRIDGE_PROVIDER), and so
 *   does pulumi-kubernetes for a named object (deleteBeforeReplace in K8S_PROVIDER): the old resource
 *   is gone before the new one exists.
 *
 * Sources were read at the revisions of the public repositories stored for this project; some
 * terraform-provider-aws files at revisions older than the provider pinned here. Where a behaviour
 * changed between versions (an RDS identifier, an EKS cluster's subnets) the newer source is cited.
 */

export interface ReplacementRule {
    /** Input paths whose change replaces the resource. Dotted; `*` matches one key or array index ("vpcConfig.subnetIds", "spec.volumeClaimTemplates", "ebs.*.kmsKeyId"). A changed path equal to or below a listed path replaces. */
    replaceOn: string[];
    /**
     * Changes of these paths replace unless the resource's provider sets `unlessProviderInput` (true, or a
     * non-empty value): pulumi-kubernetes Secret/ConfigMap data with enableSecretMutable / enableConfigMapMutable.
     * For a provider resource, its own inputs count (a Kubernetes provider with a clusterIdentifier).
     */
    conditional?: { paths: string[]; unlessProviderInput: string }[];
    /** The input holding a fixed physical name (e.g. "name", "bucket", "identifier"), when the resource has one: if the program sets it, a replacement cannot create the new resource before deleting the old one. Absent when the name is a prefix or autonamed. */
    physicalName?: string;
    /** Why replacing it loses data or breaks what depends on it (a database, a bucket, a key, a volume, a generated secret, a subnet in use ...); absent for resources that are safe to recreate. */
    holdsState?: string;
    /** Where each fact comes from: provider docs/schema URLs or source file paths with a short quote if useful. */
    sources: string[];
}

const TF = "https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service";
const TF_REGION_GUIDE = "https://github.com/hashicorp/terraform-provider-aws/blob/main/website/docs/guides/enhanced-region-support.html.markdown: \"Changing the value of `region` will force resource replacement.\"";
const TF_S3_DOCS = "https://github.com/hashicorp/terraform-provider-aws/tree/main/website/docs/r (s3_bucket_*.html.markdown): \"`bucket` - (Required, Forces new resource) Name of the bucket.\"";
const BRIDGE_PROVIDER = "https://github.com/pulumi/pulumi-terraform-bridge/blob/master/pkg/tfbridge/provider.go";
const BRIDGE_SCHEMA = "https://github.com/pulumi/pulumi-terraform-bridge/blob/master/pkg/tfbridge/schema.go: nameRequiresDeleteBeforeReplace \"returns true if the given set of resource inputs includes an autonameable property with a value that was not populated by the autonamer\"";
const K8S_DIFF = "https://github.com/pulumi/pulumi-kubernetes/blob/master/provider/pkg/provider/diff.go";
const K8S_PROVIDER = "https://github.com/pulumi/pulumi-kubernetes/blob/master/provider/pkg/provider/provider.go";
const K8S_HELM = "https://github.com/pulumi/pulumi-kubernetes/blob/master/provider/pkg/provider/helm_release.go";
const K8S_VALIDATION = "https://github.com/kubernetes/kubernetes/blob/master/pkg/apis";
const RANDOM = "https://github.com/hashicorp/terraform-provider-random/blob/main/internal/provider";

/** The provider-v6 per-resource region (TF_REGION_GUIDE); the program never sets it, the provider's region fills it. */
const REGION = "region";

/** Kubernetes kinds with no immutable field: only the object rule applies. */
const noImmutableFields = (why: string): ReplacementRule => ({
    replaceOn: [],
    sources: [`${K8S_DIFF}: no force-new entry for this kind. ${why}`],
});
const CUSTOM_RESOURCE = "A custom resource: pulumi-kubernetes replaces it only for a new name or namespace; an immutability rule in its CRD would make the API server reject an update, not trigger a replacement.";

/** Every S3 bucket sub-resource is keyed by its bucket and is replaced only when that changes. */
const s3BucketSetting = (file: string): ReplacementRule => ({
    replaceOn: ["bucket", "expectedBucketOwner", REGION],
    sources: [
        `${TF}/s3/${file}: bucket and expected_bucket_owner are \`ForceNew: true\`; every other argument is put again in place`,
        TF_S3_DOCS,
        TF_REGION_GUIDE,
    ],
});

export const REPLACEMENT_RULES: Record<string, ReplacementRule> = {
    // ------------------------------------------------------------------ providers
    "pulumi:providers:aws": {
        replaceOn: ["region"],
        holdsState: "The provider itself is only updated (pulumi-aws 7 no longer replaces it for a new region), but every region-aware resource it manages takes the provider's region as its own `region`, whose change forces replacement: moving the stack's region replaces the whole VPC, cluster, database, keys and buckets it manages (new, empty ones; the backup buckets and keys are protected in prod, so the update stops there). IAM roles, policies and OIDC providers are global and stay. `defaultTags` and the skip* flags update in place.",
        sources: [
            `${BRIDGE_PROVIDER}: DiffConfig replaces the provider only for config keys marked ForcesProviderReplace`,
            "https://github.com/pulumi/pulumi-aws/pull/5656 \"Remove ForcesProviderReplace semantic from region\": \"`pulumi up` will no longer be able to move resources to a different AWS region in a single cascading replace pass\"",
            TF_REGION_GUIDE,
            "https://github.com/hashicorp/terraform-provider-aws/blob/main/website/docs/guides/enhanced-region-support.html.markdown: IAM and Route 53 are listed as global services (not region-aware)",
        ],
    },
    "pulumi:providers:kubernetes": {
        replaceOn: ["clusterIdentifier", "renderYamlToDirectory"],
        // A provider's own inputs: with clusterIdentifier set, only that identifier replaces it.
        conditional: [{ paths: ["kubeconfig", "context", "cluster"], unlessProviderInput: "clusterIdentifier" }],
        holdsState: "Replacing the provider replaces every Kubernetes resource it manages: all Namespaces (deleting everything in them, including PersistentVolumeClaims whose EBS volumes the gp3 class deletes with them), Helm releases (uninstalling the add-ons and their CRDs), Secrets and the Redis StatefulSet. A kubeconfig change replaces it only when the active cluster entry (server, certificate authority) changes, but an unknown kubeconfig at preview (the EKS cluster being replaced) always does. Setting `clusterIdentifier` makes only a change of that identifier replace.",
        sources: [
            `${K8S_PROVIDER} DiffConfig: "We can't tell for sure if a computed value has changed, so we make the conservative choice and force a replacement" for kubeconfig, context and cluster`,
            `${K8S_PROVIDER} DiffConfig: "planning a replacement iff the active cluster in the kubeconfig changes"; "If clusterIdentifier is configured, we change our replacement behavior to trigger when the identifier has changed"; renderYamlToDirectory: "all the manifests will be replaced"`,
            "https://www.pulumi.com/docs/concepts/resources/providers/: replacing an explicit provider replaces every resource provisioned with it",
        ],
    },

    // ------------------------------------------------------------------ AWS: network
    "aws:ec2/vpc:Vpc": {
        replaceOn: ["cidrBlock", "ipv4IpamPoolId", "ipv4NetmaskLength", REGION],
        holdsState: "Every subnet, route table, gateway, node, the EKS control plane's interfaces and the database live in it: AWS refuses to delete a VPC with dependencies (DependencyViolation), so a replacement means rebuilding the whole stack.",
        sources: [`${TF}/ec2/vpc_.go: cidr_block, ipv4_ipam_pool_id, ipv4_netmask_length are \`ForceNew: true\`; enable_dns_* update in place`, TF_REGION_GUIDE],
    },
    "aws:ec2/subnet:Subnet": {
        replaceOn: ["cidrBlock", "availabilityZone", "availabilityZoneId", "vpcId", REGION],
        holdsState: "A subnet in use: node groups, the EKS control plane's interfaces, NAT gateways and the RDS subnet group have interfaces in it, and AWS refuses to delete a subnet with interfaces (DependencyViolation); what lives in it must be moved or replaced first.",
        sources: [
            `${TF}/ec2/vpc_subnet.go: availability_zone, availability_zone_id, cidr_block, vpc_id are \`ForceNew: true\`; map_public_ip_on_launch is modified in place (ModifySubnetAttribute)`,
            TF_REGION_GUIDE,
        ],
    },
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": {
        replaceOn: ["vpcId", REGION],
        sources: [`${TF}/ec2/vpc_default_security_group.go: vpc_id is \`ForceNew: true\`; the resource adopts the VPC's default group and its delete is a no-op (schema.NoopContext)`, TF_REGION_GUIDE],
    },
    "aws:ec2/internetGateway:InternetGateway": {
        replaceOn: [REGION],
        sources: [`${TF}/ec2/vpc_internet_gateway.go: vpc_id is Optional without ForceNew; a change detaches from the old VPC and attaches to the new one in place`, TF_REGION_GUIDE],
    },
    "aws:ec2/eip:Eip": {
        replaceOn: ["domain", "address", "publicIpv4Pool", "networkBorderGroup", "ipamPoolId", REGION],
        holdsState: "The public IPv4 address: a new allocation is a new address, so the NAT gateway that uses it is replaced too and the egress IP that exchanges or partners allow-list changes.",
        sources: [`${TF}/ec2/ec2_eip.go: address, domain, ipam_pool_id, network_border_group, public_ipv4_pool are \`ForceNew: true\``, `${TF}/ec2/vpc_nat_gateway.go: allocation_id is \`ForceNew: true\``, TF_REGION_GUIDE],
    },
    "aws:ec2/natGateway:NatGateway": {
        replaceOn: ["allocationId", "subnetId", "connectivityType", "privateIp", REGION],
        holdsState: "In use: the private route table of its AZ sends all egress through it, so every node and pod there loses outbound connections (exchange feeds, image pulls) until the route points at the new gateway.",
        sources: [`${TF}/ec2/vpc_nat_gateway.go: allocation_id, connectivity_type, private_ip, secondary_private_ip_address_count, subnet_id are \`ForceNew: true\``, TF_REGION_GUIDE],
    },
    "aws:ec2/routeTable:RouteTable": {
        replaceOn: ["vpcId", REGION],
        sources: [`${TF}/ec2/vpc_route_table.go: vpc_id is \`ForceNew: true\`; routes are added, replaced and deleted in place`, TF_REGION_GUIDE],
    },
    "aws:ec2/routeTableAssociation:RouteTableAssociation": {
        replaceOn: ["subnetId", "gatewayId", REGION],
        sources: [`${TF}/ec2/vpc_route_table_association.go: subnet_id and gateway_id are \`ForceNew: true\`; route_table_id is updated in place (ReplaceRouteTableAssociation)`, TF_REGION_GUIDE],
    },
    "aws:ec2/securityGroup:SecurityGroup": {
        replaceOn: ["name", "namePrefix", "description", "vpcId", REGION],
        physicalName: "name",
        holdsState: "In use: the database's network interfaces carry it, and AWS refuses to delete a group still attached (DependencyViolation); with its fixed name the new group cannot be created first. Note that its `description` forces replacement too.",
        sources: [`${TF}/ec2/vpc_security_group.go: description, name, name_prefix, vpc_id are \`ForceNew: true\`; ingress/egress rules update in place`, BRIDGE_SCHEMA, TF_REGION_GUIDE],
    },
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": {
        replaceOn: ["securityGroupId", REGION],
        sources: [
            `${TF}/ec2/vpc_security_group_ingress_rule.go: security_group_id has resource.RequiresReplace(); ports, protocol, description and the source are changed in place (ModifySecurityGroupRules)`,
            `${TF}/ec2/vpc_security_group_ingress_rule.go ModifyPlan: "When you modify a rule, you cannot change the rule's source type" (switching between cidrIpv4/cidrIpv6/prefixListId/referencedSecurityGroupId replaces)`,
            TF_REGION_GUIDE,
        ],
    },
    "aws:ec2/flowLog:FlowLog": {
        replaceOn: ["vpcId", "iamRoleArn", "logDestination", "logDestinationType", "maxAggregationInterval", "trafficType", "logFormat", REGION],
        sources: [`${TF}/ec2/vpc_flow_log.go: every argument but tags is \`ForceNew: true\` ("Tags only" update); the log data stays in its log group`, TF_REGION_GUIDE],
    },
    "aws:ec2/launchTemplate:LaunchTemplate": {
        replaceOn: ["name", "namePrefix", REGION],
        physicalName: "name",
        holdsState: "Its node groups reference it by ID, and a node group's launchTemplate.id forces the node group's replacement: all nodes of those groups are drained and recreated.",
        sources: [
            `${TF}/ec2/ec2_launch_template.go: name and name_prefix are \`ForceNew: true\`; every launch-template data argument (block_device_mappings, metadata_options, tag_specifications ...) creates a new template version in place`,
            `${TF}/eks/node_group.go: launch_template.id is \`ForceNew: true\`, launch_template.version updates in place`,
            BRIDGE_SCHEMA,
            TF_REGION_GUIDE,
        ],
    },

    // ------------------------------------------------------------------ AWS: logs, registry, keys
    "aws:cloudwatch/logGroup:LogGroup": {
        replaceOn: ["name", "namePrefix", "logGroupClass", REGION],
        physicalName: "name",
        holdsState: "Its stored log events (EKS control-plane audit logs, RDS logs, VPC flow logs) are deleted with it.",
        sources: [`${TF}/logs/group.go: name, name_prefix, log_group_class are \`ForceNew: true\`; retention_in_days and kms_key_id update in place (PutRetentionPolicy, AssociateKmsKey)`, BRIDGE_SCHEMA, TF_REGION_GUIDE],
    },
    "aws:cloudwatch/queryDefinition:QueryDefinition": {
        replaceOn: [REGION],
        sources: [`${TF}/logs/query_definition.go: no argument is \`ForceNew\`; name, query_string and log_group_names update in place (PutQueryDefinition with the definition's ID)`, TF_REGION_GUIDE],
    },
    "aws:cloudwatch/logMetricFilter:LogMetricFilter": {
        replaceOn: ["name", "logGroupName", REGION],
        physicalName: "name",
        sources: [`${TF}/logs/metric_filter.go: name and log_group_name are \`ForceNew: true\`; pattern and metric_transformation update in place (PutMetricFilter)`, BRIDGE_SCHEMA, TF_REGION_GUIDE],
    },
    "aws:cloudwatch/metricAlarm:MetricAlarm": {
        replaceOn: ["name", REGION],
        physicalName: "name",
        sources: [`${TF}/cloudwatch/metric_alarm.go: alarm_name (Pulumi \`name\`) is \`ForceNew: true\`; thresholds, periods, actions and the metric update in place (PutMetricAlarm)`, BRIDGE_SCHEMA, TF_REGION_GUIDE],
    },
    "aws:sns/topic:Topic": {
        replaceOn: ["name", "namePrefix", "fifoTopic", REGION],
        physicalName: "name",
        holdsState: "Its subscriptions (made outside the program, by security operations) are deleted with it and must be made again.",
        sources: [`${TF}/sns/topic.go: name, name_prefix and fifo_topic are \`ForceNew: true\`; kms_master_key_id, policy, delivery policies and display_name update in place (SetTopicAttributes)`, BRIDGE_SCHEMA, TF_REGION_GUIDE],
    },
    "aws:ecr/repository:Repository": {
        replaceOn: ["name", "encryptionConfigurations", REGION],
        physicalName: "name",
        holdsState: "The service images. With forceDelete false the delete of a non-empty repository fails (RepositoryNotEmptyException), so the replacement stops before anything is lost; with forceDelete true every image would be deleted.",
        sources: [`${TF}/ecr/repository.go: name and the encryption_configuration block (encryption_type, kms_key) are \`ForceNew: true\`; image_tag_mutability, image_scanning_configuration, force_delete update in place`, BRIDGE_SCHEMA, TF_REGION_GUIDE],
    },
    "aws:ecr/lifecyclePolicy:LifecyclePolicy": {
        replaceOn: ["repository", "policy", REGION],
        physicalName: "repository",
        sources: [
            `${TF}/ecr/lifecycle_policy.go: policy and repository are \`ForceNew: true\` (the resource has no Update)`,
            "https://github.com/pulumi/pulumi-aws/pull/2085 \"ECRLifecyclePolicy: Ensure deleteBeforeReplace is true\": the policy is keyed by its repository, so a replacement deletes the old one first",
            TF_REGION_GUIDE,
        ],
    },
    "aws:ecr/pullThroughCacheRule:PullThroughCacheRule": {
        replaceOn: ["ecrRepositoryPrefix", "upstreamRegistryUrl", "upstreamRepositoryPrefix", REGION],
        physicalName: "ecrRepositoryPrefix",
        sources: [
            `${TF}/ecr/pull_through_cache_rule.go: ecr_repository_prefix, upstream_registry_url and upstream_repository_prefix are \`ForceNew: true\`; credential_arn and custom_role_arn update in place (UpdatePullThroughCacheRule)`,
            "The repositories a rule created stay when it is deleted (ECR deletes only the rule); while it is gone, images not yet cached cannot be pulled.",
            BRIDGE_SCHEMA, TF_REGION_GUIDE,
        ],
    },
    "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate": {
        replaceOn: ["prefix", REGION],
        physicalName: "prefix",
        sources: [`${TF}/ecr/repository_creation_template.go: prefix is \`ForceNew: true\`; applied_for, custom_role_arn, encryption_configuration, image_tag_mutability, lifecycle_policy and resource_tags update in place (UpdateRepositoryCreationTemplate) and apply only to repositories created afterwards`, BRIDGE_SCHEMA, TF_REGION_GUIDE],
    },
    "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration": {
        replaceOn: [REGION],
        sources: [`${TF}/ecr/registry_scanning_configuration.go: scan_type and rule update in place (PutRegistryScanningConfiguration); the registry's one configuration has no identifying input`, TF_REGION_GUIDE],
    },
    "aws:secretsmanager/secret:Secret": {
        replaceOn: ["name", "namePrefix", REGION],
        physicalName: "name",
        holdsState: "The Docker Hub login of the docker-hub cache. A deleted secret is only scheduled for deletion (the recovery window) and keeps its name reserved, so a replacement under the same name fails until the window ends or the secret is restored.",
        sources: [`${TF}/secretsmanager/secret.go: name and name_prefix are \`ForceNew: true\`; description, kms_key_id, policy and tags update in place`, BRIDGE_SCHEMA, TF_REGION_GUIDE],
    },
    "aws:secretsmanager/secretVersion:SecretVersion": {
        replaceOn: ["secretId", "secretString", "secretBinary", REGION],
        sources: [`${TF}/secretsmanager/secret_version.go: secret_id, secret_string and secret_binary are \`ForceNew: true\` (a new value is a new version, PutSecretValue, which takes AWSCURRENT; the old version loses its stages on delete); version_stages update in place`, TF_REGION_GUIDE],
    },
    "aws:kms/key:Key": {
        replaceOn: ["customerMasterKeySpec", "keyUsage", "multiRegion", "customKeyStoreId", "xksKeyId", REGION],
        holdsState: "Everything encrypted under it (EKS secrets envelope, RDS storage and Performance Insights, backup objects, EBS volumes, logs) is unreadable with a new key once the old key's deletion window ends.",
        sources: [`${TF}/kms/key.go: custom_key_store_id, customer_master_key_spec, key_usage, multi_region, xks_key_id are \`ForceNew: true\`; description, policy, enable_key_rotation, deletion_window_in_days update in place`, TF_REGION_GUIDE],
    },
    "aws:kms/alias:Alias": {
        replaceOn: ["name", "namePrefix", REGION],
        physicalName: "name",
        sources: [`${TF}/kms/alias.go: name and name_prefix are \`ForceNew: true\`; target_key_id updates in place (UpdateAlias)`, BRIDGE_SCHEMA, TF_REGION_GUIDE],
    },

    // ------------------------------------------------------------------ AWS: EKS
    "aws:eks/cluster:Cluster": {
        replaceOn: [
            "name", "roleArn", "bootstrapSelfManagedAddons", "accessConfig.bootstrapClusterCreatorAdminPermissions",
            "kubernetesNetworkConfig.ipFamily", "kubernetesNetworkConfig.serviceIpv4Cidr", REGION,
        ],
        physicalName: "name",
        holdsState: "The cluster's etcd: every Kubernetes object and its state, plus the OIDC issuer that every IRSA trust policy names and the endpoint the Kubernetes provider uses (its kubeconfig becomes unknown, which replaces the provider and with it every in-cluster resource).",
        sources: [
            `${TF}/eks/cluster.go: name, role_arn, bootstrap_self_managed_addons, access_config.bootstrap_cluster_creator_admin_permissions, kubernetes_network_config.ip_family and .service_ipv4_cidr are \`ForceNew: true\``,
            `${TF}/eks/cluster.go Update: "API only allows one type of update at at time" — vpc_config.subnet_ids, security_group_ids, endpoint access and public_access_cidrs, version, logging, upgrade_policy, zonal_shift_config, access_config.authentication_mode update in place (UpdateClusterConfig / UpdateClusterVersion)`,
            `${TF}/eks/cluster.go CustomizeDiff: ForceNewIfChange("encryption_config", ...) "You cannot disable envelope encryption after enabling it" — removing encryptionConfig (which the program always sets) would replace`,
            BRIDGE_SCHEMA,
            TF_REGION_GUIDE,
        ],
    },
    "aws:eks/nodeGroup:NodeGroup": {
        replaceOn: [
            "clusterName", "nodeGroupName", "nodeGroupNamePrefix", "nodeRoleArn", "subnetIds", "amiType", "capacityType",
            "instanceTypes", "diskSize", "launchTemplate.id", "launchTemplate.name", "remoteAccess", REGION,
        ],
        physicalName: "nodeGroupName",
        holdsState: "Its nodes: a replacement creates the new group (the program names groups by prefix) and then drains and terminates every node of the old one, restarting all their pods.",
        sources: [
            `${TF}/eks/node_group.go: ami_type, capacity_type, cluster_name, disk_size, instance_types, launch_template.id/.name, node_group_name, node_group_name_prefix, node_role_arn, remote_access, subnet_ids are \`ForceNew: true\``,
            `${TF}/eks/node_group.go Update: labels, taint, scaling_config, update_config, node_repair_config, version, release_version and launch_template.version update in place`,
            TF_REGION_GUIDE,
        ],
    },
    "aws:eks/addon:Addon": {
        replaceOn: ["addonName", "clusterName", REGION],
        holdsState: "Deleting the add-on removes its workloads from the cluster unless `preserve` is set: pod networking (vpc-cni), kube-proxy, CoreDNS or the EBS CSI driver are down until the new add-on is active.",
        sources: [`${TF}/eks/addon.go: addon_name and cluster_name are \`ForceNew: true\`; addon_version, configuration_values, service_account_role_arn, pod_identity_association update in place (UpdateAddon)`, TF_REGION_GUIDE],
    },
    "aws:eks/accessEntry:AccessEntry": {
        replaceOn: ["clusterName", "principalArn", "type", REGION],
        physicalName: "principalArn",
        sources: [
            `${TF}/eks/access_entry.go: cluster_name, principal_arn, type are \`ForceNew: true\`; kubernetes_groups and user_name update in place (UpdateAccessEntry)`,
            `${TF}/eks/access_entry.go: the entry's ID is cluster-name:principal-arn, so a replacement that keeps the principal (a \`type\` change) names the entry the old one still holds`,
            TF_REGION_GUIDE,
        ],
    },
    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": {
        replaceOn: ["clusterName", "principalArn", "policyArn", "accessScope", REGION],
        sources: [`${TF}/eks/access_policy_association.go: access_scope (type, namespaces), cluster_name, policy_arn, principal_arn are all \`ForceNew: true\` (the resource has no Update)`, TF_REGION_GUIDE],
    },

    // ------------------------------------------------------------------ AWS: IAM (global, no region)
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": {
        replaceOn: ["url"],
        holdsState: "Every IRSA role trusts this provider's ARN, which is derived from the URL: a new URL means a new ARN and every service-account role's trust policy must follow.",
        sources: [`${TF}/iam/openid_connect_provider.go: url is \`ForceNew: true\`; client_id_list and thumbprint_list update in place`],
    },
    "aws:iam/role:Role": {
        replaceOn: ["name", "namePrefix", "path"],
        physicalName: "name",
        sources: [`${TF}/iam/role.go: name, name_prefix, path are \`ForceNew: true\`; assume_role_policy, description, max_session_duration, permissions_boundary update in place`, BRIDGE_SCHEMA],
    },
    "aws:iam/rolePolicy:RolePolicy": {
        replaceOn: ["name", "namePrefix", "role"],
        physicalName: "name",
        sources: [`${TF}/iam/role_policy.go: name, name_prefix, role are \`ForceNew: true\`; policy is put again in place`, BRIDGE_SCHEMA],
    },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": {
        replaceOn: ["role", "policyArn"],
        sources: [`${TF}/iam/role_policy_attachment.go: role and policy_arn are \`ForceNew: true\` (the resource has no Update)`],
    },
    "aws:iam/policy:Policy": {
        replaceOn: ["name", "namePrefix", "path", "description"],
        physicalName: "name",
        sources: [`${TF}/iam/policy.go: description, name, name_prefix, path are \`ForceNew: true\`; policy creates a new default policy version in place`, BRIDGE_SCHEMA],
    },

    // ------------------------------------------------------------------ AWS: database
    "aws:rds/instance:Instance": {
        replaceOn: ["engine", "dbName", "username", "kmsKeyId", "storageEncrypted", REGION],
        physicalName: "identifier",
        holdsState: "The PostgreSQL data. A replacement deletes the instance (taking the final snapshot) and creates an empty one; with its fixed identifier that is delete-before-replace, so the trading system has no database until it is restored from the snapshot.",
        sources: [
            `${TF}/rds/instance.go: availability_zone, character_set_name, db_name, engine, kms_key_id, storage_encrypted, timezone, username, snapshot_identifier, restore_to_point_in_time are \`ForceNew: true\`; allocated_storage, max_allocated_storage, instance_class, engine_version, multi_az, storage_type, parameter_group_name, db_subnet_group_name, port, password update in place (ModifyDBInstance)`,
            `${TF}/rds/instance.go: identifier and identifier_prefix are NOT ForceNew: "if d.HasChange(\\"identifier\\") { ... input.NewDBInstanceIdentifier = ..." renames the instance in place (its endpoint address changes)`,
            "https://github.com/hashicorp/terraform-provider-aws/blob/main/CHANGELOG.md (5.0.0): \"resource/aws_db_instance: Updates to `identifier` and `identifier_prefix` will no longer cause the database instance to be destroyed and recreated (#31232)\"",
            BRIDGE_SCHEMA,
            TF_REGION_GUIDE,
        ],
    },
    "aws:rds/parameterGroup:ParameterGroup": {
        replaceOn: ["name", "namePrefix", "family", "description", REGION],
        physicalName: "name",
        holdsState: "In use by the database: a fixed-name group cannot be deleted while the instance uses it (InvalidDBParameterGroupState), so a replacement — e.g. a new family on a major engine upgrade, or an edited description — fails unless the name changes with it.",
        sources: [`${TF}/rds/parameter_group.go: description, family, name, name_prefix are \`ForceNew: true\`; parameters are modified and reset in place`, BRIDGE_SCHEMA, TF_REGION_GUIDE],
    },
    "aws:rds/subnetGroup:SubnetGroup": {
        replaceOn: ["name", "namePrefix", REGION],
        physicalName: "name",
        holdsState: "In use by the database: a subnet group that an instance uses cannot be deleted.",
        sources: [`${TF}/rds/subnet_group.go: name and name_prefix are \`ForceNew: true\`; description and subnet_ids update in place (ModifyDBSubnetGroup)`, BRIDGE_SCHEMA, TF_REGION_GUIDE],
    },

    // ------------------------------------------------------------------ AWS: backup storage
    "aws:s3/bucket:Bucket": {
        replaceOn: ["bucket", "bucketPrefix", "objectLockEnabled", REGION],
        physicalName: "bucket",
        holdsState: "The cluster backups Velero writes there, with all their versions. forceDestroy is false, so deleting a non-empty bucket fails and nothing is lost, but the replacement cannot finish; prod's buckets are also protected.",
        sources: [
            `${TF}/s3/bucket.go: bucket, bucket_prefix, object_lock_enabled are \`ForceNew: true\`; force_destroy and tags update in place`,
            "https://github.com/hashicorp/terraform-provider-aws/blob/main/website/docs/r/s3_bucket.html.markdown: \"`bucket` - (Optional, Forces new resource) Name of the bucket.\"",
            TF_REGION_GUIDE,
        ],
    },
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": s3BucketSetting("bucket_lifecycle_configuration.go"),
    "aws:s3/bucketLogging:BucketLogging": s3BucketSetting("bucket_logging.go"),
    "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration": {
        // Replacing the setting only puts the same configuration again; object lock, once on, stays on the bucket.
        replaceOn: ["bucket", "expectedBucketOwner", "objectLockEnabled", REGION],
        sources: [
            `${TF}/s3/bucket_object_lock_configuration.go: bucket, expected_bucket_owner, object_lock_enabled are \`ForceNew: true\`; rule and token are put again in place`,
            "https://github.com/hashicorp/terraform-provider-aws/blob/main/website/docs/r/s3_bucket_object_lock_configuration.html.markdown: \"This resource can be used enable Object Lock for **new** and **existing** buckets.\"",
            `${TF}/s3/bucket.go: object_lock_enabled is \`Optional, Computed, ForceNew\`: left unset, the bucket keeps no diff when a lock configuration turns it on`,
            TF_REGION_GUIDE,
        ],
    },
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": s3BucketSetting("bucket_ownership_controls.go"),
    "aws:s3/bucketPolicy:BucketPolicy": s3BucketSetting("bucket_policy.go"),
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": s3BucketSetting("bucket_public_access_block.go"),
    "aws:s3/bucketReplicationConfig:BucketReplicationConfig": s3BucketSetting("bucket_replication_configuration.go"),
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": s3BucketSetting("bucket_server_side_encryption_configuration.go"),
    "aws:s3/bucketVersioning:BucketVersioning": s3BucketSetting("bucket_versioning.go"),

    // ------------------------------------------------------------------ AWS: DNS (global, no region)
    "aws:route53/record:Record": {
        replaceOn: ["name", "zoneId"],
        physicalName: "name",
        sources: [`${TF}/route53/record.go: name and zone_id are \`ForceNew: true\`; type, records, ttl, alias and routing policies are UPSERTed in place`, BRIDGE_SCHEMA],
    },

    // ------------------------------------------------------------------ random
    "random:index/randomPassword:RandomPassword": {
        replaceOn: ["keepers", "length", "special", "overrideSpecial", "upper", "lower", "numeric"],
        holdsState: "A generated secret: a replacement generates a new password. The RDS master password follows in place, but the Kubernetes Secrets that carry it (database credentials, Redis, Grafana admin) change data, which replaces them unless enableSecretMutable is set, and every client holding the old password fails until it restarts.",
        sources: [`${RANDOM}/resource_password.go: keepers, length, special, upper, lower, numeric, min_*, override_special all carry RequiresReplace plan modifiers`],
    },
    "random:index/randomBytes:RandomBytes": {
        replaceOn: ["keepers", "length"],
        holdsState: "A generated JWT signing key: a new key invalidates every token signed with the old one. Rotating `keepers.keyId` is the intended way to get a new key.",
        sources: [`${RANDOM}/resource_bytes.go: keepers and length carry RequiresReplace plan modifiers`],
    },
    "random:index/randomId:RandomId": {
        replaceOn: ["keepers", "byteLength", "prefix"],
        sources: [`${RANDOM}/resource_id.go: keepers, byte_length and prefix carry RequiresReplace plan modifiers; the program only uses it for the RDS final-snapshot name, which updates in place`],
    },

    // ------------------------------------------------------------------ Kubernetes (merged with KUBERNETES_OBJECT_RULE by replacementRule)
    "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy": noImmutableFields("Cluster-scoped with a fixed name; the API server accepts updates of every spec field (validations, match constraints, variables), which take effect for the next request."),
    "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding": noImmutableFields("Cluster-scoped with a fixed name; policyName, matchResources and validationActions update in place."),
    "kubernetes:apps/v1:Deployment": {
        replaceOn: ["spec.selector"],
        sources: [`${K8S_DIFF}: var deployment = properties{".spec.selector", ...labelSelectorForceNewProperties(".spec.selector")}`, `${K8S_VALIDATION}/apps/validation/validation.go: a Deployment's spec.selector is immutable in apps/v1`],
    },
    "kubernetes:apps/v1:StatefulSet": {
        replaceOn: ["spec.selector", "spec.serviceName", "spec.volumeClaimTemplates", "spec.podManagementPolicy", "spec.revisionHistoryLimit"],
        holdsState: "Redis's data is on the claims made from volumeClaimTemplates. persistentVolumeClaimRetentionPolicy.whenDeleted is Retain, so they survive, and the recreated StatefulSet (same name) binds the same claims again — which also means a changed template (size, storage class) is NOT applied to them. Being named, it is deleted before it is recreated: Redis is down in between.",
        sources: [
            `${K8S_DIFF}: var statefulSet = properties{".spec.podManagementPolicy", ".spec.revisionHistoryLimit", ".spec.selector", ".spec.serviceName", ".spec.volumeClaimTemplates", ...}`,
            `${K8S_VALIDATION}/apps/validation/validation.go ValidateStatefulSetUpdate: "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden" (newer API servers accept revisionHistoryLimit; pulumi-kubernetes still replaces on it)`,
            "https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#persistentvolumeclaim-retention: whenDeleted Retain keeps the claims when the StatefulSet is deleted",
        ],
    },
    "kubernetes:batch/v1:Job": {
        replaceOn: ["spec.completions", "spec.parallelism", "spec.selector", "spec.template"],
        sources: [
            `${K8S_DIFF}: var job = properties{".spec.completions", ".spec.parallelism", ".spec.selector", ".spec.template", ...}`,
            "The database roles Job is named after the digest of its script: a new script (a role, a password) is a new name, so the new Job is created (and runs) before the old one is deleted; it holds nothing but its pod's logs.",
        ],
    },
    "kubernetes:autoscaling.k8s.io/v1:VerticalPodAutoscaler": noImmutableFields(CUSTOM_RESOURCE),
    "kubernetes:autoscaling/v2:HorizontalPodAutoscaler": noImmutableFields("The API server accepts updates of every spec field."),
    "kubernetes:cert-manager.io/v1:ClusterIssuer": noImmutableFields(`${CUSTOM_RESOURCE} The ACME account key lives in the Secret named by privateKeySecretRef, which a replacement does not delete.`),
    "kubernetes:vpcresources.k8s.aws/v1beta1:SecurityGroupPolicy": noImmutableFields(`${CUSTOM_RESOURCE} It applies to pods as they are admitted: the selected Deployment's pods carry an annotation of the group IDs, so a change rolls them.`),
    "kubernetes:cert-manager.io/v1:Issuer": noImmutableFields(`${CUSTOM_RESOURCE} A CA Issuer only names the Secret of its CA; replacing it signs nothing new.`),
    "kubernetes:cert-manager.io/v1:Certificate": noImmutableFields(`${CUSTOM_RESOURCE} cert-manager keeps the Secret it wrote when the Certificate is deleted (no owner reference unless the controller runs with --enable-certificate-owner-ref), so a replaced CA Certificate finds and keeps its CA key.`),
    "kubernetes:core/v1:ConfigMap": {
        replaceOn: [],
        conditional: [{ paths: ["data", "binaryData"], unlessProviderInput: "enableConfigMapMutable" }],
        sources: [
            `${K8S_DIFF} forceNewProperties: "clients.IsConfigMap(obj) && (!k.enableConfigMapMutable || clients.IsImmutable(obj))" adds ".binaryData", ".data" — with immutable: true the provider flag does not help`,
            `${K8S_PROVIDER} Configure: enableConfigMapMutable comes from the provider input, else the PULUMI_K8S_ENABLE_CONFIGMAP_MUTABLE environment variable, default false`,
            `${K8S_VALIDATION}/core/validation/validation.go: data of an immutable ConfigMap "field is immutable when \`immutable\` is set"`,
        ],
    },
    "kubernetes:core/v1:Secret": {
        replaceOn: ["type"],
        conditional: [{ paths: ["data", "stringData"], unlessProviderInput: "enableSecretMutable" }],
        sources: [
            `${K8S_DIFF} forceNewProperties: "clients.IsSecret(obj) && (!k.enableSecretMutable || clients.IsImmutable(obj))" adds ".type", ".stringData", ".data"; otherwise the core/v1 table's Secret entry: ".type"`,
            `${K8S_PROVIDER} Configure: enableSecretMutable comes from the provider input, else the PULUMI_K8S_ENABLE_SECRET_MUTABLE environment variable, default false`,
            `${K8S_VALIDATION}/core/validation/validation.go ValidateSecretUpdate: type is immutable; data of an immutable Secret "field is immutable when \`immutable\` is set" (the program sets immutable: false)`,
        ],
    },
    "kubernetes:core/v1:Service": {
        replaceOn: ["spec.clusterIP", "spec.clusterIPs"],
        sources: [
            `${K8S_DIFF}: core/v1 "Service": properties{".spec.clusterIP"}`,
            `${K8S_VALIDATION}/core/validation/validation.go ValidateServiceUpdate: spec.clusterIP "field is immutable"; spec.clusterIPs[0] "may not change once set" (clusterIPs is not in pulumi-kubernetes' table: Pulumi plans an update that the API server rejects)`,
        ],
    },
    "kubernetes:core/v1:PersistentVolumeClaim": {
        replaceOn: ["spec.accessModes", "spec.selector", "spec.storageClassName", "spec.volumeName", "spec.volumeMode", "spec.dataSource", "spec.dataSourceRef"],
        holdsState: "The volume: the gp3-encrypted class's reclaimPolicy is Delete, so deleting the claim deletes its EBS volume and the data on it.",
        sources: [
            `${K8S_DIFF}: core/v1 "PersistentVolumeClaim": properties{".spec.accessModes", ".spec.selector", ".spec.storageClassName", ".spec.volumeName", ...}`,
            `${K8S_VALIDATION}/core/validation/validation.go ValidatePersistentVolumeClaimUpdate: "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims" (volumeMode, dataSource, dataSourceRef: Pulumi plans an update that the API server rejects); resources.requests.storage may only grow, and only when the class allows volume expansion`,
        ],
    },
    // A patch applies its fields to an existing claim with server-side apply; only the object rule replaces it.
    "kubernetes:core/v1:PersistentVolumeClaimPatch": noImmutableFields("A server-side apply patch of the fields it names; deleting it gives those fields up, it never deletes the claim."),
    "kubernetes:core/v1:LimitRange": noImmutableFields("The API server accepts updates of every spec field."),
    "kubernetes:core/v1:Namespace": {
        replaceOn: [],
        holdsState: "Deleting a namespace deletes every object in it: workloads, Secrets, PersistentVolumeClaims (and with the gp3 class's reclaimPolicy Delete, their EBS volumes).",
        sources: [`${K8S_DIFF}: no entry for Namespace; only metadata.name replaces`, "https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/: deleting a namespace deletes all the resources in it"],
    },
    "kubernetes:core/v1:ResourceQuota": {
        replaceOn: ["spec.scopes"],
        sources: [`${K8S_DIFF}: core/v1 "ResourceQuota": properties{".spec.scopes"}`],
    },
    "kubernetes:core/v1:ServiceAccount": noImmutableFields("The API server accepts updates of every field; the IRSA role annotation updates in place."),
    "kubernetes:helm.sh/v3:Release": {
        replaceOn: ["name", "namespace"],
        physicalName: "name",
        holdsState: "Replacing installs a second release and uninstalls the old one, deleting every object the chart rendered from its templates: CRDs shipped as templates take every custom resource of their kinds with them unless annotated helm.sh/resource-policy: keep (CRDs in a chart's crds/ directory are never deleted by Helm); the nginx-ingress LoadBalancer Service gets a new load balancer and address. Claims made from volumeClaimTemplates (the Prometheus and Alertmanager storage) are not owned by the release and survive. While both releases exist, the chart's cluster-scoped objects collide.",
        sources: [
            `${K8S_HELM} Diff: forceNewFields := []string{".name", ".namespace"}; every other input (chart, version, values, repositoryOpts, timeout ...) is a helm upgrade in place`,
            `${K8S_HELM} Diff: "DeleteBeforeReplace: false" — the new release is installed first, and Helm refuses objects another release owns ("exists and cannot be imported into the current release"), so a chart with cluster-scoped objects cannot be installed next to its old release`,
        ],
    },
    "kubernetes:monitoring.coreos.com/v1:ServiceMonitor": noImmutableFields(CUSTOM_RESOURCE),
    "kubernetes:monitoring.coreos.com/v1:PrometheusRule": noImmutableFields(CUSTOM_RESOURCE),
    "kubernetes:networking.k8s.io/v1:Ingress": noImmutableFields("The API server accepts updates of every spec field; cert-manager re-issues the certificate if the TLS hosts change."),
    "kubernetes:networking.k8s.io/v1:NetworkPolicy": noImmutableFields("The API server accepts updates of every spec field."),
    "kubernetes:policy/v1:PodDisruptionBudget": noImmutableFields(`pulumi-kubernetes replaces a PodDisruptionBudget's spec only for policy/v1beta1 ("v1beta1": _kinds{"PodDisruptionBudget": podDisruptionBudget}); policy/v1 budgets are mutable.`),
    "kubernetes:rbac.authorization.k8s.io/v1:Role": noImmutableFields("Rules update in place."),
    "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole": noImmutableFields("Rules update in place."),
    "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding": {
        replaceOn: ["roleRef"],
        sources: [`${K8S_DIFF}: "v1": _kinds{"ClusterRoleBinding": roleBinding, "RoleBinding": roleBinding}; var roleBinding = properties{".roleRef"}`, `${K8S_VALIDATION}/rbac/validation/validation.go: roleRef cannot be changed in an update`],
    },
    "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding": {
        replaceOn: ["roleRef"],
        sources: [`${K8S_DIFF}: var roleBinding = properties{".roleRef"}`, `${K8S_VALIDATION}/rbac/validation/validation.go: roleRef cannot be changed in an update`],
    },
    "kubernetes:scheduling.k8s.io/v1:PriorityClass": {
        replaceOn: ["value", "preemptionPolicy"],
        sources: [
            `${K8S_VALIDATION}/scheduling/validation/validation.go ValidatePriorityClassUpdate: "PriorityClass does not allow updating name, value, and preemptionPolicy" — value "may not be changed in an update"`,
            `${K8S_DIFF}: no entry for PriorityClass, so Pulumi plans an update that the API server rejects`,
        ],
    },
    "kubernetes:storage.k8s.io/v1:StorageClass": {
        replaceOn: ["parameters", "provisioner", "reclaimPolicy", "volumeBindingMode"],
        sources: [
            `${K8S_DIFF}: "storage.k8s.io" "v1" "StorageClass": properties{".parameters", ".provisioner"}`,
            `${K8S_VALIDATION}/storage/validation/validation.go ValidateStorageClassUpdate: "updates to parameters are forbidden.", "updates to provisioner are forbidden.", "updates to reclaimPolicy are forbidden.", volumeBindingMode immutable (reclaimPolicy and volumeBindingMode: Pulumi plans an update that the API server rejects)`,
            "Existing volumes keep their parameters: a replaced class only affects claims provisioned after it",
        ],
    },
    "kubernetes:velero.io/v1:BackupStorageLocation": noImmutableFields("A custom resource: the Velero CRDs (vmware-tanzu/velero config/crd/v1/bases) declare no transition rules. The backups stay in the bucket and Velero syncs them again from a recreated location."),
    "kubernetes:velero.io/v1:Schedule": noImmutableFields("A custom resource: the Velero CRDs (vmware-tanzu/velero config/crd/v1/bases) declare no transition rules."),
    "kubernetes:velero.io/v1:VolumeSnapshotLocation": noImmutableFields("A custom resource: the Velero CRDs (vmware-tanzu/velero config/crd/v1/bases) declare no transition rules."),
};

export const KUBERNETES_OBJECT_RULE: ReplacementRule = {
    replaceOn: ["metadata.name", "metadata.namespace"],
    physicalName: "metadata.name",
    sources: [
        `${K8S_DIFF}: metadataForceNewProperties(".metadata") — ".name", ".namespace" replace every kind`,
        `${K8S_PROVIDER} Diff: deleteBeforeReplace when "Object is named (i.e., not using metadata.generateName)" and "NOT autonamed (i.e., user manually named it, and therefore we can't auto-generate the name)"`,
    ],
};

/** Kubernetes type tokens that are not API objects: they have no metadata, so the object rule does not apply. */
const NOT_KUBERNETES_OBJECTS = new Set(["kubernetes:helm.sh/v3:Release"]);

function isKubernetesObjectType(type: string): boolean {
    return /^kubernetes:[^:/]+\/[^:/]+:[A-Za-z]+$/.test(type) && !NOT_KUBERNETES_OBJECTS.has(type);
}

/**
 * The rule of `type`. Kubernetes objects get KUBERNETES_OBJECT_RULE merged with their kind's own
 * rule (or alone, for a kind without one). Undefined for component resources, whose changes are
 * their children's.
 */
export function replacementRule(type: string): ReplacementRule | undefined {
    const own = REPLACEMENT_RULES[type];
    if (!isKubernetesObjectType(type)) return own;
    const base = KUBERNETES_OBJECT_RULE;
    if (!own) return { ...base, replaceOn: [...base.replaceOn], sources: [...base.sources] };
    return {
        replaceOn: [...base.replaceOn, ...own.replaceOn],
        ...(own.conditional ? { conditional: own.conditional } : {}),
        physicalName: own.physicalName ?? base.physicalName,
        ...(own.holdsState ? { holdsState: own.holdsState } : {}),
        sources: [...base.sources, ...own.sources],
    };
}
