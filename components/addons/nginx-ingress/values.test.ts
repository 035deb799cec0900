import { strict as assert } from "node:assert";
import { REGISTRY } from "../../../test/addon-fixture";
import { edgePlacement, nodeGroupPlacement } from "../../cluster/placement";
import { CONTROLLER_PODS, nginxIngressValues, NginxIngressValuesInputs } from "./values";

const SYSTEM = nodeGroupPlacement("system", [{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }]);
const PLACEMENT = edgePlacement(SYSTEM, ["general"], [{ namespace: "velero" }]);
const ROUTES = ["signal-trading", "signal-trading-monitoring"];
const values = (inputs: Partial<NginxIngressValuesInputs> = {}) => nginxIngressValues({ placement: PLACEMENT, replicas: 2, routeNamespaces: ROUTES, registry: REGISTRY, ...inputs });

describe("NGINX Ingress Controller values", () => {
    it("runs the controller (and its init container) of the chart's release from the account's ECR Public cache", () => {
        assert.deepEqual(values().controller.image, { repository: "123456789012.dkr.ecr.us-east-1.amazonaws.com/ecr-public/nginx/nginx-ingress", tag: "5.5.4" });
    });

    it("serves the nginx IngressClass and makes it the cluster's default", () => {
        assert.deepEqual(values().controller.ingressClass, { name: "nginx", create: true, setAsDefaultIngress: true });
        assert.equal(values().controller.kind, "deployment");
    });

    it("refuses configuration snippets and keeps the custom-resource routing API and F5 telemetry off", () => {
        const { controller } = values();
        assert.equal(controller.enableSnippets, false);
        assert.equal(controller.enableCustomResources, false);
        assert.deepEqual(controller.telemetryReporting, { enable: false });
    });

    it("is exposed by an internet-facing, cross-zone NLB of the cloud provider that keeps client addresses", () => {
        assert.deepEqual(values().controller.service, {
            type: "LoadBalancer",
            externalTrafficPolicy: "Local",
            annotations: {
                "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
                "service.beta.kubernetes.io/aws-load-balancer-internal": "false",
                "service.beta.kubernetes.io/aws-load-balancer-cross-zone-load-balancing-enabled": "true",
            },
        });
        assert.ok(!Object.keys(values().controller.service.annotations).some((a) => a.includes("nlb-target-type") || a.includes("scheme")),
            "annotations of the AWS Load Balancer Controller, which this cluster does not run");
        assert.deepEqual(values().controller.reportIngressStatus, { enable: true });
    });

    it("allows TLS 1.2 and 1.3 only with forward-secret AEAD ciphers, redirects HTTP to HTTPS and hides the NGINX version", () => {
        const entries = values().controller.config.entries;
        assert.equal(entries["ssl-protocols"], "TLSv1.2 TLSv1.3");
        for (const cipher of entries["ssl-ciphers"].split(":")) assert.match(cipher, /^ECDHE-(ECDSA|RSA)-(AES(128|256)-GCM-SHA(256|384)|CHACHA20-POLY1305)$/);
        assert.equal(entries["ssl-ciphers"].split(":").length, 6);
        assert.equal(entries["ssl-redirect"], "true");
        assert.equal(entries.hsts, "true");
        assert.equal(entries["server-tokens"], "false");
        for (const [key, value] of Object.entries(entries)) {
            assert.equal(typeof value, "string", `${key} must be a string: ConfigMap data`);
            assert.ok(!/snippets?$/.test(key), `${key} is a snippet`);
        }
    });

    it("runs NGINX as user 101 with a read-only root, no privilege escalation and only the capability to bind 80 and 443", () => {
        const { controller } = values();
        assert.deepEqual(controller.podSecurityContext, { runAsNonRoot: true, runAsUser: 101, runAsGroup: 101, seccompProfile: { type: "RuntimeDefault" } });
        assert.deepEqual(controller.securityContext, {
            allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 101, runAsGroup: 101,
            capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE"] }, seccompProfile: { type: "RuntimeDefault" },
        });
        assert.deepEqual(controller.initContainerSecurityContext, {
            allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 101, runAsGroup: 101,
            capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" },
        });
    });

    it("requests resources and limits memory for the controller and its init container, without a CPU limit", () => {
        const { controller } = values();
        assert.deepEqual(controller.resources, { requests: { cpu: "200m", memory: "256Mi" }, limits: { memory: "512Mi" } });
        assert.deepEqual(controller.initContainerResources, { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "128Mi" } });
    });

    it("places the controller where the internet-facing placement says, apart from privileged controllers, as a critical pod", () => {
        const { controller } = values();
        assert.deepEqual(controller.nodeSelector, {});
        assert.deepEqual(controller.tolerations, []);
        assert.deepEqual(controller.affinity, PLACEMENT.affinity);
        assert.equal(controller.priorityClassName, "system-cluster-critical");
        const onSystem = values({ placement: edgePlacement(SYSTEM, [], [{ namespace: "velero" }]) }).controller;
        assert.deepEqual(onSystem.nodeSelector, { "node-group": "system" });
        assert.deepEqual(onSystem.tolerations, [{ key: "CriticalAddonsOnly", operator: "Equal", value: "true", effect: "NoSchedule" }]);
    });

    it("creates no RBAC and no service account of its own: the chart's ClusterRole reads every namespace's Secrets", () => {
        const v = values();
        assert.deepEqual(v.rbac, { create: false });
        assert.deepEqual(v.controller.serviceAccount, { name: "nginx-ingress-controller" });
    });

    it("watches only the namespaces labelled for it, and Secrets only in those of the Ingresses it serves", () => {
        const { controller } = values();
        assert.equal(controller.watchNamespaceLabel, "signal-trading.io/nginx-ingress-routes=true");
        assert.equal(controller.watchSecretNamespace, "signal-trading,signal-trading-monitoring");
        assert.equal("watchNamespace" in controller, false, "watchNamespace and watchNamespaceLabel are exclusive");
        assert.equal(values({ routeNamespaces: ["signal-trading", "signal-trading"] }).controller.watchSecretNamespace, "signal-trading");
    });

    it("runs several replicas spread strictly over zones with a disruption budget", () => {
        const { controller } = values({ replicas: 3 });
        assert.equal(controller.replicaCount, 3);
        assert.deepEqual(controller.topologySpreadConstraints, [{
            maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule",
            labelSelector: { matchLabels: { "app.kubernetes.io/name": "nginx-ingress", "app.kubernetes.io/instance": "nginx-ingress" } },
            matchLabelKeys: ["pod-template-hash"],
        }]);
        assert.deepEqual(controller.podDisruptionBudget, { enabled: true, maxUnavailable: 1 });
    });

    it("runs one replica without a spread or a budget that would block every drain", () => {
        const { controller } = values({ replicas: 1 });
        assert.equal(controller.replicaCount, 1);
        assert.deepEqual(controller.topologySpreadConstraints, []);
        assert.deepEqual(controller.podDisruptionBudget, { enabled: false });
    });

    it("keeps a stopping pod serving until the NLB's node health check has failed, within its grace period", () => {
        const { controller } = values();
        const drain = controller.lifecycle.preStop.sleep.seconds;
        // Local traffic policy: the cloud provider checks every 10 s and needs 2 failures.
        assert.ok(drain >= 2 * 10, `${drain} s is shorter than the NLB takes to stop sending`);
        assert.ok(controller.terminationGracePeriodSeconds > drain, "NGINX gets no time to finish its requests");
    });

    it("exports metrics on 9113 through a headless Service and a ServiceMonitor", () => {
        assert.deepEqual(values().prometheus, { create: true, port: 9113, service: { create: true }, serviceMonitor: { create: true } });
    });

    it("names the controller's pods by the chart's selector labels for the release", () => {
        assert.deepEqual(CONTROLLER_PODS, { "app.kubernetes.io/name": "nginx-ingress", "app.kubernetes.io/instance": "nginx-ingress" });
    });
});
