import { strict as assert } from "node:assert";
import { kubernetesWorkloadRequireTraceExport as policy } from "../kubernetes/kubernetes-workload-require-trace-export";
import { evaluatePolicies, ResourceUnderTest } from "../../tools/policy/engine";
import { violations } from "./fixtures";
import { redisStatefulSet } from "./fixtures-application";
import { namespaceWithBaseline } from "./fixtures-kubernetes";
import { deployment } from "./fixtures-workloads";

const ENDPOINT = "http://otel-collector.signal-trading-observability.svc:4318";
const REDIS_EXEMPTION = { namespace: "signal-trading", name: "redis", reason: "speaks no OTLP" };

/** The application namespace as the workload namespace renderer labels it. */
function applicationNamespace(labels: Record<string, string> = { "signal-trading.io/namespace-role": "application" }): ResourceUnderTest {
    const { namespace } = namespaceWithBaseline();
    Object.assign(namespace.inputs.metadata.labels, labels);
    return namespace;
}

/** The gateway with the OTLP endpoint in its container's env, `change` applied to that container. */
function gateway(change: (container: Record<string, any>) => void = () => {}): ResourceUnderTest {
    const d = deployment();
    const container = d.inputs.spec.template.spec.containers[0];
    container.env = [{ name: "HTTP_PORT", value: "8080" }, { name: "OTEL_EXPORTER_OTLP_ENDPOINT", value: ENDPOINT }];
    change(container);
    return d;
}

const setEnv = (container: Record<string, any>, name: string, entry: Record<string, unknown>) => {
    container.env = [...container.env.filter((e: { name: string }) => e.name !== name), { name, ...entry }];
};

/** The one violation's message, after the policy's description. */
function violationOf(resources: ResourceUnderTest[], properties: Record<string, unknown> = {}): string {
    const found = violations(policy, resources, properties);
    assert.equal(found.length, 1, JSON.stringify(found, null, 2));
    return found[0].message.split("\n")[1];
}

describe("kubernetes-workload-require-trace-export", () => {
    it("passes an application Deployment whose container has the OTLP endpoint, and an exempt Redis", () => {
        assert.deepEqual(violations(policy, [applicationNamespace(), gateway(), redisStatefulSet()], { exemptions: [REDIS_EXEMPTION] }), []);
    });

    it("fails a Deployment without the endpoint, as advisory by default, on the Deployment", () => {
        const d = gateway((c) => (c.env = [{ name: "HTTP_PORT", value: "8080" }]));
        const found = evaluatePolicies([policy], "mandatory", {}, [applicationNamespace(), d]).violations;
        assert.deepEqual(found.map((v) => [v.urn, v.enforcementLevel]), [[d.urn, "advisory"]]);
        assert.equal(found[0].message.split("\n")[1], "gateway (kubernetes:apps/v1:Deployment) in application namespace signal-trading exports no traces: containers[gateway] sets neither OTEL_EXPORTER_OTLP_TRACES_ENDPOINT nor OTEL_EXPORTER_OTLP_ENDPOINT.");
    });

    it("fails a container without any env", () => {
        assert.match(violationOf([applicationNamespace(), gateway((c) => delete c.env)]), /containers\[gateway\] sets neither/);
    });

    it("accepts the traces-only variable, and a valueFrom reference", () => {
        const tracesOnly = gateway((c) => (c.env = [{ name: "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", value: `${ENDPOINT}/v1/traces` }]));
        assert.deepEqual(violations(policy, [applicationNamespace(), tracesOnly]), []);
        const fromConfigMap = gateway((c) => setEnv(c, "OTEL_EXPORTER_OTLP_ENDPOINT", { valueFrom: { configMapKeyRef: { name: "otel", key: "endpoint" } } }));
        assert.deepEqual(violations(policy, [applicationNamespace(), fromConfigMap]), []);
    });

    it("fails an empty endpoint and one that is not an http(s) URL", () => {
        assert.match(violationOf([applicationNamespace(), gateway((c) => setEnv(c, "OTEL_EXPORTER_OTLP_ENDPOINT", { value: "" }))]), /containers\[gateway\] sets OTEL_EXPORTER_OTLP_ENDPOINT to nothing\.$/);
        assert.match(violationOf([applicationNamespace(), gateway((c) => setEnv(c, "OTEL_EXPORTER_OTLP_ENDPOINT", { value: "otel-collector:4317" }))]), /sets OTEL_EXPORTER_OTLP_ENDPOINT to "otel-collector:4317", not an http\(s\) URL\.$/);
    });

    it("judges the traces-only variable first, as the SDK reads it: an empty one is not saved by the general one", () => {
        const d = gateway((c) => setEnv(c, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", { value: "" }));
        assert.match(violationOf([applicationNamespace(), d]), /sets OTEL_EXPORTER_OTLP_TRACES_ENDPOINT to nothing\.$/);
    });

    it("requires the endpoint in every container of the pod, init containers aside", () => {
        const withSidecar = gateway();
        const spec = withSidecar.inputs.spec.template.spec;
        spec.containers.push({ name: "proxy", image: "proxy:1" });
        assert.match(violationOf([applicationNamespace(), withSidecar]), /exports no traces: containers\[proxy\] sets neither/);
        const withInit = gateway();
        withInit.inputs.spec.template.spec.initContainers = [{ name: "migrate", image: "migrate:1" }];
        assert.deepEqual(violations(policy, [applicationNamespace(), withInit]), []);
    });

    it("judges StatefulSets too: Redis is reported, both its containers, unless exempt by namespace and name", () => {
        const redis = redisStatefulSet();
        redis.inputs.spec.template.spec.containers.push({ name: "exporter", image: "redis-exporter:1" });
        const found = violations(policy, [applicationNamespace(), redis]);
        assert.deepEqual(found.map((v) => v.urn), [redis.urn]);
        assert.match(found[0].message, /redis \(kubernetes:apps\/v1:StatefulSet\) in application namespace signal-trading exports no traces: containers\[redis\] sets neither .*; containers\[exporter\] sets neither/);
        assert.equal(violations(policy, [applicationNamespace(), redis], { exemptions: [{ ...REDIS_EXEMPTION, namespace: "other" }] }).length, 1);
    });

    it("judges only namespaces the stack labels as the application's", () => {
        const bare = gateway((c) => delete c.env);
        assert.deepEqual(violations(policy, [applicationNamespace({ "signal-trading.io/namespace-role": "platform" }), bare]), []);
        assert.deepEqual(violations(policy, [bare]), [], "a namespace the stack does not declare is not the application's");
        const elsewhere = gateway((c) => delete c.env);
        elsewhere.inputs.metadata.namespace = "signal-trading-monitoring";
        assert.deepEqual(violations(policy, [applicationNamespace(), elsewhere]), []);
    });

    it("reads the declared objects of a deployed stack (__inputs)", () => {
        const namespace = applicationNamespace();
        const live = { ...namespace, inputs: { metadata: { name: "signal-trading" }, __inputs: namespace.inputs }, outputs: { metadata: { name: "signal-trading" }, __inputs: namespace.inputs } };
        assert.equal(violations(policy, [live, gateway((c) => delete c.env)]).length, 1);
    });

    it("refuses an exemption without a reason", () => {
        assert.throws(() => violations(policy, [], { exemptions: [{ namespace: "signal-trading", name: "redis" }] }), /reason/);
    });
});
