import { strict as assert } from "node:assert";
import { kubernetesPodRestrictImageRegistries as policy } from "../kubernetes/kubernetes-pod-restrict-image-registries";
import { resource, violations } from "./fixtures";
import { container, deployment, POD, podSpec, SERVICE } from "./fixtures-workloads";

/** The gateway Deployment running `image`. */
function running(image: string) {
    const d = deployment();
    d.inputs.spec.template.spec.containers[0].image = image;
    return d;
}

const judge = (image: string, config: Record<string, unknown> = {}) => violations(policy, [running(image)], config);

describe("kubernetes-pod-restrict-image-registries", () => {
    it("passes the gateway's image from the account's ECR", () => {
        assert.deepEqual(violations(policy, [deployment()]), []);
    });

    it("passes official Docker Hub images however they are written, and registry.k8s.io", () => {
        for (const image of ["redis:8", "redis", "docker.io/redis:8", "docker.io/library/redis:8", "index.docker.io/library/redis:8", "registry.k8s.io/metrics-server/metrics-server:v0.8.0"]) {
            assert.deepEqual(judge(image), [], image);
        }
    });

    it("fails a Docker Hub image of a user account, naming the container and the qualified reference", () => {
        const d = running("bitnami/redis:8");
        const found = violations(policy, [d]);
        assert.deepEqual(found.map((v) => v.urn), [d.urn]);
        assert.match(found[0].message, /gateway \(kubernetes:apps\/v1:Deployment\) runs containers\[gateway\] from "bitnami\/redis:8" \(docker\.io\/bitnami\/redis:8\), which is not in an allowed registry\.$/);
    });

    it("fails other registries, and hosts that only look like allowed ones", () => {
        for (const image of [
            "ghcr.io/nginx/nginx-ingress:5.0.0",
            "quay.io/prometheus/prometheus:v3.0.0",
            "123456789012.dkr.ecr.us-east-1.amazonaws.com.example.io/gateway:1.0.0",
            "12345.dkr.ecr.us-east-1.amazonaws.com/gateway:1.0.0",
            "docker.io.example.io/library/redis:8",
            "localhost:5000/redis:8",
            "registry.k8s.io.example.io/pause:3.10",
        ]) {
            assert.equal(judge(image).length, 1, image);
        }
        assert.match(judge("localhost:5000/redis:8")[0].message, /\(localhost:5000\/redis:8\)/);
        assert.match(judge("localhost/redis:8")[0].message, /\(localhost\/redis:8\)/);
    });

    it("judges init and ephemeral containers of bare Pods, once per container", () => {
        const spec = podSpec();
        spec.initContainers = [{ ...container(), name: "migrate", image: "ghcr.io/acme/migrate:1.0.0" }];
        spec.ephemeralContainers = [{ ...container(), name: "debug", image: "nicolaka/netshoot:v0.13" }];
        const pod = resource(POD, "gateway-debug", { inputs: { metadata: { name: "gateway-debug", namespace: "signal-trading" }, spec } });
        const found = violations(policy, [pod]);
        assert.equal(found.length, 2);
        assert.match(found[0].message, /runs initContainers\[migrate\] from "ghcr\.io\/acme\/migrate:1\.0\.0" \(ghcr\.io\/acme\/migrate:1\.0\.0\)/);
        assert.match(found[1].message, /runs ephemeralContainers\[debug\] from "nicolaka\/netshoot:v0\.13" \(docker\.io\/nicolaka\/netshoot:v0\.13\)/);
    });

    it("uses the registries the config lists instead of the defaults", () => {
        const config = { allowedRegistries: ["^ghcr\\.io/nginx/"] };
        assert.deepEqual(judge("ghcr.io/nginx/nginx-ingress:5.0.0", config), []);
        assert.equal(judge("redis:8", config).length, 1);
        assert.equal(violations(policy, [deployment()], config).length, 1);
    });

    it("refuses a pattern that is not a regular expression, naming it", () => {
        assert.throws(() => violations(policy, [deployment()], { allowedRegistries: ["^ghcr\\.io/(nginx/"] }), /allowedRegistries\[0\] "\^ghcr\\\\\.io\/\(nginx\/" is not a regular expression/);
        assert.throws(() => violations(policy, [deployment()], { allowedRegistries: [42] }), /allowedRegistries\.0: must be string/);
    });

    it("leaves a container without an image to the pinned-images policy", () => {
        const d = deployment();
        delete d.inputs.spec.template.spec.containers[0].image;
        assert.deepEqual(violations(policy, [d]), []);
    });

    it("ignores objects that run no pods", () => {
        assert.deepEqual(violations(policy, [resource(SERVICE, "svc", { inputs: { metadata: { name: "svc", namespace: "signal-trading" }, spec: { image: "evil.io/x:1" } } })]), []);
    });
});
