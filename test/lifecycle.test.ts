import { strict as assert } from "node:assert";
import { StackFileConfig } from "../tools/offline/stack-file";
import { PlanDocument } from "../tools/plan/diff";
import { stackConfig, withConfig } from "./harness";
import { changeLines, changeOf, planOf } from "./lifecycle";

/** A routine change: the config before (the stack file's, unless given) and after, and the exact diff it must make. */
interface RoutineChange {
    name: string;
    before?: (config: StackFileConfig) => StackFileConfig;
    change: (config: StackFileConfig) => StackFileConfig;
    /** `<kind> <type> <name>[: path, path!]`, `!` marking a path that forces replacement. */
    expected: string[];
    /** The protected or stateful resources it deletes or replaces, on purpose; none unless listed. */
    critical?: string[];
}

/** Dev one release behind: the Kubernetes minor and the database engine's minor, for the upgrade pairs. */
const behind = (c: StackFileConfig) => withConfig(withConfig(c, "cluster", (k) => ({ ...k, kubernetesVersion: "1.35" })), "database", (d) => ({ ...d, engineVersion: "17.5" }));

const ROUTINE_CHANGES: RoutineChange[] = [
    {
        name: "raise a service's maximum replicas",
        change: (c) => withConfig(c, "services", (s) => ((s.gateway.scaling.max = 6), s)),
        expected: [
            "update kubernetes:autoscaling/v2:HorizontalPodAutoscaler signal-trading-dev-gateway-hpa: spec.maxReplicas",
            'update kubernetes:core/v1:ResourceQuota signal-trading-dev-quota: spec.hard["limits.memory"], spec.hard.pods, spec.hard["requests.cpu"], spec.hard["requests.memory"]',
        ],
    },
    {
        name: "retarget a service's request rate",
        change: (c) => withConfig(c, "services", (s) => ((s.gateway.scaling.targetRequestsPerSecond = 80), s)),
        expected: ["update kubernetes:autoscaling/v2:HorizontalPodAutoscaler signal-trading-dev-gateway-hpa: spec.metrics[2].pods.target.averageValue"],
    },
    {
        name: "scale a service on its request rate from now on",
        change: (c) => withConfig(c, "services", (s) => ((s.signal.scaling.targetRequestsPerSecond = 40), s)),
        expected: ["update kubernetes:autoscaling/v2:HorizontalPodAutoscaler signal-trading-dev-signal-hpa: spec.metrics[2]"],
    },
    {
        name: "rotate the JWT signing key (a new id first)",
        change: (c) => withConfig(c, "auth", (a) => ({ ...a, jwtKeyIds: ["2026-12", "initial"] })),
        expected: [
            "add random:index/randomBytes:RandomBytes signal-trading-dev-secrets-jwt-key-2026-12",
            'update kubernetes:core/v1:Secret signal-trading-dev-secrets-jwt-signing-keys: stringData["2026-12.key"], stringData.current-key-id',
        ],
    },
    {
        name: "tighten an alert's threshold",
        change: (c) => withConfig(c, "monitoring", (m) => ({ ...m, alerts: { latencyP95Ms: 250 } })),
        // The overview and service dashboards draw the same line.
        expected: [
            'update kubernetes:core/v1:ConfigMap signal-trading-dev-dashboards-signal-trading-overview: data["signal-trading-overview.json"]',
            'update kubernetes:core/v1:ConfigMap signal-trading-dev-dashboards-signal-trading-service: data["signal-trading-service.json"]',
            "update kubernetes:monitoring.coreos.com/v1:PrometheusRule signal-trading-alerts: spec.groups[1].rules[0].annotations.description, spec.groups[1].rules[0].expr",
        ],
    },
    {
        name: "change the Slack webhook URL",
        change: (c) => withConfig(c, "slackWebhookUrl", () => "https://hooks.slack.com/services/T000/B000/rotated"),
        expected: ["update kubernetes:core/v1:Secret signal-trading-dev-monitoring-alertmanager-slack: stringData.webhook-url"],
    },
    {
        // The SLA dashboard's compliance threshold and the availability SLOs (gateway, data, signal: groups 0, 2, 4)
        // follow the objective; both update in place.
        name: "raise the availability objective",
        change: (c) => withConfig(c, "objectives", (o) => ({ ...o, availabilityPercent: 99.95 })),
        expected: [
            'update kubernetes:core/v1:ConfigMap signal-trading-dev-dashboards-signal-trading-sla: data["signal-trading-sla.json"]',
            "update kubernetes:monitoring.coreos.com/v1:PrometheusRule signal-trading-slos: spec.groups[0].rules[10].expr, spec.groups[0].rules[11].expr, spec.groups[0].rules[13].expr, spec.groups[0].rules[14].expr, spec.groups[0].rules[16].annotations.description, spec.groups[0].rules[16].expr, spec.groups[0].rules[17].annotations.description, spec.groups[0].rules[17].expr, spec.groups[0].rules[18].annotations.description, spec.groups[0].rules[18].expr, spec.groups[0].rules[19].annotations.description, spec.groups[0].rules[19].expr, spec.groups[2].rules[10].expr, spec.groups[2].rules[11].expr, spec.groups[2].rules[13].expr, spec.groups[2].rules[14].expr, spec.groups[2].rules[16].annotations.description, spec.groups[2].rules[16].expr, spec.groups[2].rules[17].annotations.description, spec.groups[2].rules[17].expr, spec.groups[2].rules[18].annotations.description, spec.groups[2].rules[18].expr, spec.groups[2].rules[19].annotations.description, spec.groups[2].rules[19].expr, spec.groups[4].rules[10].expr, spec.groups[4].rules[11].expr, spec.groups[4].rules[13].expr, spec.groups[4].rules[14].expr, spec.groups[4].rules[16].annotations.description, spec.groups[4].rules[16].expr, spec.groups[4].rules[17].annotations.description, spec.groups[4].rules[17].expr, spec.groups[4].rules[18].annotations.description, spec.groups[4].rules[18].expr, spec.groups[4].rules[19].annotations.description, spec.groups[4].rules[19].expr",
        ],
    },
    {
        // The StatefulSet's claim template keeps its size (it is immutable); the live claim grows in place.
        name: "grow Redis storage",
        change: (c) => withConfig(c, "redis", (r) => ({ ...r, storageGiB: 20 })),
        expected: ["update kubernetes:core/v1:PersistentVolumeClaimPatch signal-trading-dev-redis-data-size: spec.resources.requests.storage"],
    },
    {
        // Pulled through the account's ECR Public cache; the Redis version labels every object of Redis.
        name: "upgrade Redis's image",
        change: (c) => withConfig(c, "redis", (r) => ({ ...r, image: { tag: "8.10.3-alpine" } })),
        expected: [
            'update kubernetes:apps/v1:StatefulSet signal-trading-dev-redis-statefulset: metadata.labels["app.kubernetes.io/version"], spec.template.metadata.labels["app.kubernetes.io/version"], spec.template.spec.containers[0].image',
            'update kubernetes:cert-manager.io/v1:Certificate signal-trading-dev-redis-ca-certificate: metadata.labels["app.kubernetes.io/version"]',
            'update kubernetes:cert-manager.io/v1:Certificate signal-trading-dev-redis-certificate: metadata.labels["app.kubernetes.io/version"]',
            'update kubernetes:cert-manager.io/v1:Issuer signal-trading-dev-redis-ca-issuer: metadata.labels["app.kubernetes.io/version"]',
            'update kubernetes:cert-manager.io/v1:Issuer signal-trading-dev-redis-self-signed-issuer: metadata.labels["app.kubernetes.io/version"]',
            'update kubernetes:core/v1:ConfigMap signal-trading-dev-redis-config: metadata.labels["app.kubernetes.io/version"]',
            'update kubernetes:core/v1:Secret signal-trading-dev-redis-data-auth: metadata.labels["app.kubernetes.io/version"]',
            'update kubernetes:core/v1:Secret signal-trading-dev-redis-gateway-auth: metadata.labels["app.kubernetes.io/version"]',
            'update kubernetes:core/v1:Secret signal-trading-dev-redis-ml-auth: metadata.labels["app.kubernetes.io/version"]',
            'update kubernetes:core/v1:Secret signal-trading-dev-redis-server-auth: metadata.labels["app.kubernetes.io/version"]',
            'update kubernetes:core/v1:Secret signal-trading-dev-redis-signal-auth: metadata.labels["app.kubernetes.io/version"]',
            'update kubernetes:core/v1:Service signal-trading-dev-redis-headless-service: metadata.labels["app.kubernetes.io/version"]',
            'update kubernetes:core/v1:Service signal-trading-dev-redis-service: metadata.labels["app.kubernetes.io/version"]',
            'update kubernetes:core/v1:ServiceAccount signal-trading-dev-redis-service-account: metadata.labels["app.kubernetes.io/version"]',
            'update kubernetes:monitoring.coreos.com/v1:ServiceMonitor signal-trading-dev-redis-service-monitor: metadata.labels["app.kubernetes.io/version"]',
            'update kubernetes:networking.k8s.io/v1:NetworkPolicy signal-trading-dev-redis-network-policy: metadata.labels["app.kubernetes.io/version"]',
            'update kubernetes:policy/v1:PodDisruptionBudget signal-trading-dev-redis-pdb: metadata.labels["app.kubernetes.io/version"]',
        ],
    },
    {
        name: "raise the Kubernetes minor: the control plane, then kube-proxy, the nodes and the autoscaler follow",
        before: behind,
        change: (c) => withConfig(behind(c), "cluster", (k) => ({ ...k, kubernetesVersion: "1.36" })),
        expected: [
            "update aws:eks/addon:Addon signal-trading-dev-kube-proxy: addonVersion",
            "update aws:eks/cluster:Cluster signal-trading-dev-cluster: version",
            "update aws:eks/nodeGroup:NodeGroup signal-trading-dev-spot: releaseVersion, version",
            "update aws:eks/nodeGroup:NodeGroup signal-trading-dev-system: releaseVersion, version",
            "update kubernetes:helm.sh/v3:Release signal-trading-dev-cluster-autoscaler: values.image.tag",
        ],
    },
    {
        // The Job holds nothing: a new pod template replaces it, and the new one runs the same script again.
        name: "bump the postgres client of the database roles Job",
        change: (c) => withConfig(c, "database", (d) => ({ ...d, clientImage: { tag: "17.7-alpine" } })),
        expected: ["replace kubernetes:batch/v1:Job signal-trading-dev-database-roles-job: spec.template.spec.containers[0].image!"],
    },
    {
        name: "raise a node group's minimum above its desired size",
        change: (c) => withConfig(c, "nodeGroups", (g) => ((g.system.minSize = 3), (g.system.desiredSize = 3), g)),
        expected: ["update aws:eks/nodeGroup:NodeGroup signal-trading-dev-system: scalingConfig.desiredSize, scalingConfig.minSize"],
    },
    {
        name: "bump the database engine's minor version",
        before: behind,
        change: (c) => withConfig(behind(c), "database", (d) => ({ ...d, engineVersion: "17.6" })),
        expected: ["update aws:rds/instance:Instance signal-trading-dev-postgres-instance: engineVersion"],
    },
    {
        // New subnets in slot 2 and nothing existing moved; the control plane stays in the zones it was created in
        // (EKS refuses others), node groups across zones are replaced (their subnets force it), new before old.
        name: "add an availability zone",
        critical: ["signal-trading-dev-spot", "signal-trading-dev-system"],
        change: (c) => withConfig(c, "network", (n) => ({ ...n, availabilityZones: [...n.availabilityZones, { zoneId: "use2-az3", slot: 2 }] })),
        expected: [
            "replace aws:eks/nodeGroup:NodeGroup signal-trading-dev-spot: subnetIds[2]!",
            "replace aws:eks/nodeGroup:NodeGroup signal-trading-dev-system: subnetIds[2]!",
            "add aws:ec2/routeTable:RouteTable signal-trading-dev-private-use2-az3",
            "add aws:ec2/routeTableAssociation:RouteTableAssociation signal-trading-dev-control-plane-use2-az3",
            "add aws:ec2/routeTableAssociation:RouteTableAssociation signal-trading-dev-database-use2-az3",
            "add aws:ec2/routeTableAssociation:RouteTableAssociation signal-trading-dev-private-use2-az3",
            "add aws:ec2/routeTableAssociation:RouteTableAssociation signal-trading-dev-public-use2-az3",
            "add aws:ec2/subnet:Subnet signal-trading-dev-control-plane-use2-az3",
            "add aws:ec2/subnet:Subnet signal-trading-dev-database-use2-az3",
            "add aws:ec2/subnet:Subnet signal-trading-dev-private-use2-az3",
            "add aws:ec2/subnet:Subnet signal-trading-dev-public-use2-az3",
            "update aws:eks/addon:Addon signal-trading-dev-coredns: configurationValues",
            "update aws:rds/subnetGroup:SubnetGroup signal-trading-dev-postgres-subnets: subnetIds[2]",
            ...[
                "cert-manager-allow-egress-api-server", "metrics-server-allow-egress-api-server", "nginx-ingress-allow-egress-api-server",
                "prometheus-adapter-allow-egress-api-server", "signal-trading-logging-allow-egress-api-server", "signal-trading-monitoring-allow-egress-api-server", "velero-allow-egress-api-server",
                "vertical-pod-autoscaler-allow-egress-api-server",
            ].map((name) => `update kubernetes:networking.k8s.io/v1:NetworkPolicy signal-trading-dev-${name}: spec.egress[0].to[2].ipBlock.cidr, spec.egress[0].to[3]`),
            ...["cert-manager-allow-ingress-webhook", "metrics-server-allow-ingress-metrics-api", "prometheus-adapter-allow-ingress-custom-metrics-api",
                "signal-trading-monitoring-allow-ingress-operator-webhook", "vertical-pod-autoscaler-allow-ingress-webhook"]
                .map((name) => `update kubernetes:networking.k8s.io/v1:NetworkPolicy signal-trading-dev-${name}: spec.ingress[0].from[2]`),
            "update kubernetes:networking.k8s.io/v1:NetworkPolicy signal-trading-dev-data-network-policy: spec.egress[1].to[2]",
            "update kubernetes:networking.k8s.io/v1:NetworkPolicy signal-trading-dev-database-admin-allow-egress-database: spec.egress[0].to[2]",
        ],
    },
    {
        // The operator-rollouts admission policy follows the same list as the deployers' RoleBinding, in place.
        name: "add a deployer group",
        change: (c) => withConfig(c, "workloadAccess", (w) => ({ ...w, deployers: { groups: ["signal-trading-deployers", "trading-on-call"] } })),
        expected: [
            "update kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy signal-trading-dev-signal-trading-operator-rollouts: spec.matchConditions[0].expression",
            "update kubernetes:rbac.authorization.k8s.io/v1:RoleBinding signal-trading-dev-operator-deployer: subjects[1]",
        ],
    },
    {
        // The collector's configuration is in the release's values; its pods roll on the chart's checksum annotation.
        name: "keep a smaller share of the traces",
        change: (c) => withConfig(c, "observability", (o) => ({ ...o, traces: { ...o?.traces, samplingPercent: 50 } })),
        expected: ["update kubernetes:helm.sh/v3:Release signal-trading-dev-opentelemetry-collector: values.alternateConfig.processors.tail_sampling.policies[2].probabilistic.sampling_percentage"],
    },
    {
        // CloudWatch applies a retention to a group in place (PutRetentionPolicy); the groups and their events stay.
        name: "keep the containers' logs longer",
        change: (c) => withConfig(c, "observability", (o) => ({ ...o, logs: { ...o?.logs, retentionDays: 90 } })),
        expected: [
            "update aws:cloudwatch/logGroup:LogGroup signal-trading-dev-fluent-bit-cert-manager: retentionInDays",
            "update aws:cloudwatch/logGroup:LogGroup signal-trading-dev-fluent-bit-cloudwatch-exporter: retentionInDays",
            "update aws:cloudwatch/logGroup:LogGroup signal-trading-dev-fluent-bit-kube-system: retentionInDays",
            "update aws:cloudwatch/logGroup:LogGroup signal-trading-dev-fluent-bit-metrics-server: retentionInDays",
            "update aws:cloudwatch/logGroup:LogGroup signal-trading-dev-fluent-bit-nginx-ingress: retentionInDays",
            "update aws:cloudwatch/logGroup:LogGroup signal-trading-dev-fluent-bit-node-exporter: retentionInDays",
            "update aws:cloudwatch/logGroup:LogGroup signal-trading-dev-fluent-bit-opentelemetry: retentionInDays",
            "update aws:cloudwatch/logGroup:LogGroup signal-trading-dev-fluent-bit-prometheus-adapter: retentionInDays",
            "update aws:cloudwatch/logGroup:LogGroup signal-trading-dev-fluent-bit-signal-trading-dev: retentionInDays",
            "update aws:cloudwatch/logGroup:LogGroup signal-trading-dev-fluent-bit-signal-trading-dev-database-admin: retentionInDays",
            "update aws:cloudwatch/logGroup:LogGroup signal-trading-dev-fluent-bit-signal-trading-logging: retentionInDays",
            "update aws:cloudwatch/logGroup:LogGroup signal-trading-dev-fluent-bit-signal-trading-monitoring: retentionInDays",
            "update aws:cloudwatch/logGroup:LogGroup signal-trading-dev-fluent-bit-unlisted: retentionInDays",
            "update aws:cloudwatch/logGroup:LogGroup signal-trading-dev-fluent-bit-velero: retentionInDays",
            "update aws:cloudwatch/logGroup:LogGroup signal-trading-dev-fluent-bit-vertical-pod-autoscaler: retentionInDays",
        ],
    },
    {
        // Only the release's values: the outputs' buffer limit, and the retry alert's text that states the buffered outage.
        name: "size Fluent Bit's buffer for a longer outage",
        change: (c) => withConfig(c, "observability", (o) => ({ ...o, logs: { ...o?.logs, outageMinutes: 240 } })),
        expected: ["update kubernetes:helm.sh/v3:Release signal-trading-dev-fluent-bit: values.config.outputs, values.prometheusRule.rules[1].annotations.description"],
    },
    {
        // The objective, its budget and everything computed from them: the burn rates and the alerts' thresholds and text.
        name: "raise a service's availability objective",
        change: (c) => withConfig(c, "slos", (s) => ({ ...s, services: { gateway: { availability: { objectivePercent: 99.5 } }, data: {}, signal: {} } })),
        expected: [
            // Rules 10-11 the objective and budget, 13-14 the burn rates, 16-19 the alerts.
            "update kubernetes:monitoring.coreos.com/v1:PrometheusRule signal-trading-slos: " + [
                "spec.groups[0].rules[10].expr",
                "spec.groups[0].rules[11].expr",
                "spec.groups[0].rules[13].expr",
                "spec.groups[0].rules[14].expr",
                "spec.groups[0].rules[16].annotations.description",
                "spec.groups[0].rules[16].expr",
                "spec.groups[0].rules[17].annotations.description",
                "spec.groups[0].rules[17].expr",
                "spec.groups[0].rules[18].annotations.description",
                "spec.groups[0].rules[18].expr",
                "spec.groups[0].rules[19].annotations.description",
                "spec.groups[0].rules[19].expr",
            ].join(", "),
        ],
    },
    {
        name: "turn on cross-region backup replication",
        change: (c) => withConfig(c, "backup", (b) => ({ ...b, crossRegionReplication: true })),
        expected: [
            "add aws:iam/role:Role signal-trading-dev-backups-replication",
            "add aws:iam/rolePolicy:RolePolicy signal-trading-dev-backups-replication",
            "add aws:kms/alias:Alias signal-trading-dev-backups-replica-alias",
            "add aws:kms/key:Key signal-trading-dev-backups-replica-key",
            "add aws:s3/bucket:Bucket signal-trading-dev-backups-replica",
            "add aws:s3/bucket:Bucket signal-trading-dev-backups-replica-logs",
            "add aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration signal-trading-dev-backups-replica-lifecycle",
            "add aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration signal-trading-dev-backups-replica-logs-lifecycle",
            "add aws:s3/bucketLogging:BucketLogging signal-trading-dev-backups-replica-access-logs",
            "add aws:s3/bucketOwnershipControls:BucketOwnershipControls signal-trading-dev-backups-replica-logs-ownership",
            "add aws:s3/bucketOwnershipControls:BucketOwnershipControls signal-trading-dev-backups-replica-ownership",
            "add aws:s3/bucketPolicy:BucketPolicy signal-trading-dev-backups-replica-logs-policy",
            "add aws:s3/bucketPolicy:BucketPolicy signal-trading-dev-backups-replica-policy",
            "add aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock signal-trading-dev-backups-replica-logs-public-access",
            "add aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock signal-trading-dev-backups-replica-public-access",
            "add aws:s3/bucketReplicationConfig:BucketReplicationConfig signal-trading-dev-backups-replication",
            "add aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration signal-trading-dev-backups-replica-encryption",
            "add aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration signal-trading-dev-backups-replica-logs-encryption",
            "add aws:s3/bucketVersioning:BucketVersioning signal-trading-dev-backups-replica-logs-versioning",
            "add aws:s3/bucketVersioning:BucketVersioning signal-trading-dev-backups-replica-versioning",
            "add pulumi:providers:aws aws-backup-replica",
            "add signal-trading:backup:SecureBucket signal-trading-dev-backups-replica",
            "add signal-trading:backup:SecureBucket signal-trading-dev-backups-replica-logs",
            "add signal-trading:kms:EncryptionKey signal-trading-dev-backups-replica",
            // The backups key names the new replication role as a user (in place: a key policy is no replace-forcing input).
            "update aws:kms/key:Key signal-trading-dev-backups-key: policy",
        ],
    },
];

describe("lifecycle: routine changes update in place", function () {
    this.timeout(120_000);
    // Read once, and frozen: withConfig copies what it changes, so every change starts from the same file.
    const devStack = stackConfig("dev");
    Object.freeze(devStack.config);
    Object.freeze(devStack.secretKeys);
    const bases = new Map<string, Promise<PlanDocument>>();
    const deployed = (config: StackFileConfig) => {
        const key = JSON.stringify(config);
        if (!bases.has(key)) bases.set(key, planOf("dev", config));
        return bases.get(key)!;
    };

    for (const routine of ROUTINE_CHANGES) {
        it(`${routine.name}: exactly the expected changes, nothing stateful or protected replaced or deleted`, async () => {
            const before = routine.before ? routine.before(devStack) : devStack;
            const diff = await changeOf(await deployed(before), routine.change(before));
            assert.deepEqual([...changeLines(diff)].sort(), [...routine.expected].sort());
            assert.deepEqual(diff.critical.map((c) => c.name), routine.critical ?? []);
        });
    }
});
