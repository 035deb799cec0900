import { strict as assert } from "node:assert";
import { parsedConfig, REGISTRY } from "../../../test/addon-fixture";
import { nodeGroupPlacement } from "../../cluster/placement";
import { admissionControllerReplicas, verticalPodAutoscalerValues, vpaPods } from "./values";

/** The values the add-on gives the chart for a stack file's config. */
function valuesFor(stack: "dev" | "prod", change?: (raw: Record<string, any>) => void) {
    const config = parsedConfig(stack, change);
    const vpa = config.addons.verticalPodAutoscaler;
    return verticalPodAutoscalerValues({
        placement: nodeGroupPlacement("system", config.nodeGroups.system.taints),
        updater: vpa.updater,
        registry: REGISTRY,
        admissionController: vpa.admissionController,
        admissionControllerReplicas: admissionControllerReplicas(config.environment),
    });
}
const dev = valuesFor("dev");
const prod = valuesFor("prod");
const deployments = (v: typeof prod) => ({ recommender: v.recommender, updater: v.updater, admissionController: v.admissionController });
const POD_SECURITY = { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, seccompProfile: { type: "RuntimeDefault" } };
const CONTAINER_SECURITY = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } };
const ADMISSION_PODS = { "app.kubernetes.io/name": "vertical-pod-autoscaler", "app.kubernetes.io/instance": "vertical-pod-autoscaler", "app.kubernetes.io/component": "admission-controller" };

describe("vertical pod autoscaler values", () => {
    it("runs the three components of VPA 1.7.1 and the certgen jobs' image from the account's registry.k8s.io cache", () => {
        const v = valuesFor("prod");
        const image = (repository: string, tag: string) => ({ repository: `123456789012.dkr.ecr.us-east-1.amazonaws.com/k8s/${repository}`, tag });
        assert.deepEqual([v.recommender.image, v.updater.image, v.admissionController.image, v.admissionController.certGen.image], [
            image("autoscaling/vpa-recommender", "1.7.1"), image("autoscaling/vpa-updater", "1.7.1"), image("autoscaling/vpa-admission-controller", "1.7.1"),
            image("ingress-nginx/kube-webhook-certgen", "v20231011-8b53cabe0"),
        ]);
    });

    it("runs the recommender always, and the updater and admission controller as the stack configures (both by default)", () => {
        for (const v of [dev, prod]) {
            assert.equal(v.recommender.enabled, true);
            assert.equal(v.updater.enabled, true);
            assert.equal(v.admissionController.enabled, true);
        }
        const recommendOnly = valuesFor("dev", (raw) => { raw.addons = { ...raw.addons, verticalPodAutoscaler: { updater: false, admissionController: false } }; });
        assert.equal(recommendOnly.recommender.enabled, true);
        assert.equal(recommendOnly.updater.enabled, false);
        assert.equal(recommendOnly.admissionController.enabled, false);
        const sizingOnly = valuesFor("prod", (raw) => { raw.addons = { ...raw.addons, verticalPodAutoscaler: { updater: false } }; });
        assert.equal(sizingOnly.updater.enabled, false);
        assert.equal(sizingOnly.admissionController.enabled, true);
    });

    it("runs two admission controllers in prod, at least one always available, one per zone, rolled one at a time", () => {
        assert.equal(admissionControllerReplicas("prod"), 2);
        assert.deepEqual(prod.admissionController, {
            ...prod.admissionController,
            replicas: 2,
            podDisruptionBudget: { enabled: true, minAvailable: 1 },
            affinity: {
                podAntiAffinity: {
                    requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: ADMISSION_PODS }, topologyKey: "topology.kubernetes.io/zone" }],
                    preferredDuringSchedulingIgnoredDuringExecution: [],
                },
            },
            updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
        });
        assert.deepEqual(vpaPods("admission-controller"), ADMISSION_PODS);
    });

    it("runs one admission controller in dev, without a PodDisruptionBudget that would block every drain", () => {
        assert.equal(admissionControllerReplicas("dev"), 1);
        assert.equal(dev.admissionController.replicas, 1);
        assert.deepEqual(dev.admissionController.podDisruptionBudget, { enabled: false });
        assert.equal("affinity" in dev.admissionController, false);
        assert.equal("updateStrategy" in dev.admissionController, false);
    });

    it("runs one recommender and one updater in every stack, without leader election or a PodDisruptionBudget", () => {
        for (const v of [dev, prod]) {
            for (const component of [v.recommender, v.updater]) {
                assert.equal(component.replicas, 1);
                assert.deepEqual(component.podDisruptionBudget, { enabled: false });
                assert.equal("leaderElection" in component, false);
            }
        }
    });

    it("lets Helm own the webhook with a certgen certificate, and never lets a down VPA block pod creation", () => {
        assert.equal(prod.admissionController.registerWebhook, false);
        assert.equal(prod.admissionController.certGen.enabled, true);
        assert.deepEqual(prod.admissionController.mutatingWebhookConfiguration, { failurePolicy: "Ignore" });
        assert.equal("tls" in prod.admissionController, false, "a key in the values would make them all secret");
    });

    it("runs every pod, the certgen jobs included, as non-root 65534 with the restricted container settings", () => {
        assert.deepEqual(prod.podSecurityContext, POD_SECURITY);
        assert.deepEqual(prod.containerSecurityContext, CONTAINER_SECURITY);
        assert.deepEqual(prod.admissionController.certGen.podSecurityContext, POD_SECURITY);
        assert.deepEqual(prod.admissionController.certGen.securityContext, CONTAINER_SECURITY);
    });

    it("places every pod, the certgen jobs included, on the system nodes, tolerating their taint", () => {
        const system = { "node-group": "system" };
        const critical = [{ key: "CriticalAddonsOnly", operator: "Equal", value: "true", effect: "NoSchedule" }];
        for (const [component, values] of Object.entries({ ...deployments(prod), certGen: prod.admissionController.certGen })) {
            assert.deepEqual(values.nodeSelector, system, component);
            assert.deepEqual(values.tolerations, critical, component);
        }
        for (const [component, values] of Object.entries({ ...deployments(dev), certGen: dev.admissionController.certGen })) {
            assert.deepEqual(values.nodeSelector, system, component);
            assert.deepEqual(values.tolerations, [], component);
        }
    });

    it("requests resources and limits memory for every container, the certgen jobs included", () => {
        assert.deepEqual(prod.recommender.resources, { requests: { cpu: "50m", memory: "256Mi" }, limits: { memory: "1Gi" } });
        assert.deepEqual(prod.updater.resources, { requests: { cpu: "20m", memory: "128Mi" }, limits: { memory: "512Mi" } });
        assert.deepEqual(prod.admissionController.resources, { requests: { cpu: "20m", memory: "128Mi" }, limits: { memory: "512Mi" } });
        assert.deepEqual(prod.admissionController.certGen.resources, { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "128Mi" } });
    });

    it("gives no pod a priority class: the VPA yields to the cluster-critical add-ons", () => {
        assert.equal(JSON.stringify(prod).includes("priorityClassName"), false);
    });
});
