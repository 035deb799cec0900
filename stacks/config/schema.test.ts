/**
 * Tests of the stack config schema: the committed stack files parse, defaults are applied,
 * secrets stay secret, and each kind of mistake is reported at its config path.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { rawStackConfig } from "../../tools/offline/stack-config";
import { ConfigProblem, parseStackConfig, REDIS_EXPORTER_TAG, StackConfig } from "./schema";

type RawConfig = Record<string, any>;
type StackName = "prod" | "dev";

/**
 * The raw config `parseStackConfig` receives for a stack: the values of `Pulumi.<stack>.yaml`
 * as the loader decodes them, keyed without the `signal-trading:` prefix, secure values as
 * offline placeholders. A fresh copy on every call, so a test may mutate it freely.
 */
function validRawConfig(stack: StackName): RawConfig {
    return rawStackConfig(stack);
}

function parseOk(raw: RawConfig): StackConfig {
    const result = parseStackConfig(raw);
    if (!result.ok) assert.fail(`expected the config to be valid, got:\n${result.problems.map((p) => `${p.path}: ${p.message}`).join("\n")}`);
    return result.config;
}

function parseProblems(raw: RawConfig): ConfigProblem[] {
    const result = parseStackConfig(raw);
    assert.equal(result.ok, false, "expected the config to be rejected");
    return result.ok ? [] : result.problems;
}

/** The plain value inside an Output (outside a deployment the SDK resolves it at once). */
function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply((value) => resolve(value)));
}

describe("parseStackConfig", () => {
    describe("the committed stack files", () => {
        for (const stack of ["prod", "dev"] as const) {
            it(`accepts the ${stack} stack file`, () => {
                const result = parseStackConfig(validRawConfig(stack));
                assert.equal(result.ok, true, result.ok ? "" : JSON.stringify(result.problems, null, 2));
            });
        }

        it("reads the stack file values through unchanged", () => {
            const prod = parseOk(validRawConfig("prod"));
            assert.equal(prod.environment, "prod");
            assert.deepEqual(prod.network.availabilityZones, [{ zoneId: "use1-az1", slot: 0 }, { zoneId: "use1-az2", slot: 1 }, { zoneId: "use1-az4", slot: 2 }]);
            assert.equal(prod.network.allowSubnetReplacement, false);
            assert.equal(prod.nodeGroups.spot.instanceTypes.length, 4);
            assert.equal(prod.database.multiAz, true);

            const dev = parseOk(validRawConfig("dev"));
            assert.equal(dev.environment, "dev");
            // The dev file sets three tiers; the control-plane tier takes its default.
            assert.deepEqual(dev.network.subnetPrefixLengths, { public: 24, private: 20, database: 26, controlPlane: 27 });
            assert.equal(dev.network.natGateways, "single");
            assert.equal(dev.database.deletionProtection, false);
        });
    });

    describe("defaults", () => {
        it("fills network defaults: subnet prefix lengths, NAT per AZ and flow logs", () => {
            const raw = validRawConfig("prod");
            delete raw.network.natGateways;
            const { network } = parseOk(raw);
            assert.deepEqual(network.subnetPrefixLengths, { public: 24, private: 19, database: 24, controlPlane: 27 });
            assert.equal(network.natGateways, "perAz");
            assert.deepEqual(network.flowLogs, { retentionDays: 365, trafficType: "ALL" });
        });

        it("fills a partial subnetPrefixLengths with the defaults of the other tiers", () => {
            const raw = validRawConfig("prod");
            raw.network.subnetPrefixLengths = { private: 20 };
            assert.deepEqual(parseOk(raw).network.subnetPrefixLengths, { public: 24, private: 20, database: 24, controlPlane: 27 });
        });

        it("keeps a set control-plane prefix length and defaults the other tiers", () => {
            const raw = validRawConfig("prod");
            raw.network.subnetPrefixLengths = { controlPlane: 28 };
            assert.deepEqual(parseOk(raw).network.subnetPrefixLengths, { public: 24, private: 19, database: 24, controlPlane: 28 });
        });

        it("pins every add-on chart version and sets safe defaults when addons is not set", () => {
            const { addons } = parseOk(validRawConfig("prod"));
            assert.deepEqual(addons, {
                clusterAutoscaler: { version: "9.59.0", replicas: 2 },
                metricsServer: { version: "3.13.1", replicas: 2 },
                verticalPodAutoscaler: { version: "0.11.0", updater: true, admissionController: true },
                nginxIngress: { version: "2.6.4", replicas: 2 },
                certManager: { version: "v1.21.1", issuer: "letsencrypt-production" },
                kubePrometheusStack: { version: "88.5.3", operatorCrdsVersion: "31.0.1" },
                velero: { version: "12.1.0", awsPluginVersion: "v1.14.2" },
                externalDns: { enabled: false, version: "1.21.1" },
                openTelemetryCollector: { version: "0.170.0", replicas: 2 },
                fluentBit: { version: "0.58.1" },
                prometheusAdapter: { version: "5.3.0", replicas: 2 },
                cloudwatchExporter: { version: "0.47.0" },
            });
        });

        it("keeps every failed and slow (500 ms, the p95 target) trace and 10% of the rest unless configured; the stack files set dev 100, prod 10", () => {
            const raw = validRawConfig("prod");
            delete raw.observability;
            assert.deepEqual(parseOk(raw).observability.traces, { samplingPercent: 10, slowTraceMs: 500 });
            assert.equal(parseOk(validRawConfig("dev")).observability.traces.samplingPercent, 100);
            assert.equal(parseOk(validRawConfig("prod")).observability.traces.samplingPercent, 10);
            assert.equal(parseOk(validRawConfig("dev")).addons.openTelemetryCollector.replicas, 1);
        });

        it("keeps a set add-on version and defaults the others", () => {
            const raw = validRawConfig("dev");
            raw.addons = { velero: { version: "12.0.0" } };
            const { addons } = parseOk(raw);
            assert.equal(addons.velero.version, "12.0.0");
            assert.equal(addons.metricsServer.version, "3.13.1");
        });

        it("sets no permissions boundary unless configured, which dev allows", () => {
            const raw = validRawConfig("dev");
            delete raw.iam;
            assert.deepEqual(parseOk(raw).iam, {});
        });

        it("defaults the objectives to 99.9% availability, 15 min RPO and 30 min RTO", () => {
            const raw = validRawConfig("prod");
            delete raw.objectives;
            assert.deepEqual(parseOk(raw).objectives, { availabilityPercent: 99.9, rpoMinutes: 15, rtoMinutes: 30 });
        });

        it("defaults the monitoring retention, storage, Grafana exposure and alert routes", () => {
            const raw = validRawConfig("dev");
            raw.monitoring = { slackChannels: raw.monitoring.slackChannels, runbooksUrl: raw.monitoring.runbooksUrl };
            delete raw.grafanaSsoClientSecret;
            const { monitoring } = parseOk(raw);
            assert.equal(monitoring.prometheusRetentionDays, 15);
            assert.equal(monitoring.prometheusStorageGiB, 50);
            assert.equal(monitoring.grafanaExposure, "ingress");
            assert.deepEqual(monitoring.alertRoutes, {});
        });

        it("requires Grafana SSO only where Grafana is on the public ingress in prod", () => {
            const withoutSso = (stack: StackName, change: (c: RawConfig) => void = () => undefined) => {
                const raw = validRawConfig(stack);
                delete raw.monitoring.grafanaSso;
                delete raw.grafanaSsoClientSecret;
                change(raw);
                return raw;
            };
            assert.equal(parseOk(withoutSso("dev")).monitoring.grafanaSso, null);
            assert.equal(parseOk(withoutSso("prod", (c) => { c.monitoring.grafanaExposure = "none"; })).grafanaSsoClientSecret, undefined);
        });

        it("reads Grafana SSO with its groups per role and keeps the client secret secret", async () => {
            const config = parseOk(validRawConfig("prod"));
            assert.deepEqual(config.monitoring.grafanaSso, {
                authUrl: "https://sso.example.com/oauth2/v1/authorize",
                tokenUrl: "https://sso.example.com/oauth2/v1/token",
                userinfoUrl: "https://sso.example.com/oauth2/v1/userinfo",
                clientId: "grafana-prod",
                scopes: ["openid", "email", "profile"],
                groupsClaim: "groups",
                roles: { Admin: ["platform-admins"], Editor: ["trading-engineers"], Viewer: ["trading-viewers"] },
            });
            assert.ok(pulumi.Output.isInstance(config.grafanaSsoClientSecret));
            assert.equal(await pulumi.isSecret(config.grafanaSsoClientSecret!), true);
        });

        it("defaults redis: image tags without digests, storage and resources", () => {
            const dev = parseOk(validRawConfig("dev"));
            assert.deepEqual(dev.redis, {
                image: { tag: "8.10.2-alpine" },
                exporterImage: { tag: REDIS_EXPORTER_TAG },
                storageGiB: 10,
                resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
            });
            const prod = parseOk(validRawConfig("prod"));
            assert.equal(prod.redis.image.tag, "8.10.2-alpine");
            assert.match(prod.redis.image.digest ?? "", /^sha256:[0-9a-f]{64}$/);
            assert.equal(prod.redis.storageGiB, 20);
        });

        it("defaults the database, cluster, node group, service, backup, tag, auth and api-key fields", () => {
            const config = parseOk(validRawConfig("dev"));
            assert.equal(config.database.engineVersion, "17");
            assert.equal(config.database.performanceInsights, false);
            assert.deepEqual(config.cluster.readOnlyRoleArns, []);
            assert.equal(config.nodeGroups.system.diskSizeGiB, 50);
            assert.deepEqual(config.nodeGroups.system.taints, []);
            assert.equal(config.services.gateway.scaling.targetMemoryUtilization, 80);
            assert.equal(config.services.data.scaling.targetRequestsPerSecond, null);
            assert.deepEqual(config.services.gateway.verticalScaling, { mode: "Off", controlledResources: ["cpu", "memory"] });
            assert.deepEqual(config.workloadAccess, {
                readers: { groups: ["signal-trading-readers"], roleArns: [] },
                deployers: { groups: ["signal-trading-deployers"], roleArns: [] },
            });
            assert.deepEqual(config.backup.schedules["daily-apps"].labelSelector, {});
            assert.equal(config.backup.schedules["daily-apps"].includeClusterResources, false);
            assert.equal(config.backup.schedules["daily-apps"].snapshotVolumes, true);
            assert.deepEqual(config.tags.extra, {});
            assert.deepEqual(config.auth, { jwtKeyIds: ["initial"] });
            assert.deepEqual(Object.keys(config.apiKeys), ["marketData"]);
            assert.equal(parseOk(validRawConfig("prod")).database.deletionProtection, true);
            assert.equal(parseOk(validRawConfig("prod")).database.podSecurityGroup, true);
            assert.equal(config.database.podSecurityGroup, false, "dev's burstable system nodes cannot attach branch interfaces");
            assert.deepEqual(config.database.clientImage, { tag: "17.6-alpine" });
        });
    });

    describe("secrets", () => {
        it("returns slackWebhookUrl and every API key as secret Outputs", async () => {
            const config = parseOk(validRawConfig("prod"));
            assert.ok(pulumi.Output.isInstance(config.slackWebhookUrl));
            assert.equal(await pulumi.isSecret(config.slackWebhookUrl), true);
            assert.equal(await valueOf(config.slackWebhookUrl), "offline-placeholder:signal-trading:slackWebhookUrl");

            assert.deepEqual(Object.keys(config.apiKeys), ["marketData"]);
            for (const key of Object.values(config.apiKeys)) {
                assert.ok(pulumi.Output.isInstance(key));
                assert.equal(await pulumi.isSecret(key), true);
                assert.match(await valueOf(key), /^offline-placeholder:signal-trading:apiKeys\./);
            }
        });

        it("never echoes a secret value in a problem message", () => {
            const webhook = "https://hooks.slack.example/services/T000/B000/secret-webhook-value";
            const apiKey = "secret-api-key-value-0123456789";
            const raw = validRawConfig("prod");
            raw.slackWebhookUrl = webhook;
            raw.apiKeys = { marketData: apiKey, "not an identifier": apiKey, "9starts-with-digit": webhook };
            raw.extraSecret = webhook; // unknown key holding a secret
            raw.aws.region = apiKey; // a secret pasted into the wrong key
            raw.dns.acmeEmail = webhook;
            raw.tags.owner = "";

            const problems = parseProblems(raw);
            assert.ok(problems.length >= 5, JSON.stringify(problems));
            for (const problem of problems) {
                assert.ok(!problem.message.includes(webhook) && !problem.message.includes(apiKey), `${problem.path}: ${problem.message}`);
            }

            const wrongTypes = validRawConfig("prod");
            wrongTypes.slackWebhookUrl = { url: webhook };
            wrongTypes.apiKeys = { marketData: [apiKey] };
            for (const problem of parseProblems(wrongTypes)) {
                assert.ok(!problem.message.includes(webhook) && !problem.message.includes(apiKey), `${problem.path}: ${problem.message}`);
            }
        });
    });

    describe("rejects a bad config at the path of the mistake", () => {
        interface BadConfig {
            /** What is wrong, as a sentence. */
            name: string;
            base: StackName;
            mutate: (config: RawConfig) => void;
            /** Paths that must be among the reported problems. */
            paths: string[];
            /** When set, the reported paths must be exactly `paths`. */
            exactly?: true;
            /** Each must match the message of some reported problem. */
            messages?: RegExp[];
        }

        const badConfigs: BadConfig[] = [
            // ---- unknown, missing and mistyped keys
            { name: "an unknown top-level key is reported by its name", base: "prod", mutate: (c) => { c.natGateway = "single"; }, paths: ["natGateway"] },
            { name: "a key that keeps its namespace prefix is unknown", base: "dev", mutate: (c) => { c["signal-trading:environment"] = "dev"; }, paths: ["signal-trading:environment"] },
            { name: "an unknown nested key is reported at its path", base: "prod", mutate: (c) => { c.network.cidrr = "10.40.0.0/16"; }, paths: ["network.cidrr"] },
            { name: "a misspelt key is reported as unknown and the real key as missing", base: "prod", mutate: (c) => { c.network.cidrr = c.network.cidr; delete c.network.cidr; }, paths: ["network.cidrr", "network.cidr"], exactly: true },
            { name: "an unknown key inside a list item is reported with the item's index", base: "prod", mutate: (c) => { c.nodeGroups.system.taints[0].operator = "Exists"; }, paths: ["nodeGroups.system.taints[0].operator"] },
            { name: "an unknown service is reported under services", base: "prod", mutate: (c) => { c.services.gatewayy = structuredClone(c.services.gateway); }, paths: ["services.gatewayy"] },
            { name: "a missing required top-level key is named", base: "prod", mutate: (c) => { delete c.dns; }, paths: ["dns"], exactly: true },
            { name: "a missing environment is named", base: "dev", mutate: (c) => { delete c.environment; }, paths: ["environment"], exactly: true },
            { name: "a missing required nested key is named", base: "prod", mutate: (c) => { delete c.database.instanceClass; }, paths: ["database.instanceClass"], exactly: true },
            { name: "a missing service is named", base: "dev", mutate: (c) => { delete c.services.ml; }, paths: ["services.ml"] },
            { name: "an environment other than dev or prod is rejected", base: "prod", mutate: (c) => { c.environment = "staging"; }, paths: ["environment"] },
            { name: "availability zones given as one string instead of a list are rejected", base: "prod", mutate: (c) => { c.network.availabilityZones = "use1-az1,use1-az2,use1-az4"; }, paths: ["network.availabilityZones"] },
            { name: "availability zones listed by name, without slots, are rejected at each item", base: "prod", mutate: (c) => { c.network.availabilityZones = ["us-east-1a", "us-east-1b", "us-east-1c"]; }, paths: ["network.availabilityZones[0]", "network.availabilityZones[1]", "network.availabilityZones[2]"], exactly: true, messages: [/^must be \{ zoneId, slot \}, such as \{ zoneId: use2-az1, slot: 0 \}: zones are named by zone ID/] },
            { name: "a boolean written as a string is rejected", base: "prod", mutate: (c) => { c.database.multiAz = "true"; }, paths: ["database.multiAz"] },
            { name: "a replica count written as a string is rejected", base: "prod", mutate: (c) => { c.services.data.scaling.max = "10"; }, paths: ["services.data.scaling.max"] },
            { name: "a fractional subnet prefix length is rejected", base: "prod", mutate: (c) => { c.network.subnetPrefixLengths = { private: 19.5 }; }, paths: ["network.subnetPrefixLengths.private"] },
            { name: "a section given as null is rejected", base: "dev", mutate: (c) => { c.addons = null; }, paths: ["addons"] },

            // ---- aws and tags
            { name: "a backup replica region equal to the primary region is rejected", base: "prod", mutate: (c) => { c.aws.backupReplicaRegion = "us-east-1"; }, paths: ["aws.backupReplicaRegion"], exactly: true },
            { name: "a region that is not an AWS region code is rejected", base: "prod", mutate: (c) => { c.aws.region = "US East (N. Virginia)"; }, paths: ["aws.region"] },
            { name: "an empty owner tag is rejected", base: "dev", mutate: (c) => { c.tags.owner = ""; }, paths: ["tags.owner"] },
            {
                name: "an extra tag key with the reserved aws: prefix is rejected",
                base: "prod",
                mutate: (c) => { c.tags.extra = { "aws:team": "trading" }; },
                paths: ["tags.extra.aws:team"],
                messages: [/the aws: prefix is reserved for AWS/],
            },

            // ---- network
            { name: "a zone ID of another region is reported with its index", base: "prod", mutate: (c) => { c.network.availabilityZones[1].zoneId = "usw2-az2"; }, paths: ["network.availabilityZones[1].zoneId"], exactly: true, messages: [/^must be a zone ID of aws\.region \(us-east-1\), such as use1-az1$/] },
            { name: "a zone name where a zone ID belongs is rejected", base: "dev", mutate: (c) => { c.network.availabilityZones[0].zoneId = "us-east-2a"; }, paths: ["network.availabilityZones[0].zoneId"], messages: [/^must be a zone ID such as use2-az1, not a zone name/] },
            { name: "use1-az3, where EKS refuses cluster subnets, is rejected", base: "prod", mutate: (c) => { c.network.availabilityZones[2].zoneId = "use1-az3"; }, paths: ["network.availabilityZones[2].zoneId"], exactly: true, messages: [/^is a zone where EKS refuses cluster subnets \(EKS user guide, subnet requirements for clusters: use1-az3, usw1-az2, cac1-az3\)/] },
            {
                name: "usw1-az2 and cac1-az3 are rejected in their regions",
                base: "dev",
                mutate: (c) => { c.aws.region = "us-west-1"; c.network.availabilityZones = [{ zoneId: "usw1-az1", slot: 0 }, { zoneId: "usw1-az2", slot: 1 }]; },
                paths: ["network.availabilityZones[1].zoneId"],
                exactly: true,
            },
            { name: "cac1-az3 is rejected", base: "dev", mutate: (c) => { c.aws.region = "ca-central-1"; c.network.availabilityZones = [{ zoneId: "cac1-az3", slot: 0 }, { zoneId: "cac1-az1", slot: 1 }]; }, paths: ["network.availabilityZones[0].zoneId"], exactly: true },
            { name: "a repeated zone is rejected at its second listing", base: "prod", mutate: (c) => { c.network.availabilityZones[2].zoneId = "use1-az1"; }, paths: ["network.availabilityZones[2].zoneId"], exactly: true, messages: [/^repeats availabilityZones\[0\]$/] },
            { name: "a slot taken twice is rejected at the second zone", base: "prod", mutate: (c) => { c.network.availabilityZones[2].slot = 1; }, paths: ["network.availabilityZones[2].slot"], exactly: true, messages: [/^is already the slot of use1-az2 \(availabilityZones\[1\]\)$/] },
            { name: "a slot beyond the layout's four is rejected", base: "prod", mutate: (c) => { c.network.availabilityZones[2].slot = 4; }, paths: ["network.availabilityZones[2].slot"], exactly: true },
            { name: "a zone without a slot is rejected: slots are explicit so that removing a zone moves no other", base: "prod", mutate: (c) => { delete c.network.availabilityZones[1].slot; }, paths: ["network.availabilityZones[1].slot"], exactly: true },
            {
                name: "more zones than the layout's four slots are refused on the list",
                base: "prod",
                mutate: (c) => { c.network.availabilityZones = [{ zoneId: "use1-az1", slot: 0 }, { zoneId: "use1-az2", slot: 1 }, { zoneId: "use1-az4", slot: 2 }, { zoneId: "use1-az5", slot: 3 }, { zoneId: "use1-az6", slot: 3 }]; },
                paths: ["network.availabilityZones"],
                messages: [/^must list at most 4 availability zones: each tier of the subnet layout has 4 zone slots$/],
            },
            { name: "a single availability zone is rejected even in dev", base: "dev", mutate: (c) => { c.network.availabilityZones = [{ zoneId: "use2-az1", slot: 0 }]; }, paths: ["network.availabilityZones"] },
            { name: "a prod stack with two availability zones is rejected", base: "prod", mutate: (c) => { c.network.availabilityZones.pop(); }, paths: ["network.availabilityZones"], exactly: true },
            { name: "a subnet-replacement flag that is not a boolean is rejected", base: "dev", mutate: (c) => { c.network.allowSubnetReplacement = "yes"; }, paths: ["network.allowSubnetReplacement"], exactly: true },
            { name: "a prod stack with a single NAT gateway is rejected", base: "prod", mutate: (c) => { c.network.natGateways = "single"; }, paths: ["network.natGateways"], exactly: true },
            { name: "a VPC CIDR with host bits set is rejected", base: "prod", mutate: (c) => { c.network.cidr = "10.40.0.1/16"; }, paths: ["network.cidr"], exactly: true },
            { name: "a VPC CIDR outside the RFC 1918 ranges is rejected", base: "prod", mutate: (c) => { c.network.cidr = "100.64.0.0/16"; }, paths: ["network.cidr"], exactly: true },
            { name: "a VPC CIDR just outside 172.16.0.0/12 is rejected", base: "dev", mutate: (c) => { c.network.cidr = "172.32.0.0/16"; }, paths: ["network.cidr"], exactly: true },
            { name: "a VPC CIDR larger than /16 is rejected", base: "prod", mutate: (c) => { c.network.cidr = "10.0.0.0/8"; }, paths: ["network.cidr"], exactly: true },
            { name: "a VPC CIDR that is not a CIDR is rejected", base: "prod", mutate: (c) => { c.network.cidr = "10.40.0.0"; }, paths: ["network.cidr"] },
            {
                name: "a private subnet larger than its slot is reported on its prefix length",
                base: "prod",
                mutate: (c) => { c.network.subnetPrefixLengths = { private: 18 }; },
                paths: ["network.subnetPrefixLengths.private"],
                exactly: true,
                messages: [/^must be 19 or longer: each zone's private subnet lives in a fixed slot of \/19 in a \/16 VPC$/],
            },
            {
                name: "a VPC too small for the fixed layout is reported on the VPC CIDR",
                base: "dev",
                mutate: (c) => { c.network.cidr = "10.20.0.0/24"; c.network.subnetPrefixLengths = { private: 26, public: 27, database: 27 }; },
                paths: ["network.cidr"],
                exactly: true,
                messages: [/^must be a \/20 or larger: the smallest slots of the fixed layout are 1\/256 of the VPC/],
            },
            { name: "a control-plane subnet prefix beyond /28 is rejected", base: "prod", mutate: (c) => { c.network.subnetPrefixLengths = { controlPlane: 29 }; }, paths: ["network.subnetPrefixLengths.controlPlane"], exactly: true, messages: [/^must be at most 28 \(the smallest subnet AWS allows\)$/] },
            { name: "a control-plane subnet prefix no longer than the VPC prefix is rejected", base: "dev", mutate: (c) => { c.network.subnetPrefixLengths.controlPlane = 16; }, paths: ["network.subnetPrefixLengths.controlPlane"], exactly: true, messages: [/^must be 24 or longer: each zone's controlPlane subnet lives in a fixed slot of \/24 in a \/16 VPC$/] },
            { name: "a control-plane prefix length written as a string is rejected", base: "prod", mutate: (c) => { c.network.subnetPrefixLengths = { controlPlane: "27" }; }, paths: ["network.subnetPrefixLengths.controlPlane"] },
            { name: "a private subnet prefix no longer than the VPC prefix is rejected", base: "dev", mutate: (c) => { c.network.subnetPrefixLengths.private = 16; }, paths: ["network.subnetPrefixLengths.private"], exactly: true },
            { name: "a public subnet prefix beyond /28 is rejected", base: "prod", mutate: (c) => { c.network.subnetPrefixLengths = { public: 29 }; }, paths: ["network.subnetPrefixLengths.public"], exactly: true },
            { name: "a flow-log retention that is not a CloudWatch value is rejected", base: "prod", mutate: (c) => { c.network.flowLogs.retentionDays = 100; }, paths: ["network.flowLogs.retentionDays"] },

            // ---- cluster
            { name: "an unsupported Kubernetes version is rejected", base: "prod", mutate: (c) => { c.cluster.kubernetesVersion = "1.32"; }, paths: ["cluster.kubernetesVersion"] },
            { name: "a Kubernetes version written as a number is rejected", base: "prod", mutate: (c) => { c.cluster.kubernetesVersion = 1.36; }, paths: ["cluster.kubernetesVersion"] },
            { name: "a pinned node AMI release of another Kubernetes minor is rejected", base: "prod", mutate: (c) => { c.cluster.nodeAmiReleaseVersion = "1.35.4-20261001"; }, paths: ["cluster.nodeAmiReleaseVersion"] },
            { name: "a node AMI release that is not an EKS release string is rejected", base: "prod", mutate: (c) => { c.cluster.nodeAmiReleaseVersion = "latest"; }, paths: ["cluster.nodeAmiReleaseVersion"] },
            { name: "a cluster without admin roles is rejected", base: "prod", mutate: (c) => { c.cluster.adminRoleArns = []; }, paths: ["cluster.adminRoleArns"] },
            { name: "an admin that is an IAM user, not a role, is rejected", base: "prod", mutate: (c) => { c.cluster.adminRoleArns = ["arn:aws:iam::123456789012:user/alice"]; }, paths: ["cluster.adminRoleArns[0]"] },
            { name: "public-access CIDRs that together open the whole IPv4 internet are rejected", base: "prod", mutate: (c) => { c.cluster.endpointPublicAccessCidrs = ["0.0.0.0/1", "128.0.0.0/1"]; }, paths: ["cluster.endpointPublicAccessCidrs"], exactly: true, messages: [/^opens the public endpoint too wide: together cover 4294967296 IPv4 addresses, more than one \/24 \(256\)$/] },
            { name: "a public-access /23 is rejected", base: "dev", mutate: (c) => { c.cluster.endpointPublicAccessCidrs = ["203.0.112.0/23"]; }, paths: ["cluster.endpointPublicAccessCidrs"], exactly: true },
            { name: "a public-access CIDR that is a bare address is rejected", base: "dev", mutate: (c) => { c.cluster.endpointPublicAccessCidrs = ["203.0.113.0/24", "198.51.100.7"]; }, paths: ["cluster.endpointPublicAccessCidrs[1]"] },
            { name: "a control-plane log retention that is not a CloudWatch value is rejected", base: "prod", mutate: (c) => { c.cluster.logRetentionDays = 45; }, paths: ["cluster.logRetentionDays"] },

            // ---- observability
            { name: "a container log retention that is not a CloudWatch value is rejected", base: "prod", mutate: (c) => { c.observability = { logs: { retentionDays: 45 } }; }, paths: ["observability.logs.retentionDays"], exactly: true },
            { name: "a log buffer larger than a tenth of the smallest node disk is rejected", base: "dev", mutate: (c) => { c.observability = { logs: { outageMinutes: 1440, nodeLogRateKiBPerSecond: 1024 } }; }, paths: ["observability.logs.outageMinutes"], exactly: true, messages: [/needs 168\.8 GiB of log buffer per node \(2 outputs\), more than a tenth of node group system/] },

            // ---- node groups
            { name: "a node group sized min > desired > max is rejected", base: "prod", mutate: (c) => { Object.assign(c.nodeGroups.general, { minSize: 5, desiredSize: 4, maxSize: 3 }); }, paths: ["nodeGroups.general.desiredSize", "nodeGroups.general.maxSize"], exactly: true },
            { name: "a desired size above the maximum is rejected", base: "dev", mutate: (c) => { c.nodeGroups.spot.desiredSize = 5; }, paths: ["nodeGroups.spot.desiredSize"], exactly: true },
            { name: "a SPOT group with one instance type is rejected", base: "prod", mutate: (c) => { c.nodeGroups.spot.instanceTypes = ["m7i.xlarge"]; }, paths: ["nodeGroups.spot.instanceTypes"], exactly: true },
            {
                name: "a SPOT group that lists the same instance type twice is rejected",
                base: "prod",
                mutate: (c) => { c.nodeGroups.spot.instanceTypes = ["m7i.xlarge", "m7i.xlarge"]; },
                paths: ["nodeGroups.spot.instanceTypes"],
            },
            { name: "a node group with no instance types is rejected", base: "dev", mutate: (c) => { c.nodeGroups.system.instanceTypes = []; }, paths: ["nodeGroups.system.instanceTypes"] },
            { name: "an instance type that is not an EC2 type is rejected", base: "prod", mutate: (c) => { c.nodeGroups.general.instanceTypes = ["xlarge"]; }, paths: ["nodeGroups.general.instanceTypes[0]"] },
            { name: "a missing system node group is rejected", base: "prod", mutate: (c) => { delete c.nodeGroups.system; }, paths: ["nodeGroups.system"], exactly: true },
            { name: "a system node group on SPOT capacity is rejected", base: "prod", mutate: (c) => { Object.assign(c.nodeGroups.system, { capacityType: "SPOT", instanceTypes: ["m7i.large", "m6i.large"] }); }, paths: ["nodeGroups.system.capacityType"], exactly: true },
            { name: "a node group name with capitals is rejected", base: "dev", mutate: (c) => { c.nodeGroups.General = structuredClone(c.nodeGroups.spot); }, paths: ["nodeGroups.General"] },
            { name: "a taint with an unknown effect is rejected", base: "prod", mutate: (c) => { c.nodeGroups.system.taints[0].effect = "NoSchedule"; }, paths: ["nodeGroups.system.taints[0].effect"] },

            // ---- add-ons and DNS
            { name: "a chart version range is rejected", base: "prod", mutate: (c) => { c.addons = { velero: { version: "^12.1.0" } }; }, paths: ["addons.velero.version"], exactly: true },
            { name: "a chart version with a wildcard is rejected", base: "dev", mutate: (c) => { c.addons = { certManager: { version: "v1.21.x" } }; }, paths: ["addons.certManager.version"] },
            { name: "a missing hosted zone ID is rejected: cert-manager answers its challenges in that zone", base: "dev", mutate: (c) => { delete c.dns.hostedZoneId; }, paths: ["dns.hostedZoneId"], exactly: true },
            { name: "a hosted zone ID in the wrong form is rejected", base: "prod", mutate: (c) => { c.dns.hostedZoneId = "zone-123"; }, paths: ["dns.hostedZoneId"] },
            { name: "an API host outside the DNS zone is rejected", base: "prod", mutate: (c) => { c.dns.apiHost = "api.signal-trading.example.org"; }, paths: ["dns.apiHost"], exactly: true },
            { name: "a Grafana host that merely ends with the zone's text is rejected", base: "prod", mutate: (c) => { c.dns.grafanaHost = "grafana.evilsignal-trading.example.com"; }, paths: ["dns.grafanaHost"], exactly: true },
            { name: "an ACME e-mail that is not an e-mail address is rejected", base: "prod", mutate: (c) => { c.dns.acmeEmail = "platform-team"; }, paths: ["dns.acmeEmail"], exactly: true },

            // ---- services
            { name: "an image tag of latest is rejected", base: "prod", mutate: (c) => { c.services.gateway.image.tag = "latest"; }, paths: ["services.gateway.image.tag"], exactly: true },
            { name: "an image tag with a space is rejected", base: "dev", mutate: (c) => { c.services.signal.image.tag = "1.0 beta"; }, paths: ["services.signal.image.tag"] },
            { name: "an image digest that is not sha256 with 64 hex digits is rejected", base: "prod", mutate: (c) => { c.services.ml.image.digest = "sha256:abc123"; }, paths: ["services.ml.image.digest"], exactly: true },
            { name: "an HPA maximum below the minimum is rejected", base: "prod", mutate: (c) => { c.services.gateway.scaling.max = 1; }, paths: ["services.gateway.scaling.max"], exactly: true },
            { name: "a prod service with a minimum of one replica is rejected", base: "prod", mutate: (c) => { c.services.signal.scaling.min = 1; }, paths: ["services.signal.scaling.min"], exactly: true },
            { name: "a request-rate target of zero requests per second is rejected", base: "prod", mutate: (c) => { c.services.gateway.scaling.targetRequestsPerSecond = 0; }, paths: ["services.gateway.scaling.targetRequestsPerSecond"], exactly: true },
            { name: "a fractional request-rate target is rejected", base: "dev", mutate: (c) => { c.services.data.scaling.targetRequestsPerSecond = 12.5; }, paths: ["services.data.scaling.targetRequestsPerSecond"], exactly: true },
            { name: "a CPU target below 10% is rejected", base: "prod", mutate: (c) => { c.services.data.scaling.targetCpuUtilization = 5; }, paths: ["services.data.scaling.targetCpuUtilization"] },
            { name: "a CPU limit below the CPU request is rejected", base: "prod", mutate: (c) => { c.services.data.resources.limits.cpu = "100m"; }, paths: ["services.data.resources.limits.cpu"], exactly: true },
            { name: "a memory limit below the memory request is rejected", base: "prod", mutate: (c) => { c.services.ml.resources.limits.memory = "1Gi"; }, paths: ["services.ml.resources.limits.memory"], exactly: true },
            { name: "a prod service image without a digest is rejected", base: "prod", mutate: (c) => { delete c.services.signal.image.digest; }, paths: ["services.signal.image.digest"], exactly: true, messages: [/a tag can be moved/] },
            {
                name: "a VPA that would set CPU while the HPA scales on CPU is rejected", base: "prod",
                mutate: (c) => { c.services.ml.verticalScaling = { mode: "Recreate", controlledResources: ["cpu"] }; },
                paths: ["services.ml.verticalScaling.controlledResources"], exactly: true, messages: [/would set cpu, which the HPA scales on \(services\.ml\.scaling\.targetCpuUtilization\)/],
            },
            {
                name: "a VPA that would set memory is rejected while the HPA scales on memory", base: "dev",
                mutate: (c) => { c.services.data.verticalScaling = { mode: "InPlaceOrRecreate", controlledResources: ["memory"] }; },
                paths: ["services.data.verticalScaling.controlledResources"], exactly: true, messages: [/scaling\.targetMemoryUtilization/],
            },
            {
                name: "a VPA mode that changes pods without the VPA's updater is rejected", base: "prod",
                mutate: (c) => {
                    c.services.ml.verticalScaling = { mode: "Recreate", controlledResources: ["memory"] };
                    c.services.ml.scaling.targetMemoryUtilization = null;
                    c.addons = { verticalPodAutoscaler: { updater: false, admissionController: true } };
                },
                paths: ["services.ml.verticalScaling.mode"], exactly: true, messages: [/needs addons\.verticalPodAutoscaler\.updater/],
            },
            { name: "an API key a service needs but the stack lacks is named", base: "prod", mutate: (c) => { delete c.apiKeys.marketData; }, paths: ["apiKeys.marketData"], exactly: true, messages: [/required by the data service/] },
            { name: "a repeated JWT key id is rejected", base: "dev", mutate: (c) => { c.auth = { jwtKeyIds: ["2026-11", "2026-11"] }; }, paths: ["auth.jwtKeyIds[1]"], exactly: true },
            { name: "a deployer role that already has a cluster access entry is rejected", base: "prod", mutate: (c) => { c.workloadAccess = { deployers: { roleArns: ["arn:aws:iam::123456789012:role/platform-admin"] } }; }, paths: ["workloadAccess.deployers.roleArns[0]"], exactly: true },
            { name: "a reader group that is also a deployer group, and so could patch workloads, is rejected", base: "prod", mutate: (c) => { c.workloadAccess = { readers: { groups: ["auditors", "trading-ops"] }, deployers: { groups: ["trading-ops"] } }; }, paths: ["workloadAccess.readers.groups[1]"], exactly: true, messages: [/also a deployer group, which may patch Deployments and StatefulSets/] },
            { name: "prod admitting application images without digests is rejected", base: "prod", mutate: (c) => { c.admission.requireImageDigest = false; }, paths: ["admission.requireImageDigest"], exactly: true, messages: [/must be true in prod/] },
            { name: "an admission setting that is not a boolean is rejected", base: "dev", mutate: (c) => { c.admission = { requireImageDigest: "yes" }; }, paths: ["admission.requireImageDigest"], exactly: true },
            { name: "a memory quantity with an unknown unit is rejected", base: "dev", mutate: (c) => { c.services.gateway.resources.requests.memory = "128MB"; }, paths: ["services.gateway.resources.requests.memory"] },

            // ---- redis and database
            { name: "redis requests above its limits are rejected for CPU and memory", base: "prod", mutate: (c) => { c.redis.resources = { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "500m", memory: "512Mi" } }; }, paths: ["redis.resources.limits.cpu", "redis.resources.limits.memory"], exactly: true },
            { name: "a redis image tag of latest is rejected", base: "dev", mutate: (c) => { c.redis = { image: { tag: "latest" } }; }, paths: ["redis.image.tag"] },
            { name: "a redis exporter older than v1.83.0 is rejected", base: "dev", mutate: (c) => { c.redis = { exporterImage: { tag: "v1.80.1" } }; }, paths: ["redis.exporterImage.tag"], exactly: true, messages: [/--disable-scrape-endpoint/] },
            { name: "a prod redis exporter without a digest is rejected", base: "prod", mutate: (c) => { delete c.redis.exporterImage.digest; }, paths: ["redis.exporterImage.digest"], exactly: true },
            { name: "a prod database without multi-AZ is rejected", base: "prod", mutate: (c) => { c.database.multiAz = false; }, paths: ["database.multiAz"], exactly: true },
            { name: "a storage ceiling below the allocated storage is rejected", base: "prod", mutate: (c) => { c.database.maxAllocatedStorageGiB = 50; }, paths: ["database.maxAllocatedStorageGiB"], exactly: true },
            { name: "an RDS instance class without the db. prefix is rejected", base: "dev", mutate: (c) => { c.database.instanceClass = "t4g.medium"; }, paths: ["database.instanceClass"] },
            { name: "a database backup retention over 35 days is rejected", base: "prod", mutate: (c) => { c.database.backupRetentionDays = 40; }, paths: ["database.backupRetentionDays"] },

            // ---- backup
            { name: "a backup TTL longer than the bucket retention is rejected", base: "prod", mutate: (c) => { c.backup.schedules["weekly-full"].ttlHours = 2300; }, paths: ["backup.schedules.weekly-full.ttlHours"], exactly: true },
            { name: "a dev backup TTL longer than its 35-day bucket retention is rejected", base: "dev", mutate: (c) => { c.backup.schedules["daily-apps"].ttlHours = 900; }, paths: ["backup.schedules.daily-apps.ttlHours"], exactly: true },
            {
                name: "a zero bucket retention is reported on bucketRetentionDays alone",
                base: "prod",
                mutate: (c) => { c.backup.bucketRetentionDays = 0; },
                paths: ["backup.bucketRetentionDays"],
                exactly: true,
            },
            { name: "a cron expression with four fields is rejected", base: "prod", mutate: (c) => { c.backup.schedules["daily-apps"].cron = "0 2 * *"; }, paths: ["backup.schedules.daily-apps.cron"], messages: [/must be a five-field cron expression: needs 5 fields/] },
            { name: "a schedule without namespaces is rejected", base: "prod", mutate: (c) => { c.backup.schedules["stateful-15m"].includedNamespaces = []; }, paths: ["backup.schedules.stateful-15m.includedNamespaces"] },
            { name: "a restore-drill date that is not a date is rejected", base: "prod", mutate: (c) => { c.backup.lastRestoreDrill = "2026-13-01"; }, paths: ["backup.lastRestoreDrill"] },

            // ---- objectives and monitoring
            { name: "an RPO below 5 minutes is rejected", base: "prod", mutate: (c) => { c.objectives.rpoMinutes = 4; }, paths: ["objectives.rpoMinutes", "backup.schedules"], exactly: true },
            { name: "an availability target below 90% is rejected", base: "prod", mutate: (c) => { c.objectives.availabilityPercent = 85; }, paths: ["objectives.availabilityPercent"] },
            { name: "a Slack channel without a leading # is rejected", base: "prod", mutate: (c) => { c.monitoring.slackChannels.critical = "trading-alerts-critical"; }, paths: ["monitoring.slackChannels.critical"] },
            { name: "an unknown Grafana exposure is rejected", base: "dev", mutate: (c) => { c.monitoring.grafanaExposure = "public"; }, paths: ["monitoring.grafanaExposure"] },
            { name: "prod Grafana on the public ingress without SSO is rejected", base: "prod", mutate: (c) => { delete c.monitoring.grafanaSso; delete c.grafanaSsoClientSecret; }, paths: ["monitoring.grafanaSso"], exactly: true, messages: [/required in prod while monitoring.grafanaExposure is ingress/] },
            { name: "Grafana SSO without its client secret is rejected", base: "dev", mutate: (c) => { delete c.grafanaSsoClientSecret; }, paths: ["grafanaSsoClientSecret"], exactly: true, messages: [/pulumi config set --secret grafanaSsoClientSecret/] },
            { name: "a Grafana client secret without SSO is rejected", base: "dev", mutate: (c) => { delete c.monitoring.grafanaSso; }, paths: ["grafanaSsoClientSecret"], exactly: true },
            { name: "Grafana SSO endpoints that are not https URLs are rejected", base: "prod", mutate: (c) => { c.monitoring.grafanaSso.tokenUrl = "http://sso.example.com/token"; c.monitoring.grafanaSso.authUrl = "sso.example.com"; }, paths: ["monitoring.grafanaSso.authUrl", "monitoring.grafanaSso.tokenUrl"], exactly: true },
            { name: "Grafana SSO scopes without openid are rejected", base: "prod", mutate: (c) => { c.monitoring.grafanaSso.scopes = ["email"]; }, paths: ["monitoring.grafanaSso.scopes"], exactly: true, messages: [/must include openid/] },
            { name: "Grafana SSO mapping no group to a role is rejected", base: "prod", mutate: (c) => { c.monitoring.grafanaSso.roles = { Admin: [] }; }, paths: ["monitoring.grafanaSso.roles"], exactly: true, messages: [/at least one group/] },
            { name: "a Grafana SSO group that would break Grafana's lists or its JMESPath is rejected", base: "prod", mutate: (c) => { c.monitoring.grafanaSso.roles.Viewer = ["trading viewers", "o'brien"]; }, paths: ["monitoring.grafanaSso.roles.Viewer[0]", "monitoring.grafanaSso.roles.Viewer[1]"], exactly: true },
            { name: "monitoring without Slack channels is rejected", base: "prod", mutate: (c) => { delete c.monitoring.slackChannels; }, paths: ["monitoring.slackChannels"] },
            { name: "Slack channels without the ticket channel are rejected", base: "dev", mutate: (c) => { delete c.monitoring.slackChannels.ticket; }, paths: ["monitoring.slackChannels.ticket"], exactly: true },
            { name: "an alert routed to a Slack channel monitoring.slackChannels does not define is rejected", base: "prod", mutate: (c) => { c.monitoring.alertRoutes = { HighCPUUsage: "ticket", SecurityBreaches: "security" }; }, paths: ["monitoring.alertRoutes.SecurityBreaches"], exactly: true, messages: [/must name a channel of monitoring.slackChannels: critical, warning, ticket/] },
            { name: "an alert route for the Watchdog heartbeat is rejected", base: "dev", mutate: (c) => { c.monitoring.alertRoutes = { Watchdog: "critical" }; }, paths: ["monitoring.alertRoutes.Watchdog"], exactly: true, messages: [/routed by the platform itself/] },
            { name: "an alert route keyed by something that is not an alert name is rejected", base: "dev", mutate: (c) => { c.monitoring.alertRoutes = { "high cpu": "ticket" }; }, paths: ["monitoring.alertRoutes.high cpu"], exactly: true },

            // ---- secrets
            { name: "a missing Slack webhook is rejected", base: "dev", mutate: (c) => { delete c.slackWebhookUrl; }, paths: ["slackWebhookUrl"], exactly: true },
            { name: "an empty Slack webhook is rejected", base: "prod", mutate: (c) => { c.slackWebhookUrl = ""; }, paths: ["slackWebhookUrl"] },
            { name: "a missing dead man's switch URL is rejected", base: "prod", mutate: (c) => { delete c.deadMansSwitchUrl; }, paths: ["deadMansSwitchUrl"], exactly: true },
            { name: "a secret that is still ciphertext is rejected", base: "prod", mutate: (c) => { c.slackWebhookUrl = { secure: "v1:abc" }; }, paths: ["slackWebhookUrl"] },
            { name: "an API key name that is not an identifier is rejected", base: "prod", mutate: (c) => { c.apiKeys["market data"] = "placeholder"; }, paths: ["apiKeys.market data"], messages: [/API key names are identifiers/] },
            { name: "an API key that is not a string is rejected", base: "prod", mutate: (c) => { c.apiKeys.marketData = 42; }, paths: ["apiKeys.marketData"] },

            // ---- environment rules together
            {
                name: "the dev stack relabelled as prod breaks every prod-only rule",
                base: "dev",
                mutate: (c) => { c.environment = "prod"; },
                paths: [
                    "network.availabilityZones", "network.natGateways", "database.multiAz", "database.deletionProtection", "backup.crossRegionReplication",
                    "database.performanceInsights", "database.enhancedMonitoringIntervalSeconds",
                    "addons.clusterAutoscaler.replicas", "cluster.deletionProtection", "backup.protectStorage",
                    "addons.metricsServer.replicas", "addons.nginxIngress.replicas", "addons.openTelemetryCollector.replicas", "addons.prometheusAdapter.replicas",
                    "services.gateway.scaling.min", "services.data.scaling.min", "services.signal.scaling.min", "services.ml.scaling.min",
                    "services.gateway.image.digest", "services.data.image.digest", "services.signal.image.digest", "services.ml.image.digest",
                    "redis.image.digest", "redis.exporterImage.digest", "database.clientImage.digest", "admission.requireImageDigest",
                ],
                exactly: true,
            },
            { name: "prod without database deletion protection is rejected", base: "prod", mutate: (c) => { c.database.deletionProtection = false; }, paths: ["database.deletionProtection"], exactly: true },
            { name: "prod without Performance Insights is rejected", base: "prod", mutate: (c) => { c.database.performanceInsights = false; }, paths: ["database.performanceInsights"], exactly: true },
            { name: "prod without enhanced monitoring is rejected", base: "prod", mutate: (c) => { c.database.enhancedMonitoringIntervalSeconds = 0; }, paths: ["database.enhancedMonitoringIntervalSeconds"], messages: [/prod must turn enhanced monitoring on/] },
            { name: "an enhanced monitoring interval RDS does not offer is rejected", base: "dev", mutate: (c) => { c.database.enhancedMonitoringIntervalSeconds = 20; }, paths: ["database.enhancedMonitoringIntervalSeconds"], exactly: true },
            { name: "pod security groups for the database on a node group of burstable instances is rejected", base: "prod", mutate: (c) => { c.nodeGroups.general.instanceTypes = ["m7i.xlarge", "t3.xlarge"]; }, paths: ["nodeGroups.general.instanceTypes[1]"], exactly: true, messages: [/t3\.xlarge cannot give pods security groups of their own, which database\.podSecurityGroup needs/] },
            { name: "a postgres client older than the engine is rejected", base: "prod", mutate: (c) => { c.database.engineVersion = "17"; c.database.clientImage = { tag: "16.10-alpine", digest: `sha256:${"0".repeat(64)}` }; }, paths: ["database.clientImage.tag"], exactly: true },
            { name: "prod without the postgres client's digest is rejected", base: "prod", mutate: (c) => { c.database.clientImage = { tag: "17.6-alpine" }; }, paths: ["database.clientImage.digest"], exactly: true },
            { name: "a node group mixing Graviton and x86 instance types is rejected", base: "prod", mutate: (c) => { c.nodeGroups.spot.instanceTypes = ["m7i.xlarge", "m7g.xlarge"]; }, paths: ["nodeGroups.spot.instanceTypes"], messages: [/must not mix arm64 \(Graviton\) and x86_64/] },
            { name: "a role both admin and read-only is rejected: EKS holds one access entry per role", base: "prod", mutate: (c) => { c.cluster.readOnlyRoleArns = [c.cluster.adminRoleArns[0].replace("platform-admin", "Platform-Admin")]; }, paths: ["cluster.readOnlyRoleArns[0]"], exactly: true, messages: [/repeats adminRoleArns\[0\]: a role gets one access entry/] },
            { name: "a KMS deletion window beyond 30 days is rejected", base: "prod", mutate: (c) => { c.kms = { deletionWindowDays: 45 }; }, paths: ["kms.deletionWindowDays"], exactly: true },
            { name: "a permissions boundary that is a role ARN, not a policy ARN, is rejected", base: "dev", mutate: (c) => { c.iam = { permissionsBoundaryArn: "arn:aws:iam::123456789012:role/signal-trading-dev-boundary" }; }, paths: ["iam.permissionsBoundaryArn"], exactly: true, messages: [/must be an IAM policy ARN/] },
            { name: "prod without a permissions boundary is rejected", base: "prod", mutate: (c) => { delete c.iam.permissionsBoundaryArn; }, paths: ["iam.permissionsBoundaryArn"], exactly: true, messages: [/is required in prod/] },
            { name: "a schedule kept less than a day in protected storage is rejected: object lock counts whole days", base: "prod", mutate: (c) => { c.backup.schedules["stateful-15m"].ttlHours = 12; }, paths: ["backup.schedules.stateful-15m.ttlHours"], exactly: true, messages: [/must be at least 24 while protectStorage is true/] },
            { name: "prod without the break-glass and deploy roles is rejected", base: "prod", mutate: (c) => { delete c.iam.breakGlassRoleArn; delete c.iam.deployRoleArn; }, paths: ["iam.breakGlassRoleArn", "iam.deployRoleArn"], exactly: true, messages: [/is required in prod/, /is required in prod/] },
            { name: "a break-glass role that is not a role ARN is rejected", base: "dev", mutate: (c) => { c.iam.breakGlassRoleArn = "arn:aws:iam::123456789012:user/admin"; }, paths: ["iam.breakGlassRoleArn"], exactly: true, messages: [/must be an IAM role ARN/] },
            { name: "an unknown key under iam is rejected", base: "prod", mutate: (c) => { c.iam.boundary = "x"; }, paths: ["iam.boundary"], exactly: true },
            { name: "a cluster autoscaler with no replica is rejected", base: "prod", mutate: (c) => { c.addons = { clusterAutoscaler: { replicas: 0 } }; }, paths: ["addons.clusterAutoscaler.replicas"], exactly: true },
            { name: "prod with a single cluster autoscaler is rejected", base: "prod", mutate: (c) => { c.addons = { clusterAutoscaler: { replicas: 1 } }; }, paths: ["addons.clusterAutoscaler.replicas"], exactly: true },
            { name: "a VPC inside the cluster's service range is rejected", base: "dev", mutate: (c) => { c.network.cidr = "172.20.0.0/16"; }, paths: ["network.cidr"], messages: [/must not overlap the cluster's service range 172.20.0.0\/16/] },
            { name: "prod with a single metrics-server is rejected: HPAs stop while it is down", base: "prod", mutate: (c) => { c.addons = { metricsServer: { replicas: 1 } }; }, paths: ["addons.metricsServer.replicas"], exactly: true },
            { name: "prod with a single prometheus-adapter is rejected: request-rate scaling stops while it is down", base: "prod", mutate: (c) => { c.addons = { prometheusAdapter: { replicas: 1 } }; }, paths: ["addons.prometheusAdapter.replicas"], exactly: true, messages: [/custom metrics API/] },
            { name: "prod with a single ingress controller is rejected", base: "prod", mutate: (c) => { c.addons = { nginxIngress: { replicas: 1 } }; }, paths: ["addons.nginxIngress.replicas"], messages: [/every request enters through the ingress controller/] },
            { name: "a VPA updater without the admission controller is rejected", base: "dev", mutate: (c) => { c.addons = { verticalPodAutoscaler: { admissionController: false } }; }, paths: ["addons.verticalPodAutoscaler.updater"], exactly: true },
            { name: "an unknown certificate issuer is rejected", base: "prod", mutate: (c) => { c.addons = { certManager: { issuer: "self-signed" } }; }, paths: ["addons.certManager.issuer"], exactly: true },
            { name: "a velero plugin tag that is not exact is rejected", base: "prod", mutate: (c) => { c.addons = { velero: { awsPluginVersion: "latest" } }; }, paths: ["addons.velero.awsPluginVersion"], exactly: true },
            { name: "prod without cluster deletion protection is rejected", base: "prod", mutate: (c) => { c.cluster.deletionProtection = false; }, paths: ["cluster.deletionProtection"], exactly: true },
            { name: "prod with unprotected backup storage is rejected", base: "prod", mutate: (c) => { c.backup.protectStorage = false; }, paths: ["backup.protectStorage"], exactly: true },
            { name: "prod without replication time control is rejected", base: "prod", mutate: (c) => { c.backup.replicationTimeControl = false; }, paths: ["backup.replicationTimeControl"], messages: [/at most 15 minutes behind/] },
            { name: "a node group name longer than 20 characters is rejected: EKS names are at most 63 with zone and suffix", base: "prod", mutate: (c) => { c.nodeGroups["general-purpose-large"] = c.nodeGroups.general; }, paths: ["nodeGroups.general-purpose-large"], exactly: true },
            { name: "prod without cross-region backup copies is rejected", base: "prod", mutate: (c) => { c.backup.crossRegionReplication = false; }, paths: ["backup.crossRegionReplication"], exactly: true },
            { name: "prod without a volume schedule as frequent as its 15-minute RPO is rejected", base: "prod", mutate: (c) => { delete c.backup.schedules["stateful-15m"]; }, paths: ["backup.schedules"], exactly: true },
            { name: "a volume schedule that does not snapshot volumes does not count for the RPO", base: "prod", mutate: (c) => { c.backup.schedules["stateful-15m"].snapshotVolumes = false; }, paths: ["backup.schedules"], exactly: true },
            { name: "dev with a 15-minute RPO and only daily backups is rejected", base: "dev", mutate: (c) => { c.objectives.rpoMinutes = 15; }, paths: ["backup.schedules"], exactly: true },
            { name: "a cron expression that is not cron is rejected with the reason", base: "prod", mutate: (c) => { c.backup.schedules["daily-apps"].cron = "a b c d e"; }, paths: ["backup.schedules.daily-apps.cron"], messages: [/must be a five-field cron expression: minute "a" is not a number/] },
            { name: "an hour outside 0-23 in a cron expression is rejected", base: "prod", mutate: (c) => { c.backup.schedules["daily-apps"].cron = "0 24 * * *"; }, paths: ["backup.schedules.daily-apps.cron"], exactly: true },
            { name: "a trace sampling percentage above 100 is rejected at its path", base: "prod", mutate: (c) => { c.observability.traces.samplingPercent = 150; }, paths: ["observability.traces.samplingPercent"], exactly: true },
            { name: "a negative trace sampling percentage is rejected at its path", base: "dev", mutate: (c) => { c.observability.traces.samplingPercent = -1; }, paths: ["observability.traces.samplingPercent"], exactly: true },
            { name: "a slow-trace threshold that is not a whole number of milliseconds is rejected", base: "prod", mutate: (c) => { c.observability.traces.slowTraceMs = 0.5; }, paths: ["observability.traces.slowTraceMs"], exactly: true },
            { name: "prod with one trace collector replica is rejected: every service's spans pass through it", base: "prod", mutate: (c) => { c.addons = { openTelemetryCollector: { replicas: 1 } }; }, paths: ["addons.openTelemetryCollector.replicas"], exactly: true, messages: [/prod needs at least 2/] },
            { name: "an extra tag that overrides the owner tag is rejected", base: "prod", mutate: (c) => { c.tags.extra = { owner: "someone-else" }; }, paths: ["tags.extra.owner"], exactly: true },
            {
                name: "the prod rules still run on the valid fields of a network with a bad CIDR",
                base: "prod",
                mutate: (c) => { c.network.cidr = "10.40.0.0/33"; c.network.availabilityZones = [{ zoneId: "use1-az1", slot: 0 }, { zoneId: "usw2-az2", slot: 1 }]; c.network.natGateways = "single"; },
                paths: ["network.cidr", "network.availabilityZones", "network.availabilityZones[1].zoneId", "network.natGateways"],
                exactly: true,
            },
        ];

        it("has at least 35 rows", () => assert.ok(badConfigs.length >= 35));

        for (const row of badConfigs) {
            it(row.name, () => {
                const raw = validRawConfig(row.base);
                row.mutate(raw);
                const problems = parseProblems(raw);
                const reported = problems.map((p) => p.path);
                for (const expected of row.paths) {
                    assert.ok(reported.includes(expected), `expected a problem at ${expected}; reported: ${JSON.stringify(problems, null, 2)}`);
                }
                for (const pattern of row.messages ?? []) {
                    assert.ok(problems.some((p) => pattern.test(p.message)), `no message matches ${pattern}: ${JSON.stringify(problems, null, 2)}`);
                }
                if (row.exactly) assert.deepEqual([...new Set(reported)].sort(), [...row.paths].sort());
                for (const problem of problems) {
                    assert.equal(typeof problem.message, "string");
                    assert.ok(problem.message.trim().length > 0, `empty message at ${problem.path}`);
                }
            });
        }
    });

    it("accepts public-access CIDRs that overlap within one /24: overlaps count once", () => {
        const raw = validRawConfig("prod");
        raw.cluster.endpointPublicAccessCidrs = ["203.0.113.0/25", "203.0.113.128/25", "203.0.113.64/26"];
        assert.deepEqual(parseOk(raw).cluster.endpointPublicAccessCidrs, ["203.0.113.0/25", "203.0.113.128/25", "203.0.113.64/26"]);
    });

    it("reports mistakes in several keys together, and nothing else", () => {
        const raw = validRawConfig("prod");
        raw.aws.backupReplicaRegion = "us-east-1";
        raw.cluster.kubernetesVersion = "1.30";
        raw.services.gateway.image.tag = "latest";
        raw.database.multiAz = false;
        raw.objectives.rpoMinutes = 2;
        raw.monitorin = { prometheusRetentionDays: 30 };

        const problems = parseProblems(raw);
        assert.deepEqual(problems.map((p) => p.path).sort(), [
            "aws.backupReplicaRegion",
            "backup.schedules",
            "cluster.kubernetesVersion",
            "database.multiAz",
            "monitorin",
            "objectives.rpoMinutes",
            "services.gateway.image.tag",
        ]);
        for (const problem of problems) assert.ok(problem.message.length > 0);
    });

    it("accepts prod-only mistakes in a dev stack: two AZs, one NAT gateway, one replica, single-AZ database", () => {
        const raw = validRawConfig("prod");
        raw.environment = "dev";
        raw.network.availabilityZones.pop();
        raw.network.natGateways = "single";
        for (const name of Object.keys(raw.services)) raw.services[name].scaling.min = 1;
        raw.database.multiAz = false;

        const config = parseOk(raw);
        assert.equal(config.network.availabilityZones.length, 2);
        assert.equal(config.network.natGateways, "single");
        assert.equal(config.services.gateway.scaling.min, 1);
        assert.equal(config.database.multiAz, false);

        raw.environment = "prod";
        assert.deepEqual(parseProblems(raw).map((p) => p.path).sort(), [
            "database.multiAz",
            "network.availabilityZones",
            "network.natGateways",
            "services.data.scaling.min",
            "services.gateway.scaling.min",
            "services.ml.scaling.min",
            "services.signal.scaling.min",
        ]);
    });
});

describe("monitoring.alerts", () => {
    it("defaults to the trading system's targets when the stack file sets nothing", () => {
        assert.deepEqual(parseOk(validRawConfig("prod")).monitoring.alerts, {
            errorRatePercent: 1, latencyP95Ms: 500, minRequestsPerSecond: 1, cpuUtilizationPercent: 90, cacheHitRatePercent: 80,
            redisMemoryPercent: 90, tradingFailurePercent: 5, authFailuresPerSecond: 5, marketDataMaxAgeSeconds: 300,
        });
    });

    it("refuses a CPU threshold at or below a service's HPA target, naming the service, and out-of-range values by path", () => {
        const raw = validRawConfig("prod");
        // ml's HPA targets 80 % in prod: equal is not above it.
        raw.monitoring.alerts = { cpuUtilizationPercent: 80 };
        assert.deepEqual(parseProblems(raw).map((p) => `${p.path}: ${p.message}`), [
            "monitoring.alerts.cpuUtilizationPercent: must exceed every service's HPA CPU target (services.ml.scaling.targetCpuUtilization is 80), or HighCPUUsage fires while the autoscaler is still scaling",
        ]);
        const outOfRange = validRawConfig("prod");
        outOfRange.monitoring.alerts = { errorRatePercent: 0, cacheHitRatePercent: 120 };
        assert.deepEqual(parseProblems(outOfRange).map((p) => p.path).sort(), ["monitoring.alerts.cacheHitRatePercent", "monitoring.alerts.errorRatePercent"]);
        const above = validRawConfig("prod");
        above.monitoring.alerts = { cpuUtilizationPercent: 81 };
        assert.equal(parseOk(above).monitoring.alerts.cpuUtilizationPercent, 81);
    });
});
