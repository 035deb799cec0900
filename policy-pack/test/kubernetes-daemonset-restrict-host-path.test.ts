import { strict as assert } from "node:assert";
import { kubernetesDaemonsetRestrictHostPath as policy } from "../kubernetes/kubernetes-daemonset-restrict-host-path";
import { evaluatePolicies, ResourceUnderTest } from "../../tools/policy/engine";
import { resource, violations } from "./fixtures";
import { NAMESPACE } from "./fixtures-kubernetes";
import { DAEMON_SET, DEPLOYMENT, podSpec } from "./fixtures-workloads";

const AGENT_NAMESPACE = "log-shipping";
const EXEMPTION = "the log shipper tails every container's log files under /var/log on each node";

/** The agent's namespace as the namespace baseline renders an exempt one: privileged, with its reason. */
function agentNamespace(change: (metadata: Record<string, any>) => void = () => {}): ResourceUnderTest {
    const metadata: Record<string, any> = {
        name: AGENT_NAMESPACE,
        labels: { "pod-security.kubernetes.io/enforce": "privileged", "pod-security.kubernetes.io/warn": "restricted", "pod-security.kubernetes.io/audit": "restricted" },
        annotations: { "signal-trading.io/pod-security-exemption": EXEMPTION },
    };
    change(metadata);
    return resource(NAMESPACE, AGENT_NAMESPACE, { inputs: { apiVersion: "v1", kind: "Namespace", metadata } });
}

/** A node agent reading /var/log through hostPath, `change` applied to its pod spec. */
function agent(change: (spec: Record<string, any>) => void = () => {}, type = DAEMON_SET): ResourceUnderTest {
    const spec = { ...podSpec(), volumes: [{ name: "varlog", hostPath: { path: "/var/log", type: "Directory" } }] };
    change(spec);
    return resource(type, "log-agent", {
        inputs: {
            apiVersion: "apps/v1", kind: "DaemonSet",
            metadata: { name: "log-agent", namespace: AGENT_NAMESPACE },
            spec: { selector: { matchLabels: { app: "log-agent" } }, template: { metadata: { labels: { app: "log-agent" } }, spec } },
        },
    });
}

function violationOf(resources: ResourceUnderTest[], properties: Record<string, unknown> = {}): string {
    const found = violations(policy, resources, properties);
    assert.equal(found.length, 1, JSON.stringify(found, null, 2));
    return found[0].message.split("\n")[1];
}

describe("kubernetes-daemonset-restrict-host-path", () => {
    it("passes a hostPath DaemonSet in a privileged namespace whose exemption is written", () => {
        assert.deepEqual(violations(policy, [agentNamespace(), agent()]), []);
    });

    it("fails it in a namespace without the written reason, as mandatory by default, on the DaemonSet", () => {
        const d = agent();
        const found = evaluatePolicies([policy], "advisory", {}, [agentNamespace((m) => delete m.annotations), d]).violations;
        assert.deepEqual(found.map((v) => [v.urn, v.enforcementLevel]), [[d.urn, "mandatory"]]);
        assert.equal(found[0].message.split("\n")[1], "log-agent (kubernetes:apps/v1:DaemonSet) mounts hostPath volumes varlog (/var/log) in namespace log-shipping, but the namespace is granted restricted (privileged with a reason in signal-trading.io/pod-security-exemption is required).");
    });

    it("fails it when the reason is blank", () => {
        assert.match(violationOf([agentNamespace((m) => (m.annotations["signal-trading.io/pod-security-exemption"] = "  ")), agent()]), /is granted restricted/);
    });

    it("fails it in a namespace whose written exemption is only baseline", () => {
        assert.match(violationOf([agentNamespace((m) => (m.labels["pod-security.kubernetes.io/enforce"] = "baseline")), agent()]), /the namespace is granted baseline \(privileged with a reason/);
    });

    it("fails it in a restricted namespace and in one the stack does not declare", () => {
        assert.match(violationOf([agentNamespace((m) => (m.labels["pod-security.kubernetes.io/enforce"] = "restricted")), agent()]), /granted restricted/);
        assert.match(violationOf([agent()]), /in namespace log-shipping, but the stack does not declare that namespace, so no exemption is written for it\.$/);
    });

    it("lists every hostPath volume, and leaves the other volume types to the pod gates", () => {
        const d = agent((s) => s.volumes.push({ name: "tmp", emptyDir: {} }, { name: "containers", hostPath: { path: "/var/lib/docker/containers" } }));
        assert.match(violationOf([d]), /mounts hostPath volumes varlog \(\/var\/log\), containers \(\/var\/lib\/docker\/containers\) in namespace/);
    });

    it("passes a DaemonSet without hostPath anywhere, and skips the ignored namespaces", () => {
        assert.deepEqual(violations(policy, [agent((s) => (s.volumes = [{ name: "tmp", emptyDir: {} }]))]), []);
        const system = agent();
        system.inputs.metadata.namespace = "kube-system";
        assert.deepEqual(violations(policy, [system]), []);
        assert.equal(violations(policy, [system], { ignoredNamespaces: [] }).length, 1);
    });

    it("judges only DaemonSets: other kinds' hostPath is the pod gates'", () => {
        assert.deepEqual(violations(policy, [agent(() => {}, DEPLOYMENT)]), []);
    });

    it("reads the declared namespace of a deployed stack (__inputs)", () => {
        const namespace = agentNamespace();
        const live = { ...namespace, inputs: { metadata: { name: AGENT_NAMESPACE }, __inputs: namespace.inputs }, outputs: { metadata: { name: AGENT_NAMESPACE }, __inputs: namespace.inputs } };
        assert.deepEqual(violations(policy, [live, agent()]), []);
    });
});
