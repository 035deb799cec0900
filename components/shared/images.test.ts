import { strict as assert } from "node:assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { registrationsOf } from "../../test/harness";
import { valueOf } from "../../test/outputs";
import { OfflineMocks } from "../../tools/offline/mocks";
import { stackConfigSchema } from "../../stacks/config/schema";
import {
    CACHE_NAMES, cachedImage, cacheRegistryHost, CHART_IMAGES, CHART_IMAGES_READ_AT, chartImage, chartImageWithRegistry, CONFIGURED_IMAGES, ecrRegistryHost,
    imageReference, missingCacheRuleMessage, PULL_THROUGH_CACHES,
} from "./images";

const HOST = "123456789012.dkr.ecr.us-east-2.amazonaws.com";

/** An account whose bootstrap has not created the cache rule `prefix`: ECR answers PullThroughCacheRuleNotFoundException. */
class AccountWithoutCacheRule extends OfflineMocks {
    constructor(private readonly prefix: string) {
        super();
    }

    override call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        if (args.token !== "aws:ecr/getPullThroughCacheRule:getPullThroughCacheRule" || args.inputs.ecrRepositoryPrefix !== this.prefix) return super.call(args);
        this.invokes.push({ token: args.token, inputs: args.inputs, provider: args.provider });
        throw Object.assign(new Error("invoke failed"), {
            code: 2,
            details: `reading ECR Pull Through Cache Rule (${this.prefix}): PullThroughCacheRuleNotFoundException: The pull through cache rule with prefix '${this.prefix}' does not exist`,
        });
    }
}

function settled<T>(output: pulumi.Output<T>): Promise<{ value?: T; error?: unknown }> {
    return (output as unknown as { promise(): Promise<T> }).promise().then((value) => ({ value }), (error: unknown) => ({ error }));
}

describe("image references through the pull-through cache", () => {
    it("caches exactly ECR Public, registry.k8s.io and Quay without credentials, and Docker Hub with them", () => {
        assert.deepEqual(PULL_THROUGH_CACHES, {
            "ecr-public": { upstreamRegistryUrl: "public.ecr.aws", credentials: false },
            "k8s": { upstreamRegistryUrl: "registry.k8s.io", credentials: false },
            "quay": { upstreamRegistryUrl: "quay.io", credentials: false },
            "docker-hub": { upstreamRegistryUrl: "registry-1.docker.io", credentials: true },
        });
        // ECR limits a cache rule's prefix to 2-30 characters of lower-case letters, digits, . _ and -.
        for (const cache of CACHE_NAMES) assert.match(cache, /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/);
    });

    it("names the account's registry in the region, in any partition", () => {
        assert.equal(ecrRegistryHost({ accountId: "123456789012", region: "us-east-2" }), HOST);
        assert.equal(ecrRegistryHost({ accountId: "123456789012", region: "cn-north-1", dnsSuffix: "amazonaws.com.cn" }), "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn");
    });

    it("puts an upstream image under its cache's prefix, keeping the upstream path, tag and digest", () => {
        const digest = `sha256:${"a".repeat(64)}`;
        const redis = cachedImage(HOST, { ...CONFIGURED_IMAGES.redis, tag: "8.10.2-alpine", digest });
        assert.deepEqual(redis, { registry: HOST, repository: "ecr-public/docker/library/redis", tag: "8.10.2-alpine", digest });
        assert.equal(imageReference(redis), `${HOST}/ecr-public/docker/library/redis:8.10.2-alpine@${digest}`);
        assert.equal(imageReference(cachedImage(HOST, CHART_IMAGES.grafana)), `${HOST}/docker-hub/grafana/grafana:13.2.0`);
        assert.deepEqual(chartImage(HOST, CHART_IMAGES.externalDns), { repository: `${HOST}/k8s/external-dns/external-dns`, tag: "v0.21.0" });
        assert.deepEqual(chartImageWithRegistry(HOST, CHART_IMAGES.prometheus), { registry: HOST, repository: "quay/prometheus/prometheus", tag: "v3.14.0-distroless" });
    });

    it("read the chart images at the chart versions the schema pins", () => {
        const addons = stackConfigSchema.shape.addons.parse({});
        assert.deepEqual(CHART_IMAGES_READ_AT, {
            certManager: addons.certManager.version,
            externalDns: addons.externalDns.version,
            metricsServer: addons.metricsServer.version,
            verticalPodAutoscaler: addons.verticalPodAutoscaler.version,
            nginxIngress: addons.nginxIngress.version,
            kubePrometheusStack: addons.kubePrometheusStack.version,
            velero: addons.velero.version,
            openTelemetryCollector: addons.openTelemetryCollector.version,
            fluentBit: addons.fluentBit.version,
            prometheusAdapter: addons.prometheusAdapter.version,
            cloudwatchExporter: addons.cloudwatchExporter.version,
        });
    });

    it("pins every chart image by an exact tag, never latest", () => {
        for (const [name, image] of Object.entries(CHART_IMAGES)) assert.match(image.tag, /^v?\d+\.\d+\.\d+(-[\w.]+)?$|^v\d{8}-[0-9a-f]+$/, name);
    });
});

describe("cacheRegistryHost", () => {
    it("looks each cache rule up once, through the given provider, and resolves to the rules' registry in the provider's region", async () => {
        let host!: pulumi.Output<string>;
        const r = await registrationsOf(() => {
            const provider = new aws.Provider("home", { region: "us-east-2" });
            host = cacheRegistryHost(["quay", "k8s", "quay"], { provider });
        });
        assert.deepEqual(r.invoked("aws:ecr/getPullThroughCacheRule:getPullThroughCacheRule"), [{ ecrRepositoryPrefix: "quay" }, { ecrRepositoryPrefix: "k8s" }]);
        const provider = r.one("pulumi:providers:aws", "home");
        assert.ok(r.invokes.filter((i) => i.token.startsWith("aws:ecr/")).every((i) => i.provider?.startsWith(`${provider.urn}::`)));
        assert.equal(await valueOf(host), HOST);
    });

    it("fails with a RunError naming the missing rule and the bootstrap when the account has not got it", async () => {
        let host!: pulumi.Output<string>;
        await registrationsOf(() => {
            host = cacheRegistryHost(["quay", "docker-hub"], {});
        }, "test", new AccountWithoutCacheRule("docker-hub"));
        const { error } = await settled(host);
        assert.ok(pulumi.RunError.isInstance(error), "the CLI would print a stack trace");
        assert.equal((error as Error).message, missingCacheRuleMessage("docker-hub",
            "reading ECR Pull Through Cache Rule (docker-hub): PullThroughCacheRuleNotFoundException: The pull through cache rule with prefix 'docker-hub' does not exist"));
        assert.match((error as Error).message, /^ECR pull-through cache rule docker-hub \(registry-1\.docker\.io\) does not exist in this account and region: run the bootstrap \(pulumi -C bootstrap up\) before the platform — /);
    });
});
