import { strict as assert } from "node:assert";
import { kubernetesVeleroRequireBackupSchedules as policy } from "../kubernetes/kubernetes-velero-require-backup-schedules";
import { resource, violations } from "./fixtures";
import { compliantVelero, RELEASE } from "./fixtures-kubernetes";
import { setOutputs, without } from "./fixtures-s3";

/** The prod policy config (config/prod.json). */
const PROD = { rpoMinutes: 15, minRetentionHours: 2160 };
/** The dev policy config (config/dev.json). */
const DEV = { rpoMinutes: 1440, minRetentionHours: 720, requireFullBackup: false };

describe("kubernetes-velero-require-backup-schedules", () => {
    it("passes prod's three schedules: 15-minute volumes, daily apps, weekly full kept 90 days", () => {
        assert.deepEqual(violations(policy, compliantVelero().all, PROD), []);
    });

    it("passes dev's single daily schedule under dev's config", () => {
        const velero = compliantVelero();
        assert.deepEqual(violations(policy, without(velero.all, velero.weeklyFull, velero.stateful), DEV), []);
    });

    describe("recovery point (a)", () => {
        it("fails when no volume schedule runs within the RPO, naming the most frequent one", () => {
            const velero = compliantVelero();
            const found = violations(policy, without(velero.all, velero.stateful), PROD);
            assert.equal(found.length, 1);
            assert.equal(found[0].urn, undefined);
            assert.match(found[0].message, /No schedule backs up volume data at least every 15 minutes \(rpoMinutes\): the most frequent, daily-apps, can leave 1440 minutes between runs\.$/);
        });

        it("does not count a schedule that excludes volume data", () => {
            const velero = compliantVelero();
            velero.stateful.inputs.spec.template.snapshotVolumes = false;
            assert.match(violations(policy, velero.all, PROD)[0].message, /the most frequent, daily-apps, can leave 1440 minutes/);
        });

        it("counts file-system backup of volumes as volume data", () => {
            const velero = compliantVelero();
            velero.stateful.inputs.spec.template = { ...velero.stateful.inputs.spec.template, snapshotVolumes: false, defaultVolumesToFsBackup: true };
            assert.deepEqual(violations(policy, velero.all, PROD), []);
        });

        it("counts snapshotVolumes left unset, which Velero reads as true", () => {
            const velero = compliantVelero();
            delete velero.stateful.inputs.spec.template.snapshotVolumes;
            assert.deepEqual(violations(policy, velero.all, PROD), []);
        });

        it("does not count a paused schedule", () => {
            const velero = compliantVelero();
            velero.stateful.inputs.spec.paused = true;
            assert.match(violations(policy, velero.all, PROD)[0].message, /No schedule backs up volume data at least every 15 minutes/);
        });

        it("measures the longest gap, not the average: business hours only miss a 60-minute RPO", () => {
            const velero = compliantVelero();
            velero.stateful.inputs.spec.schedule = "0 9-17 * * 1-5";
            assert.match(violations(policy, without(velero.all, velero.dailyApps), { ...PROD, rpoMinutes: 60 })[0].message, /the most frequent, stateful-15m, can leave 3840 minutes between runs/);
        });

        it("accepts @every with a Go duration and a CRON_TZ prefix", () => {
            const velero = compliantVelero();
            velero.stateful.inputs.spec.schedule = "@every 15m";
            assert.deepEqual(violations(policy, velero.all, PROD), []);
            velero.stateful.inputs.spec.schedule = "CRON_TZ=Europe/London */15 * * * *";
            assert.deepEqual(violations(policy, velero.all, PROD), []);
        });

        it("fails a schedule whose cron expression Velero cannot run, on that schedule", () => {
            const velero = compliantVelero();
            velero.stateful.inputs.spec.schedule = "*/15 * * *";
            const found = violations(policy, velero.all, PROD);
            assert.equal(found[0].urn, velero.stateful.urn);
            assert.match(found[0].message, /stateful-15m \(kubernetes:velero\.io\/v1:Schedule\) has no schedule Velero can run: spec\.schedule "\*\/15 \* \* \*" is not a cron expression: needs 5 fields/);
            assert.match(found[1].message, /No schedule backs up volume data at least every 15 minutes/);
        });
    });

    describe("retention (b)", () => {
        it("fails when no schedule keeps backups minRetentionHours, naming the longest", () => {
            const velero = compliantVelero();
            velero.weeklyFull.inputs.spec.template.ttl = "1440h0m0s";
            assert.match(violations(policy, velero.all, PROD)[0].message, /No schedule keeps its backups at least 2160 hours \(minRetentionHours\): the longest, weekly-full, keeps backups 1440 hours\.$/);
        });

        it("reads TTLs in any Go duration spelling", () => {
            const velero = compliantVelero();
            velero.weeklyFull.inputs.spec.template.ttl = "2159h60m";
            assert.deepEqual(violations(policy, velero.all, PROD), []);
        });

        it("counts an unset TTL as Velero's default of 720 hours", () => {
            const velero = compliantVelero();
            delete velero.weeklyFull.inputs.spec.template.ttl;
            assert.match(violations(policy, without(velero.all, velero.dailyApps), PROD)[0].message, /the longest, weekly-full, keeps backups 720 hours\.$/);
        });

        it("counts an unset TTL as the chart's configuration.defaultBackupTTL when set", () => {
            const velero = compliantVelero();
            delete velero.weeklyFull.inputs.spec.template.ttl;
            velero.release.inputs.values.configuration.defaultBackupTTL = "2160h";
            assert.deepEqual(violations(policy, velero.all, PROD), []);
        });

        it("fails a TTL that is not a Go duration, on that schedule", () => {
            const velero = compliantVelero();
            velero.dailyApps.inputs.spec.template.ttl = "30d";
            const found = violations(policy, velero.all, PROD);
            assert.deepEqual(found.map((v) => v.urn), [velero.dailyApps.urn]);
            assert.match(found[0].message, /daily-apps \(kubernetes:velero\.io\/v1:Schedule\) has template\.ttl "30d", which is not a Go duration such as 720h0m0s\.$/);
        });
    });

    describe("full backup (c)", () => {
        it("fails without a schedule of all namespaces and cluster resources", () => {
            const velero = compliantVelero();
            const found = violations(policy, without(velero.all, velero.weeklyFull), { ...PROD, minRetentionHours: 720 });
            assert.equal(found.length, 1);
            assert.match(found[0].message, /No running schedule backs up the whole cluster \(includedNamespaces \["\*"\], includeClusterResources: true, no label selector\)/);
        });

        it("fails a full backup without includeClusterResources", () => {
            const velero = compliantVelero();
            delete velero.weeklyFull.inputs.spec.template.includeClusterResources;
            assert.match(violations(policy, velero.all, PROD)[0].message, /No running schedule backs up the whole cluster/);
        });

        it("fails a full backup that excludes a namespace or selects by label", () => {
            const velero = compliantVelero();
            velero.weeklyFull.inputs.spec.template.excludedNamespaces = ["signal-trading"];
            assert.equal(violations(policy, velero.all, PROD).length, 1);
            delete velero.weeklyFull.inputs.spec.template.excludedNamespaces;
            velero.weeklyFull.inputs.spec.template.labelSelector = { matchLabels: { backup: "yes" } };
            assert.equal(violations(policy, velero.all, PROD).length, 1);
        });

        it("accepts includedNamespaces left unset, which Velero reads as all", () => {
            const velero = compliantVelero();
            delete velero.weeklyFull.inputs.spec.template.includedNamespaces;
            assert.deepEqual(violations(policy, velero.all, PROD), []);
        });

        it("does not require a full backup where the config says so (dev)", () => {
            const velero = compliantVelero();
            assert.deepEqual(violations(policy, without(velero.all, velero.weeklyFull), { ...PROD, minRetentionHours: 720, requireFullBackup: false }), []);
        });
    });

    describe("TTL within the bucket's lifecycle (d)", () => {
        it("fails a TTL longer than the bucket's expiration, on that schedule, naming bucket and days", () => {
            const velero = compliantVelero();
            const [rule, ...rest] = velero.backup.primary.lifecycle.outputs.rules;
            setOutputs(velero.backup.primary.lifecycle, { rules: [{ ...rule, expiration: { days: 60 } }, ...rest] });
            const found = violations(policy, velero.all, { ...PROD, minRetentionHours: 720 });
            assert.deepEqual(found.map((v) => v.urn), [velero.weeklyFull.urn]);
            assert.match(found[0].message, /weekly-full \(kubernetes:velero\.io\/v1:Schedule\) keeps backups 2160 hours, but the lifecycle of bucket signal-trading-prod-backups \(location default\) expires them after 60 days \(1440 hours\), so Velero would offer backups whose data is gone\.$/);
        });

        it("finds the location as the default one when the schedule names none", () => {
            const velero = compliantVelero();
            delete velero.weeklyFull.inputs.spec.template.storageLocation;
            velero.weeklyFull.inputs.spec.template.ttl = "2400h0m0s";
            assert.deepEqual(violations(policy, velero.all, PROD).map((v) => v.urn), [velero.weeklyFull.urn]);
        });

        it("ignores a lifecycle rule for another prefix, and counts one that covers the location's prefix", () => {
            const velero = compliantVelero();
            const [rule, ...rest] = velero.backup.primary.lifecycle.outputs.rules;
            setOutputs(velero.backup.primary.lifecycle, { rules: [{ ...rule, filter: { prefix: "s3-access/" }, expiration: { days: 7 } }, ...rest] });
            assert.deepEqual(violations(policy, velero.all, PROD), []);
            velero.location.inputs.spec.objectStorage.prefix = "cluster";
            setOutputs(velero.backup.primary.lifecycle, { rules: [{ ...rule, filter: { prefix: "cluster/" }, expiration: { days: 7 } }, ...rest] });
            assert.deepEqual(violations(policy, velero.all, PROD).map((v) => v.urn), [velero.dailyApps.urn, velero.weeklyFull.urn]);
        });

        it("skips the check when the bucket's lifecycle is not in the stack (no partner)", () => {
            const velero = compliantVelero();
            velero.weeklyFull.inputs.spec.template.ttl = "9000h0m0s";
            assert.deepEqual(violations(policy, without(velero.all, velero.backup.primary.lifecycle), PROD), []);
        });

        it("skips the check when the schedule's location stores in another bucket (mismatched partner)", () => {
            const velero = compliantVelero();
            velero.weeklyFull.inputs.spec.template.ttl = "9000h0m0s";
            velero.location.inputs.spec.objectStorage.bucket = "another-teams-bucket";
            assert.deepEqual(violations(policy, velero.all, PROD), []);
        });
    });

    describe("Velero without schedules (e)", () => {
        it("fails a velero release in a stack without any Schedule, on the release", () => {
            const velero = compliantVelero();
            const found = violations(policy, without(velero.all, ...velero.schedules), PROD);
            assert.deepEqual(found.map((v) => v.urn), [velero.release.urn]);
            assert.match(found[0].message, /velero \(kubernetes:helm\.sh\/v3:Release\) installs Velero, but the stack declares no backup Schedule, so nothing is backed up\.$/);
        });

        it("counts schedules the chart declares in its values", () => {
            const velero = compliantVelero();
            velero.release.inputs.values.schedules = {
                "stateful-15m": { schedule: "*/15 * * * *", template: { ttl: "48h0m0s", includedNamespaces: ["signal-trading"] } },
                "weekly-full": { schedule: "0 3 * * 0", template: { ttl: "2160h0m0s", includedNamespaces: ["*"], includeClusterResources: true } },
                "disabled-hourly": { disabled: true, schedule: "not cron" },
            };
            assert.deepEqual(violations(policy, without(velero.all, ...velero.schedules), PROD), []);
        });

        it("passes a stack without Velero", () => {
            assert.deepEqual(violations(policy, [resource(RELEASE, "metrics-server", { inputs: { chart: "metrics-server", version: "3.13.0" } })], PROD), []);
        });
    });
});
