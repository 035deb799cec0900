import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { addonContext } from "../../test/addon-fixture";
import { Registrations, registrationsOf } from "../../test/harness";
import { NamespaceSpec } from "../namespace/baseline";
import { AddonName, defineAddon } from "./addon";
import { AddonSetError, AnyAddon, ClusterAddons, planAddons } from "./registry";
import { storageAddon } from "./storage/storage-class";

/** A stand-in for a resource of an add-on or of the nodes. */
class Stand extends pulumi.CustomResource {
    constructor(type: string, name: string, opts?: pulumi.CustomResourceOptions) {
        super(type, name, {}, opts);
    }
}

/** An add-on that installs a component with one resource; enough to check ordering, waiting and conflicts. */
function fake(name: AddonName, dependsOn: AddonName[] = [], extra: { provides?: string[]; namespaces?: NamespaceSpec[] } = {}): AnyAddon {
    return defineAddon({
        name,
        dependsOn,
        provides: extra.provides ?? [],
        namespaces: extra.namespaces ?? [],
        install: (componentName, _ctx, _deps, opts) => {
            const component = new pulumi.ComponentResource("test:addons:Fake", componentName, {}, opts);
            new Stand("test:index:Workload", `${componentName}-workload`, { parent: component });
            return { component, outputs: {} as never };
        },
    });
}

const namespace = (name: string): NamespaceSpec => ({ name, podSecurity: "restricted", ingress: [], egress: [] });

function problemsOf(addons: AnyAddon[]): string[] {
    try {
        planAddons(addons);
    } catch (error) {
        assert.ok(error instanceof AddonSetError);
        return error.problems;
    }
    assert.fail("the add-on set was accepted");
}

describe("add-on registry: planAddons", () => {
    it("installs dependencies first and otherwise keeps the given order", () => {
        const order = planAddons([fake("monitoring", ["storage", "nginx-ingress"]), fake("nginx-ingress"), fake("storage"), fake("velero", ["storage"])]);
        assert.deepEqual(order.map((a) => a.name), ["nginx-ingress", "storage", "monitoring", "velero"]);
    });

    it("refuses a dependency that is not installed, naming both add-ons", () => {
        assert.deepEqual(problemsOf([fake("vertical-pod-autoscaler", ["metrics-server"])]), ["add-on vertical-pod-autoscaler depends on metrics-server, which is not installed"]);
    });

    it("refuses two add-ons filling one cluster-wide role", () => {
        assert.deepEqual(problemsOf([fake("storage", [], { provides: ["default-storage-class"] }), fake("velero", [], { provides: ["default-storage-class"] })]),
            ["add-ons storage and velero conflict: both provide default-storage-class"]);
    });

    it("refuses two add-ons owning one namespace", () => {
        assert.deepEqual(problemsOf([fake("velero", [], { namespaces: [namespace("backups")] }), fake("monitoring", [], { namespaces: [namespace("backups")] })]),
            ["add-ons velero and monitoring conflict: both own the namespace backups"]);
    });

    it("refuses an add-on registered twice and a dependency cycle", () => {
        assert.deepEqual(problemsOf([fake("storage"), fake("storage")]), ["add-on storage is registered twice"]);
        assert.deepEqual(problemsOf([fake("cert-manager", ["monitoring"]), fake("monitoring", ["cert-manager"]), fake("storage")]),
            ["add-ons cert-manager, monitoring depend on each other in a cycle"]);
    });

    it("refuses an unsound namespace baseline", () => {
        assert.deepEqual(problemsOf([fake("monitoring", [], { namespaces: [{ ...namespace("node-exporter"), podSecurity: "privileged" }] })]),
            ["add-on monitoring: namespace node-exporter enforces privileged pod security without a written exemption"]);
    });

    it("lists every problem at once, as a Pulumi RunError without a stack trace", () => {
        let error: unknown;
        try {
            planAddons([fake("storage"), fake("storage"), fake("velero", ["monitoring"])]);
        } catch (e) {
            error = e;
        }
        assert.ok(pulumi.RunError.isInstance(error as Error));
        assert.equal((error as Error).message, "the cluster add-ons cannot be installed:\n  - add-on storage is registered twice\n  - add-on velero depends on monitoring, which is not installed");
    });
});

describe("add-on registry: ClusterAddons", () => {
    let r: Registrations;
    let installed: ClusterAddons;
    before(async () => {
        r = await registrationsOf(() => {
            const base = addonContext("prod");
            const context = { ...base, prerequisites: [new Stand("test:index:Nodes", "nodes")] };
            installed = new ClusterAddons("prod", {
                addons: [fake("velero", ["storage"], { namespaces: [namespace("velero")] }), storageAddon],
                context,
            }, { providers: { kubernetes: context.cluster.kubernetesProvider } });
        });
    });

    it("creates each add-on under the registry, named after the registry and the add-on", () => {
        const registry = r.one("signal-trading:addons:ClusterAddons", "prod");
        assert.equal(r.one("test:addons:Fake", "prod-velero").parent, registry.urn);
        assert.equal(r.one("signal-trading:addons:DefaultStorage", "prod-storage").parent, registry.urn);
    });

    it("makes every resource of an add-on wait for the nodes, its namespace baseline and the add-ons it names", () => {
        // A component dependency reaches the engine as its custom resources.
        const waitsFor = new Set(r.one("test:index:Workload", "prod-velero-workload").dependencies);
        const expected = [
            r.one("test:index:Nodes"),
            r.one("kubernetes:core/v1:Namespace", "prod-velero"),
            ...r.ofType("kubernetes:networking.k8s.io/v1:NetworkPolicy"),
            r.one("kubernetes:storage.k8s.io/v1:StorageClass"),
        ];
        for (const resource of expected) assert.ok(waitsFor.has(resource.urn), `velero does not wait for ${resource.name}`);
    });

    it("creates the namespace with its policies before anything is installed into it", () => {
        assert.equal(r.inputs(r.one("kubernetes:core/v1:Namespace", "prod-velero")).metadata.name, "velero");
        assert.equal(r.ofType("kubernetes:networking.k8s.io/v1:NetworkPolicy").length, 2);
    });

    it("hands an installed add-on's outputs to the workloads", () => {
        assert.deepEqual(installed.addon("storage")?.outputs, { storageClassName: "gp3-encrypted" });
        assert.equal(installed.addon("monitoring"), undefined);
    });
});
