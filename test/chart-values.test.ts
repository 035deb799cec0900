import { strict as assert } from "node:assert";
import { unknownValuesKeys } from "./chart-values";

const CHART = `
image:
  repository: ""
  tag: ""
podSecurityContext: {}
tolerations: []
replicaCount: 1
service:
  port: 2020
  annotations: {}
config:
  inputs: |
    [INPUT]
ports:
  otlp:
    enabled: true
# podDisruptionBudget:
#   maxUnavailable: 1
`;

describe("unknownValuesKeys", () => {
    it("accepts keys of the chart's values.yaml at any depth", () => {
        assert.deepEqual(unknownValuesKeys({ image: { repository: "r", tag: "t" }, replicaCount: 2, ports: { otlp: { enabled: false } } }, CHART), []);
    });

    it("names every key the chart does not have, by its dotted path, nested and misspelt ones included", () => {
        assert.deepEqual(unknownValuesKeys({ replicas: 2, image: { repo: "r" }, ports: { zipkin: { enabled: false } } }, CHART), ["replicas", "image.repo", "ports.zipkin"]);
        assert.deepEqual(unknownValuesKeys({ servce: {}, config: { inputs: "", filter: "" } }, CHART), ["servce", "config.filter"]);
    });

    it("leaves alone what is below an empty map, a list or a scalar default: the chart reads it whole", () => {
        assert.deepEqual(unknownValuesKeys({ podSecurityContext: { runAsUser: 1 }, tolerations: [{ key: "k" }], service: { annotations: { a: "b" } } }, CHART), []);
    });

    it("accepts the paths the caller names as read by the templates, and only those", () => {
        assert.deepEqual(unknownValuesKeys({ podDisruptionBudget: { maxUnavailable: 1 } }, CHART, { paths: ["podDisruptionBudget"] }), []);
        assert.deepEqual(unknownValuesKeys({ podDisruptionBudget: { maxUnavailable: 1 } }, CHART), ["podDisruptionBudget"]);
    });

    it("accepts a key values.yaml only documents in comments when the templates read it", () => {
        const templatesText = "{{- with .Values.service.nodePort }}";
        assert.deepEqual(unknownValuesKeys({ service: { nodePort: 1, nodePorts: 2 } }, CHART, { templatesText }), ["service.nodePorts"]);
    });
});
