import { strict as assert } from "node:assert";
import { REGISTRY } from "../../../test/addon-fixture";
import * as aws from "@pulumi/aws";
import { networkAndCluster } from "../../../test/eks-fixture";
import { Registrations, registrationsOf } from "../../../test/harness";
import { irsaTrustPolicy } from "../../cluster/irsa";
import { nodeGroupPlacement } from "../../cluster/placement";
import { ClusterAutoscaler, CLUSTER_AUTOSCALER_CHART } from "./cluster-autoscaler";
import { clusterAutoscalerPolicy } from "./iam";
import { clusterAutoscalerValues, ScalableGroup } from "./values";

const PLACEMENT = nodeGroupPlacement("system", [{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }]);
const GROUPS: ScalableGroup[] = [{ namePrefix: "system-", capacityType: "ON_DEMAND" }, { namePrefix: "spot-", capacityType: "SPOT" }];

describe("ClusterAutoscaler component", () => {
    let r: Registrations;
    before(async () => {
        r = await registrationsOf(() => {
            const { cluster } = networkAndCluster("prod");
            const nodes = new aws.eks.NodeGroup("nodes", {
                clusterName: cluster.clusterName, nodeRoleArn: "arn:aws:iam::123456789012:role/nodes", subnetIds: ["subnet-1"],
                scalingConfig: { minSize: 1, desiredSize: 1, maxSize: 1 },
            });
            new ClusterAutoscaler("prod-cluster-autoscaler", {
                cluster, region: "us-east-1", chartVersion: "9.59.0", groups: GROUPS, placement: PLACEMENT, replicas: 2, dependsOn: [nodes],
            }, { providers: { kubernetes: cluster.kubernetesProvider } });
        });
    });
    const release = () => r.one("kubernetes:helm.sh/v3:Release");
    const account = () => r.one("kubernetes:core/v1:ServiceAccount");
    const role = () => r.one("aws:iam/role:Role", "prod-cluster-autoscaler-role");

    it("registers as signal-trading:addons:ClusterAutoscaler and parents the release and its IRSA role to itself", () => {
        const component = r.one("signal-trading:addons:ClusterAutoscaler", "prod-cluster-autoscaler");
        assert.equal(release().parent, component.urn);
        assert.equal(r.one("signal-trading:cluster:ServiceAccountRole", "prod-cluster-autoscaler").parent, component.urn);
    });

    it("installs the pinned upstream chart from its repository into kube-system, atomically", () => {
        const inputs = r.inputs(release());
        assert.equal(inputs.chart, "cluster-autoscaler");
        assert.equal(inputs.version, "9.59.0");
        assert.deepEqual(inputs.repositoryOpts, { repo: "https://kubernetes.github.io/autoscaler" });
        assert.deepEqual(CLUSTER_AUTOSCALER_CHART, { chart: "cluster-autoscaler", repo: "https://kubernetes.github.io/autoscaler" });
        assert.equal(inputs.namespace, "kube-system");
        assert.equal(inputs.name, "cluster-autoscaler");
        assert.equal(inputs.atomic, true);
    });

    it("passes the values for the cluster, region, groups and placement to the chart", () => {
        assert.deepEqual(r.inputs(release()).values, clusterAutoscalerValues({
            clusterName: "prod", region: "us-east-1", kubernetesVersion: "1.36", groups: GROUPS, placement: PLACEMENT, replicas: 2, registry: REGISTRY,
        }));
    });

    it("creates its Kubernetes resources through the cluster's provider", () => {
        const provider = r.one("pulumi:providers:kubernetes", "prod-k8s").urn;
        assert.equal(release().provider, provider);
        assert.equal(account().provider, provider);
    });

    it("annotates its ServiceAccount with its IRSA role and mounts the API token, which it needs to watch pods and nodes", () => {
        const inputs = r.inputs(account());
        assert.equal(inputs.metadata.name, "cluster-autoscaler");
        assert.equal(inputs.metadata.namespace, "kube-system");
        assert.equal(inputs.metadata.annotations["eks.amazonaws.com/role-arn"], r.outputs(role()).arn);
        assert.equal(inputs.automountServiceAccountToken, true);
        assert.equal(inputs.metadata.labels["app.kubernetes.io/name"], "aws-cluster-autoscaler");
    });

    it("trusts kube-system:cluster-autoscaler only and may scale only this cluster's node groups", () => {
        const oidc = r.one("aws:iam/openIdConnectProvider:OpenIdConnectProvider");
        assert.deepEqual(JSON.parse(r.inputs(role()).assumeRolePolicy),
            irsaTrustPolicy(r.outputs(oidc).arn, r.inputs(oidc).url.replace("https://", ""), "kube-system", "cluster-autoscaler"));
        const policy = r.one("aws:iam/rolePolicy:RolePolicy", "prod-cluster-autoscaler-policy");
        assert.equal(r.inputs(policy).role, r.outputs(role()).name);
        assert.deepEqual(JSON.parse(r.inputs(policy).policy), clusterAutoscalerPolicy("prod"));
    });

    it("installs the release after its service account, its role's policy and the node groups", () => {
        const dependencies = release().dependencies;
        for (const needed of [account(), r.one("aws:iam/rolePolicy:RolePolicy", "prod-cluster-autoscaler-policy"), r.one("aws:eks/nodeGroup:NodeGroup", "nodes")]) {
            assert.ok(dependencies.includes(needed.urn), `the release does not wait for ${needed.name}`);
        }
    });
});
