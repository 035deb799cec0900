import { strict as assert } from "node:assert";
import { kubernetesNamespaceRequireQuotaCapacity as policy } from "../kubernetes/kubernetes-namespace-require-quota-capacity";
import { exceeds, formatQuantity, parseQuantity } from "../lib/reliability";
import { resource, violations } from "./fixtures";
import { container, deployment, hpa, LIMIT_RANGE, NAMESPACE_NAME, RESOURCE_QUOTA, STATEFUL_SET } from "./fixtures-workloads";

/**
 * The application namespace's quota as the namespace baseline renders it, sized for the
 * gateway at its HPA maximum (15 pods × 100m / 256Mi / 512Mi) with nothing to spare.
 */
function quota(hard: Record<string, unknown> = { "requests.cpu": "1500m", "requests.memory": "3840Mi", "limits.memory": "7680Mi", pods: "15" }) {
    return resource(RESOURCE_QUOTA, "signal-trading-quota", {
        inputs: { apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "compute", namespace: NAMESPACE_NAME }, spec: { hard } },
    });
}

function limitRange(item: Record<string, unknown>) {
    return resource(LIMIT_RANGE, "signal-trading-limits", {
        inputs: { apiVersion: "v1", kind: "LimitRange", metadata: { name: "container-defaults", namespace: NAMESPACE_NAME }, spec: { limits: [{ type: "Container", ...item }] } },
    });
}

const QUOTA = /^[\s\S]*signal-trading-quota \(kubernetes:core\/v1:ResourceQuota\) /;

describe("kubernetes-namespace-require-quota-capacity", () => {
    describe("Kubernetes quantities", () => {
        it("reads CPU, binary and decimal memory, exponents and plain numbers in base units", () => {
            assert.equal(parseQuantity("250m"), 0.25);
            assert.equal(parseQuantity("2"), 2);
            assert.equal(parseQuantity("0.5"), 0.5);
            assert.equal(parseQuantity("512Mi"), 536870912);
            assert.equal(parseQuantity("1Gi"), 2 ** 30);
            assert.equal(parseQuantity("4Ki"), 4096);
            assert.equal(parseQuantity("1k"), 1000);
            assert.equal(parseQuantity("128M"), 128e6);
            assert.equal(parseQuantity("2G"), 2e9);
            assert.equal(parseQuantity("1e3"), 1000);
            assert.equal(parseQuantity("1.5E2"), 150);
            assert.equal(parseQuantity("500u"), 0.0005);
            assert.equal(parseQuantity(".5"), 0.5);
            assert.equal(parseQuantity(3), 3);
        });

        it("refuses what is not a quantity", () => {
            for (const value of ["", "m", "1.2.3", "100 m", "1mi", "1GB", "1Gii", "abc", undefined, null, {}, Number.NaN]) {
                assert.equal(parseQuantity(value), undefined, JSON.stringify(value));
            }
        });

        it("compares sums without floating-point noise, and prints them in the quota's units", () => {
            assert.equal(exceeds(0.1 + 0.2, 0.3), false);
            assert.equal(exceeds(0.301, 0.3), true);
            assert.equal(formatQuantity("requests.cpu", 1.5), "1500m");
            assert.equal(formatQuantity("limits.memory", 15 * 2 ** 30), "15Gi");
            assert.equal(formatQuantity("limits.memory", 7.5 * 2 ** 30), "7680Mi");
            assert.equal(formatQuantity("requests.memory", 256 * 2 ** 20), "256Mi");
            assert.equal(formatQuantity("pods", 15), "15");
        });
    });

    it("passes a quota that fits the gateway at its HPA maximum exactly (matches)", () => {
        assert.deepEqual(violations(policy, [deployment(), hpa(), quota()]), []);
    });

    it("fails a quota whose requests.cpu is below the HPA maximum times the pod's request", () => {
        const scaler = hpa();
        scaler.inputs.spec.maxReplicas = 16;
        const found = violations(policy, [deployment(), scaler, quota()]);
        const cpu = found.find((v) => /requests\.cpu/.test(v.message));
        assert.equal(cpu?.urn, quota().urn);
        assert.match(cpu!.message, QUOTA);
        assert.match(cpu!.message, /signal-trading-quota \(kubernetes:core\/v1:ResourceQuota\) allows requests\.cpu 1500m in namespace signal-trading, but its Deployments and StatefulSets need 1600m at their maximum scale \(gateway 16 × 100m\), so scale-out stops short of the HPA maxima\.$/);
        assert.deepEqual(found.map((v) => /allows (\S+)/.exec(v.message)?.[1]), ["requests.cpu", "requests.memory", "limits.memory", "pods"]);
    });

    it("fails requests.memory and limits.memory separately, in the quota's units", () => {
        const workload = deployment();
        workload.inputs.spec.template.spec.containers[0].resources = { requests: { cpu: "100m", memory: "300Mi" }, limits: { memory: "1Gi" } };
        const found = violations(policy, [workload, hpa(), quota()]);
        assert.equal(found.length, 2);
        assert.match(found[0].message, /allows requests\.memory 3840Mi in namespace signal-trading, but its Deployments and StatefulSets need 4500Mi at their maximum scale \(gateway 15 × 300Mi\)/);
        assert.match(found[1].message, /allows limits\.memory 7680Mi .* need 15Gi at their maximum scale \(gateway 15 × 1Gi\)/);
    });

    it("sums every workload of the namespace, using spec.replicas where no HPA scales it", () => {
        const { inputs } = deployment("ledger");
        const ledger = resource(STATEFUL_SET, "ledger", { inputs: { ...inputs, kind: "StatefulSet", spec: { ...inputs.spec, replicas: 3 } } });
        const found = violations(policy, [deployment(), hpa(), ledger, quota()]);
        assert.match(found[0].message, /allows requests\.cpu 1500m .* need 1800m at their maximum scale \(gateway 15 × 100m, ledger 3 × 100m\)/);
        assert.deepEqual(violations(policy, [deployment(), hpa(), ledger, quota({ "requests.cpu": "1.8", pods: 18 })]), []);
    });

    it("counts a workload without an HPA or replicas as one pod", () => {
        assert.deepEqual(violations(policy, [deployment(), quota({ "requests.cpu": "100m", pods: "1" })]), []);
        assert.equal(violations(policy, [deployment(), quota({ "requests.cpu": "99m" })]).length, 1);
    });

    it("does not count workloads of other namespaces (mismatched partner)", () => {
        const elsewhere = deployment();
        elsewhere.inputs.metadata.namespace = "signal-trading-dev";
        assert.deepEqual(violations(policy, [deployment(), hpa(), elsewhere, quota()]), []);
    });

    it("counts the largest init container when it exceeds the containers together, and native sidecars with them", () => {
        const workload = deployment();
        const spec = workload.inputs.spec.template.spec;
        spec.initContainers = [{ ...container(), name: "migrate", resources: { requests: { cpu: "200m", memory: "64Mi" }, limits: { memory: "64Mi" } } }];
        assert.match(violations(policy, [workload, hpa(), quota({ "requests.cpu": "1500m" })])[0].message, /need 3000m at their maximum scale \(gateway 15 × 200m\)/);
        spec.initContainers[0].restartPolicy = "Always";
        assert.match(violations(policy, [workload, hpa(), quota({ "requests.cpu": "1500m" })])[0].message, /need 4500m at their maximum scale \(gateway 15 × 300m\)/);
    });

    it("reads the old names cpu and memory as requests", () => {
        assert.match(violations(policy, [deployment(), hpa(), quota({ cpu: "1", memory: "16Gi" })])[0].message, /allows cpu 1 in namespace signal-trading, but .* need 1500m/);
    });

    it("counts a missing request as its limit, then as the LimitRange's default", () => {
        const workload = deployment();
        delete workload.inputs.spec.template.spec.containers[0].resources.requests.memory;
        assert.match(violations(policy, [workload, hpa(), quota({ "requests.memory": "3840Mi" })])[0].message, /need 7680Mi at their maximum scale \(gateway 15 × 512Mi\)/);
        delete workload.inputs.spec.template.spec.containers[0].resources.limits;
        assert.deepEqual(violations(policy, [workload, hpa(), quota({ "requests.memory": "3840Mi" }), limitRange({ defaultRequest: { memory: "256Mi" }, default: { memory: "1Gi" } })]), []);
        assert.match(violations(policy, [workload, hpa(), quota({ "limits.memory": "10Gi" }), limitRange({ default: { memory: "1Gi" } })])[0].message, /allows limits\.memory 10Gi .* need 15Gi/);
    });

    it("fails a container the quota cannot count: no value and no LimitRange default", () => {
        const workload = deployment();
        const found = violations(policy, [workload, hpa(), quota({ "limits.cpu": "4" })]);
        assert.deepEqual(found.map((v) => v.urn), [workload.urn]);
        assert.match(found[0].message, /gateway \(kubernetes:apps\/v1:Deployment\): containers\[gateway\] sets no limits\.cpu and no LimitRange of the namespace defaults it, so the quota refuses its pods \(signal-trading-quota \(kubernetes:core\/v1:ResourceQuota\) tracks limits\.cpu\)\.$/);
        assert.deepEqual(violations(policy, [workload, hpa(), quota({ "limits.cpu": "4" }), limitRange({ max: { cpu: "250m" } })]), []);
    });

    it("fails a container value or a quota value that is not a quantity", () => {
        const workload = deployment();
        workload.inputs.spec.template.spec.containers[0].resources.requests.cpu = "lots";
        assert.match(violations(policy, [workload, hpa(), quota({ "requests.cpu": "4" })])[0].message, /containers\[gateway\] sets requests\.cpu to "lots", which is not a Kubernetes quantity \(signal-trading-quota/);
        assert.match(violations(policy, [deployment(), quota({ "requests.cpu": "four" })])[0].message, /signal-trading-quota \(kubernetes:core\/v1:ResourceQuota\) sets requests\.cpu to "four", which is not a Kubernetes quantity\.$/);
    });

    it("leaves scoped quotas and keys it does not sum alone", () => {
        const scoped = quota({ "requests.cpu": "1m" });
        scoped.inputs.spec.scopeSelector = { matchExpressions: [{ scopeName: "PriorityClass", operator: "In", values: ["batch"] }] };
        assert.deepEqual(violations(policy, [deployment(), hpa(), scoped]), []);
        assert.deepEqual(violations(policy, [deployment(), hpa(), quota({ "requests.storage": "1Gi", services: "1" })]), []);
    });

    it("passes a stack without quotas", () => {
        assert.deepEqual(violations(policy, [deployment(), hpa()]), []);
    });
});
