import { strict as assert } from "node:assert";
import { unknownValuesKeys } from "./chart-values";

const CHART = `
image:
  repository: ""
  tag: ""
podSecurityContext: {}
tolerations: []
replicaCount: 1
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

    it("names every key the chart does not have, by its dotted path, nested ones included", () => {
        assert.deepEqual(unknownValuesKeys({ replicas: 2, image: { repo: "r" }, ports: { zipkin: { enabled: false } } }, CHART), ["replicas", "image.repo", "ports.zipkin"]);
    });

    it("leaves alone what is below an empty map, a list or a scalar default: the chart reads it whole", () => {
        assert.deepEqual(unknownValuesKeys({ podSecurityContext: { runAsUser: 1 }, tolerations: [{ key: "k" }], image: { tag: "1" } }, CHART), []);
    });

    it("accepts the paths the caller names as read by the templates, and only those", () => {
        assert.deepEqual(unknownValuesKeys({ podDisruptionBudget: { maxUnavailable: 1 } }, CHART, ["podDisruptionBudget"]), []);
        assert.deepEqual(unknownValuesKeys({ podDisruptionBudget: { maxUnavailable: 1 } }, CHART), ["podDisruptionBudget"]);
    });
});
