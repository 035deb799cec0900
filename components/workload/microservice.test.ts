import { strict as assert } from "node:assert";
import * as k8s from "@pulumi/kubernetes";
import { Registrations, registrationsOf } from "../../test/harness";
import { irsaTrustPolicy, OidcIdentity } from "../cluster/irsa";
import { policyDocument } from "../shared/iam";
import { Microservice, MicroserviceArgs } from "./microservice";
import { serviceSpec } from "./render/fixture";
import { renderMicroservice } from "./render";
import { ServiceSpec } from "./spec";

const ISSUER_HOST = "oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF";
const OIDC: OidcIdentity = { providerArn: `arn:aws:iam::123456789012:oidc-provider/${ISSUER_HOST}`, issuerHost: ISSUER_HOST };
const BOUNDARY = "arn:aws:iam::123456789012:policy/signal-trading-prod-boundary";
const READ_PRICES = [{ Effect: "Allow" as const, Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::signal-trading-prices/*"] }];
const READ_CONFIG_MAPS = [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get"] }];
const COMPONENT = "signal-trading:workload:Microservice";
const CUSTOM_RESOURCE_TYPES = { vpa: "kubernetes:autoscaling.k8s.io/v1:VerticalPodAutoscaler", monitor: "kubernetes:monitoring.coreos.com/v1:ServiceMonitor" };

/** Builds the service with a Kubernetes provider and stand-ins for the add-ons that install the CRDs. */
function build(spec: ServiceSpec, args: Partial<MicroserviceArgs> = {}) {
    return registrationsOf(() => {
        const kubernetes = new k8s.Provider("k8s", { kubeconfig: "{}" });
        const release = (name: string) => new k8s.helm.v3.Release(name, { chart: name }, { provider: kubernetes });
        new Microservice("quotes", {
            spec,
            verticalPodAutoscalerCrds: [release("vertical-pod-autoscaler")],
            monitoringCrds: [release("prometheus-operator-crds")],
            ...args,
        }, { providers: { kubernetes } });
    });
}

const release = (r: Registrations, chart: string) => r.all.find((x) => x.type === "kubernetes:helm.sh/v3:Release" && x.name === chart)!;

describe("Microservice component", () => {
    describe("a service that uses neither AWS nor the Kubernetes API", () => {
        const spec = serviceSpec();
        let r: Registrations;
        before(async () => { r = await build(spec); });

        it("registers its objects as typed resources named after the component, each under it and through the cluster's provider", () => {
            const component = r.one(COMPONENT, "quotes");
            const children = r.all.filter((x) => x.parent === component.urn);
            assert.deepEqual(children.map((c) => [c.type, c.name]).sort(), [
                ["kubernetes:apps/v1:Deployment", "quotes-deployment"],
                ["kubernetes:autoscaling.k8s.io/v1:VerticalPodAutoscaler", "quotes-vpa"],
                ["kubernetes:autoscaling/v2:HorizontalPodAutoscaler", "quotes-hpa"],
                ["kubernetes:core/v1:Service", "quotes-service"],
                ["kubernetes:core/v1:ServiceAccount", "quotes-service-account"],
                ["kubernetes:monitoring.coreos.com/v1:ServiceMonitor", "quotes-service-monitor"],
                ["kubernetes:networking.k8s.io/v1:NetworkPolicy", "quotes-network-policy"],
                ["kubernetes:policy/v1:PodDisruptionBudget", "quotes-pdb"],
            ]);
            const provider = r.one("pulumi:providers:kubernetes", "k8s").urn;
            for (const child of children) assert.equal(child.provider, provider, child.name);
            assert.equal(r.all.some((x) => x.type.startsWith("aws:")), false, "a service without AWS access gets an IAM role");
        });

        it("hands each resource exactly the rendered object", () => {
            const objects = renderMicroservice(spec);
            const expected: [string, string, unknown][] = [
                ["kubernetes:core/v1:ServiceAccount", "v1", objects.serviceAccount],
                ["kubernetes:apps/v1:Deployment", "apps/v1", objects.deployment],
                ["kubernetes:core/v1:Service", "v1", objects.service],
                ["kubernetes:autoscaling/v2:HorizontalPodAutoscaler", "autoscaling/v2", objects.horizontalPodAutoscaler],
                ["kubernetes:policy/v1:PodDisruptionBudget", "policy/v1", objects.podDisruptionBudget],
                ["kubernetes:networking.k8s.io/v1:NetworkPolicy", "networking.k8s.io/v1", objects.networkPolicy],
            ];
            for (const [type, apiVersion, object] of expected) {
                assert.deepEqual(r.inputs(r.one(type)), { apiVersion, kind: type.split(":").pop(), ...(object as object) }, type);
            }
            assert.deepEqual(r.inputs(r.one(CUSTOM_RESOURCE_TYPES.vpa)), objects.verticalPodAutoscaler);
            assert.deepEqual(r.inputs(r.one(CUSTOM_RESOURCE_TYPES.monitor)), objects.serviceMonitor);
        });

        it("starts its pods after their ServiceAccount and their NetworkPolicy", () => {
            const deployment = r.one("kubernetes:apps/v1:Deployment");
            for (const needed of [r.one("kubernetes:core/v1:ServiceAccount"), r.one("kubernetes:networking.k8s.io/v1:NetworkPolicy")]) {
                assert.ok(deployment.dependencies.includes(needed.urn), `the Deployment does not wait for ${needed.name}`);
            }
        });

        it("creates the VPA after the VPA add-on and the ServiceMonitor after the monitoring CRDs", () => {
            assert.ok(r.one(CUSTOM_RESOURCE_TYPES.vpa).dependencies.includes(release(r, "vertical-pod-autoscaler").urn));
            assert.ok(r.one(CUSTOM_RESOURCE_TYPES.monitor).dependencies.includes(release(r, "prometheus-operator-crds").urn));
        });

        it("leaves its ServiceAccount without an IRSA annotation", () => {
            assert.equal(r.inputs(r.one("kubernetes:core/v1:ServiceAccount")).metadata.annotations, undefined);
        });
    });

    describe("a service that uses AWS", () => {
        let r: Registrations;
        before(async () => { r = await build(serviceSpec((s) => { s.definition.uses.aws = READ_PRICES; }), { oidc: OIDC, permissionsBoundaryArn: BOUNDARY }); });

        it("gets an IRSA role that only its own service account can assume, with its statements as the inline policy", () => {
            const identity = r.one("signal-trading:cluster:ServiceAccountRole", "quotes-irsa");
            assert.equal(identity.parent, r.one(COMPONENT).urn);
            const role = r.one("aws:iam/role:Role", "quotes-irsa-role");
            assert.deepEqual(JSON.parse(r.inputs(role).assumeRolePolicy), irsaTrustPolicy(OIDC.providerArn as string, ISSUER_HOST, "signal-trading", "quotes"));
            assert.deepEqual(JSON.parse(r.inputs(r.one("aws:iam/rolePolicy:RolePolicy", "quotes-irsa-policy")).policy), policyDocument(...READ_PRICES));
        });

        it("bounds its IRSA role by the given permissions boundary", () => {
            assert.equal(r.inputs(r.one("aws:iam/role:Role", "quotes-irsa-role")).permissionsBoundary, BOUNDARY);
        });

        it("annotates its one ServiceAccount with the role's ARN", () => {
            const account = r.one("kubernetes:core/v1:ServiceAccount");
            assert.equal(account.name, "quotes-service-account");
            assert.equal(r.inputs(account).metadata.annotations["eks.amazonaws.com/role-arn"], r.outputs(r.one("aws:iam/role:Role")).arn);
        });
    });

    describe("a service that calls the Kubernetes API", () => {
        let r: Registrations;
        before(async () => { r = await build(serviceSpec((s) => { s.definition.uses.kubernetesApi = READ_CONFIG_MAPS; })); });

        it("gets a Role with its rules bound to its ServiceAccount, both in place before its pods start", () => {
            const role = r.one("kubernetes:rbac.authorization.k8s.io/v1:Role", "quotes-role");
            const binding = r.one("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", "quotes-role-binding");
            assert.deepEqual(r.inputs(role).rules, READ_CONFIG_MAPS);
            assert.deepEqual(r.inputs(binding).subjects, [{ kind: "ServiceAccount", name: "quotes", namespace: "signal-trading" }]);
            const deployment = r.one("kubernetes:apps/v1:Deployment");
            for (const needed of [role, binding]) assert.ok(deployment.dependencies.includes(needed.urn), `the Deployment does not wait for ${needed.name}`);
            assert.equal(r.inputs(r.one("kubernetes:core/v1:ServiceAccount")).automountServiceAccountToken, true);
        });
    });

    it("refuses a service that uses AWS without the cluster's OIDC identity, naming the service", async () => {
        await assert.rejects(build(serviceSpec((s) => { s.definition.uses.aws = READ_PRICES; })),
            /^Error: service quotes uses AWS, so its IRSA role needs the cluster's OIDC identity \(args\.oidc\)$/);
    });
});
