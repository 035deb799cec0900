/** A service spec for the renderers' and the component's tests: the shape of a real service, plain values. */
import { ServiceSpec } from "../spec";

const BASE: ServiceSpec = {
    definition: {
        name: "quotes",
        description: "Serves quotes.",
        component: "market-data",
        port: 8080,
        metricsPort: 9090,
        metrics: [],
        probes: { readinessPath: "/ready", livenessPath: "/healthz" },
        priority: "trading",
        interruptible: false,
        calls: [],
        uses: { redis: { keyPrefixes: ["quote"], channelPrefixes: [], commands: ["get", "set"] }, database: true, apiKeys: [] },
        writablePaths: ["/tmp"],
        terminationGracePeriodSeconds: 30,
    },
    namespace: "signal-trading",
    image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/signal-trading-prod/quotes:1.2.3",
    version: "1.2.3",
    scaling: { min: 2, max: 10, targetCpuUtilization: 70, targetMemoryUtilization: 80, targetRequestsPerSecond: null },
    resources: { requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "500m", memory: "1Gi" } },
    verticalScaling: { mode: "Off", controlledResources: ["cpu", "memory"] },
    priorityClassName: "signal-trading-critical",
    tolerations: [],
    preferredNodeLabels: {},
    zoneSpread: "DoNotSchedule",
    env: { REDIS_URL: "rediss://redis:6379", DATABASE_HOST: "db.internal" },
    secretMounts: [{ name: "database-credentials", secretName: "database-credentials", mountPath: "/var/run/secrets/signal-trading/database-credentials" }],
    traffic: { ingress: [], egress: [] },
};

/** A fresh spec of the `quotes` service, changed in place by `change`. */
export function serviceSpec(change: (spec: ServiceSpec) => void = () => undefined): ServiceSpec {
    const spec = structuredClone(BASE);
    change(spec);
    return spec;
}
