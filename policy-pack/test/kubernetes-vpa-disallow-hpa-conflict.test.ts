import { strict as assert } from "node:assert";
import { kubernetesVpaDisallowHpaConflict as policy } from "../kubernetes/kubernetes-vpa-disallow-hpa-conflict";
import { resource, violations } from "./fixtures";
import { deployment, hpa, NAMESPACE_NAME, VPA } from "./fixtures-workloads";

/** The gateway's VPA in `updateMode` (unset: Auto), controlling what `resourcePolicy` says (unset: cpu and memory of every container). */
function vpa(updateMode: string | undefined, resourcePolicy?: Record<string, any>) {
    return resource(VPA, "gateway-vpa", {
        inputs: {
            apiVersion: "autoscaling.k8s.io/v1", kind: "VerticalPodAutoscaler",
            metadata: { name: "gateway", namespace: NAMESPACE_NAME },
            spec: {
                targetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "gateway" },
                ...(updateMode ? { updatePolicy: { updateMode } } : {}),
                ...(resourcePolicy ? { resourcePolicy } : {}),
            },
        },
    });
}

/** The gateway's HPA scaling on `metrics`. */
function hpaOn(...metrics: Record<string, any>[]) {
    const scaler = hpa();
    scaler.inputs.spec.metrics = metrics;
    return scaler;
}
const cpu = { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 60 } } };
const memory = { type: "Resource", resource: { name: "memory", target: { type: "Utilization", averageUtilization: 80 } } };
const containerCpu = (container: string) => ({ type: "ContainerResource", containerResource: { name: "cpu", container, target: { type: "Utilization", averageUtilization: 60 } } });
const only = (...controlledResources: string[]) => ({ containerPolicies: [{ containerName: "*", controlledResources }] });

describe("kubernetes-vpa-disallow-hpa-conflict", () => {
    it("passes a VPA in recommendation mode (Off) beside the HPA on CPU and memory", () => {
        assert.deepEqual(violations(policy, [deployment(), hpa(), vpa("Off")]), []);
    });

    it("fails a VPA without updatePolicy, which is Auto, on the resources the HPA scales on", () => {
        const autoscaler = vpa(undefined);
        const found = violations(policy, [deployment(), hpa(), autoscaler]);
        assert.deepEqual(found.map((v) => v.urn), [autoscaler.urn]);
        assert.match(found[0].message, /gateway-vpa \(kubernetes:autoscaling\.k8s\.io\/v1:VerticalPodAutoscaler\) updates cpu and memory of Deployment gateway \(updateMode Auto\) while gateway-hpa \(kubernetes:autoscaling\/v2:HorizontalPodAutoscaler\) scales it on cpu and memory: each autoscaler undoes what the other measured\.$/);
    });

    it("fails every update mode but Off", () => {
        for (const mode of ["Auto", "Recreate", "Initial", "InPlaceOrRecreate"]) {
            assert.match(violations(policy, [deployment(), hpa(), vpa(mode)])[0]?.message ?? "", new RegExp(`\\(updateMode ${mode}\\)`), mode);
        }
    });

    it("passes a VPA limited to memory beside an HPA on CPU only", () => {
        assert.deepEqual(violations(policy, [deployment(), hpaOn(cpu), vpa("Auto", only("memory"))]), []);
    });

    it("fails a VPA limited to memory beside an HPA on CPU and memory, naming memory", () => {
        assert.match(violations(policy, [deployment(), hpaOn(cpu, memory), vpa("Auto", only("memory"))])[0].message, /updates memory of Deployment gateway \(updateMode Auto\) while .* scales it on memory:/);
    });

    it("reads an HPA without metrics as scaling on CPU", () => {
        const scaler = hpa();
        delete scaler.inputs.spec.metrics;
        assert.match(violations(policy, [deployment(), scaler, vpa("Auto")])[0].message, /updates cpu of Deployment gateway/);
        assert.deepEqual(violations(policy, [deployment(), scaler, vpa("Auto", only("memory"))]), []);
    });

    it("passes when the VPA's container policy turns it off for every container", () => {
        assert.deepEqual(violations(policy, [deployment(), hpa(), vpa("Auto", { containerPolicies: [{ containerName: "*", mode: "Off" }] })]), []);
    });

    it("applies a container's own policy before the \"*\" one, for the containers of the target", () => {
        const policyOf = { containerPolicies: [{ containerName: "gateway", controlledResources: ["memory"] }, { containerName: "*", controlledResources: ["cpu", "memory"] }] };
        assert.deepEqual(violations(policy, [deployment(), hpaOn(cpu), vpa("Auto", policyOf)]), []);
    });

    it("fails a ContainerResource metric on a container the VPA resizes in that resource", () => {
        assert.match(violations(policy, [deployment(), hpaOn(containerCpu("gateway")), vpa("Auto")])[0].message, /updates cpu of Deployment gateway/);
    });

    it("passes a ContainerResource metric on a container the VPA leaves alone", () => {
        const policyOf = { containerPolicies: [{ containerName: "proxy", mode: "Off" }, { containerName: "*", controlledResources: ["memory"] }] };
        assert.deepEqual(violations(policy, [deployment(), hpaOn(containerCpu("proxy")), vpa("Auto", policyOf)]), []);
    });

    it("assumes containers outside the named policies when the target is not in the stack", () => {
        const named = { containerPolicies: [{ containerName: "gateway", controlledResources: ["memory"] }] };
        assert.match(violations(policy, [hpaOn(cpu), vpa("Auto", named)])[0].message, /updates cpu of Deployment gateway/);
        assert.deepEqual(violations(policy, [hpaOn(cpu), vpa("Auto", only("memory"))]), []);
    });

    it("passes a VPA in Auto mode without an HPA (no partner)", () => {
        assert.deepEqual(violations(policy, [deployment(), vpa("Auto")]), []);
    });

    it("passes a VPA whose HPA partner scales another workload, kind or namespace (mismatched partner)", () => {
        assert.deepEqual(violations(policy, [deployment(), hpa("risk"), vpa("Auto")]), []);
        const statefulSetHpa = hpa();
        statefulSetHpa.inputs.spec.scaleTargetRef.kind = "StatefulSet";
        assert.deepEqual(violations(policy, [deployment(), statefulSetHpa, vpa("Auto")]), []);
        const elsewhere = hpa();
        elsewhere.inputs.metadata.namespace = "signal-trading-dev";
        assert.deepEqual(violations(policy, [deployment(), elsewhere, vpa("Auto")]), []);
    });

    it("passes a VPA without targetRef, which controls nothing", () => {
        const autoscaler = vpa("Auto");
        delete autoscaler.inputs.spec.targetRef;
        assert.deepEqual(violations(policy, [deployment(), hpa(), autoscaler]), []);
    });
});
