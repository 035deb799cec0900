import { strict as assert } from "node:assert";
import { Registrations, registrationsOf } from "../../test/harness";
import { ChartAddon } from "./helm-release";

describe("chart releases", () => {
    let r: Registrations;
    before(async () => {
        r = await registrationsOf(() => {
            new ChartAddon("repo-chart", { component: "RepoChart", source: { chart: "metrics-server", repo: "https://kubernetes-sigs.github.io/metrics-server" }, version: "3.13.1", releaseName: "metrics-server", namespace: "metrics-server", values: { replicas: 2 } });
            new ChartAddon("oci-chart", { component: "OciChart", source: { chart: "oci://ghcr.io/nginx/charts/nginx-ingress" }, version: "2.6.4", releaseName: "nginx-ingress", namespace: "nginx-ingress", values: {} });
        });
    });
    const release = (name: string) => r.inputs(r.one("kubernetes:helm.sh/v3:Release", name));

    it("install a pinned chart atomically, cleaning up a failed upgrade and keeping ten revisions", () => {
        const { compat: _sdkMarker, ...inputs } = release("repo-chart");
        assert.deepEqual(inputs, {
            name: "metrics-server", namespace: "metrics-server", chart: "metrics-server", version: "3.13.1",
            repositoryOpts: { repo: "https://kubernetes-sigs.github.io/metrics-server" }, values: { replicas: 2 },
            atomic: true, cleanupOnFail: true, maxHistory: 10, timeout: 600,
        });
    });

    it("name an OCI chart by its reference, without a repository", () => {
        assert.equal(release("oci-chart").chart, "oci://ghcr.io/nginx/charts/nginx-ingress");
        assert.equal("repositoryOpts" in release("oci-chart"), false);
    });

    it("sit under a component of the add-on's own type", () => {
        assert.equal(r.one("kubernetes:helm.sh/v3:Release", "oci-chart").parent, r.one("signal-trading:addons:OciChart", "oci-chart").urn);
    });
});
