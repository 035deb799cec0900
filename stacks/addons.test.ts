import { strict as assert } from "node:assert";
import { planAddons } from "../components/addons/registry";
import { parsedConfig } from "../test/addon-fixture";
import { ingressBackends, internetFacingPlacement, platformAddons, PRIVILEGED_CONTROLLERS } from "./addons";

const order = (config: ReturnType<typeof parsedConfig>) => planAddons(platformAddons(config)).map((a) => a.name);

describe("the add-on catalog", () => {
    for (const stack of ["dev", "prod"] as const) {
        it(`installs every add-on of ${stack} in an order where each comes after what it needs`, () => {
            assert.deepEqual(order(parsedConfig(stack)), [
                "storage", "cluster-autoscaler", "metrics-server", "prometheus-operator-crds",
                "vertical-pod-autoscaler", "nginx-ingress", "cert-manager", "velero", "opentelemetry-collector", "cloudwatch-exporter", "fluent-bit", "monitoring", "prometheus-adapter",
            ]);
        });
    }

    it("lets the custom metrics API's adapter query Prometheus", () => {
        const addons = platformAddons(parsedConfig("prod"));
        const queries = addons.find((a) => a.name === "monitoring")!.namespaces[0].ingress.find((r) => r.name === "prometheus-queries")!;
        assert.deepEqual(queries.peers, [
            { pods: { "app.kubernetes.io/name": "grafana" } },
            { namespace: "prometheus-adapter", pods: { "app.kubernetes.io/name": "prometheus-adapter", "app.kubernetes.io/instance": "prometheus-adapter" } },
        ]);
        assert.deepEqual(queries.ports, [9090]);
    });

    it("lets exactly the stack's services send OTLP to the trace collector, sampling as the stack says", () => {
        const collector = (stack: "dev" | "prod") => platformAddons(parsedConfig(stack)).find((a) => a.name === "opentelemetry-collector")!;
        const otlp = collector("dev").namespaces[0].ingress.find((r) => r.name === "otlp")!;
        assert.deepEqual(otlp.peers, ["gateway", "data", "signal", "ml"].map((s) => ({ namespace: "signal-trading-dev", pods: { "app.kubernetes.io/name": s, "app.kubernetes.io/instance": s } })));
        assert.deepEqual(otlp.ports, [4317, 4318]);
        assert.equal(collector("prod").namespaces[0].ingress.find((r) => r.name === "otlp")!.peers.every((p) => "namespace" in p && p.namespace === "signal-trading"), true);
    });

    it("adds external-dns, after the ingress controller, only when it is enabled", () => {
        const enabled = parsedConfig("prod", (raw) => {
            raw.addons = { externalDns: { enabled: true } };
            raw.dns = { ...raw.dns, hostedZoneId: "Z0123456789ABCDEFGHIJ" };
        });
        const names = order(enabled);
        assert.ok(names.indexOf("external-dns") > names.indexOf("nginx-ingress"));
        assert.equal(order(parsedConfig("prod")).includes("external-dns"), false);
    });

    it("builds the namespace rules of the add-ons from the stack's control-plane subnets", () => {
        const webhook = platformAddons(parsedConfig("dev")).find((a) => a.name === "cert-manager")!.namespaces[0].ingress.find((r) => r.name === "webhook")!;
        // dev: 10.20.0.0/16, the control plane's region at 10.20.160.0/22, slots 0 and 1 of /24 each.
        assert.deepEqual(webhook.peers, [{ cidr: "10.20.160.0/27" }, { cidr: "10.20.161.0/27" }]);
    });

    describe("internet-facing pods", () => {
        it("run on prod's steady application group, never beside a controller with cluster-wide rights", () => {
            const placement = internetFacingPlacement(parsedConfig("prod"));
            assert.deepEqual(placement.nodeSelector, {});
            assert.deepEqual(placement.tolerations, []);
            assert.deepEqual(placement.affinity.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms, [
                { matchExpressions: [{ key: "node-group", operator: "In", values: ["general"] }] },
            ]);
            const apart = placement.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution;
            assert.deepEqual(apart.map((t) => [t.namespaceSelector.matchLabels["kubernetes.io/metadata.name"], t.labelSelector.matchLabels]), [
                ["velero", {}],
                ["cert-manager", {}],
                ["external-dns", {}],
                ["vertical-pod-autoscaler", {}],
                ["kube-system", { "app.kubernetes.io/name": "aws-cluster-autoscaler" }],
                ["signal-trading-monitoring", { "app.kubernetes.io/name": "kube-prometheus-stack-prometheus-operator", "app.kubernetes.io/component": "prometheus-operator" }],
            ]);
            assert.ok(apart.every((t) => t.topologyKey === "kubernetes.io/hostname"));
            assert.equal(apart.length, PRIVILEGED_CONTROLLERS.length);
        });

        it("stay on dev's system group, which is its only on-demand one, still apart from those controllers", () => {
            const placement = internetFacingPlacement(parsedConfig("dev"));
            assert.deepEqual(placement.nodeSelector, { "node-group": "system" });
            assert.equal(placement.affinity.nodeAffinity, undefined);
            assert.equal(placement.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution.length, PRIVILEGED_CONTROLLERS.length);
        });

        it("are the ingress controller and, when exposed, Grafana", () => {
            const values = (config: ReturnType<typeof parsedConfig>, name: string) =>
                platformAddons(config).find((a) => a.name === name)!;
            const prod = parsedConfig("prod");
            const nginx = values(prod, "nginx-ingress").namespaces[0];
            assert.deepEqual(nginx.egress.map((r) => r.name), ["api-server", "to-gateway", "to-grafana"]);
            assert.ok(values(prod, "monitoring").namespaces[0].ingress.some((r) => r.name === "grafana-from-nginx-ingress"));
        });
    });

    describe("the ingress controller's backends", () => {
        it("are the public services in the application namespace, and Grafana when exposed", () => {
            const gateway = { "app.kubernetes.io/name": "gateway", "app.kubernetes.io/instance": "gateway" };
            assert.deepEqual(ingressBackends(parsedConfig("prod")), [
                { name: "gateway", namespace: "signal-trading", pods: gateway, port: 8080 },
                { name: "grafana", namespace: "signal-trading-monitoring", pods: { "app.kubernetes.io/name": "grafana" }, port: 3000 },
            ]);
            const hidden = parsedConfig("dev", (raw) => { raw.monitoring.grafanaExposure = "none"; });
            assert.deepEqual(ingressBackends(hidden), [{ name: "gateway", namespace: "signal-trading-dev", pods: gateway, port: 8080 }]);
        });
    });

    describe("Prometheus's scrapes", () => {
        const egress = (stack: "dev" | "prod") => platformAddons(parsedConfig(stack)).find((a) => a.name === "monitoring")!.namespaces[0].egress
            .filter((r) => r.name.startsWith("prometheus-scrape-") && r.name !== "prometheus-scrape-nodes")
            .map((r) => [r.name, r.peers, r.ports]);

        it("reach the add-ons' exporters, the services' and Redis's metrics ports, CoreDNS and the cluster autoscaler, each on its port only", () => {
            const pods = (name: string) => ({ "app.kubernetes.io/name": name, "app.kubernetes.io/instance": name });
            assert.deepEqual(egress("prod"), [
                ["prometheus-scrape-monitoring", [{ namespace: "signal-trading-monitoring" }], [9090, 9093, 3000, 8080, 10250]],
                ["prometheus-scrape-nginx-ingress", [{ namespace: "nginx-ingress", pods: pods("nginx-ingress") }], [9113]],
                ["prometheus-scrape-cert-manager", [{ namespace: "cert-manager" }], [9402]],
                ["prometheus-scrape-velero", [{ namespace: "velero", pods: { "app.kubernetes.io/name": "velero" } }], [8085]],
                ["prometheus-scrape-opentelemetry", [{ namespace: "opentelemetry", pods: { "app.kubernetes.io/name": "opentelemetry-collector", "app.kubernetes.io/instance": "otel-collector" } }], [8888, 8889]],
                ["prometheus-scrape-cloudwatch-exporter", [{ namespace: "cloudwatch-exporter", pods: { "app.kubernetes.io/name": "yace", "app.kubernetes.io/instance": "yace" } }], [5000]],
                ["prometheus-scrape-signal-trading-logging", [{ namespace: "signal-trading-logging", pods: { "app.kubernetes.io/name": "fluent-bit", "app.kubernetes.io/instance": "fluent-bit" } }], [2020]],
                ...["gateway", "data", "signal", "ml"].map((s) => [`prometheus-scrape-${s}`, [{ namespace: "signal-trading", pods: pods(s) }], [9090]]),
                ["prometheus-scrape-redis", [{ namespace: "signal-trading", pods: pods("redis") }], [9121]],
                ["prometheus-scrape-coredns", [{ namespace: "kube-system", pods: { "k8s-app": "kube-dns" } }], [9153]],
                ["prometheus-scrape-cluster-autoscaler", [{ namespace: "kube-system", pods: { "app.kubernetes.io/name": "aws-cluster-autoscaler" } }], [8085]],
            ]);
        });

        it("include external-dns's exporter when it is enabled", () => {
            const enabled = platformAddons(parsedConfig("prod", (raw) => { raw.addons = { externalDns: { enabled: true } }; }))
                .find((a) => a.name === "monitoring")!.namespaces[0].egress.find((r) => r.name === "prometheus-scrape-external-dns");
            assert.deepEqual(enabled?.ports, [7979]);
        });
    });
});
