import { strict as assert } from "node:assert";
import { addonContext, ADDRESSES, BACKUPS, CONTROL_PLANE_PEERS, parsedConfig, REGISTRY } from "../../../test/addon-fixture";
import { KEYS } from "../../../test/eks-fixture";
import { Registrations, registrationsOf } from "../../../test/harness";
import { irsaTrustPolicy } from "../../cluster/irsa";
import { nodeGroupPlacement } from "../../cluster/placement";
import { renderNetworkPolicies } from "../../namespace/baseline";
import { MONITORING_NAMESPACE, NON_PUBLIC_IPV4 } from "../../namespace/traffic";
import { SERVICE_CIDR } from "../../network/subnet-plan";
import { AddonOutputs } from "../addon";
import { veleroPolicy } from "./iam";
import { veleroNamespace } from "./namespace";
import { veleroClusterRbac } from "./rbac";
import { backupStorageLocation, schedule, volumeSnapshotLocation } from "./schedules";
import { veleroValues } from "./values";
import { VELERO_CHART, veleroAddon } from "./velero";

const DEPS = { "prometheus-operator-crds": {} };
const SCHEDULE_TYPE = "kubernetes:velero.io/v1:Schedule";

describe("Velero add-on", () => {
    const prod = parsedConfig("prod");
    const addon = veleroAddon(ADDRESSES, { region: "us-east-1", version: "12.1.0", awsPluginVersion: "v1.14.2", backup: prod.backup, rpoMinutes: 15 });

    it("needs the Prometheus CRDs (ServiceMonitor, PrometheusRule), provides the backups and owns the velero namespace", () => {
        assert.equal(addon.name, "velero");
        assert.deepEqual(addon.dependsOn, ["prometheus-operator-crds"]);
        assert.deepEqual(addon.provides, ["backups"]);
        assert.deepEqual(addon.namespaces, [veleroNamespace(ADDRESSES)]);
    });

    it("enforces restricted pod security and lets only the server reach AWS and be scraped, every pod the API server", () => {
        const spec = veleroNamespace(ADDRESSES);
        assert.equal(spec.name, "velero");
        assert.equal(spec.podSecurity, "restricted");
        assert.equal(spec.exemption, undefined);
        assert.deepEqual(spec.ingress, [{
            name: "prometheus-scrape", pods: { "app.kubernetes.io/name": "velero" },
            peers: [{ namespace: MONITORING_NAMESPACE, pods: { "app.kubernetes.io/name": "prometheus" } }], ports: [8085],
        }]);
        assert.deepEqual(spec.egress, [
            { name: "api-server", pods: undefined, peers: [...CONTROL_PLANE_PEERS, { cidr: SERVICE_CIDR }], ports: [443] },
            { name: "aws-apis", pods: { "app.kubernetes.io/name": "velero" }, peers: [{ cidr: "0.0.0.0/0", except: [...NON_PUBLIC_IPV4] }], ports: [443] },
        ]);
        assert.deepEqual(renderNetworkPolicies(spec).map((p) => p.metadata.name),
            ["default-deny", "allow-egress-dns", "allow-ingress-prometheus-scrape", "allow-egress-api-server", "allow-egress-aws-apis"]);
    });

    describe("installed for prod", () => {
        let r: Registrations;
        let outputs: AddonOutputs["velero"] | undefined;
        before(async () => {
            r = await registrationsOf(() => {
                const ctx = addonContext("prod");
                outputs = addon.install("prod-velero", ctx, DEPS, { providers: { kubernetes: ctx.cluster.kubernetesProvider } }).outputs;
            });
        });
        const component = () => r.one("signal-trading:addons:Velero", "prod-velero");
        const release = () => r.one("kubernetes:helm.sh/v3:Release");
        const role = () => r.one("aws:iam/role:Role", "prod-velero-role");
        const storageLocation = () => r.one("kubernetes:velero.io/v1:BackupStorageLocation");
        const snapshotLocation = () => r.one("kubernetes:velero.io/v1:VolumeSnapshotLocation");

        it("installs the pinned vmware-tanzu chart into the velero namespace, atomically, under the component", () => {
            const inputs = r.inputs(release());
            assert.deepEqual(VELERO_CHART, { chart: "velero", repo: "https://vmware-tanzu.github.io/helm-charts" });
            assert.equal(inputs.chart, "velero");
            assert.equal(inputs.version, "12.1.0");
            assert.deepEqual(inputs.repositoryOpts, { repo: "https://vmware-tanzu.github.io/helm-charts" });
            assert.equal(inputs.namespace, "velero");
            assert.equal(inputs.name, "velero");
            assert.equal(inputs.atomic, true);
            assert.equal(release().parent, component().urn);
        });

        it("passes the prod values (plugin v1.14.2, system nodes, prod's schedules' alerts) to the chart", () => {
            const placement = nodeGroupPlacement("system", prod.nodeGroups.system.taints);
            assert.deepEqual(r.inputs(release()).values, veleroValues({
                awsPluginVersion: "v1.14.2", placement, schedules: prod.backup.schedules, rpoMinutes: 15, registry: REGISTRY,
            }));
        });

        it("creates the velero-server service account with an IRSA role that only it can assume, before the release", () => {
            const account = r.one("kubernetes:core/v1:ServiceAccount");
            const inputs = r.inputs(account);
            assert.equal(inputs.metadata.name, "velero-server");
            assert.equal(inputs.metadata.namespace, "velero");
            assert.equal(inputs.metadata.annotations["eks.amazonaws.com/role-arn"], r.outputs(role()).arn);
            assert.equal(inputs.automountServiceAccountToken, true);
            const oidc = r.one("aws:iam/openIdConnectProvider:OpenIdConnectProvider");
            assert.deepEqual(JSON.parse(r.inputs(role()).assumeRolePolicy),
                irsaTrustPolicy(r.outputs(oidc).arn, r.inputs(oidc).url.replace("https://", ""), "velero", "velero-server"));
            assert.equal(r.one("signal-trading:cluster:ServiceAccountRole", "prod-velero").parent, component().urn);
            assert.ok(release().dependencies.includes(account.urn), "the release does not wait for its service account");
        });

        it("gives the role the policy of the backup bucket, the backups key and the volumes key in the stack's region", () => {
            const policy = r.one("aws:iam/rolePolicy:RolePolicy", "prod-velero-policy");
            assert.equal(r.inputs(policy).role, r.outputs(role()).name);
            assert.deepEqual(JSON.parse(r.inputs(policy).policy), veleroPolicy({
                partition: "aws", region: "us-east-1", accountId: "123456789012",
                bucketArn: BACKUPS.bucketArn, backupsKeyArn: BACKUPS.kmsKeyArn, volumesKeyArn: KEYS.volumes,
            }));
        });

        it("stores backups in the primary bucket with the backups key, and snapshots with the volumes key, after the release", () => {
            assert.deepEqual(r.inputs(storageLocation()), backupStorageLocation({ bucketName: BACKUPS.bucketName, kmsKeyArn: BACKUPS.kmsKeyArn, region: "us-east-1" }));
            assert.equal(r.inputs(storageLocation()).spec.config.kmsKeyId, "arn:aws:kms:us-east-1:123456789012:key/backups");
            assert.deepEqual(r.inputs(snapshotLocation()), volumeSnapshotLocation("us-east-1", KEYS.volumes));
            for (const location of [storageLocation(), snapshotLocation()]) {
                assert.equal(location.parent, component().urn);
                assert.ok(location.dependencies.includes(release().urn), `${location.name} does not wait for the release`);
            }
        });

        it("binds the read-only backup ClusterRole to its server account, and nothing to cluster-admin", () => {
            const role = r.one("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", "prod-velero-backup-reader");
            const binding = r.one("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding", "prod-velero-backup-reader");
            const expected = veleroClusterRbac();
            const rbac = { apiVersion: "rbac.authorization.k8s.io/v1" };
            assert.deepEqual(r.inputs(role), { ...rbac, kind: "ClusterRole", ...expected.clusterRole });
            assert.deepEqual(r.inputs(binding), { ...rbac, kind: "ClusterRoleBinding", ...expected.clusterRoleBinding });
            for (const resource of [role, binding]) assert.equal(resource.parent, component().urn);
            assert.equal(r.inputs(release()).values.rbac.clusterAdministrator, false);
            assert.ok(r.ofType("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding").every((b) => r.inputs(b).roleRef.name !== "cluster-admin"));
        });

        it("creates one Schedule per schedule of its settings, exactly as rendered, after the release and both locations", () => {
            assert.deepEqual(r.ofType(SCHEDULE_TYPE).map((s) => s.name).sort(),
                ["prod-velero-schedule-daily-apps", "prod-velero-schedule-stateful-15m", "prod-velero-schedule-weekly-full"]);
            for (const [name, config] of Object.entries(prod.backup.schedules)) {
                const resource = r.one(SCHEDULE_TYPE, `prod-velero-schedule-${name}`);
                assert.deepEqual(r.inputs(resource), schedule(name, config));
                assert.equal(resource.parent, component().urn);
                for (const needed of [release(), storageLocation(), snapshotLocation(), r.one("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding")]) {
                    assert.ok(resource.dependencies.includes(needed.urn), `${name} does not wait for ${needed.name}`);
                }
            }
        });

        it("creates its Kubernetes resources through the cluster's provider", () => {
            const provider = r.one("pulumi:providers:kubernetes", "prod-k8s").urn;
            for (const resource of [release(), storageLocation(), snapshotLocation(), ...r.ofType(SCHEDULE_TYPE)]) assert.equal(resource.provider, provider, resource.name);
        });

        it("hands its namespace to its dependents", () => {
            assert.deepEqual(outputs, { namespace: "velero" });
        });
    });
});
