import { strict as assert } from "node:assert";
import { kubernetesPodRestrictImageRegistries as policy } from "../kubernetes/kubernetes-pod-restrict-image-registries";
import { ecrRegistryOf, imageRegistryProblem } from "../lib/registries";
import { resource, violations } from "./fixtures";
import { container, deployment, POD, podSpec, SERVICE } from "./fixtures-workloads";

/** The stack of the fixtures: the gateway's image is in this account's ECR in us-east-1. */
const STACK = { ecrRegistries: [{ accountId: "123456789012", region: "us-east-1" }] };
const CACHED_REDIS = "123456789012.dkr.ecr.us-east-1.amazonaws.com/ecr-public/docker/library/redis:8.10.2-alpine";

/** The gateway Deployment running `image`. */
function running(image: string) {
    const d = deployment();
    d.inputs.spec.template.spec.containers[0].image = image;
    return d;
}

const judge = (image: string, config: Record<string, unknown> = STACK) => violations(policy, [running(image)], config);

describe("kubernetes-pod-restrict-image-registries", () => {
    it("passes the gateway's image from the stack's ECR, and a third-party image through its pull-through cache", () => {
        assert.deepEqual(violations(policy, [deployment()], STACK), []);
        assert.deepEqual(judge(CACHED_REDIS), []);
        assert.deepEqual(judge("123456789012.dkr.ecr-fips.us-east-1.amazonaws.com/quay/prometheus/prometheus:v3.14.0-distroless"), []);
    });

    it("fails another account's ECR and this account's ECR in another region, naming both registries", () => {
        const other = judge("210987654321.dkr.ecr.us-east-1.amazonaws.com/signal-trading-prod/gateway:1.0.0");
        assert.equal(other.length, 1);
        assert.match(other[0].message, /runs containers\[gateway\] from "210987654321\.dkr\.ecr\.us-east-1\.amazonaws\.com\/signal-trading-prod\/gateway:1\.0\.0": .* is in the ECR registry of account 210987654321 in us-east-1, not this stack's \(123456789012 in us-east-1\)\.$/);
        const region = judge("123456789012.dkr.ecr.eu-west-1.amazonaws.com/signal-trading-prod/gateway:1.0.0");
        assert.equal(region.length, 1);
        assert.match(region[0].message, /account 123456789012 in eu-west-1, not this stack's \(123456789012 in us-east-1\)/);
    });

    it("fails hosts that only look like the stack's ECR", () => {
        for (const image of [
            "123456789012.dkr.ecr.us-east-1.amazonaws.com.evil.example/gateway:1.0.0",
            "123456789012.dkr.ecr.us-east-1.amazonaws.com:8443/gateway:1.0.0",
            "evil.example/123456789012.dkr.ecr.us-east-1.amazonaws.com/gateway:1.0.0",
            "123456789012.dkr.ecr.us-east-1.evil.example/gateway:1.0.0",
            "12345.dkr.ecr.us-east-1.amazonaws.com/gateway:1.0.0",
            "x123456789012.dkr.ecr.us-east-1.amazonaws.com/gateway:1.0.0",
        ]) {
            assert.equal(judge(image).length, 1, image);
        }
    });

    it("fails public registries, official Docker Hub images however they are written included", () => {
        for (const image of [
            "redis:8", "docker.io/library/redis:8", "index.docker.io/library/redis:8", "bitnami/redis:8",
            "registry.k8s.io/metrics-server/metrics-server:v0.8.1", "quay.io/prometheus/prometheus:v3.14.0",
            "ghcr.io/oliver006/redis_exporter:v1.88.0", "public.ecr.aws/docker/library/redis:8.10.2-alpine", "localhost:5000/redis:8",
        ]) {
            assert.equal(judge(image).length, 1, image);
        }
        assert.match(judge("bitnami/redis:8")[0].message, /from "bitnami\/redis:8": docker\.io\/bitnami\/redis:8 is not in an allowed registry\.$/);
    });

    it("allows no ECR registry at all without ecrRegistries", () => {
        assert.match(violations(policy, [deployment()])[0].message, /not this stack's \(none configured\)/);
        assert.equal(judge(CACHED_REDIS, {}).length, 1);
    });

    it("lets allowedRegistries add a registry outside ECR, but never another ECR registry", () => {
        assert.deepEqual(judge("ghcr.io/nginx/nginx-ingress:5.5.4", { ...STACK, allowedRegistries: ["^ghcr\\.io/nginx/"] }), []);
        assert.equal(judge("ghcr.io/acme/x:1", { ...STACK, allowedRegistries: ["^ghcr\\.io/nginx/"] }).length, 1);
        assert.equal(judge("210987654321.dkr.ecr.us-east-1.amazonaws.com/x:1", { ...STACK, allowedRegistries: ["^\\d{12}\\.dkr\\.ecr\\.", ".*"] }).length, 1);
    });

    it("judges init and ephemeral containers of bare Pods, once per container", () => {
        const spec = podSpec();
        spec.initContainers = [{ ...container(), name: "migrate", image: "ghcr.io/acme/migrate:1.0.0" }];
        spec.ephemeralContainers = [{ ...container(), name: "debug", image: "nicolaka/netshoot:v0.13" }];
        const pod = resource(POD, "gateway-debug", { inputs: { metadata: { name: "gateway-debug", namespace: "signal-trading" }, spec } });
        const found = violations(policy, [pod], STACK);
        assert.equal(found.length, 2);
        assert.match(found[0].message, /runs initContainers\[migrate\] from "ghcr\.io\/acme\/migrate:1\.0\.0": ghcr\.io\/acme\/migrate:1\.0\.0 is not in an allowed registry/);
        assert.match(found[1].message, /runs ephemeralContainers\[debug\] from "nicolaka\/netshoot:v0\.13": docker\.io\/nicolaka\/netshoot:v0\.13 is not in an allowed registry/);
    });

    it("refuses a pattern that is not a regular expression and an ECR registry that is not an account and a region, naming them", () => {
        assert.throws(() => violations(policy, [deployment()], { ...STACK, allowedRegistries: ["^ghcr\\.io/(nginx/"] }), /allowedRegistries\[0\] "\^ghcr\\\\\.io\/\(nginx\/" is not a regular expression/);
        assert.throws(() => violations(policy, [deployment()], { allowedRegistries: [42] }), /allowedRegistries\.0: must be string/);
        assert.throws(() => violations(policy, [deployment()], { ecrRegistries: [{ accountId: "1234", region: "us-east-1" }] }), /ecrRegistries\.0\.accountId: .*pattern/);
    });

    it("leaves a container without an image to the pinned-images policy", () => {
        const d = deployment();
        delete d.inputs.spec.template.spec.containers[0].image;
        assert.deepEqual(violations(policy, [d], STACK), []);
    });

    it("ignores objects that run no pods", () => {
        assert.deepEqual(violations(policy, [resource(SERVICE, "svc", { inputs: { metadata: { name: "svc", namespace: "signal-trading" }, spec: { image: "evil.io/x:1" } } })], STACK), []);
    });
});

describe("imageRegistryProblem", () => {
    const allowed = { ecr: [{ accountId: "123456789012", region: "us-east-2" }], patterns: [] };

    it("reads the account and region of an ECR host only when the whole host is ECR's, in any case", () => {
        assert.deepEqual(ecrRegistryOf("123456789012.dkr.ecr.us-east-2.amazonaws.com"), { accountId: "123456789012", region: "us-east-2" });
        assert.deepEqual(ecrRegistryOf("123456789012.DKR.ECR.US-EAST-2.AMAZONAWS.COM"), { accountId: "123456789012", region: "us-east-2" });
        assert.deepEqual(ecrRegistryOf("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn"), { accountId: "123456789012", region: "cn-north-1" });
        assert.equal(ecrRegistryOf("123456789012.dkr.ecr.us-east-2.amazonaws.com.evil.example"), undefined);
        assert.equal(ecrRegistryOf("public.ecr.aws"), undefined);
    });

    it("allows exactly the listed account and region", () => {
        assert.equal(imageRegistryProblem("123456789012.dkr.ecr.us-east-2.amazonaws.com/k8s/external-dns/external-dns:v0.21.0", allowed), undefined);
        assert.equal(imageRegistryProblem("123456789012.dkr.ecr.us-east-1.amazonaws.com/k8s/external-dns/external-dns:v0.21.0", allowed),
            "123456789012.dkr.ecr.us-east-1.amazonaws.com/k8s/external-dns/external-dns:v0.21.0 is in the ECR registry of account 123456789012 in us-east-1, not this stack's (123456789012 in us-east-2)");
    });
});
