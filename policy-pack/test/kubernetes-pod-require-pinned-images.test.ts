import { strict as assert } from "node:assert";
import { kubernetesPodRequirePinnedImages as policy } from "../kubernetes/kubernetes-pod-require-pinned-images";
import { resource, violations } from "./fixtures";
import { container, CRON_JOB, deployment, IMAGE, podSpec, SERVICE } from "./fixtures-workloads";

const DIGEST = "sha256:0f3d4e6a9b8c7d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e";
const ECR = "123456789012.dkr.ecr.us-east-1.amazonaws.com/signal-trading-prod/gateway";

/** The gateway Deployment running `image`. */
function running(image: string) {
    const d = deployment();
    d.inputs.spec.template.spec.containers[0].image = image;
    return d;
}

const judge = (image: string, config: Record<string, unknown> = {}) => violations(policy, [running(image)], config);

describe("kubernetes-pod-require-pinned-images", () => {
    it("passes the gateway's image, tagged and pinned by digest, also with requireDigest", () => {
        assert.deepEqual(violations(policy, [deployment()]), []);
        assert.deepEqual(violations(policy, [deployment()], { requireDigest: true }), []);
        assert.ok(IMAGE.endsWith(`@${DIGEST}`));
    });

    it("passes a version tag, and a digest without a tag", () => {
        assert.deepEqual(judge(`${ECR}:1.0.0`), []);
        assert.deepEqual(judge("localhost:5000/redis:8"), []);
        assert.deepEqual(judge(`${ECR}@${DIGEST}`), []);
    });

    it("fails an image without a tag, which pulls latest", () => {
        const d = running(ECR);
        const found = violations(policy, [d]);
        assert.deepEqual(found.map((v) => v.urn), [d.urn]);
        assert.match(found[0].message, /gateway \(kubernetes:apps\/v1:Deployment\) runs containers\[gateway\] from "123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com\/signal-trading-prod\/gateway", which has no tag and so pulls latest; pin a version tag or a digest\.$/);
    });

    it("does not read a registry port as a tag", () => {
        assert.match(judge("localhost:5000/redis")[0].message, /which has no tag and so pulls latest/);
    });

    it("fails the latest tag", () => {
        assert.match(judge("redis:latest")[0].message, /runs containers\[gateway\] from "redis:latest", tagged latest; pin a version tag or a digest\.$/);
    });

    it("accepts latest when a digest pins the image, since the runtime pulls by digest", () => {
        assert.deepEqual(judge(`redis:latest@${DIGEST}`), []);
    });

    it("fails a digest that is not sha256 with 64 hex digits", () => {
        assert.match(judge(`${ECR}:1.0.0@sha256:0f3d`)[0].message, /from ".*@sha256:0f3d", whose digest is not sha256:<64 hex digits>\.$/);
        assert.equal(judge(`${ECR}:1.0.0@${DIGEST.toUpperCase().replace("SHA256", "sha256")}`).length, 1);
    });

    it("with requireDigest, fails a tag without a digest", () => {
        assert.deepEqual(judge(`${ECR}:1.0.0`), []);
        assert.match(judge(`${ECR}:1.0.0`, { requireDigest: true })[0].message, /runs containers\[gateway\] from ".*gateway:1\.0\.0" without a digest \(@sha256:<64 hex digits>\), which requireDigest demands\.$/);
    });

    it("fails a container without an image", () => {
        const d = deployment();
        delete d.inputs.spec.template.spec.containers[0].image;
        assert.match(violations(policy, [d])[0].message, /gateway \(kubernetes:apps\/v1:Deployment\) runs containers\[gateway\] without an image\.$/);
    });

    it("judges every container of a CronJob, init containers included", () => {
        const spec = podSpec();
        spec.initContainers = [{ ...container(), name: "migrate", image: "redis" }];
        const cron = resource(CRON_JOB, "report", { inputs: { metadata: { name: "report", namespace: "signal-trading" }, spec: { schedule: "0 * * * *", jobTemplate: { spec: { template: { spec } } } } } });
        const found = violations(policy, [cron]);
        assert.equal(found.length, 1);
        assert.match(found[0].message, /report \(kubernetes:batch\/v1:CronJob\) runs initContainers\[migrate\] from "redis", which has no tag/);
    });

    it("ignores objects that run no pods", () => {
        assert.deepEqual(violations(policy, [resource(SERVICE, "svc", { inputs: { metadata: { name: "svc", namespace: "signal-trading" }, spec: { image: "redis" } } })]), []);
    });
});
