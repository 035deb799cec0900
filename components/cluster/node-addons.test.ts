import { strict as assert } from "node:assert";
import * as aws from "@pulumi/aws";
import { KEYS, networkAndCluster } from "../../test/eks-fixture";
import { Registrations, registrationsOf } from "../../test/harness";
import { irsaTrustPolicy } from "./irsa";
import { ebsCsiKeyPolicy, NodeAddons } from "./node-addons";
import { nodeGroupPlacement } from "./placement";

const PLACEMENT = nodeGroupPlacement("system", [{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }]);
const KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/volumes";

describe("ebsCsiKeyPolicy", () => {
    it("lets the driver create grants on the key only for AWS resources, and use it for volumes", () => {
        assert.deepEqual(ebsCsiKeyPolicy(KEY_ARN), {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "GrantsForAttachedVolumesOnly", Effect: "Allow", Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"], Resource: KEY_ARN,
                    Condition: { Bool: { "kms:GrantIsForAWSResource": true } },
                },
                { Sid: "EncryptVolumes", Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"], Resource: KEY_ARN },
            ],
        });
    });
});

describe("NodeAddons component", () => {
    let r: Registrations;
    before(async () => {
        r = await registrationsOf(() => {
            const { cluster } = networkAndCluster("prod");
            // Stand-ins for the node groups: any resources the add-ons must wait for.
            const nodes = ["system", "general"].map((group) => new aws.eks.NodeGroup(`nodes-${group}`, {
                clusterName: cluster.clusterName, nodeRoleArn: "arn:aws:iam::123456789012:role/nodes", subnetIds: ["subnet-1"],
                scalingConfig: { minSize: 1, desiredSize: 1, maxSize: 1 },
            }));
            new NodeAddons("prod", { cluster, placement: PLACEMENT, corednsReplicas: 3, volumeKeyArn: KEYS.volumes, dependsOn: nodes });
        });
    });
    const addon = (name: string) => r.one("aws:eks/addon:Addon", name);

    it("registers as signal-trading:cluster:NodeAddons and parents both add-ons and the driver's role to itself", () => {
        const component = r.one("signal-trading:cluster:NodeAddons", "prod");
        for (const child of [addon("prod-coredns"), addon("prod-ebs-csi"), r.one("signal-trading:cluster:ServiceAccountRole", "prod-ebs-csi")]) {
            assert.equal(child.parent, component.urn, child.name);
        }
    });

    it("creates CoreDNS and the EBS CSI driver only after the given node resources", () => {
        const nodes = r.ofType("aws:eks/nodeGroup:NodeGroup").filter((g) => g.name.startsWith("nodes-"));
        assert.equal(nodes.length, 2);
        for (const name of ["prod-coredns", "prod-ebs-csi"]) {
            for (const node of nodes) assert.ok(addon(name).dependencies.includes(node.urn), `${name} does not wait for ${node.name}`);
        }
    });

    it("runs the configured number of CoreDNS replicas on the placement's nodes, spread over zones", () => {
        const coredns = r.inputs(addon("prod-coredns"));
        assert.equal(coredns.addonName, "coredns");
        assert.equal(coredns.clusterName, "prod");
        assert.equal(coredns.addonVersion, "v1.12.4-eksbuild.1");
        assert.deepEqual(JSON.parse(coredns.configurationValues), {
            replicaCount: 3,
            nodeSelector: { "node-group": "system" },
            tolerations: [{ key: "CriticalAddonsOnly", operator: "Equal", value: "true", effect: "NoSchedule" }],
            topologySpreadConstraints: [{
                maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: { "k8s-app": "kube-dns" } },
            }],
        });
    });

    it("runs the EBS CSI controller on the placement's nodes and its node plugin on every node", () => {
        const ebs = r.inputs(addon("prod-ebs-csi"));
        assert.equal(ebs.addonName, "aws-ebs-csi-driver");
        assert.deepEqual(JSON.parse(ebs.configurationValues), {
            controller: { nodeSelector: PLACEMENT.nodeSelector, tolerations: PLACEMENT.tolerations },
            node: { tolerateAllTaints: true },
            defaultStorageClass: { enabled: false },
        });
    });

    it("gives the EBS CSI driver an IRSA role trusted by kube-system:ebs-csi-controller-sa, with the managed driver policy and the KMS grant policy", () => {
        const role = r.one("aws:iam/role:Role", "prod-ebs-csi-role");
        assert.equal(r.inputs(addon("prod-ebs-csi")).serviceAccountRoleArn, r.outputs(role).arn);
        const oidc = r.one("aws:iam/openIdConnectProvider:OpenIdConnectProvider");
        assert.deepEqual(JSON.parse(r.inputs(role).assumeRolePolicy),
            irsaTrustPolicy(r.outputs(oidc).arn, r.inputs(oidc).url.replace("https://", ""), "kube-system", "ebs-csi-controller-sa"));

        const roleName = r.outputs(role).name;
        const managed = r.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) => r.inputs(a).role === roleName);
        assert.deepEqual(managed.map((a) => r.inputs(a).policyArn), ["arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"]);
        const inline = r.ofType("aws:iam/rolePolicy:RolePolicy").filter((p) => r.inputs(p).role === roleName);
        assert.equal(inline.length, 1);
        assert.deepEqual(JSON.parse(r.inputs(inline[0]).policy), ebsCsiKeyPolicy(KEYS.volumes));
        assert.deepEqual(JSON.parse(r.inputs(inline[0]).policy).Statement[0].Condition, { Bool: { "kms:GrantIsForAWSResource": true } });
    });

    it("leaves the driver's service account to the add-on", () => {
        assert.equal(r.ofType("kubernetes:core/v1:ServiceAccount").length, 0);
    });
});
