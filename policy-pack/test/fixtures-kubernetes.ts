/**
 * Compliant Kubernetes objects as the program registers them: typed resources with their
 * fields as props, CustomResources as `{ apiVersion, kind, metadata, spec }`, Helm charts as
 * one Release. Every factory returns fresh objects, so a test may change one field in place.
 */
import { ResourceUnderTest } from "../../tools/policy/engine";
import { resource } from "./fixtures";
import { compliantBackup } from "./fixtures-s3";

export const STORAGE_CLASS = "kubernetes:storage.k8s.io/v1:StorageClass";
export const INGRESS = "kubernetes:networking.k8s.io/v1:Ingress";
export const NAMESPACE = "kubernetes:core/v1:Namespace";
export const NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
export const RELEASE = "kubernetes:helm.sh/v3:Release";
export const VIRTUAL_SERVER = "kubernetes:k8s.nginx.org/v1:VirtualServer";
export const BACKUP_STORAGE_LOCATION = "kubernetes:velero.io/v1:BackupStorageLocation";
export const SCHEDULE = "kubernetes:velero.io/v1:Schedule";

export const VOLUMES_KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/0b7c9e4e-3d52-4f0e-9a7b-5c1d2e3f4a5b";

/** The storage add-on's default class: gp3 through the EBS CSI driver, encrypted with the volumes key. */
export function storageClass(name = "gp3-encrypted"): ResourceUnderTest {
    return resource(STORAGE_CLASS, name, {
        inputs: {
            apiVersion: "storage.k8s.io/v1", kind: "StorageClass",
            metadata: { name, annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
            provisioner: "ebs.csi.aws.com",
            parameters: { type: "gp3", encrypted: "true", kmsKeyId: VOLUMES_KEY_ARN, "csi.storage.k8s.io/fstype": "ext4" },
            volumeBindingMode: "WaitForFirstConsumer", allowVolumeExpansion: true, reclaimPolicy: "Delete",
        },
    });
}

/** The gateway's public Ingress: one host, TLS from the production issuer. */
export function ingress(): ResourceUnderTest {
    return resource(INGRESS, "gateway-ingress", {
        inputs: {
            apiVersion: "networking.k8s.io/v1", kind: "Ingress",
            metadata: {
                name: "gateway", namespace: "signal-trading",
                annotations: { "cert-manager.io/cluster-issuer": "letsencrypt-production", "nginx.org/redirect-to-https": "true" },
            },
            spec: {
                ingressClassName: "nginx",
                tls: [{ hosts: ["api.signal-trading.example.com"], secretName: "gateway-tls" }],
                rules: [{
                    host: "api.signal-trading.example.com",
                    http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "gateway", port: { number: 80 } } } }] },
                }],
            },
        },
    });
}

/** F5's NGINX Ingress Controller from its OCI registry, snippets left at the chart's default (off). */
export function nginxIngressRelease(): ResourceUnderTest {
    return resource(RELEASE, "nginx-ingress", {
        inputs: {
            name: "nginx-ingress", namespace: "nginx-ingress", chart: "oci://ghcr.io/nginx/charts/nginx-ingress", version: "2.6.4",
            values: { controller: { replicaCount: 2, ingressClass: { name: "nginx", setAsDefaultIngress: true }, enableCustomResources: true } },
        },
    });
}

/** An F5 VirtualServer routing to the gateway. */
export function virtualServer(): ResourceUnderTest {
    return resource(VIRTUAL_SERVER, "gateway-vs", {
        inputs: {
            apiVersion: "k8s.nginx.org/v1", kind: "VirtualServer",
            metadata: { name: "gateway", namespace: "signal-trading" },
            spec: {
                host: "api.signal-trading.example.com", tls: { secret: "gateway-tls" },
                upstreams: [{ name: "gateway", service: "gateway", port: 80 }],
                routes: [{ path: "/", action: { pass: "gateway" } }],
            },
        },
    });
}

/**
 * A namespace with the baseline the program gives every namespace it owns: restricted pod
 * security, deny-all, DNS to kube-dns, and one allowed flow.
 */
export function namespaceWithBaseline(name = "signal-trading") {
    const namespace = resource(NAMESPACE, name, {
        inputs: {
            apiVersion: "v1", kind: "Namespace",
            metadata: {
                name,
                labels: {
                    "app.kubernetes.io/part-of": "signal-trading",
                    "pod-security.kubernetes.io/enforce": "restricted", "pod-security.kubernetes.io/enforce-version": "latest",
                    "pod-security.kubernetes.io/warn": "restricted", "pod-security.kubernetes.io/audit": "restricted",
                },
            },
        },
    });
    const policy = (role: string, spec: Record<string, unknown>) => resource(NETWORK_POLICY, `${name}-${role}`, {
        inputs: { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: role, namespace: name }, spec },
        dependsOn: [namespace],
    });
    const defaultDeny = policy("default-deny", { podSelector: { matchLabels: {} }, policyTypes: ["Ingress", "Egress"] });
    const allowDns = policy("allow-egress-dns", {
        podSelector: { matchLabels: {} },
        policyTypes: ["Egress"],
        egress: [{
            to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
            ports: [{ port: 53, protocol: "UDP" }, { port: 53, protocol: "TCP" }],
        }],
    });
    const allowGateway = policy("allow-ingress-gateway", {
        podSelector: { matchLabels: { "app.kubernetes.io/name": "gateway" } },
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "nginx-ingress" } }, podSelector: { matchLabels: {} } }], ports: [{ port: 8080, protocol: "TCP" }] }],
    });
    return { namespace, defaultDeny, allowDns, allowGateway, all: [namespace, defaultDeny, allowDns, allowGateway] };
}

/** A velero.io/v1 object as k8s.apiextensions.CustomResource registers it. */
export function veleroObject(kind: "BackupStorageLocation" | "Schedule", name: string, spec: Record<string, unknown>): ResourceUnderTest {
    return resource(`kubernetes:velero.io/v1:${kind}`, name, {
        inputs: { apiVersion: "velero.io/v1", kind, metadata: { name, namespace: "velero" }, spec },
    });
}

/**
 * Velero in prod: the chart, the default storage location in the backup bucket encrypted
 * with the backups key, and the three schedules of Pulumi.prod.yaml, on top of the backup
 * storage (whose lifecycle expires objects after 90 days).
 */
export function compliantVelero() {
    const backup = compliantBackup();
    const release = resource(RELEASE, "velero", {
        inputs: {
            name: "velero", namespace: "velero", chart: "velero", version: "12.1.0",
            repositoryOpts: { repo: "https://vmware-tanzu.github.io/helm-charts" },
            values: { backupsEnabled: false, snapshotsEnabled: true, configuration: { features: "" } },
        },
    });
    const location = veleroObject("BackupStorageLocation", "default", {
        provider: "aws", default: true,
        objectStorage: { bucket: backup.primary.bucket.outputs.bucket },
        config: { region: "us-east-1", kmsKeyId: backup.primaryKey.outputs.arn },
    });
    const schedule = (name: string, cron: string, template: Record<string, unknown>) =>
        veleroObject("Schedule", name, { schedule: cron, useOwnerReferencesInBackup: false, template: { storageLocation: "default", ...template } });
    const dailyApps = schedule("daily-apps", "0 2 * * *", { ttl: "720h0m0s", includedNamespaces: ["signal-trading", "signal-trading-monitoring"], snapshotVolumes: true });
    const weeklyFull = schedule("weekly-full", "0 3 * * 0", { ttl: "2160h0m0s", includedNamespaces: ["*"], includeClusterResources: true, snapshotVolumes: true });
    const stateful = schedule("stateful-15m", "*/15 * * * *", {
        ttl: "48h0m0s", includedNamespaces: ["signal-trading"], labelSelector: { matchLabels: { "app.kubernetes.io/name": "redis" } }, snapshotVolumes: true,
    });
    const schedules = [dailyApps, weeklyFull, stateful];
    return { backup, release, location, dailyApps, weeklyFull, stateful, schedules, all: [...backup.all, release, location, ...schedules] };
}
