import { strict as assert } from "node:assert";
import { parsedConfig } from "../../../test/addon-fixture";
import { RESTORE_DRILL_ANNOTATION } from "../../../policy-pack/kubernetes/kubernetes-velero-require-restore-drill";
import { backupStorageLocation, BackupScheduleConfig, LAST_RESTORE_DRILL_ANNOTATION, schedule, volumeSnapshotLocation } from "./schedules";

const LABELS = { "app.kubernetes.io/part-of": "signal-trading" };
const CONFIG: BackupScheduleConfig = {
    cron: "0 2 * * *", ttlHours: 720, includedNamespaces: ["signal-trading"], labelSelector: {}, includeClusterResources: false, snapshotVolumes: true,
};

describe("Velero locations and schedules", () => {
    it("stores backups in the primary bucket, encrypted with the backups key, as the default location", () => {
        assert.deepEqual(backupStorageLocation({
            bucketName: "signal-trading-prod-backups-1a2b3c4", kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/backups", region: "us-east-1",
        }), {
            apiVersion: "velero.io/v1",
            kind: "BackupStorageLocation",
            metadata: { name: "default", namespace: "velero", labels: LABELS },
            spec: {
                provider: "aws",
                default: true,
                accessMode: "ReadWrite",
                objectStorage: { bucket: "signal-trading-prod-backups-1a2b3c4" },
                config: { region: "us-east-1", kmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/backups" },
            },
        });
    });

    it("records the last restore drill on the location, under the annotation the policy pack reads", () => {
        const location = backupStorageLocation({ bucketName: "b", kmsKeyArn: "k", region: "us-east-1", lastRestoreDrill: "2026-11-02" });
        assert.deepEqual(location.metadata.annotations, { [RESTORE_DRILL_ANNOTATION]: "2026-11-02" });
        assert.equal(LAST_RESTORE_DRILL_ANNOTATION, RESTORE_DRILL_ANNOTATION);
    });

    it("snapshots volumes with EBS in the stack's region and restores them encrypted with the volumes key", () => {
        assert.deepEqual(volumeSnapshotLocation("us-east-2", "arn:aws:kms:us-east-2:123456789012:key/volumes"), {
            apiVersion: "velero.io/v1",
            kind: "VolumeSnapshotLocation",
            metadata: { name: "default", namespace: "velero", labels: LABELS },
            spec: { provider: "aws", config: { region: "us-east-2", ebsKmsKeyId: "arn:aws:kms:us-east-2:123456789012:key/volumes" } },
        });
    });

    it("renders prod's schedules: the 15-minute Redis snapshots, the daily applications and the weekly whole cluster", () => {
        const schedules = parsedConfig("prod").backup.schedules;
        const spec = (template: Record<string, unknown>, cron: string) => ({
            schedule: cron, paused: false, skipImmediately: false, useOwnerReferencesInBackup: false,
            template: { ...template, excludedResources: ["secrets"], storageLocation: "default", volumeSnapshotLocations: ["default"] },
        });
        assert.deepEqual(Object.keys(schedules), ["daily-apps", "weekly-full", "stateful-15m"]);
        assert.deepEqual(schedule("stateful-15m", schedules["stateful-15m"]), {
            apiVersion: "velero.io/v1",
            kind: "Schedule",
            metadata: { name: "stateful-15m", namespace: "velero", labels: LABELS },
            spec: spec({
                ttl: "48h0m0s", includedNamespaces: ["signal-trading"], labelSelector: { matchLabels: { "app.kubernetes.io/name": "redis" } }, snapshotVolumes: true,
            }, "*/15 * * * *"),
        });
        assert.deepEqual(schedule("daily-apps", schedules["daily-apps"]).spec, spec({
            ttl: "720h0m0s", includedNamespaces: ["signal-trading", "signal-trading-monitoring"], snapshotVolumes: true,
        }, "0 2 * * *"));
        assert.deepEqual(schedule("weekly-full", schedules["weekly-full"]).spec, spec({
            ttl: "2160h0m0s", includedNamespaces: ["*"], includeClusterResources: true, snapshotVolumes: true,
        }, "0 3 * * 0"));
    });

    it("leaves includeClusterResources unset when a schedule without cluster resources snapshots volumes, since false would drop the PersistentVolumes", () => {
        const template = (change: Partial<BackupScheduleConfig>) => schedule("s", { ...CONFIG, ...change }).spec.template as Record<string, unknown>;
        assert.ok(!("includeClusterResources" in template({ includeClusterResources: false, snapshotVolumes: true })));
        assert.equal(template({ includeClusterResources: false, snapshotVolumes: false }).includeClusterResources, false);
        assert.equal(template({ includeClusterResources: true, snapshotVolumes: false }).includeClusterResources, true);
        assert.equal(template({ includeClusterResources: false, snapshotVolumes: false }).snapshotVolumes, false);
    });

    it("selects objects by label only when the config names labels", () => {
        assert.ok(!("labelSelector" in schedule("s", CONFIG).spec.template));
        assert.deepEqual(schedule("s", { ...CONFIG, labelSelector: { tier: "stateful" } }).spec.template.labelSelector, { matchLabels: { tier: "stateful" } });
    });

    it("never copies a Secret into the bucket, whatever the schedule includes", () => {
        for (const change of [{}, { includedNamespaces: ["*"], includeClusterResources: true }, { labelSelector: { app: "x" } }]) {
            assert.deepEqual(schedule("s", { ...CONFIG, ...change }).spec.template.excludedResources, ["secrets"]);
        }
    });

    it("writes the TTL as a Go duration of whole hours", () => {
        assert.equal(schedule("s", { ...CONFIG, ttlHours: 1 }).spec.template.ttl, "1h0m0s");
        assert.equal(schedule("s", { ...CONFIG, ttlHours: 2160 }).spec.template.ttl, "2160h0m0s");
    });
});
