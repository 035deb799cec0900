import { strict as assert } from "node:assert";
import { ADDRESSES } from "../../test/addon-fixture";
import { SERVICES } from "../../stacks/services";
import { MONITORING_NAMESPACE, NON_PUBLIC_IPV4, PROMETHEUS_POD_LABELS } from "../namespace/traffic";
import { serviceTraffic, redisClients } from "./traffic";
import { serviceSpec } from "./render/fixture";

const INPUTS = { addresses: ADDRESSES, redis: { pods: { "app.kubernetes.io/name": "redis" }, port: 6379 }, databasePort: 5432 };
const pods = (name: string) => ({ "app.kubernetes.io/name": name, "app.kubernetes.io/instance": name });
const PROMETHEUS = { name: "prometheus-scrape", pods: undefined, peers: [{ namespace: MONITORING_NAMESPACE, pods: PROMETHEUS_POD_LABELS }], ports: [9090] };
const PUBLIC = [{ cidr: "0.0.0.0/0", except: [...NON_PUBLIC_IPV4] }];

describe("service traffic", () => {
    const traffic = serviceTraffic(SERVICES, INPUTS);

    it("lets the ingress controller and Prometheus reach the gateway, which calls data, signal, ml and Redis only", () => {
        assert.deepEqual(traffic.gateway.ingress, [
            { name: "nginx-ingress", pods: undefined, peers: [{ namespace: "nginx-ingress", pods: { "app.kubernetes.io/name": "nginx-ingress", "app.kubernetes.io/instance": "nginx-ingress" } }], ports: [8080] },
            PROMETHEUS,
        ]);
        assert.deepEqual(traffic.gateway.egress, [
            { name: "to-data", peers: [{ pods: pods("data") }], ports: [8080] },
            { name: "to-signal", peers: [{ pods: pods("signal") }], ports: [8080] },
            { name: "to-ml", peers: [{ pods: pods("ml") }], ports: [8080] },
            { name: "to-redis", peers: [{ pods: INPUTS.redis.pods }], ports: [6379] },
        ]);
    });

    it("lets data be called by the gateway and signal, and reach Redis, PostgreSQL's subnets and its market-data provider", () => {
        assert.deepEqual(traffic.data.ingress.map((r) => r.name), ["from-gateway", "from-signal", "prometheus-scrape"]);
        assert.deepEqual(traffic.data.egress, [
            { name: "to-redis", peers: [{ pods: INPUTS.redis.pods }], ports: [6379] },
            { name: "database", pods: undefined, peers: ADDRESSES.databaseCidrs.map((cidr) => ({ cidr })), ports: [5432] },
            { name: "public-https", pods: undefined, peers: PUBLIC, ports: [443] },
        ]);
    });

    it("gives signal and ml no path out but their callees and Redis", () => {
        assert.deepEqual(traffic.signal.egress.map((r) => r.name), ["to-data", "to-ml", "to-redis"]);
        assert.deepEqual(traffic.ml.egress.map((r) => r.name), ["to-redis"]);
        assert.deepEqual(traffic.ml.ingress.map((r) => r.name), ["from-gateway", "from-signal", "prometheus-scrape"]);
    });

    it("opens the API server only to a service with Kubernetes rules, and public HTTPS to one with AWS statements", () => {
        const operator = serviceSpec((s) => {
            s.definition.name = "operator";
            s.definition.uses = { database: false, apiKeys: [], kubernetesApi: [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get"] }], aws: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::models/*"] }] };
        }).definition;
        const idle = serviceSpec((s) => { s.definition.uses = { database: false, apiKeys: [], kubernetesApi: [], aws: [] }; }).definition;
        const flows = serviceTraffic([operator, idle], INPUTS);
        assert.deepEqual(flows.operator.egress.map((r) => r.name), ["api-server", "public-https"]);
        assert.deepEqual(flows.quotes.egress, []);
    });

    it("lets every service send OTLP to the trace collector's pods, and nothing else there, when the stack runs one", () => {
        const collector = { namespace: "opentelemetry", pods: { "app.kubernetes.io/name": "opentelemetry-collector" }, ports: [4317, 4318] };
        const traced = serviceTraffic(SERVICES, { ...INPUTS, traceCollector: collector });
        for (const service of SERVICES) {
            assert.deepEqual(traced[service.name].egress.at(-1), { name: "otlp", peers: [{ namespace: "opentelemetry", pods: collector.pods }], ports: [4317, 4318] });
            assert.deepEqual(traced[service.name].egress.slice(0, -1), traffic[service.name].egress);
            assert.deepEqual(traced[service.name].ingress, traffic[service.name].ingress);
        }
    });

    it("refuses a call to a service that does not exist", () => {
        const caller = serviceSpec((s) => { s.definition.calls = ["pricing"]; }).definition;
        assert.throws(() => serviceTraffic([caller], INPUTS), /unknown service "pricing"/);
    });

    it("gives exactly the services that use Redis a Redis user with their definition's rights, and lets their pods connect", () => {
        assert.deepEqual(redisClients(SERVICES).map((c) => c.pods), ["gateway", "data", "signal", "ml"].map(pods));
        assert.deepEqual(redisClients(SERVICES).map((c) => c.name), ["gateway", "data", "signal", "ml"]);
        assert.equal(redisClients(SERVICES)[0].access, SERVICES[0].uses.redis);
        const noRedis = serviceSpec((s) => { delete s.definition.uses.redis; }).definition;
        assert.deepEqual(redisClients([noRedis]), []);
    });
});
