import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { OfflineMocks } from "../tools/offline/mocks";
import { runProgram } from "../tools/offline/run-program";
import { TAGGABLE_AWS_TYPES } from "../policy-pack/lib/taggable";
import { programRunOf, Registrations, stackConfig, withConfig } from "./harness";
import { isSecretWire } from "./outputs";
import { METADATA_READ_ACTIONS } from "../components/kms/key-policy";
import { SERVICE_ALERTS_RULE } from "../stacks/monitoring";
import { PlannedRule, runbookProblems, unselectedRules } from "./monitoring-rules";
import { queryProblems } from "./promql";
import { dashboardQueries, substituteVariables } from "./grafana-queries";
import { RuleGroup } from "../components/observability/rules";



describe("the whole program", () => {
    for (const stack of ["dev", "prod"] as const) {
        describe(`stack ${stack}`, () => {
            let r: Registrations;
            before(async () => {
                r = await programRunOf(stack);
            });

            it("creates every AWS resource through the stack's provider, and only backup copies through the replica region's", () => {
                const main = r.one("pulumi:providers:aws", "aws");
                assert.equal(r.inputs(main).region, stack === "prod" ? "us-east-1" : "us-east-2");
                const replica = r.ofType("pulumi:providers:aws").find((p) => p.name === "aws-backup-replica");
                assert.equal(replica && r.inputs(replica).region, stack === "prod" ? "us-west-2" : undefined);
                for (const resource of r.all.filter((x) => x.type.startsWith("aws:"))) {
                    const expected = new RegExp(`^signal-trading-${stack}-backups-replica(-|$)`).test(resource.name) ? replica!.urn : main.urn;
                    assert.equal(resource.provider, expected, `${resource.name} uses another provider`);
                }
            });

            it("tags every taggable AWS resource with owner, cost-center and environment through the providers' default tags", () => {
                for (const provider of r.ofType("pulumi:providers:aws")) {
                    const tags = JSON.parse(r.inputs(provider).defaultTags).tags;
                    assert.deepEqual({ owner: tags.owner, environment: tags.environment }, { owner: "platform-team", environment: stack });
                    assert.ok(tags["cost-center"]);
                }
                // The provider applies them to every taggable resource; none may shadow them with its own tags.
                const taggable = r.all.filter((x) => TAGGABLE_AWS_TYPES.has(x.type));
                assert.ok(taggable.length > 10);
                for (const resource of taggable) {
                    const own = Object.keys(r.inputs(resource).tags ?? {});
                    assert.deepEqual(own.filter((k) => ["owner", "cost-center", "environment"].includes(k)), [], resource.name);
                }
            });

            it("bounds every IAM role it creates by the configured permissions boundary", () => {
                const roles = r.ofType("aws:iam/role:Role");
                const own = ["cluster-role", "node-role", "flow-logs", "vpc-cni-role", "ebs-csi-role", "cluster-autoscaler-role", "cert-manager-role", "velero-role", "fluent-bit-role",
                    "opentelemetry-collector-role", "cloudwatch-exporter-role",
                    ...(stack === "prod" ? ["postgres-monitoring", "backups-replication"] : [])];
                assert.deepEqual(roles.map((role) => role.name).sort(), own.map((role) => `signal-trading-${stack}-${role}`).sort());
                const boundary = `arn:aws:iam::123456789012:policy/signal-trading-${stack}-boundary`;
                for (const role of roles) assert.equal(r.inputs(role).permissionsBoundary, boundary, role.name);
            });

            it("names in its key policies only the bootstrap's roles and roles of this plan, and the account root only for metadata reads", () => {
                const roleArns = r.ofType("aws:iam/role:Role").map((role) => r.outputs(role).arn as string);
                const bootstrap = [`arn:aws:iam::123456789012:role/signal-trading-delivery-${stack}-break-glass`, `arn:aws:iam::123456789012:role/signal-trading-delivery-${stack}-deploy`];
                const keys = r.ofType("aws:kms/key:Key");
                assert.equal(keys.length, stack === "prod" ? 6 : 5);
                for (const key of keys) {
                    for (const s of JSON.parse(r.inputs(key).policy).Statement) {
                        const principals: string[] = [s.Principal?.AWS ?? []].flat();
                        const metadataOnly = [s.Action].flat().every((a: string) => METADATA_READ_ACTIONS.includes(a));
                        assert.ok(!principals.some((p) => p.endsWith(":root") && !s.Condition?.ArnLike?.["aws:PrincipalArn"] && !metadataOnly), `${key.name} ${s.Sid} delegates to the account`);
                        for (const p of principals.filter((x) => x !== "*" && !x.endsWith(":root"))) assert.ok(bootstrap.includes(p), `${key.name} ${s.Sid} names ${p}`);
                        for (const pattern of [s.Condition?.ArnLike?.["aws:PrincipalArn"] ?? []].flat() as string[]) {
                            const matching = roleArns.filter((arn) => arn.startsWith(pattern.replace(/\*$/, "")));
                            assert.equal(matching.length, 1, `${key.name} ${s.Sid}: ${pattern} matches ${matching.length} roles of the plan`);
                        }
                    }
                }
            });

            it("lets AWS services assume its roles only for this account, EC2's instance role aside", () => {
                for (const role of r.ofType("aws:iam/role:Role")) {
                    for (const s of JSON.parse(r.inputs(role).assumeRolePolicy).Statement) {
                        const service = s.Principal?.Service;
                        if (service === undefined || service === "ec2.amazonaws.com") continue;
                        assert.deepEqual(s.Condition, { StringEquals: { "aws:SourceAccount": "123456789012" } }, role.name);
                    }
                }
            });

            it("spans the configured AZs with a NAT gateway per AZ in prod and one in dev", () => {
                // Public, private, database and control-plane subnets in each AZ.
                assert.equal(r.ofType("aws:ec2/subnet:Subnet").length, (stack === "prod" ? 3 : 2) * 4);
                assert.equal(r.ofType("aws:ec2/natGateway:NatGateway").length, stack === "prod" ? 3 : 1);
            });

            it("keeps flow logs for the configured retention, encrypted with the logs key", () => {
                const flowLogs = r.inputs(r.one("aws:cloudwatch/logGroup:LogGroup", `signal-trading-${stack}-flow-logs`));
                assert.equal(flowLogs.retentionInDays, stack === "prod" ? 365 : 30);
                assert.match(flowLogs.kmsKeyId, /^arn:aws:kms:us-(east|west)-\d:123456789012:key\//);
            });

            it("runs an EKS cluster with every control-plane log type, secrets encrypted with its own key, access entries only", () => {
                const cluster = r.inputs(r.one("aws:eks/cluster:Cluster"));
                assert.equal(cluster.version, "1.36");
                assert.deepEqual(cluster.enabledClusterLogTypes, ["api", "audit", "authenticator", "controllerManager", "scheduler"]);
                assert.deepEqual(cluster.accessConfig, { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false });
                assert.deepEqual({ private: cluster.vpcConfig.endpointPrivateAccess, cidrs: cluster.vpcConfig.publicAccessCidrs }, { private: true, cidrs: ["203.0.113.0/24"] });
                const secretsKey = r.outputs(r.one("aws:kms/key:Key", `signal-trading-${stack}-eks-secrets-key`));
                assert.deepEqual(cluster.encryptionConfig, { provider: { keyArn: secretsKey.arn }, resources: ["secrets"] });
                assert.equal(r.ofType("aws:eks/accessEntry:AccessEntry").length, stack === "prod" ? 2 : 1);
            });

            it("puts the EKS control plane's interfaces in the control-plane subnets, which route nowhere outside the VPC, and the nodes in the private subnets", () => {
                const azs = stack === "prod" ? ["use1-az1", "use1-az2", "use1-az4"] : ["use2-az1", "use2-az2"];
                const subnet = (tier: string, az: string) => r.one("aws:ec2/subnet:Subnet", `signal-trading-${stack}-${tier}-${az}`);
                // The control plane's fixed region of each stack's /16 (x.x.160.0/22), one /24 slot per zone.
                assert.deepEqual(azs.map((az) => r.inputs(subnet("control-plane", az)).cidrBlock), stack === "prod"
                    ? ["10.40.160.0/27", "10.40.161.0/27", "10.40.162.0/27"]
                    : ["10.20.160.0/27", "10.20.161.0/27"]);
                const controlPlaneIds = azs.map((az) => subnet("control-plane", az).id);
                assert.deepEqual(r.inputs(r.one("aws:eks/cluster:Cluster")).vpcConfig.subnetIds, controlPlaneIds);

                const table = r.one("aws:ec2/routeTable:RouteTable", `signal-trading-${stack}-control-plane`);
                assert.deepEqual(r.inputs(table).routes, []);
                const associations = r.ofType("aws:ec2/routeTableAssociation:RouteTableAssociation").filter((a) => r.inputs(a).routeTableId === table.id);
                assert.deepEqual(associations.map((a) => r.inputs(a).subnetId), controlPlaneIds);

                const privateIds = azs.map((az) => subnet("private", az).id);
                for (const group of r.ofType("aws:eks/nodeGroup:NodeGroup")) {
                    for (const id of r.inputs(group).subnetIds) assert.ok(privateIds.includes(id), `${group.name} runs in ${id}, not a private subnet`);
                }
            });

            it("runs a system on-demand group and a tainted spot group of several instance types, across every private subnet", () => {
                const groups = r.ofType("aws:eks/nodeGroup:NodeGroup").map((g) => r.inputs(g));
                assert.ok(groups.length >= 2);
                const spot = groups.find((g) => g.capacityType === "SPOT")!;
                assert.ok(spot.instanceTypes.length >= 2);
                assert.deepEqual(spot.taints, [{ key: "workload-class", value: "interruptible", effect: "NO_SCHEDULE" }]);
                const system = groups.filter((g) => g.labels["node-group"] === "system");
                assert.deepEqual([...new Set(system.map((g) => g.capacityType))], ["ON_DEMAND"]);
                // Every configured group covers every AZ: across them, or with one zonal group per AZ.
                const azCount = stack === "prod" ? 3 : 2;
                for (const name of new Set(groups.map((g) => g.labels["node-group"]))) {
                    const members = groups.filter((g) => g.labels["node-group"] === name);
                    assert.equal(new Set(members.flatMap((g) => g.subnetIds)).size, azCount, name);
                }
            });

            it("creates CoreDNS and the EBS CSI driver only after every node group exists", () => {
                const nodeGroupUrns = r.ofType("aws:eks/nodeGroup:NodeGroup").map((g) => g.urn).sort();
                for (const addon of r.ofType("aws:eks/addon:Addon").filter((a) => ["coredns", "aws-ebs-csi-driver"].includes(r.inputs(a).addonName))) {
                    assert.deepEqual(addon.dependencies.filter((d) => nodeGroupUrns.includes(d)).sort(), nodeGroupUrns, addon.name);
                }
            });

            it("leaves the image repositories and their key to the bootstrap project: one key per other kind of data", () => {
                assert.deepEqual(r.all.filter((x) => x.type.startsWith("aws:ecr/")).map((x) => x.name), []);
                assert.deepEqual(r.ofType("aws:kms/key:Key").map((k) => k.name).sort(), [
                    "backups", ...(stack === "prod" ? ["backups-replica"] : []), "database", "eks-secrets", "logs", "volumes",
                ].map((purpose) => `signal-trading-${stack}-${purpose}-key`));
            });

            it("runs PostgreSQL Multi-AZ with deletion protection in prod only, its password secret", () => {
                const db = r.one("aws:rds/instance:Instance");
                assert.deepEqual({ multiAz: r.inputs(db).multiAz, deletionProtection: r.inputs(db).deletionProtection }, { multiAz: stack === "prod", deletionProtection: stack === "prod" });
                assert.ok(isSecretWire(db.inputs.password), "the master password reached the engine in plain text");
            });

            it("replicates the backup bucket to the replica region in prod only, with replication time control", () => {
                const backupBuckets = r.ofType("aws:s3/bucket:Bucket").filter((b) => !b.name.endsWith("-logs"));
                assert.equal(backupBuckets.length, stack === "prod" ? 2 : 1);
                const replication = r.ofType("aws:s3/bucketReplicationConfig:BucketReplicationConfig").map((x) => r.inputs(x));
                assert.equal(replication.length, stack === "prod" ? 1 : 0);
                if (stack === "prod") assert.deepEqual(replication[0].rules[0].destination.replicationTime, { status: "Enabled", time: { minutes: 15 } });
                for (const bucket of r.ofType("aws:s3/bucket:Bucket")) assert.equal(bucket.protect, stack === "prod", bucket.name);
                const protectedKeys = r.ofType("aws:kms/key:Key").filter((k) => k.protect).map((k) => k.name).sort();
                assert.deepEqual(protectedKeys, stack === "prod"
                    ? ["signal-trading-prod-backups-key", "signal-trading-prod-backups-replica-key", "signal-trading-prod-database-key", "signal-trading-prod-eks-secrets-key", "signal-trading-prod-volumes-key"]
                    : []);
            });

            it("installs every add-on chart at the version pinned in the config, from its upstream repository", () => {
                const releases = Object.fromEntries(r.ofType("kubernetes:helm.sh/v3:Release").map((x) => {
                    const inputs = r.inputs(x);
                    return [inputs.name, `${inputs.namespace} ${inputs.repositoryOpts?.repo ?? inputs.chart} ${inputs.version}`];
                }));
                assert.deepEqual(releases, {
                    "cluster-autoscaler": "kube-system https://kubernetes.github.io/autoscaler 9.59.0",
                    "metrics-server": "metrics-server https://kubernetes-sigs.github.io/metrics-server 3.13.1",
                    "vertical-pod-autoscaler": "vertical-pod-autoscaler https://kubernetes.github.io/autoscaler 0.11.0",
                    "prometheus-operator-crds": "kube-system https://prometheus-community.github.io/helm-charts 31.0.1",
                    "nginx-ingress": "nginx-ingress oci://ghcr.io/nginx/charts/nginx-ingress 2.6.4",
                    "cert-manager": "cert-manager https://charts.jetstack.io v1.21.1",
                    "kube-prometheus-stack": "signal-trading-monitoring https://prometheus-community.github.io/helm-charts 88.5.3",
                    "velero": "velero https://vmware-tanzu.github.io/helm-charts 12.1.0",
                    "otel-collector": "opentelemetry https://open-telemetry.github.io/opentelemetry-helm-charts 0.170.0",
                    "fluent-bit": "signal-trading-logging https://fluent.github.io/helm-charts 0.58.1",
                    "prometheus-adapter": "prometheus-adapter https://prometheus-community.github.io/helm-charts 5.3.0",
                    "yace": "cloudwatch-exporter https://prometheus-community.github.io/helm-charts 0.47.0",
                });
            });

            it("installs each add-on after the add-ons it needs and after the nodes, CoreDNS and the EBS CSI driver", () => {
                const release = (name: string) => r.ofType("kubernetes:helm.sh/v3:Release").find((x) => r.inputs(x).name === name)!;
                const waitsFor = (dependent: string, ...needed: string[]) => {
                    for (const n of needed) assert.ok(release(dependent).dependencies.includes(release(n).urn), `${dependent} does not wait for ${n}`);
                };
                waitsFor("vertical-pod-autoscaler", "metrics-server");
                waitsFor("nginx-ingress", "prometheus-operator-crds");
                waitsFor("cert-manager", "prometheus-operator-crds");
                waitsFor("kube-prometheus-stack", "nginx-ingress", "cert-manager", "prometheus-operator-crds");
                waitsFor("velero", "prometheus-operator-crds");
                waitsFor("otel-collector", "prometheus-operator-crds");
                waitsFor("prometheus-adapter", "cert-manager", "kube-prometheus-stack");
                waitsFor("yace", "prometheus-operator-crds");
                const prerequisites = [...r.ofType("aws:eks/nodeGroup:NodeGroup"), ...r.ofType("aws:eks/addon:Addon").filter((a) => ["coredns", "aws-ebs-csi-driver"].includes(r.inputs(a).addonName))];
                for (const x of r.ofType("kubernetes:helm.sh/v3:Release")) {
                    for (const p of prerequisites) assert.ok(x.dependencies.includes(p.urn), `${r.inputs(x).name} does not wait for ${p.name}`);
                }
            });

            it("gives every namespace a restricted baseline with a default deny, except node-exporter's and Fluent Bit's written exemptions", () => {
                const namespaces = r.ofType("kubernetes:core/v1:Namespace").map((n) => r.inputs(n).metadata);
                assert.deepEqual(namespaces.map((m) => `${m.name}=${m.labels["pod-security.kubernetes.io/enforce"]}`).sort(), [
                    "cert-manager=restricted", "cloudwatch-exporter=restricted", "metrics-server=restricted", "nginx-ingress=restricted", "node-exporter=privileged",
                    `${stack === "prod" ? "signal-trading" : "signal-trading-dev"}=restricted`,
                    `${stack === "prod" ? "signal-trading" : "signal-trading-dev"}-database-admin=restricted`,
                    "opentelemetry=restricted", "prometheus-adapter=restricted", "signal-trading-monitoring=restricted", "velero=restricted", "vertical-pod-autoscaler=restricted", "signal-trading-logging=privileged",
                ].sort());
                assert.ok(namespaces.find((m) => m.name === "node-exporter").annotations["signal-trading.io/pod-security-exemption"]);
                assert.ok(namespaces.find((m) => m.name === "signal-trading-logging").annotations["signal-trading.io/pod-security-exemption"]);
                const denyAll = r.ofType("kubernetes:networking.k8s.io/v1:NetworkPolicy").map((p) => r.inputs(p).metadata).filter((m) => m.name === "default-deny");
                assert.deepEqual(denyAll.map((m) => m.namespace).sort(), namespaces.map((m) => m.name).sort());
            });

            it("makes the encrypted gp3 class the only default StorageClass, with the volumes key", () => {
                const classes = r.ofType("kubernetes:storage.k8s.io/v1:StorageClass").map((x) => r.inputs(x));
                assert.deepEqual(classes.map((c) => [c.metadata.name, c.metadata.annotations["storageclass.kubernetes.io/is-default-class"], c.parameters.encrypted]), [["gp3-encrypted", "true", "true"]]);
                assert.equal(classes[0].parameters.kmsKeyId, r.outputs(r.one("aws:kms/key:Key", `signal-trading-${stack}-volumes-key`)).arn);
            });

            it("backs up with Velero to the primary bucket, encrypted with the backups key, on the configured schedules", () => {
                const location = r.inputs(r.one("kubernetes:velero.io/v1:BackupStorageLocation"));
                const bucket = r.one("aws:s3/bucket:Bucket", `signal-trading-${stack}-backups-primary`);
                assert.equal(location.spec.objectStorage.bucket, r.outputs(bucket).bucket);
                assert.equal(location.spec.config.kmsKeyId, r.outputs(r.one("aws:kms/key:Key", `signal-trading-${stack}-backups-key`)).arn);
                const schedules = r.ofType("kubernetes:velero.io/v1:Schedule").map((x) => r.inputs(x)).map((x) => `${x.metadata.name} ${x.spec.schedule} ${x.spec.template.ttl}`).sort();
                assert.deepEqual(schedules, stack === "prod"
                    ? ["daily-apps 0 2 * * * 720h0m0s", "stateful-15m */15 * * * * 48h0m0s", "weekly-full 0 3 * * 0 2160h0m0s"]
                    : ["daily-apps 0 2 * * * 720h0m0s"]);
            });

            it("lets `pulumi destroy` empty and delete storage in dev and stop at it in prod, keeping the keys of what outlives the stack", () => {
                const prod = stack === "prod";
                const prefix = `signal-trading-${stack}`;
                const keys = Object.fromEntries(r.ofType("aws:kms/key:Key").map((k) => [k.name, { protect: k.protect, retainOnDelete: k.retainOnDelete }]));
                const key = (protect: boolean, retainOnDelete: boolean) => ({ protect, retainOnDelete });
                assert.deepEqual(keys, {
                    // The running cluster's Secrets: protected where storage is, deleted with a dev cluster.
                    [`${prefix}-eks-secrets-key`]: key(prod, false),
                    [`${prefix}-volumes-key`]: key(prod, true),
                    [`${prefix}-logs-key`]: key(false, false),
                    [`${prefix}-database-key`]: key(prod, true),
                    [`${prefix}-backups-key`]: key(prod, false),
                    ...(prod ? { [`${prefix}-backups-replica-key`]: key(true, false) } : {}),
                });
                assert.deepEqual(r.ofType("aws:s3/bucket:Bucket").map((b) => [b.name, b.protect, r.inputs(b).forceDestroy]), [
                    [`${prefix}-backups-primary-logs`, prod, !prod], [`${prefix}-backups-primary`, prod, !prod],
                    ...(prod ? [[`${prefix}-backups-replica-logs`, true, false], [`${prefix}-backups-replica`, true, false]] : []),
                ]);
                // A destroyed database leaves a final snapshot named after a random id of the stack: a stack created again draws a new one.
                const db = r.inputs(r.one("aws:rds/instance:Instance"));
                const suffix = r.one("random:index/randomId:RandomId", `${prefix}-postgres-final-snapshot`);
                assert.deepEqual([r.inputs(suffix), suffix.retainOnDelete], [{ byteLength: 4 }, false]);
                assert.deepEqual([db.skipFinalSnapshot, db.finalSnapshotIdentifier, db.deleteAutomatedBackups, db.deletionProtection],
                    [false, `${prefix}-postgres-final-${r.outputs(suffix).hex}`, false, prod]);
            });

            it("fences cert-manager's Secret writes to its namespace and those its certificates are issued into", () => {
                const fence = r.one("kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy", `signal-trading-${stack}-cert-manager-secrets-fence`);
                const application = stack === "prod" ? "signal-trading" : `signal-trading-${stack}`;
                assert.deepEqual(r.inputs(fence).spec.validations.map((v: { expression: string }) => v.expression),
                    [`request.namespace in ['cert-manager', '${application}', 'signal-trading-monitoring', 'prometheus-adapter']`]);
            });

            it("keeps every Slack, dead man's switch and Grafana secret out of chart values and in secret Kubernetes Secrets", () => {
                for (const x of r.ofType("kubernetes:helm.sh/v3:Release")) assert.ok(!isSecretWire(x.inputs.values), `${r.inputs(x).name} has secret values`);
                const secrets = r.ofType("kubernetes:core/v1:Secret").filter((x) => r.inputs(x).metadata.namespace === "signal-trading-monitoring");
                assert.deepEqual(secrets.map((x) => r.inputs(x).metadata.name).sort(), ["alertmanager-dead-mans-switch", "alertmanager-slack", "grafana-admin", "grafana-sso"]);
                for (const x of secrets) assert.ok(isSecretWire(x.inputs.stringData), `${x.name} is in plain text`);
            });

            it("provisions the five dashboards as ConfigMaps the Grafana sidecar loads, after the add-ons, and scrapes the cluster autoscaler", () => {
                const application = stack === "prod" ? "signal-trading" : `signal-trading-${stack}`;
                const maps = r.ofType("kubernetes:core/v1:ConfigMap").filter((x) => r.inputs(x).metadata?.labels?.grafana_dashboard === "1");
                assert.deepEqual(maps.map((x) => r.inputs(x).metadata.name).sort(),
                    ["signal-trading-business", "signal-trading-infrastructure", "signal-trading-overview", "signal-trading-service", "signal-trading-sla"]);
                // Waiting for a component is waiting for its resources: the monitoring release (Grafana, the CRDs' user) among them.
                const monitoring = r.ofType("kubernetes:helm.sh/v3:Release").find((x) => r.inputs(x).name === "kube-prometheus-stack")!;
                for (const map of maps) {
                    const { metadata, data } = r.inputs(map);
                    assert.equal(metadata.namespace, "signal-trading-monitoring");
                    assert.deepEqual(metadata.annotations, { grafana_folder: "Signal Trading" });
                    const board = JSON.parse(data[`${metadata.name}.json`]);
                    assert.equal(board.templating.list.find((v: { name: string }) => v.name === "namespace").current.value, application);
                    assert.ok(map.dependencies.includes(monitoring.urn), `${metadata.name} does not wait for the monitoring add-on`);
                }
                const monitor = r.one("kubernetes:monitoring.coreos.com/v1:ServiceMonitor", `signal-trading-${stack}-cluster-autoscaler-metrics`);
                assert.deepEqual(r.inputs(monitor).spec.namespaceSelector, { matchNames: ["kube-system"] });
            });

            it("carries every SLO's rules in one PrometheusRule in the monitoring namespace, about the application namespace, linking the stack's runbooks", () => {
                const rule = r.one("kubernetes:monitoring.coreos.com/v1:PrometheusRule", "signal-trading-slos");
                const { metadata, spec } = r.inputs(rule);
                assert.equal(metadata.namespace, "signal-trading-monitoring");
                assert.deepEqual(spec.groups.map((g: { name: string }) => g.name), ["gateway", "data", "signal"].flatMap((s) => [`slo-${s}-availability`, `slo-${s}-latency`]));
                const application = stack === "prod" ? "signal-trading" : `signal-trading-${stack}`;
                const rules = spec.groups.flatMap((g: { rules: Record<string, any>[] }) => g.rules);
                assert.ok(rules.every((x: Record<string, any>) => x.labels.namespace === application));
                assert.deepEqual([...new Set(rules.filter((x: Record<string, any>) => x.alert).map((x: Record<string, any>) => x.annotations.runbook_url))],
                    ["critical", "ticket"].map((severity) => `https://github.com/example-org/signal-trading/blob/main/docs/runbooks.md#sloerrorbudgetburn-${severity}`));
                const days = rules.find((x: Record<string, any>) => x.record === "slo:time_period:days").expr;
                assert.equal(days, stack === "prod" ? "vector(30)" : "vector(7)");
                // That Prometheus loads it is the rule-selector join below, over every PrometheusRule of the plan.
            });

            it("ranks every node group's Auto Scaling group under exactly one expander priority, that of its capacity type", () => {
                const priorities: Record<string, string[]> = r.inputs(r.ofType("kubernetes:helm.sh/v3:Release").find((x) => r.inputs(x).name === "cluster-autoscaler")!).values.expanderPriorities;
                const groups = r.ofType("aws:eks/nodeGroup:NodeGroup");
                assert.ok(groups.length >= 2);
                for (const group of groups) {
                    const name: string = r.outputs(group).resources[0].autoscalingGroups[0].name;
                    const matching = Object.entries(priorities).flatMap(([priority, patterns]) => patterns.filter((p) => new RegExp(p).test(name)).map(() => priority));
                    assert.deepEqual(matching, [r.inputs(group).capacityType === "SPOT" ? "50" : "10"], name);
                }
            });

            it("puts every PrometheusRule where the kube-prometheus-stack release's Prometheus loads it, and every alert's runbook_url on a heading of docs/runbooks.md", () => {
                const rules: PlannedRule[] = r.ofType("kubernetes:monitoring.coreos.com/v1:PrometheusRule").map((x) => {
                    const { metadata, spec } = r.inputs(x);
                    return { name: metadata.name, namespace: metadata.namespace, labels: metadata.labels ?? {}, groups: spec.groups };
                });
                assert.ok(rules.some((rule) => rule.name === SERVICE_ALERTS_RULE && rule.namespace === "signal-trading-monitoring"));
                const namespaces = r.ofType("kubernetes:core/v1:Namespace").map((x) => ({ name: r.inputs(x).metadata.name, labels: r.inputs(x).metadata.labels ?? {} }));
                const release = r.inputs(r.ofType("kubernetes:helm.sh/v3:Release").find((x) => r.inputs(x).chart === "kube-prometheus-stack")!);
                assert.deepEqual(unselectedRules(rules, namespaces, release.values, release.name), []);
                const runbooksUrl = JSON.parse(stackConfig(stack).config["signal-trading:monitoring"]).runbooksUrl;
                assert.deepEqual(runbookProblems(rules, runbooksUrl, fs.readFileSync(path.join(__dirname, "..", "docs", "runbooks.md"), "utf8")), []);
            });

            it("reads only the metric contract's, the exporters' and its own recorded series, in every rule and every dashboard query", () => {
                const groups: RuleGroup[] = r.ofType("kubernetes:monitoring.coreos.com/v1:PrometheusRule").flatMap((x) => r.inputs(x).spec.groups);
                const rules = groups.flatMap((g) => g.rules.map((rule) => ({ group: g.name, rule })));
                const recorded = new Set(rules.flatMap(({ rule }) => ("record" in rule ? [rule.record] : [])));
                const boards = r.ofType("kubernetes:core/v1:ConfigMap").filter((x) => r.inputs(x).metadata?.labels?.grafana_dashboard === "1")
                    .flatMap((x) => Object.values(r.inputs(x).data as Record<string, string>).map((json) => JSON.parse(json)));
                assert.ok(rules.length > 0 && boards.length > 0);
                assert.deepEqual([
                    ...rules.flatMap(({ group, rule }) => queryProblems(`${group}/${"alert" in rule ? rule.alert : rule.record}`, rule.expr, recorded)),
                    ...boards.flatMap((board) => dashboardQueries(board).flatMap((q) => queryProblems(q.where, substituteVariables(q.expr), recorded))),
                ], []);
            });
        });
    }

    it("registers nothing when the config is invalid, and reports every problem", async () => {
        let config = withConfig(stackConfig("prod"), "aws", (a) => ({ ...a, backupReplicaRegion: a.region }));
        config = withConfig(config, "nodeGroups", (g) => ({ ...g, spot: { ...g.spot, instanceTypes: ["m7i.xlarge"] } }));
        config = withConfig(config, "environment", () => undefined);
        await assert.rejects(runProgram("prod", config), (error: Error & { problems?: { path: string }[] }) => {
            assert.equal(error.name, "ConfigError");
            assert.deepEqual(error.problems!.map((p) => p.path).sort(), ["aws.backupReplicaRegion", "environment", "nodeGroups.spot.instanceTypes"]);
            return true;
        });
        const monitor = (pulumi.runtime as unknown as { getMonitor(): { getRegisteredResources(): Map<string, unknown> } }).getMonitor();
        assert.equal(monitor.getRegisteredResources().size, 0, "resources were registered before the config was validated");
    });

    it("answers aws.ecr.getImage as ECR does in an account where the release pipeline pushed every image", () => {
        const call = (inputs: Record<string, unknown>) => new OfflineMocks().call({ token: "aws:ecr/getImage:getImage", inputs, provider: undefined } as never);
        const digest = `sha256:${"ab".repeat(32)}`;
        const { imageSizeInBytes, ...byDigest } = call({ repositoryName: "signal-trading-prod/gateway", imageDigest: digest });
        assert.equal(typeof imageSizeInBytes, "number");
        assert.deepEqual(byDigest, {
            id: digest, registryId: "123456789012", repositoryName: "signal-trading-prod/gateway", region: "us-east-1", imageDigest: digest,
            imageTag: undefined, imageTags: [], imagePushedAt: 1795996800,
            imageUri: `123456789012.dkr.ecr.us-east-1.amazonaws.com/signal-trading-prod/gateway@${digest}`,
        });
        const byTag = call({ repositoryName: "signal-trading-dev/ml", imageTag: "1.0.0" });
        assert.match(String(byTag.imageDigest), /^sha256:[0-9a-f]{64}$/);
        assert.deepEqual(byTag.imageTags, ["1.0.0"]);
        assert.equal(byTag.imageUri, "123456789012.dkr.ecr.us-east-1.amazonaws.com/signal-trading-dev/ml:1.0.0");
        assert.throws(() => call({ repositoryName: "signal-trading-dev/ml" }), /aws\.ecr\.getImage needs imageDigest or imageTag/);
    });

    it("fails loudly on an invoke the offline mocks cannot answer", () => {
        assert.throws(() => new OfflineMocks().call({ token: "aws:ec2/getAmi:getAmi", inputs: {}, provider: undefined } as never),
            /no mock answer for invoke aws:ec2\/getAmi:getAmi; add one to tools\/offline\/mocks.ts/);
    });
});
