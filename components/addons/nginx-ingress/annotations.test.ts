import { strict as assert } from "node:assert";
import { rateLimitAnnotations, requestSizeAnnotations } from "./annotations";

describe("NGINX Ingress annotations", () => {
    describe("rate limit", () => {
        it("limits each client to the rate per second with an immediately served burst", () => {
            assert.deepEqual(rateLimitAnnotations({ ratePerSecond: 20, burst: 40 }), {
                "nginx.org/limit-req-rate": "20r/s",
                "nginx.org/limit-req-burst": "40",
                "nginx.org/limit-req-no-delay": "true",
            });
        });

        it("writes rates below one per second, or with a fraction, per minute", () => {
            assert.equal(rateLimitAnnotations({ ratePerSecond: 0.5, burst: 0 })["nginx.org/limit-req-rate"], "30r/m");
            assert.equal(rateLimitAnnotations({ ratePerSecond: 0.1, burst: 0 })["nginx.org/limit-req-rate"], "6r/m");
            assert.equal(rateLimitAnnotations({ ratePerSecond: 2.5, burst: 0 })["nginx.org/limit-req-rate"], "150r/m");
        });

        it("refuses rates NGINX cannot express and bursts that are not whole numbers", () => {
            assert.throws(() => rateLimitAnnotations({ ratePerSecond: 0, burst: 1 }), /positive number/);
            assert.throws(() => rateLimitAnnotations({ ratePerSecond: -1, burst: 1 }), /positive number/);
            assert.throws(() => rateLimitAnnotations({ ratePerSecond: Number.NaN, burst: 1 }), /positive number/);
            assert.throws(() => rateLimitAnnotations({ ratePerSecond: Number.POSITIVE_INFINITY, burst: 1 }), /positive number/);
            assert.throws(() => rateLimitAnnotations({ ratePerSecond: 0.001, burst: 1 }), /whole number per minute/);
            assert.throws(() => rateLimitAnnotations({ ratePerSecond: 1.005, burst: 1 }), /whole number per minute/);
            assert.throws(() => rateLimitAnnotations({ ratePerSecond: 5, burst: -1 }), /burst/);
            assert.throws(() => rateLimitAnnotations({ ratePerSecond: 5, burst: 1.5 }), /burst/);
        });

        it("adds the key, the per-controller scaling and the dry run only when asked", () => {
            assert.deepEqual(rateLimitAnnotations({ ratePerSecond: 5, burst: 10, key: "${binary_remote_addr}$request_method", scaleWithReplicas: true, dryRun: true }), {
                "nginx.org/limit-req-rate": "5r/s",
                "nginx.org/limit-req-burst": "10",
                "nginx.org/limit-req-no-delay": "true",
                "nginx.org/limit-req-key": "${binary_remote_addr}$request_method",
                "nginx.org/limit-req-scale": "true",
                "nginx.org/limit-req-dry-run": "true",
            });
            const plain = rateLimitAnnotations({ ratePerSecond: 5, burst: 10, scaleWithReplicas: false, dryRun: false });
            assert.deepEqual(Object.keys(plain).sort(), ["nginx.org/limit-req-burst", "nginx.org/limit-req-no-delay", "nginx.org/limit-req-rate"]);
        });

        it("refuses a key the controller would reject, such as one that injects configuration", () => {
            assert.throws(() => rateLimitAnnotations({ ratePerSecond: 5, burst: 10, key: "$binary_remote_addr; deny all" }), /NGINX variable references/);
            assert.throws(() => rateLimitAnnotations({ ratePerSecond: 5, burst: 10, key: "client" }), /NGINX variable references/);
            assert.throws(() => rateLimitAnnotations({ ratePerSecond: 5, burst: 10, key: "" }), /NGINX variable references/);
        });
    });

    describe("request size", () => {
        it("sets the largest request body in NGINX's size syntax", () => {
            assert.deepEqual(requestSizeAnnotations({ maxBodySize: "8m" }), { "nginx.org/client-max-body-size": "8m" });
            assert.deepEqual(requestSizeAnnotations({ maxBodySize: "512k" }), { "nginx.org/client-max-body-size": "512k" });
            assert.deepEqual(requestSizeAnnotations({ maxBodySize: "1G" }), { "nginx.org/client-max-body-size": "1G" });
        });

        it("refuses sizes the controller would reject, and 0, which NGINX reads as no limit", () => {
            for (const bad of ["8MB", "8 m", "-1", "", "1.5m"]) assert.throws(() => requestSizeAnnotations({ maxBodySize: bad }), /size/, bad);
            for (const unlimited of ["0", "0m", "00k"]) assert.throws(() => requestSizeAnnotations({ maxBodySize: unlimited }), /no limit/, unlimited);
        });
    });
});
