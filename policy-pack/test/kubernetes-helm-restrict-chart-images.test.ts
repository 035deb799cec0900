import { strict as assert } from "node:assert";
import { kubernetesHelmRestrictChartImages as policy } from "../kubernetes/kubernetes-helm-restrict-chart-images";
import { violations } from "./fixtures";
import { CHARTS, chartRelease } from "./fixtures-charts";

/** The fixtures' registry: the stack's own ECR, as the policy config names it per environment. */
const OWN_ECR = { ecrRegistries: [{ accountId: "123456789012", region: "us-east-1" }] };
const check = (releases: ReturnType<typeof chartRelease>[], config: Record<string, unknown> = {}) => violations(policy, releases, { ...OWN_ECR, ...config });

describe("kubernetes-helm-restrict-chart-images", () => {
    it("passes every chart's compliant release, digests required", () => {
        assert.deepEqual(check(Object.keys(CHARTS).map((key) => chartRelease(key)), { requireDigest: true }), []);
    });

    it("fails a chart's default image from a registry outside the stack's own, naming the values path", () => {
        const release = chartRelease("velero", (v) => delete v.image);
        const found = check([release]);
        assert.deepEqual(found.map((v) => v.urn), [release.urn]);
        assert.match(found[0].message, /\nvelero \(kubernetes:helm\.sh\/v3:Release\) runs velero's server from docker\.io\/velero\/velero:v1\.18\.1 \(image\): docker\.io\/velero\/velero:v1\.18\.1 is not in an allowed registry\.$/);
    });

    it("fails an image from another account's or another region's ECR", () => {
        for (const host of ["210987654321.dkr.ecr.us-east-1.amazonaws.com", "123456789012.dkr.ecr.eu-west-1.amazonaws.com"]) {
            const release = chartRelease("cluster-autoscaler", (v) => (v.image.repository = `${host}/autoscaling/cluster-autoscaler`));
            assert.match(check([release])[0].message, /is in the ECR registry of account \d{12} in [a-z0-9-]+, not this stack's \(123456789012 in us-east-1\)\.$/);
        }
    });

    it("accepts a tag without a digest under a pull-through cache named in tagPinnedCaches, and only there", () => {
        const cached = chartRelease("cluster-autoscaler", (v) => { delete v.image.digest; v.image.repository = "123456789012.dkr.ecr.us-east-1.amazonaws.com/k8s/autoscaling/cluster-autoscaler"; });
        assert.deepEqual(check([cached], { requireDigest: true, tagPinnedCaches: ["k8s"] }), []);
        assert.equal(check([cached], { requireDigest: true, tagPinnedCaches: ["quay"] }).length, 1);
        const notCached = chartRelease("cluster-autoscaler", (v) => delete v.image.digest);
        assert.equal(check([notCached], { requireDigest: true, tagPinnedCaches: ["k8s"] }).length, 1);
    });

    it("fails an image by tag only when requireDigest is on, and passes it when off", () => {
        const release = chartRelease("cluster-autoscaler", (v) => delete v.image.digest);
        assert.deepEqual(check([release]), []);
        assert.match(check([release], { requireDigest: true })[0].message, /runs cluster-autoscaler's controller from .*cluster-autoscaler:v1\.36\.1 \(image\) without a digest, which requireDigest demands\.$/);
    });

    it("accepts a tag-only image listed in digestExemptions, and only that one", () => {
        const release = chartRelease("cluster-autoscaler", (v) => delete v.image.digest);
        const image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/autoscaling/cluster-autoscaler";
        assert.deepEqual(check([release], { requireDigest: true, digestExemptions: [{ image, reason: "no published digest" }] }), []);
        assert.equal(check([release], { requireDigest: true, digestExemptions: [{ image: `${image}-other`, reason: "r" }] }).length, 1);
        const latest = chartRelease("cluster-autoscaler", (v) => { delete v.image.digest; v.image.tag = "latest"; });
        assert.match(check([latest], { requireDigest: true, digestExemptions: [{ image, reason: "r" }] })[0].message, /tagged latest/);
    });

    it("fails an image left to the chart's default tag when requireDigest is on", () => {
        const release = chartRelease("metrics-server", (v) => { delete v.image.tag; delete v.image.digest; });
        assert.match(check([release], { requireDigest: true })[0].message, /without a digest \(the tag is <chart default>\)/);
    });

    it("fails latest even without requireDigest", () => {
        const release = chartRelease("external-dns", (v) => { v.image.tag = "latest"; delete v.image.digest; });
        assert.match(check([release])[0].message, /tagged latest/);
    });

    it("checks the images of extra containers given as strings and of subcharts", () => {
        const velero = chartRelease("velero", (v) => (v.initContainers[0].image = "velero/velero-plugin-for-aws:v1.14.2"));
        assert.match(check([velero])[0].message, /from velero\/velero-plugin-for-aws:v1\.14\.2 \(initContainers\[0\]\): docker\.io\/velero\/velero-plugin-for-aws:v1\.14\.2 is not in an allowed registry/);
        const stack = chartRelease("kube-prometheus-stack", (v) => (v.grafana.sidecar.image = { registry: "quay.io", repository: "kiwigrid/k8s-sidecar", tag: "2.10.1" }));
        assert.match(check([stack])[0].message, /kube-prometheus-stack's grafana-sidecar from quay\.io\/kiwigrid\/k8s-sidecar:2\.10\.1 \(grafana\.sidecar\.image\)/);
    });

    it("allows no public registry by default, and one that allowedRegistries names", () => {
        const release = chartRelease("vertical-pod-autoscaler", (v) => (v.recommender.image = { repository: "registry.k8s.io/autoscaling/vpa-recommender", tag: "1.7.1" }));
        assert.equal(check([release]).length, 1);
        assert.deepEqual(check([release], { allowedRegistries: ["^registry\\.k8s\\.io/"] }), []);
    });

    it("fails a release of a chart without an adapter", () => {
        const release = chartRelease("metrics-server");
        release.inputs.chart = "oci://registry-1.docker.io/bitnamicharts/redis";
        assert.match(check([release])[0].message, /installs the chart "redis", which has no adapter .* so its images cannot be judged/);
    });
});
