import { strict as assert } from "node:assert";
import { parsedConfig, REGISTRY } from "../../../test/addon-fixture";
import { nodeGroupPlacement } from "../../cluster/placement";
import { backupAlertRules, veleroValues, VeleroValuesInputs } from "./values";

const PLACEMENT = nodeGroupPlacement("system", [{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }]);
const inputsFor = (stack: "dev" | "prod"): VeleroValuesInputs => {
    const config = parsedConfig(stack);
    return { awsPluginVersion: config.addons.velero.awsPluginVersion, placement: PLACEMENT, schedules: config.backup.schedules, rpoMinutes: config.objectives.rpoMinutes, registry: REGISTRY };
};
const CONTAINER = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } };

describe("Velero values", () => {
    const prod = veleroValues(inputsFor("prod"));
    const dev = veleroValues(inputsFor("dev"));

    it("runs the server image of the chart's Velero release from the account's Docker Hub cache", () => {
        assert.deepEqual(prod.image, { repository: "123456789012.dkr.ecr.us-east-1.amazonaws.com/docker-hub/velero/velero", tag: "v1.18.1" });
    });

    it("loads the AWS plugin of the configured tag, from the account's Docker Hub cache, in an init container that copies it into the plugins volume", () => {
        assert.deepEqual(prod.initContainers, [{
            name: "velero-plugin-for-aws",
            image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/docker-hub/velero/velero-plugin-for-aws:v1.14.2",
            imagePullPolicy: "IfNotPresent",
            volumeMounts: [{ mountPath: "/target", name: "plugins" }],
            resources: { requests: { cpu: "10m", memory: "64Mi" }, limits: { memory: "128Mi" } },
            securityContext: CONTAINER,
        }]);
        assert.equal(veleroValues({ ...inputsFor("prod"), awsPluginVersion: "v1.15.0" }).initContainers[0].image, "123456789012.dkr.ecr.us-east-1.amazonaws.com/docker-hub/velero/velero-plugin-for-aws:v1.15.0");
    });

    it("runs every container as a non-root user with a read-only root filesystem, no privilege escalation and no capabilities", () => {
        assert.deepEqual(prod.podSecurityContext, { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532, seccompProfile: { type: "RuntimeDefault" } });
        assert.deepEqual(prod.containerSecurityContext, CONTAINER);
        assert.deepEqual(prod.initContainers[0].securityContext, CONTAINER);
    });

    it("gives the server, the plugin copy and the chart's jobs requests and a memory limit", () => {
        for (const resources of [prod.resources, prod.initContainers[0].resources, prod.upgradeJobResources]) {
            assert.ok(resources.requests.cpu && resources.requests.memory && resources.limits.memory, JSON.stringify(resources));
        }
        assert.deepEqual(prod.resources, { requests: { cpu: "200m", memory: "256Mi" }, limits: { memory: "1Gi" } });
        assert.deepEqual(prod.upgradeJobResources, { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } });
    });

    it("places the server and the CRD-upgrade job on the system nodes, the server as a critical pod", () => {
        assert.deepEqual(prod.nodeSelector, { "node-group": "system" });
        assert.deepEqual(prod.tolerations, [{ key: "CriticalAddonsOnly", operator: "Equal", value: "true", effect: "NoSchedule" }]);
        assert.equal(prod.priorityClassName, "system-cluster-critical");
        assert.equal(prod.upgradeCRDs, true);
        assert.deepEqual(prod.kubectl, {
            // No tag: the chart tags kubectl with the API server's exact version, which registry.k8s.io publishes.
            image: { repository: "123456789012.dkr.ecr.us-east-1.amazonaws.com/k8s/kubectl" },
            resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } },
            containerSecurityContext: CONTAINER,
        });
        assert.equal(prod.cleanUpCRDs, false);
    });

    it("creates the chart's Role over the velero namespace but binds no cluster-admin", () => {
        assert.deepEqual(prod.rbac, { create: true, clusterAdministrator: false });
    });

    it("takes AWS credentials from IRSA on the component's service account, not from a Secret, and creates no account of its own", () => {
        assert.deepEqual(prod.credentials, { useSecret: false });
        assert.deepEqual(prod.serviceAccount, { server: { create: false, name: "velero-server", automountServiceAccountToken: true } });
    });

    it("creates no storage location, snapshot location or schedule of its own, runs no node agent and keeps EBS-native snapshots", () => {
        assert.deepEqual(prod.configuration.backupStorageLocation, []);
        assert.deepEqual(prod.configuration.volumeSnapshotLocation, []);
        assert.deepEqual(prod.schedules, {});
        assert.equal(prod.deployNodeAgent, false);
        assert.ok(!("features" in prod.configuration), "a feature flag such as EnableCSI would skip the native snapshots");
    });

    it("exposes metrics to Prometheus through a ServiceMonitor and alerts on the backups, whether or not the CRDs were detected", () => {
        assert.deepEqual(prod.metrics, {
            enabled: true,
            serviceMonitor: { enabled: true, autodetect: false },
            prometheusRule: { enabled: true, autodetect: false, spec: backupAlertRules(inputsFor("prod").schedules, 15) },
        });
    });

    it("differs between the stacks only in the alerts of their schedules", () => {
        const { metrics: prodMetrics, ...prodRest } = prod;
        const { metrics: devMetrics, ...devRest } = dev;
        assert.deepEqual(devRest, prodRest);
        assert.notDeepEqual(devMetrics, prodMetrics);
    });
});

describe("Velero backup alerts", () => {
    const byName = (rules: ReturnType<typeof backupAlertRules>) => rules.map((r) => `${r.alert}${r.labels.schedule ? `/${r.labels.schedule}` : ""}`);

    it("warns about failed and partially failed backups of any schedule", () => {
        const [failed, partial] = backupAlertRules({}, 15);
        assert.equal(failed.alert, "VeleroBackupFailed");
        assert.equal(failed.expr, "sum by (schedule) (increase(velero_backup_failure_total{schedule!=\"\"}[1h])) > 0");
        assert.equal(partial.alert, "VeleroBackupPartiallyFailed");
        assert.equal(partial.expr, "sum by (schedule) (increase(velero_backup_partial_failure_total{schedule!=\"\"}[1h])) > 0");
        assert.deepEqual([failed.labels, partial.labels], [{ severity: "warning" }, { severity: "warning" }]);
    });

    it("in prod pages when the 15-minute Redis snapshots stop, and warns when a daily or weekly backup is missing", () => {
        const rules = backupAlertRules(inputsFor("prod").schedules, 15);
        assert.deepEqual(byName(rules), [
            "VeleroBackupFailed", "VeleroBackupPartiallyFailed", "VeleroBackupMissing/daily-apps", "VeleroBackupMissing/weekly-full", "VeleroBackupMissing/stateful-15m",
        ]);
        const redis = rules.find((r) => r.labels.schedule === "stateful-15m")!;
        assert.equal(redis.expr, "time() - max(velero_backup_last_successful_timestamp{schedule=\"stateful-15m\"}) > 900 or absent(velero_backup_last_successful_timestamp{schedule=\"stateful-15m\"})");
        assert.equal(redis.for, "15m");
        assert.deepEqual(redis.labels, { severity: "critical", schedule: "stateful-15m" });
        const weekly = rules.find((r) => r.labels.schedule === "weekly-full")!;
        assert.match(weekly.expr, /\) > 604800 or absent\(/);
        assert.equal(weekly.for, "60m");
        assert.equal(weekly.labels.severity, "warning");
        assert.equal(rules.find((r) => r.labels.schedule === "daily-apps")!.labels.severity, "warning");
    });

    it("in dev pages when the daily backup, which keeps its one-day objective, is missing", () => {
        const rules = backupAlertRules(inputsFor("dev").schedules, 1440);
        assert.deepEqual(byName(rules), ["VeleroBackupFailed", "VeleroBackupPartiallyFailed", "VeleroBackupMissing/daily-apps"]);
        assert.equal(rules[2].labels.severity, "critical");
        assert.match(rules[2].expr, /\) > 86400 or absent\(/);
    });

    it("does not call a schedule without volume snapshots the one that keeps the objective", () => {
        const [, , rule] = backupAlertRules({ objects: { ...inputsFor("prod").schedules["stateful-15m"], snapshotVolumes: false } }, 15);
        assert.equal(rule.labels.severity, "warning");
    });

    it("only watches failures of a schedule that runs less often than weekly", () => {
        const monthly = { ...inputsFor("prod").schedules["daily-apps"], cron: "0 4 1 * *" };
        assert.deepEqual(byName(backupAlertRules({ monthly }, 15)), ["VeleroBackupFailed", "VeleroBackupPartiallyFailed"]);
    });
});
