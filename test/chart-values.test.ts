import { strict as assert } from "node:assert";
import { unknownValuesKeys } from "./chart-values";

const CHART = `
image:
  repository: x
  tag:
service:
  port: 2020
  annotations: {}
config:
  inputs: |
    [INPUT]
tolerations: []
`;

describe("unknownValuesKeys", () => {
    it("accepts keys of values.yaml at any depth, and anything below a free-form default", () => {
        assert.deepEqual(unknownValuesKeys({ image: { repository: "r", tag: "t" }, service: { annotations: { a: "b" } }, tolerations: [{ operator: "Exists" }] }, CHART), []);
    });
    it("names misspelt and unknown keys by their path", () => {
        assert.deepEqual(unknownValuesKeys({ image: { repo: "r" }, servce: {}, config: { inputs: "", filter: "" } }, CHART), ["image.repo", "servce", "config.filter"]);
    });
    it("accepts a key values.yaml only documents in comments when the templates read it", () => {
        const templates = "{{- with .Values.service.nodePort }}";
        assert.deepEqual(unknownValuesKeys({ service: { nodePort: 1, nodePorts: 2 } }, CHART, templates), ["service.nodePorts"]);
    });
});
