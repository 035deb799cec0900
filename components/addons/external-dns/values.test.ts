import { strict as assert } from "node:assert";
import { REGISTRY } from "../../../test/addon-fixture";
import { nodeGroupPlacement } from "../../cluster/placement";
import { EXTERNAL_DNS_PODS, externalDnsValues, ExternalDnsValuesInputs } from "./values";

const PLACEMENT = nodeGroupPlacement("system", [{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }]);
const INPUTS: ExternalDnsValuesInputs = {
    registry: REGISTRY,
    clusterName: "signal-trading-prod",
    region: "us-east-1",
    zoneName: "signal-trading.example.com",
    hostedZoneId: "Z0123456789ABCDEFGHIJ",
    ingressClassName: "nginx",
    placement: PLACEMENT,
};
const values = (inputs: Partial<ExternalDnsValuesInputs> = {}) => externalDnsValues({ ...INPUTS, ...inputs });

describe("external-dns values", () => {
    it("runs the chart's external-dns release from the account's registry.k8s.io cache", () => {
        assert.deepEqual(externalDnsValues(INPUTS).image, { repository: "123456789012.dkr.ecr.us-east-1.amazonaws.com/k8s/external-dns/external-dns", tag: "v0.21.0" });
    });

    it("writes Route 53 records for the hosts of the nginx class's Ingresses, in the platform's public zone only", () => {
        const v = values();
        assert.deepEqual(v.provider, { name: "aws" });
        assert.deepEqual(v.sources, ["ingress"]);
        assert.deepEqual(v.domainFilters, ["signal-trading.example.com"]);
        assert.deepEqual(v.extraArgs, { "zone-id-filter": "Z0123456789ABCDEFGHIJ", "aws-zone-type": "public", "ingress-class": "nginx" });
    });

    it("never deletes records, and marks the ones it owns with the cluster's name", () => {
        const v = values({ clusterName: "signal-trading-dev" });
        assert.equal(v.policy, "upsert-only");
        assert.equal(v.registry, "txt");
        assert.equal(v.txtOwnerId, "signal-trading-dev");
    });

    it("tells the AWS SDK the stack's region", () => {
        assert.deepEqual(values({ region: "eu-west-1" }).env, [{ name: "AWS_DEFAULT_REGION", value: "eu-west-1" }]);
    });

    it("uses the service account created with its IRSA role, with the API token it needs to watch Ingresses", () => {
        const v = values();
        assert.deepEqual(v.serviceAccount, { create: false, name: "external-dns" });
        assert.equal(v.automountServiceAccountToken, true);
    });

    it("runs as a non-root user with a read-only root filesystem, no privilege escalation and no capabilities", () => {
        const v = values();
        assert.deepEqual(v.podSecurityContext, { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532, seccompProfile: { type: "RuntimeDefault" } });
        assert.deepEqual(v.securityContext, {
            privileged: false, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532,
            capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" },
        });
    });

    it("requests resources and limits memory", () => {
        assert.deepEqual(values().resources, { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } });
    });

    it("runs on the system nodes with their tolerations", () => {
        const v = values();
        assert.deepEqual(v.nodeSelector, { "node-group": "system" });
        assert.deepEqual(v.tolerations, [{ key: "CriticalAddonsOnly", operator: "Equal", value: "true", effect: "NoSchedule" }]);
    });

    it("is scraped through the chart's ServiceMonitor", () => {
        assert.deepEqual(values().serviceMonitor, { enabled: true });
        assert.deepEqual(EXTERNAL_DNS_PODS, { "app.kubernetes.io/name": "external-dns", "app.kubernetes.io/instance": "external-dns" });
    });
});
