import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { changedPaths, diffPlans, PlanDiffError, PlanDocument, PlannedResource, pathMatches, readPlanOutput, renderDiff } from "./diff";
import { ReplacementRule } from "./replacements";

const RULES: Readonly<Record<string, ReplacementRule>> = {
    "aws:ec2/subnet:Subnet": { replaceOn: ["cidrBlock", "vpcId"], sources: ["test"] },
    "aws:rds/instance:Instance": { replaceOn: ["identifier", "dbSubnetGroupName"], physicalName: "identifier", holdsState: "the database", sources: ["test"] },
    "aws:eks/nodeGroup:NodeGroup": { replaceOn: ["instanceTypes", "launchTemplate.id"], sources: ["test"] },
    "kubernetes:core/v1:Secret": { replaceOn: ["metadata.name", "type"], conditional: [{ paths: ["data", "stringData"], unlessProviderInput: "enableSecretMutable" }], sources: ["test"] },
    "pulumi:providers:kubernetes": { replaceOn: [], sources: ["test"] },
    "pulumi:providers:aws": { replaceOn: ["region"], sources: ["test"] },
};
const rules = (type: string) => RULES[type];

const resource = (type: string, name: string, inputs: Record<string, unknown>, options: Partial<PlannedResource> = {}): PlannedResource => ({
    urn: `urn:pulumi:dev::signal-trading::${type}::${name}`, type, name, parent: null, provider: "urn:pulumi:dev::signal-trading::pulumi:providers:aws::aws",
    dependencies: [], protect: false, retainOnDelete: false, deleteBeforeReplace: false, replaceOnChanges: [], ignoreChanges: [], inputs, ...options,
});
const plan = (...resources: PlannedResource[]): PlanDocument => ({ stack: "dev", resources });
const awsProvider = (region: string) => resource("pulumi:providers:aws", "aws", { region }, { provider: null });
const k8sProvider = (mutable: boolean) => resource("pulumi:providers:kubernetes", "k8s", mutable ? { enableSecretMutable: "true" } : {}, { provider: null });
const K8S = "urn:pulumi:dev::signal-trading::pulumi:providers:kubernetes::k8s";

describe("plan diff", () => {
    it("lists the leaf paths that differ, with array indexes and quoted keys", () => {
        assert.deepEqual(changedPaths(
            { a: 1, b: { c: [1, 2], "x.y": "v" }, gone: true },
            { a: 1, b: { c: [1, 3, 4], "x.y": "w" }, added: "n" },
        ).map((p) => p.path), ["added", 'b.c[1]', "b.c[2]", 'b["x.y"]', "gone"]);
    });

    it("sees a secret change by its digest and says it is a secret, never its value", () => {
        assert.deepEqual(changedPaths({ stringData: { url: "[secret 00aa11bb]" } }, { stringData: { url: "[secret 22cc33dd]" } }), [{ path: "stringData.url", secret: true }]);
        assert.deepEqual(changedPaths({ replicas: 2 }, { replicas: 3, added: [1] }), [{ path: "added", secret: false, from: undefined, to: [1] }, { path: "replicas", secret: false, from: 2, to: 3 }]);
        assert.deepEqual(changedPaths({ stringData: { url: "[secret 00aa11bb]" } }, { stringData: { url: "[secret 00aa11bb]" } }), []);
    });

    it("matches a rule path against the changed path at or below it, with * for one key or index", () => {
        assert.ok(pathMatches("spec.volumeClaimTemplates", "spec.volumeClaimTemplates[0].spec.resources.requests.storage"));
        assert.ok(pathMatches("ebs.*.kmsKeyId", "ebs[0].kmsKeyId"));
        assert.ok(pathMatches('metadata.annotations["a.b/c"]', 'metadata.annotations["a.b/c"]'));
        assert.ok(!pathMatches("spec.volumeClaimTemplates", "spec.template"));
        assert.ok(!pathMatches("scalingConfig.desiredSize", "scalingConfig"));
    });

    it("marks a change of a replace-forcing input as a replacement and another as an update", () => {
        const before = plan(awsProvider("us-east-2"), resource("aws:ec2/subnet:Subnet", "a", { cidrBlock: "10.0.0.0/24", tags: { n: "1" } }), resource("aws:ec2/subnet:Subnet", "b", { cidrBlock: "10.0.1.0/24", tags: { n: "1" } }));
        const after = plan(awsProvider("us-east-2"), resource("aws:ec2/subnet:Subnet", "a", { cidrBlock: "10.0.8.0/24", tags: { n: "1" } }), resource("aws:ec2/subnet:Subnet", "b", { cidrBlock: "10.0.1.0/24", tags: { n: "2" } }));
        const diff = diffPlans(before, after, rules);
        assert.deepEqual(diff.changes.map((c) => [c.kind, c.name, c.paths.map((p) => `${p.path}${p.replaces ? "!" : ""}`)]), [["replace", "a", ["cidrBlock!"]], ["update", "b", ["tags.n"]]]);
        assert.deepEqual(diff.counts, { add: 0, delete: 0, update: 1, replace: 1, unchanged: 1 });
        assert.deepEqual(diff.critical, []);
    });

    it("calls out a stateful replacement with a fixed name first, and a protected delete", () => {
        const database = (identifier: string, protect = false) => resource("aws:rds/instance:Instance", "db", { identifier }, { protect });
        const diff = diffPlans(plan(database("one", true), resource("aws:rds/instance:Instance", "old", { identifier: "old" }, { protect: true })), plan(database("two", true)), rules);
        assert.deepEqual(diff.critical.map((c) => [c.kind, c.name]), [["delete", "old"], ["replace", "db"]]);
        assert.deepEqual(diff.critical[1].warnings, [
            "protected: pulumi refuses to replace it",
            'fixed name identifier="two": the old one is deleted before its replacement exists',
        ]);
        assert.equal(diff.critical[1].holdsState, "the database");
        assert.deepEqual(diff.critical[0].warnings, ["protected: pulumi refuses to delete it until `protect` is lifted"]);
        const text = renderDiff(diff, "out/before");
        assert.ok(text.indexOf("Protected or stateful resources deleted or replaced:") < text.indexOf("All changes:"));
        assert.match(text, /^Changes against out\/before \(stack "dev"\): 0 to add, 1 to replace, 0 to update, 1 to delete, 0 unchanged$/m);
    });

    it("leaves out the paths a resource ignores and honours its own replaceOnChanges", () => {
        const group = (desired: number, types: string[], options: Partial<PlannedResource> = {}) =>
            resource("aws:eks/nodeGroup:NodeGroup", "g", { scalingConfig: { desiredSize: desired, minSize: 1 }, instanceTypes: types, labels: { a: String(desired) } }, options);
        const ignoring = { ignoreChanges: ["scalingConfig.desiredSize"] };
        assert.deepEqual(diffPlans(plan(group(2, ["m7i.large"], ignoring)), plan(group(5, ["m7i.large"], ignoring)), rules).changes[0].paths.map((p) => p.path), ["labels.a"]);
        const forced = diffPlans(plan(group(2, ["m7i.large"])), plan(group(2, ["m7i.large"], { replaceOnChanges: ["labels"] })), rules);
        assert.equal(forced.counts.unchanged, 1);
        assert.equal(diffPlans(plan(group(2, ["m7i.large"])), plan(group(3, ["m7i.large"], { replaceOnChanges: ["labels"] })), rules).changes[0].kind, "replace");
    });

    it("replaces a Secret on a data change only when its provider does not update Secrets in place", () => {
        const secret = (value: string) => resource("kubernetes:core/v1:Secret", "s", { stringData: { url: value } }, { provider: K8S });
        for (const [mutable, kind] of [[false, "replace"], [true, "update"]] as const) {
            const diff = diffPlans(plan(k8sProvider(mutable), secret("[secret 00000000]")), plan(k8sProvider(mutable), secret("[secret 11111111]")), rules);
            assert.deepEqual(diff.changes.map((c) => [c.kind, c.paths]), [[kind, [{ path: "stringData.url", secret: true, replaces: kind === "replace" }]]], String(mutable));
        }
    });

    it("replaces a Kubernetes provider on a new kubeconfig unless it names its cluster with a clusterIdentifier", () => {
        const identified = () => ({ replaceOn: ["clusterIdentifier"], conditional: [{ paths: ["kubeconfig"], unlessProviderInput: "clusterIdentifier" }], sources: ["test"] });
        const provider = (inputs: Record<string, unknown>) => resource("pulumi:providers:kubernetes", "k8s", inputs, { provider: null });
        const kind = (before: Record<string, unknown>, after: Record<string, unknown>) => diffPlans(plan(provider(before)), plan(provider(after)), identified).changes[0].kind;
        assert.equal(kind({ kubeconfig: "a" }, { kubeconfig: "b" }), "replace");
        assert.equal(kind({ kubeconfig: "a", clusterIdentifier: "dev" }, { kubeconfig: "b", clusterIdentifier: "dev" }), "update");
        assert.equal(kind({ clusterIdentifier: "dev" }, { clusterIdentifier: "dev2" }), "replace");
    });

    it("replaces everything a replaced provider manages", () => {
        const subnet = resource("aws:ec2/subnet:Subnet", "a", { cidrBlock: "10.0.0.0/24" });
        const diff = diffPlans(plan(awsProvider("us-east-2"), subnet), plan(awsProvider("us-west-2"), subnet), rules);
        assert.deepEqual(diff.changes.map((c) => [c.kind, c.name, c.warnings]), [
            ["replace", "a", ["its provider is replaced, so it is replaced too"]],
            ["replace", "aws", []],
        ]);
    });

    it("takes a change of a type without a rule as a replacement and says so; component inputs are not changes", () => {
        const unknown = (v: string) => resource("aws:sqs/queue:Queue", "q", { v });
        const component = (v: string) => resource("signal-trading:network:Network", "n", { v }, { provider: null });
        const diff = diffPlans(plan(unknown("1"), component("1")), plan(unknown("2"), component("2")), rules);
        assert.deepEqual(diff.changes.map((c) => [c.kind, c.warnings]), [["replace", ["no replacement rule for aws:sqs/queue:Queue in tools/plan/replacements.ts: every change is taken as a replacement"]]]);
        assert.equal(diff.counts.unchanged, 1);
    });

    it("lists added and deleted resources by URN", () => {
        const diff = diffPlans(plan(resource("aws:ec2/subnet:Subnet", "old", {})), plan(resource("aws:ec2/subnet:Subnet", "new", {})), rules);
        assert.deepEqual(diff.changes.map((c) => [c.kind, c.urn]), [["delete", "urn:pulumi:dev::signal-trading::aws:ec2/subnet:Subnet::old"], ["add", "urn:pulumi:dev::signal-trading::aws:ec2/subnet:Subnet::new"]]);
    });

    it("refuses plans of different stacks and directories that hold no plan", () => {
        assert.throws(() => diffPlans({ stack: "dev", resources: [] }, { stack: "prod", resources: [] }, rules), (e: Error) => e instanceof PlanDiffError && /different stacks: the earlier one of "dev", this one of "prod"/.test(e.message));
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-diff-"));
        assert.throws(() => readPlanOutput(dir), (e: Error) => e instanceof PlanDiffError && e.message.startsWith(`${dir} is not a plan output: it has no plan.json`));
        fs.writeFileSync(path.join(dir, "plan.json"), "{");
        assert.throws(() => readPlanOutput(dir), /plan\.json is not valid JSON/);
        fs.writeFileSync(path.join(dir, "plan.json"), JSON.stringify({ stack: "dev", resources: [{ urn: "x" }] }));
        assert.throws(() => readPlanOutput(dir), /is not a plan: it needs "stack" and "resources" with urn, type, name and inputs each/);
    });
});
