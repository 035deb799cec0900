import { strict as assert } from "node:assert";
import { kubernetesPodRequireSecretFiles as policy } from "../kubernetes/kubernetes-pod-require-secret-files";
import { resource, violations } from "./fixtures";
import { container, CRON_JOB, deployment, podSpec, SERVICE } from "./fixtures-workloads";

const podTemplate = (d: ReturnType<typeof deployment>) => d.inputs.spec.template.spec;

describe("kubernetes-pod-require-secret-files", () => {
    it("passes the gateway, which mounts its JWT secret as a file", () => {
        assert.deepEqual(violations(policy, [deployment()]), []);
    });

    it("passes plain values and references to ConfigMaps and fields", () => {
        const d = deployment();
        podTemplate(d).containers[0].env = [
            { name: "MODE", value: "live" },
            { name: "JWT_FILE", value: "/var/run/secrets/jwt/token" },
            { name: "LEVEL", valueFrom: { configMapKeyRef: { name: "gateway-settings", key: "level" } } },
            { name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
        ];
        podTemplate(d).containers[0].envFrom = [{ configMapRef: { name: "gateway-settings" } }];
        assert.deepEqual(violations(policy, [d]), []);
    });

    it("fails a secretKeyRef, naming the variable, the Secret and its key", () => {
        const d = deployment();
        podTemplate(d).containers[0].env = [{ name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "db-credentials", key: "password" } } }];
        const found = violations(policy, [d]);
        assert.deepEqual(found.map((v) => v.urn), [d.urn]);
        assert.match(found[0].message, /gateway \(kubernetes:apps\/v1:Deployment\) passes key password of Secret db-credentials to containers\[gateway\] as environment variable DB_PASSWORD\.$/);
    });

    it("fails an envFrom secretRef", () => {
        const d = deployment();
        podTemplate(d).containers[0].envFrom = [{ secretRef: { name: "db-credentials" } }];
        assert.match(violations(policy, [d])[0].message, /gateway \(kubernetes:apps\/v1:Deployment\) loads every key of Secret db-credentials into the environment of containers\[gateway\] \(envFrom secretRef\)\.$/);
    });

    it("fails secrets in init containers and CronJobs, once per reference", () => {
        const spec = podSpec();
        spec.initContainers = [{ ...container(), name: "migrate", env: [{ name: "A", valueFrom: { secretKeyRef: { name: "s", key: "a" } } }, { name: "B", valueFrom: { secretKeyRef: { name: "s", key: "b" } } }] }];
        const cron = resource(CRON_JOB, "report", { inputs: { metadata: { name: "report", namespace: "signal-trading" }, spec: { schedule: "0 * * * *", jobTemplate: { spec: { template: { spec } } } } } });
        const found = violations(policy, [cron]);
        assert.equal(found.length, 2);
        assert.match(found[0].message, /report \(kubernetes:batch\/v1:CronJob\) passes key a of Secret s to initContainers\[migrate\] as environment variable A\./);
        assert.match(found[1].message, /passes key b of Secret s to initContainers\[migrate\] as environment variable B\./);
    });

    it("ignores objects that run no pods", () => {
        const service = resource(SERVICE, "gateway-svc", { inputs: { metadata: { name: "gateway", namespace: "signal-trading" }, spec: { env: [{ valueFrom: { secretKeyRef: { name: "x" } } }] } } });
        assert.deepEqual(violations(policy, [service]), []);
    });
});
