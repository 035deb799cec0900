import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import { parsedConfig, REGISTRY } from "../../../test/addon-fixture";
import { nodeGroupPlacement } from "../../cluster/placement";
import { certManagerPods, certManagerReplicas, certManagerValues } from "./values";

const PLACEMENT = nodeGroupPlacement("system", [{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }]);
const ROLE_ARN = "arn:aws:iam::123456789012:role/prod-cert-manager-role-0a1b2c3";
const prod = certManagerValues({ placement: PLACEMENT, replicas: 2, roleArn: ROLE_ARN, registry: REGISTRY });
const dev = certManagerValues({ placement: PLACEMENT, replicas: 1, roleArn: ROLE_ARN, registry: REGISTRY });
const deployments = (v: ReturnType<typeof certManagerValues>) => ({ controller: v, webhook: v.webhook, cainjector: v.cainjector });
const pods = (v: ReturnType<typeof certManagerValues>) => ({ ...deployments(v), startupapicheck: v.startupapicheck });

/** The chart's own values schema at the pinned version, which Helm checks every install and upgrade against. */
const CHART_VERSION = "v1.21.1";
const chartSchema = () => JSON.parse(readFileSync(join(__dirname, "../../../test/schemas/charts", `cert-manager-${CHART_VERSION}.values.schema.json`), "utf8"));

describe("cert-manager values", () => {
    it("runs every component's image of the chart's release from the account's Quay cache, acmesolver's too", () => {
        const image = (name: string) => ({ repository: `123456789012.dkr.ecr.us-east-1.amazonaws.com/quay/jetstack/cert-manager-${name}`, tag: "v1.21.1" });
        assert.deepEqual({ controller: prod.image, webhook: prod.webhook.image, cainjector: prod.cainjector.image, acmesolver: prod.acmesolver.image, startupapicheck: prod.startupapicheck.image },
            { controller: image("controller"), webhook: image("webhook"), cainjector: image("cainjector"), acmesolver: image("acmesolver"), startupapicheck: image("startupapicheck") });
    });

    it("passes the values schema of the pinned chart, which refuses any key the chart does not read", () => {
        for (const stack of ["dev", "prod"] as const) assert.equal(parsedConfig(stack).addons.certManager.version, CHART_VERSION, `${stack} pins another chart: replace the schema`);
        const validate = new Ajv({ strict: false, allErrors: true }).compile(chartSchema());
        for (const values of [prod, dev]) assert.ok(validate(values), JSON.stringify(validate.errors));
        assert.equal(validate({ ...prod, serviceAcount: prod.serviceAccount }), false, "a misspelt key passes the schema");
        assert.equal(validate({ ...prod, serviceAccount: { ...prod.serviceAccount, annotation: {} } }), false, "a misspelt nested key passes the schema");
    });

    it("installs the CRDs with the chart and keeps them when the chart is uninstalled", () => {
        assert.deepEqual(prod.crds, { enabled: true, keep: true });
    });

    it("runs two of each Deployment in prod and one in dev", () => {
        assert.equal(certManagerReplicas("prod"), 2);
        assert.equal(certManagerReplicas("dev"), 1);
        for (const [component, values] of Object.entries(deployments(prod))) assert.equal(values.replicaCount, 2, component);
        for (const [component, values] of Object.entries(deployments(dev))) assert.equal(values.replicaCount, 1, component);
        assert.equal(prod.cainjector.enabled, true);
    });

    it("gives each prod Deployment a PodDisruptionBudget and spreads its replicas over zones", () => {
        for (const [component, values] of Object.entries(deployments(prod))) {
            assert.deepEqual(values.podDisruptionBudget, { enabled: true, maxUnavailable: 1 }, component);
            assert.deepEqual(values.topologySpreadConstraints, [{
                maxSkew: 1,
                topologyKey: "topology.kubernetes.io/zone",
                whenUnsatisfiable: "DoNotSchedule",
                labelSelector: { matchLabels: { "app.kubernetes.io/instance": "cert-manager", "app.kubernetes.io/component": component } },
            }], component);
        }
    });

    it("has no PodDisruptionBudget or spread in dev, where one replica has nothing to spread or keep available", () => {
        for (const [component, values] of Object.entries(deployments(dev))) {
            assert.deepEqual(values.podDisruptionBudget, { enabled: false }, component);
            assert.deepEqual(values.topologySpreadConstraints, [], component);
        }
    });

    it("runs every pod, the startup check included, as non-root 65532 with the restricted container settings", () => {
        for (const [component, values] of Object.entries(pods(prod))) {
            const fsGroup = component === "controller" ? { fsGroup: 65532 } : {};
            assert.deepEqual(values.securityContext, { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, ...fsGroup, seccompProfile: { type: "RuntimeDefault" } }, component);
            assert.deepEqual(values.containerSecurityContext, { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } }, component);
        }
    });

    it("gives the controller, and only it, the IRSA role on the service account the chart creates, and a token it can read", () => {
        assert.deepEqual(prod.serviceAccount, { create: true, name: "cert-manager", annotations: { "eks.amazonaws.com/role-arn": ROLE_ARN } });
        assert.equal(prod.securityContext.fsGroup, 65532);
        for (const component of ["webhook", "cainjector", "startupapicheck"] as const) assert.equal("serviceAccount" in prod[component], false, component);
    });

    it("places every pod on the system nodes, tolerating their taint", () => {
        for (const [component, values] of Object.entries(pods(prod))) {
            assert.deepEqual(values.nodeSelector, { "node-group": "system" }, component);
            assert.deepEqual(values.tolerations, [{ key: "CriticalAddonsOnly", operator: "Equal", value: "true", effect: "NoSchedule" }], component);
        }
    });

    it("requests resources and limits memory for every container", () => {
        assert.deepEqual(prod.resources, { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "512Mi" } });
        assert.deepEqual(prod.webhook.resources, { requests: { cpu: "20m", memory: "64Mi" }, limits: { memory: "256Mi" } });
        assert.deepEqual(prod.cainjector.resources, { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "512Mi" } });
        assert.deepEqual(prod.startupapicheck.resources, { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "128Mi" } });
    });

    it("is cluster-critical and keeps its leader-election leases in its own namespace", () => {
        assert.deepEqual(prod.global, { priorityClassName: "system-cluster-critical", leaderElection: { namespace: "cert-manager" } });
    });

    it("exposes metrics through a ServiceMonitor", () => {
        assert.deepEqual(prod.prometheus, { enabled: true, servicemonitor: { enabled: true } });
    });

    it("labels pods as the chart does, by release and component", () => {
        assert.deepEqual(certManagerPods("webhook"), { "app.kubernetes.io/instance": "cert-manager", "app.kubernetes.io/component": "webhook" });
    });
});
