import { strict as assert } from "node:assert";
import * as aws from "@pulumi/aws";
import { platformAddons } from "../../stacks/addons";
import { admit } from "../../test/admission";
import { parsedConfig } from "../../test/addon-fixture";
import { programRunOf, registrationsOf, runStack, stackConfig, withConfig } from "../../test/harness";
import { AnyAddon } from "../addons/registry";
import { NamespaceSpec } from "../namespace/baseline";
import { APPLICATION_NAMESPACE_LABELS } from "../workload/namespace";
import { AdmissionPolicies, AdmissionPoliciesArgs } from "./admission-policies";
import { AdmissionPolicy } from "./policies";
import { systemWorkloads } from "./system-workloads";

const VAP = "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy";
const BINDING = "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding";

const SYSTEM = {
    privilegedNamespaces: ["kube-system", "signal-trading-logging", "node-exporter"],
    serviceAccounts: {
        "kube-system": ["aws-node", "kube-proxy", "coredns", "ebs-csi-controller-sa", "ebs-csi-node-sa", "cluster-autoscaler"],
        "signal-trading-logging": ["fluent-bit"],
        "node-exporter": ["kube-prometheus-stack-prometheus-node-exporter"],
    },
};

describe("admission policies component", () => {
    for (const stack of ["dev", "prod"] as const) {
        it(`derives the privileged namespaces and their service accounts from the ${stack} add-ons`, () => {
            assert.deepEqual(systemWorkloads(platformAddons(parsedConfig(stack))), SYSTEM);
        });
    }

    it("refuses an add-on namespace made privileged without its expected service accounts", () => {
        const rogue: NamespaceSpec = { name: "log-shipper", podSecurity: "privileged", exemption: "reads the node's logs", ingress: [], egress: [] };
        const addons = [...platformAddons(parsedConfig("dev")), { ...platformAddons(parsedConfig("dev"))[0], namespaces: [rogue] } as AnyAddon];
        assert.throws(() => systemWorkloads(addons), /privileged namespaces without expected service accounts: log-shipper/);
    });

    const build = (overrides: Partial<AdmissionPoliciesArgs> = {}) => registrationsOf(() => {
        const provider = new aws.Provider("aws", { region: "us-east-2" });
        new AdmissionPolicies("prod", {
            kubernetesVersion: "1.36",
            applicationNamespaceLabels: APPLICATION_NAMESPACE_LABELS,
            requireImageDigest: true,
            system: SYSTEM,
            operatorGroups: ["signal-trading-deployers"],
            ...overrides,
        }, { providers: { aws: provider } });
    });

    it("creates each policy with a binding that waits for it, and names this account's registry in the provider's region", async () => {
        const r = await build();
        const byName = new Map(r.ofType(VAP).map((p) => [(r.inputs(p) as AdmissionPolicy).metadata.name, p]));
        assert.deepEqual([...byName.keys()].sort(), [
            "signal-trading-application-images", "signal-trading-operator-rollouts", "signal-trading-privileged-pods", "signal-trading-system-service-accounts",
        ]);
        const bindings = r.ofType(BINDING);
        assert.equal(bindings.length, byName.size);
        for (const binding of bindings) {
            const policy = byName.get(r.inputs(binding).spec.policyName);
            assert.ok(policy && binding.dependencies.includes(policy.urn), `${binding.name} does not wait for its policy`);
        }

        const images = r.inputs(byName.get("signal-trading-application-images")!) as AdmissionPolicy;
        const app = { operation: "CREATE" as const, resource: { group: "", resource: "pods" }, namespace: "signal-trading", namespaceLabels: APPLICATION_NAMESPACE_LABELS, userInfo: { username: "jane" } };
        const podOf = (image: string) => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { containers: [{ name: "c", image }] } });
        assert.deepEqual(admit(images, { ...app, object: podOf(`123456789012.dkr.ecr.us-east-2.amazonaws.com/x:1@sha256:${"0".repeat(64)}`) }), { matched: true, refusals: [] });
        assert.equal((admit(images, { ...app, object: podOf(`123456789012.dkr.ecr.us-east-1.amazonaws.com/x:1@sha256:${"0".repeat(64)}`) }) as { refusals: string[] }).refusals.length, 1);
    });

    it("has no operator policy when no group holds patch rights", async () => {
        const r = await build({ operatorGroups: [] });
        assert.equal(r.ofType(VAP).some((p) => r.inputs(p).metadata.name === "signal-trading-operator-rollouts"), false);
    });

    it("refuses a cluster version without v1 admission policies", async () => {
        await assert.rejects(build({ kubernetesVersion: "1.29" }), /invalid admission policies:\n- Kubernetes 1\.29 has no admissionregistration\.k8s\.io\/v1/);
    });

    it("is wired into the stack after the add-ons and before every workload, with the stack's digest setting and deployer groups", async () => {
        const config = withConfig(stackConfig("dev"), "workloadAccess", () => ({ deployers: { groups: ["trading-on-call"] } }));
        const r = await runStack("dev", config);
        const component = r.one("signal-trading:admission:AdmissionPolicies");
        const releases = r.ofType("kubernetes:helm.sh/v3:Release");
        assert.ok(releases.length > 5);
        // The add-ons' own write fences are theirs; these are the component's.
        const ownPolicies = r.ofType(VAP).filter((policy) => policy.parent === component.urn);
        assert.ok(ownPolicies.length >= 3);
        for (const policy of ownPolicies) {
            for (const release of releases) assert.ok(policy.dependencies.includes(release.urn), `${policy.name} does not wait for ${release.name}`);
        }
        const images = r.inputs(r.all.find((x) => x.type === VAP && r.inputs(x).metadata.name === "signal-trading-application-images")!) as AdmissionPolicy;
        assert.equal(images.spec.validations.length, 1, "dev requires no digest");
        const operator = r.inputs(r.all.find((x) => x.type === VAP && r.inputs(x).metadata.name === "signal-trading-operator-rollouts")!) as AdmissionPolicy;
        assert.match(operator.spec.matchConditions![0].expression, /\['trading-on-call'\]/);
        const deployments = r.ofType("kubernetes:apps/v1:Deployment");
        assert.ok(deployments.length >= 4);
        const bindings = r.ofType(BINDING);
        for (const d of deployments) for (const b of bindings) assert.ok(d.dependencies.includes(b.urn), `${d.name} does not wait for ${b.name}`);
    });

    it("admits the program's own application workloads", async () => {
        const r = await programRunOf("prod");
        const policies = r.ofType(VAP).map((p) => r.inputs(p) as AdmissionPolicy);
        const namespace = r.one("kubernetes:core/v1:Namespace", "signal-trading");
        const namespaceLabels = r.inputs(namespace).metadata.labels;
        const workloads = [...r.ofType("kubernetes:apps/v1:Deployment"), ...r.ofType("kubernetes:apps/v1:StatefulSet")]
            .map((w) => r.inputs(w)).filter((w) => w.metadata.namespace === "signal-trading");
        assert.ok(workloads.length >= 5);
        const refusedBy = (object: Record<string, any>) => policies.flatMap((policy) => {
            const decision = admit(policy, {
                operation: "CREATE", resource: { group: "apps", resource: object.kind === "Deployment" ? "deployments" : "statefulsets" },
                namespace: "signal-trading", namespaceLabels, userInfo: { username: "pulumi" }, object,
            });
            return decision.matched && decision.refusals.length > 0 ? [policy.metadata.name] : [];
        });
        const refused = Object.fromEntries(workloads.map((w) => [w.metadata.name, refusedBy(w)]).filter(([, names]) => names.length > 0));
        assert.deepEqual(refused, {});
    });
});
