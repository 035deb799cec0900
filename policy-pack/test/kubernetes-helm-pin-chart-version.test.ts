import { strict as assert } from "node:assert";
import { kubernetesHelmPinChartVersion as policy } from "../kubernetes/kubernetes-helm-pin-chart-version";
import { resource, violations } from "./fixtures";

const RELEASE = "kubernetes:helm.sh/v3:Release";

/** The cluster autoscaler's release as the program registers it. */
function autoscalerRelease(overrides: Record<string, unknown> = {}) {
    return resource(RELEASE, "cluster-autoscaler", {
        inputs: {
            name: "cluster-autoscaler", namespace: "kube-system", chart: "cluster-autoscaler", version: "9.59.0",
            repositoryOpts: { repo: "https://kubernetes.github.io/autoscaler" }, values: {}, ...overrides,
        },
    });
}

describe("kubernetes-helm-pin-chart-version", () => {
    it("passes a release pinned to an exact version from an allowed repository", () => {
        assert.deepEqual(violations(policy, [autoscalerRelease()]), []);
    });

    it("passes an OCI chart from an allowed registry path", () => {
        const ingress = resource("kubernetes:helm.sh/v4:Chart", "nginx", { inputs: { chart: "oci://ghcr.io/nginx/charts/nginx-ingress", version: "2.6.4" } });
        assert.deepEqual(violations(policy, [ingress]), []);
    });

    it("fails a release without a version", () => {
        const found = violations(policy, [autoscalerRelease({ version: undefined })]);
        assert.equal(found.length, 1);
        assert.match(found[0].message, /does not pin an exact chart version \(version: unset\)\.$/);
    });

    it("fails a release pinned to a version range", () => {
        assert.match(violations(policy, [autoscalerRelease({ version: "^9.59.0" })])[0].message, /does not pin an exact chart version \(version: "\^9\.59\.0"\)\.$/);
    });

    it("fails a chart from a repository that is not allowed", () => {
        const found = violations(policy, [autoscalerRelease({ repositoryOpts: { repo: "https://charts.bitnami.com/bitnami" } })]);
        assert.match(found[0].message, /installs a chart from https:\/\/charts\.bitnami\.com\/bitnami, which is not an allowed repository\.$/);
    });

    it("fails a release that names no repository", () => {
        assert.match(violations(policy, [autoscalerRelease({ repositoryOpts: undefined })])[0].message, /names no chart repository/);
    });

    it("accepts another repository once the config allows it", () => {
        const release = autoscalerRelease({ repositoryOpts: { repo: "https://charts.example.org/" } });
        assert.deepEqual(violations(policy, [release], { allowedRepositories: ["https://charts.example.org"] }), []);
    });

    it("ignores resources that are not Helm charts", () => {
        assert.deepEqual(violations(policy, [resource("kubernetes:core/v1:ServiceAccount", "sa", { inputs: { metadata: { name: "x" } } })]), []);
    });
});
