/**
 * Where every third-party image of the platform comes from: this account's ECR, through the
 * pull-through cache rules the bootstrap creates (bootstrap/pull-through-cache.ts). A node
 * pulls `<account>.dkr.ecr.<region>.amazonaws.com/<cache prefix>/<upstream path>:<tag>`; on
 * the first pull ECR fetches the image from the upstream registry into a repository created
 * from the cache's template (KMS-encrypted, scanned on push, tags immutable), and every later
 * pull is served from that copy. The mapping from upstream image to cached reference lives
 * here only: the add-ons' values, the Redis workload, the bootstrap's rules and the node
 * role's permission all read it.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * The upstream registries, by the ECR repository prefix of their cache rule. ECR Public,
 * registry.k8s.io and Quay need no credentials; Docker Hub does (a Secrets Manager secret named
 * `ecr-pullthroughcache/...`), and is used only for images published nowhere else.
 */
export const PULL_THROUGH_CACHES = {
    "ecr-public": { upstreamRegistryUrl: "public.ecr.aws", credentials: false },
    "k8s": { upstreamRegistryUrl: "registry.k8s.io", credentials: false },
    "quay": { upstreamRegistryUrl: "quay.io", credentials: false },
    "docker-hub": { upstreamRegistryUrl: "registry-1.docker.io", credentials: true },
} as const;

export type CacheName = keyof typeof PULL_THROUGH_CACHES;
export const CACHE_NAMES = Object.keys(PULL_THROUGH_CACHES) as CacheName[];

/** An image as its upstream publishes it: `<cache's upstream>/<repository>:<tag>[@<digest>]`. */
export interface UpstreamImage {
    cache: CacheName;
    /** The path in the upstream registry (Docker Hub's official images under `library/`). */
    repository: string;
    tag: string;
    /** `sha256:<64 hex>`, where the exact image is known; a pull-through cache keeps the upstream's digest. */
    digest?: string;
}

/**
 * The chart versions the tags of CHART_IMAGES were read from (each chart's values.yaml and
 * Chart.yaml at that tag). A test holds them equal to the versions the schema pins, so a chart
 * upgrade cannot leave the images of the previous release behind.
 */
export const CHART_IMAGES_READ_AT = {
    certManager: "v1.21.1",
    externalDns: "1.21.1",
    metricsServer: "3.13.1",
    verticalPodAutoscaler: "0.11.0",
    nginxIngress: "2.6.4",
    kubePrometheusStack: "88.5.3",
    velero: "12.1.0",
    openTelemetryCollector: "0.170.0",
    fluentBit: "0.58.1",
    prometheusAdapter: "5.3.0",
    cloudwatchExporter: "0.47.0",
} as const;

/**
 * The images of the add-ons' charts that the platform runs, each the tag the chart defaults to
 * at the version in CHART_IMAGES_READ_AT. No digests: none could be obtained from a source that
 * reliably names the digest of these exact tags (docs/security.md, "Accepted, with reasons").
 */
export const CHART_IMAGES = {
    // cert-manager v1.21.1 (jetstack): the chart's appVersion for every component.
    certManagerController: { cache: "quay", repository: "jetstack/cert-manager-controller", tag: "v1.21.1" },
    certManagerWebhook: { cache: "quay", repository: "jetstack/cert-manager-webhook", tag: "v1.21.1" },
    certManagerCainjector: { cache: "quay", repository: "jetstack/cert-manager-cainjector", tag: "v1.21.1" },
    certManagerAcmesolver: { cache: "quay", repository: "jetstack/cert-manager-acmesolver", tag: "v1.21.1" },
    certManagerStartupapicheck: { cache: "quay", repository: "jetstack/cert-manager-startupapicheck", tag: "v1.21.1" },
    // external-dns chart 1.21.1: v + appVersion 0.21.0.
    externalDns: { cache: "k8s", repository: "external-dns/external-dns", tag: "v0.21.0" },
    // metrics-server chart 3.13.1: v + appVersion 0.8.1 (the addon-resizer sidecar is off).
    metricsServer: { cache: "k8s", repository: "metrics-server/metrics-server", tag: "v0.8.1" },
    // vertical-pod-autoscaler chart 0.11.0: appVersion 1.7.1 for the three components, the certgen jobs' own default.
    vpaRecommender: { cache: "k8s", repository: "autoscaling/vpa-recommender", tag: "1.7.1" },
    vpaUpdater: { cache: "k8s", repository: "autoscaling/vpa-updater", tag: "1.7.1" },
    vpaAdmissionController: { cache: "k8s", repository: "autoscaling/vpa-admission-controller", tag: "1.7.1" },
    vpaCertGen: { cache: "k8s", repository: "ingress-nginx/kube-webhook-certgen", tag: "v20231011-8b53cabe0" },
    // F5's nginx-ingress chart 2.6.4: appVersion 5.5.4, which F5 also publishes to ECR Public (no Docker Hub credentials needed).
    nginxIngress: { cache: "ecr-public", repository: "nginx/nginx-ingress", tag: "5.5.4" },
    // kube-prometheus-stack 88.5.3 (operator v0.93.1) and its subcharts grafana 12.11.1, kube-state-metrics 8.4.0, prometheus-node-exporter 4.56.1.
    prometheusOperator: { cache: "quay", repository: "prometheus-operator/prometheus-operator", tag: "v0.93.1" },
    prometheusConfigReloader: { cache: "quay", repository: "prometheus-operator/prometheus-config-reloader", tag: "v0.93.1" },
    prometheus: { cache: "quay", repository: "prometheus/prometheus", tag: "v3.14.0-distroless" },
    alertmanager: { cache: "quay", repository: "prometheus/alertmanager", tag: "v0.34.0" },
    grafana: { cache: "docker-hub", repository: "grafana/grafana", tag: "13.2.0" },
    grafanaSidecar: { cache: "quay", repository: "kiwigrid/k8s-sidecar", tag: "2.10.1" },
    kubeStateMetrics: { cache: "k8s", repository: "kube-state-metrics/kube-state-metrics", tag: "v2.20.0" },
    // The distroless variant, as kube-prometheus-stack selects it (its `image.distroless: true`), named by its full tag.
    nodeExporter: { cache: "quay", repository: "prometheus/node-exporter", tag: "v1.12.1-distroless" },
    // velero chart 12.1.0: the server (also the CRD-upgrade job's image); Velero publishes to Docker Hub only.
    velero: { cache: "docker-hub", repository: "velero/velero", tag: "v1.18.1" },
    // opentelemetry-collector chart 0.170.0: appVersion 0.158.0. The contrib distribution carries the
    // tail_sampling processor, the awsxray and loadbalancing exporters and the spanmetrics connector,
    // which the core one lacks; the project publishes it on Docker Hub (and GHCR, which has no cache here).
    otelCollectorContrib: { cache: "docker-hub", repository: "otel/opentelemetry-collector-contrib", tag: "0.158.0" },
    // fluent-bit chart 0.58.1: appVersion 5.1.1. The chart's default registry, cr.fluentbit.io, has no cache rule; Fluent Bit publishes the same tags to Docker Hub.
    fluentBit: { cache: "docker-hub", repository: "fluent/fluent-bit", tag: "5.1.1" },
    // prometheus-adapter chart 5.3.0 (prometheus-community): appVersion v0.12.0.
    prometheusAdapter: { cache: "k8s", repository: "prometheus-adapter/prometheus-adapter", tag: "v0.12.0" },
    // prometheus-yet-another-cloudwatch-exporter chart 0.47.0: appVersion v0.67.0, on Quay.
    yace: { cache: "quay", repository: "prometheuscommunity/yet-another-cloudwatch-exporter", tag: "v0.67.0" },
} as const satisfies Record<string, UpstreamImage>;

/** Images whose tag is configured per stack: the repositories only. */
export const CONFIGURED_IMAGES = {
    /** The AWS plugin's tag is `addons.velero.awsPluginVersion`. */
    veleroPluginForAws: { cache: "docker-hub", repository: "velero/velero-plugin-for-aws" },
    /**
     * kubectl for Velero's CRD-upgrade job: the chart tags it with the API server's exact version
     * (`v<major>.<minor>.<patch>`, its chart.KubernetesVersion template), which registry.k8s.io
     * publishes for every release, so the values set only the repository.
     */
    kubectl: { cache: "k8s", repository: "kubectl" },
    /** The cluster autoscaler's tag follows the cluster's Kubernetes minor (cluster-autoscaler/values.ts). */
    clusterAutoscaler: { cache: "k8s", repository: "autoscaling/cluster-autoscaler" },
    /** Docker's official image, which Docker also publishes to ECR Public; the tag is `redis.image`. */
    redis: { cache: "ecr-public", repository: "docker/library/redis" },
    /** redis_exporter's own Quay repository; the tag is `redis.exporterImage`. */
    redisExporter: { cache: "quay", repository: "oliver006/redis_exporter" },
    /** Docker's official image, as for Redis; its psql creates the services' database roles, the tag is `database.clientImage`. */
    postgres: { cache: "ecr-public", repository: "docker/library/postgres" },
} as const satisfies Record<string, Omit<UpstreamImage, "tag">>;

/** The host of an account's private ECR registry in a region: `<account>.dkr.ecr.<region>.<DNS suffix>`. */
export function ecrRegistryHost(registry: { accountId: string; region: string; dnsSuffix?: string }): string {
    return `${registry.accountId}.dkr.ecr.${registry.region}.${registry.dnsSuffix ?? "amazonaws.com"}`;
}

/** An image in the cache: the registry host and the repository under it, its tag and digest. */
export interface CachedImage {
    /** `<account>.dkr.ecr.<region>.amazonaws.com` */
    registry: string;
    /** `<cache prefix>/<upstream repository>` */
    repository: string;
    tag: string;
    digest?: string;
}

/** `image` as this account's cache serves it, from the registry `host`. */
export function cachedImage(host: string, image: UpstreamImage): CachedImage {
    return { registry: host, repository: `${image.cache}/${image.repository}`, tag: image.tag, ...(image.digest ? { digest: image.digest } : {}) };
}

/** The cached repository with its registry host, for a chart that picks the tag itself. */
export function cachedRepositoryOf(host: string, image: Omit<UpstreamImage, "tag" | "digest">): string {
    return cachedRepository(cachedImage(host, { ...image, tag: "" }));
}

/** The full reference of a cached image: `<registry>/<repository>:<tag>[@<digest>]`. */
export function imageReference(image: CachedImage): string {
    return `${image.registry}/${image.repository}:${image.tag}${image.digest ? `@${image.digest}` : ""}`;
}

/** The repository with its registry, for the charts that take the two as one value (`repository` with `tag` beside it). */
export function cachedRepository(image: CachedImage): string {
    return `${image.registry}/${image.repository}`;
}

/** Chart values of the usual shape: the repository with its registry host, and the tag. */
export function chartImage(host: string, image: UpstreamImage): { repository: string; tag: string } {
    const cached = cachedImage(host, image);
    return { repository: cachedRepository(cached), tag: cached.tag };
}

/** Chart values of the prometheus-community and grafana charts' shape: registry, repository and tag apart. */
export function chartImageWithRegistry(host: string, image: UpstreamImage): { registry: string; repository: string; tag: string } {
    const { registry, repository, tag } = cachedImage(host, image);
    return { registry, repository, tag };
}

/** Why a run stops when a cache rule the platform pulls through does not exist: the bootstrap has not created it in this account and region. */
export function missingCacheRuleMessage(cache: CacheName, awsMessage: string): string {
    return `ECR pull-through cache rule ${cache} (${PULL_THROUGH_CACHES[cache].upstreamRegistryUrl}) does not exist in this account and region: `
        + `run the bootstrap (pulumi -C bootstrap up) before the platform — ${awsMessage.replace(/\s+/g, " ").trim()}`;
}

/**
 * The host of this account's ECR registry, known only once ECR has answered that the cache
 * rules `caches` exist (a read-only `ecr:DescribePullThroughCacheRules` each). Whatever pulls
 * through them takes its image from this host, so nothing is deployed before the lookups
 * succeed, and a missing rule fails the run at preview, naming it, instead of after a rollout
 * that waits on ErrImagePull.
 */
export function cacheRegistryHost(caches: readonly CacheName[], opts: pulumi.InvokeOptions): pulumi.Output<string> {
    const rules = [...new Set(caches)].map((cache) => aws.ecr.getPullThroughCacheRule({ ecrRepositoryPrefix: cache }, opts).catch((error: unknown) => {
        throw new pulumi.RunError(missingCacheRuleMessage(cache, error instanceof Error ? error.message : String(error)));
    }));
    const region = aws.getRegion({}, opts);
    const partition = aws.getPartition({}, opts);
    return pulumi.output(Promise.all([Promise.all(rules), region, partition]).then(([found, { region: name }, { dnsSuffix }]) => {
        const registries = [...new Set(found.map((rule) => rule.registryId))];
        if (registries.length !== 1) throw new pulumi.RunError(`ECR pull-through cache rules ${caches.join(", ")} are in registries ${registries.join(", ")}; expected one: this account's`);
        return ecrRegistryHost({ accountId: registries[0], region: name, dnsSuffix });
    }));
}
