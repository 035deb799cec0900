import { strict as assert } from "node:assert";
import { evaluatePolicies } from "../../tools/policy/engine";
import { kubernetesPodRequireLivenessProbe as policy } from "../kubernetes/kubernetes-pod-require-liveness-probe";
import { resource, violations } from "./fixtures";
import { container, CRON_JOB, DAEMON_SET, deployment, POD, podSpec, STATEFUL_SET } from "./fixtures-workloads";

const withoutProbe = () => {
    const c = container();
    delete c.livenessProbe;
    return c;
};

/** The gateway Deployment's inputs re-registered as another kind. */
const asKind = (type: string, kind: string) => resource(type, "gateway", { inputs: { ...deployment().inputs, kind } });

describe("kubernetes-pod-require-liveness-probe", () => {
    it("passes the gateway Deployment, whose container has an HTTP liveness probe", () => {
        assert.deepEqual(violations(policy, [deployment()]), []);
    });

    it("fails a container without a liveness probe, naming it", () => {
        const workload = deployment();
        workload.inputs.spec.template.spec.containers = [withoutProbe()];
        const found = violations(policy, [workload]);
        assert.deepEqual(found.map((v) => v.urn), [workload.urn]);
        assert.match(found[0].message, /gateway \(kubernetes:apps\/v1:Deployment\): containers\[gateway\] has no livenessProbe, so a hung process is never restarted\.$/);
    });

    it("reports at advisory level unless the config raises it", () => {
        const workload = deployment();
        workload.inputs.spec.template.spec.containers = [withoutProbe()];
        assert.deepEqual(evaluatePolicies([policy], "mandatory", {}, [workload]).violations.map((v) => v.enforcementLevel), ["advisory"]);
    });

    it("fails a liveness probe without a handler", () => {
        const workload = deployment();
        workload.inputs.spec.template.spec.containers[0].livenessProbe = { periodSeconds: 5 };
        assert.match(violations(policy, [workload])[0].message, /containers\[gateway\] has a livenessProbe without a handler \(httpGet, tcpSocket, exec, grpc\)/);
    });

    it("accepts tcpSocket, exec and grpc probes", () => {
        for (const probe of [{ tcpSocket: { port: 8080 } }, { exec: { command: ["/alive"] } }, { grpc: { port: 9090 } }]) {
            const workload = deployment();
            workload.inputs.spec.template.spec.containers[0].livenessProbe = probe;
            assert.deepEqual(violations(policy, [workload]), [], JSON.stringify(probe));
        }
    });

    it("judges every regular container: a sidecar without a probe fails alone", () => {
        const workload = deployment();
        workload.inputs.spec.template.spec.containers.push({ ...withoutProbe(), name: "proxy" });
        const found = violations(policy, [workload]);
        assert.equal(found.length, 1);
        assert.match(found[0].message, /containers\[proxy\] has no livenessProbe/);
    });

    it("does not ask init or ephemeral containers for a probe", () => {
        const workload = deployment();
        workload.inputs.spec.template.spec.initContainers = [{ ...withoutProbe(), name: "migrate" }];
        workload.inputs.spec.template.spec.ephemeralContainers = [{ ...withoutProbe(), name: "debug" }];
        assert.deepEqual(violations(policy, [workload]), []);
    });

    it("judges StatefulSets and DaemonSets", () => {
        for (const [type, kind] of [[STATEFUL_SET, "StatefulSet"], [DAEMON_SET, "DaemonSet"]]) {
            const workload = asKind(type, kind);
            workload.inputs.spec.template.spec.containers = [withoutProbe()];
            assert.match(violations(policy, [workload])[0]?.message ?? "", new RegExp(`gateway \\(kubernetes:apps/v1:${kind}\\): containers\\[gateway\\] has no livenessProbe`), kind);
        }
    });

    it("ignores Pods, CronJobs and objects without pods", () => {
        const spec = { ...podSpec(), containers: [withoutProbe()] };
        assert.deepEqual(violations(policy, [
            resource(POD, "debug", { inputs: { metadata: { name: "debug", namespace: "signal-trading" }, spec } }),
            resource(CRON_JOB, "report", { inputs: { metadata: { name: "report", namespace: "signal-trading" }, spec: { schedule: "0 * * * *", jobTemplate: { spec: { template: { spec } } } } } }),
            resource("kubernetes:core/v1:ConfigMap", "cm", { inputs: { metadata: { name: "cm" }, data: {} } }),
        ]), []);
    });

    it("skips kube-system by default and the namespaces the config lists", () => {
        const workload = deployment();
        workload.inputs.spec.template.spec.containers = [withoutProbe()];
        assert.deepEqual(violations(policy, [workload], { ignoredNamespaces: ["signal-trading"] }), []);
        workload.inputs.metadata.namespace = "kube-system";
        assert.deepEqual(violations(policy, [workload]), []);
        assert.equal(violations(policy, [workload], { ignoredNamespaces: [] }).length, 1);
    });
});
