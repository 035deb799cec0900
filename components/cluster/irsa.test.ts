import { strict as assert } from "node:assert";
import * as k8s from "@pulumi/kubernetes";
import { registrationsOf } from "../../test/harness";
import { IRSA_ROLE_ANNOTATION, irsaTrustPolicy, ServiceAccountRole, ServiceAccountRoleArgs } from "./irsa";

const ISSUER_HOST = "oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF";
const PROVIDER_ARN = `arn:aws:iam::123456789012:oidc-provider/${ISSUER_HOST}`;
const ARGS: ServiceAccountRoleArgs = {
    oidc: { providerArn: PROVIDER_ARN, issuerHost: ISSUER_HOST },
    namespace: "trading",
    serviceAccountName: "gateway",
    createServiceAccount: true,
};

const build = (args: Partial<ServiceAccountRoleArgs> = {}) => registrationsOf(() => {
    const kubernetes = new k8s.Provider("k8s", { kubeconfig: "{}" });
    new ServiceAccountRole("gateway", { ...ARGS, ...args }, { providers: { kubernetes } });
});

describe("IRSA trust policy", () => {
    it("trusts only the one service account's web-identity tokens minted for STS, by exact match", () => {
        assert.deepEqual(irsaTrustPolicy(PROVIDER_ARN, ISSUER_HOST, "kube-system", "cluster-autoscaler"), {
            Version: "2012-10-17",
            Statement: [{
                Effect: "Allow",
                Principal: { Federated: PROVIDER_ARN },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: {
                        [`${ISSUER_HOST}:sub`]: "system:serviceaccount:kube-system:cluster-autoscaler",
                        [`${ISSUER_HOST}:aud`]: "sts.amazonaws.com",
                    },
                },
            }],
        });
    });
});

describe("ServiceAccountRole component", () => {
    it("registers as signal-trading:cluster:ServiceAccountRole and parents its children to itself", async () => {
        const r = await build({ policy: "{}", managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] });
        const component = r.one("signal-trading:cluster:ServiceAccountRole", "gateway");
        const children = r.all.filter((x) => x !== component && !x.type.startsWith("pulumi:providers:"));
        assert.equal(children.length, 4);
        for (const child of children) assert.equal(child.parent, component.urn, `${child.name} is not parented to the component`);
    });

    it("creates a role whose trust policy is the IRSA policy of the namespace and service account", async () => {
        const r = await build();
        const role = r.inputs(r.one("aws:iam/role:Role", "gateway-role"));
        assert.deepEqual(JSON.parse(role.assumeRolePolicy), irsaTrustPolicy(PROVIDER_ARN, ISSUER_HOST, "trading", "gateway"));
        assert.equal(role.tags["kubernetes-service-account"], "trading/gateway");
    });

    it("annotates the ServiceAccount with the role's ARN, in the given namespace and name, through the given provider", async () => {
        const r = await build({ labels: { "app.kubernetes.io/name": "gateway" } });
        const account = r.one("kubernetes:core/v1:ServiceAccount", "gateway-sa");
        const metadata = r.inputs(account).metadata;
        assert.equal(metadata.annotations[IRSA_ROLE_ANNOTATION], r.outputs(r.one("aws:iam/role:Role")).arn);
        assert.equal(IRSA_ROLE_ANNOTATION, "eks.amazonaws.com/role-arn");
        assert.deepEqual([metadata.namespace, metadata.name], ["trading", "gateway"]);
        assert.deepEqual(metadata.labels, { "app.kubernetes.io/name": "gateway" });
        assert.equal(account.provider, r.one("pulumi:providers:kubernetes").urn);
    });

    it("does not mount a Kubernetes API token by default", async () => {
        const r = await build();
        assert.equal(r.inputs(r.one("kubernetes:core/v1:ServiceAccount")).automountServiceAccountToken, false);
    });

    it("mounts the Kubernetes API token when asked", async () => {
        const r = await build({ automountToken: true });
        assert.equal(r.inputs(r.one("kubernetes:core/v1:ServiceAccount")).automountServiceAccountToken, true);
    });

    it("refuses to create a ServiceAccount without the cluster's Kubernetes provider", async () => {
        await assert.rejects(registrationsOf(() => new ServiceAccountRole("orphan", { ...ARGS, createServiceAccount: true })),
            /orphan: createServiceAccount needs the cluster's Kubernetes provider in opts.providers/);
    });

    it("creates no ServiceAccount when something else owns it", async () => {
        const r = await registrationsOf(() => new ServiceAccountRole("ebs-csi", { ...ARGS, createServiceAccount: false }));
        assert.equal(r.ofType("kubernetes:core/v1:ServiceAccount").length, 0);
        assert.equal(r.ofType("aws:iam/role:Role").length, 1);
    });

    it("attaches the inline policy and each managed policy to the role", async () => {
        const policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }] });
        const managed = ["arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy", "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"];
        const r = await build({ policy, managedPolicyArns: managed });
        const roleName = r.outputs(r.one("aws:iam/role:Role")).name;
        const inline = r.inputs(r.one("aws:iam/rolePolicy:RolePolicy", "gateway-policy"));
        assert.deepEqual(inline, { role: roleName, policy });
        const attachments = r.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").map((a) => r.inputs(a));
        assert.deepEqual(attachments, managed.map((policyArn) => ({ role: roleName, policyArn })));
    });

    it("creates neither an inline policy nor attachments when none is given", async () => {
        const r = await build();
        assert.equal(r.ofType("aws:iam/rolePolicy:RolePolicy").length, 0);
        assert.equal(r.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").length, 0);
    });

    it("annotates the ServiceAccount only once the role's policies exist, so pods never start with a powerless role", async () => {
        const r = await build({ policy: JSON.stringify({ Version: "2012-10-17", Statement: [] }), managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] });
        const permissions = [...r.ofType("aws:iam/rolePolicy:RolePolicy"), ...r.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")].map((p) => p.urn);
        assert.equal(permissions.length, 2);
        const account = r.one("kubernetes:core/v1:ServiceAccount");
        assert.deepEqual(account.dependencies.filter((d) => permissions.includes(d)).sort(), permissions.sort());
    });
});
