import { strict as assert } from "node:assert";
import { programRunOf } from "../../test/harness";
import { KUBERNETES_OBJECT_RULE, REPLACEMENT_RULES, ReplacementRule, replacementRule } from "./replacements";

/** The documented meaning of a listed path: `*` matches one segment, and a change at or below the path matches. */
function covers(listed: string, changed: string): boolean {
    const want = listed.split(".");
    const got = changed.split(".");
    return got.length >= want.length && want.every((segment, i) => segment === "*" || segment === got[i]);
}
const replaces = (rule: ReplacementRule, changed: string) => rule.replaceOn.some((listed) => covers(listed, changed));
const ruleOf = (type: string): ReplacementRule => {
    const rule = replacementRule(type);
    assert.ok(rule, `no rule for ${type}`);
    return rule;
};

describe("replace-forcing inputs", () => {
    describe("cover what the stacks register", () => {
        const registered = new Map<string, boolean>();
        before(async () => {
            for (const stack of ["dev", "prod"] as const) {
                for (const r of (await programRunOf(stack)).all) registered.set(r.type, r.custom);
            }
        });

        it("has a rule of its own for every provider-managed type of the dev and prod stacks", () => {
            const missing = [...registered].filter(([type, custom]) => custom && !(type in REPLACEMENT_RULES)).map(([type]) => type);
            assert.deepEqual(missing, []);
            assert.ok([...registered.values()].filter(Boolean).length >= 60);
        });

        it("has no rule for the program's components", () => {
            const components = [...registered].filter(([, custom]) => !custom).map(([type]) => type);
            assert.ok(components.includes("signal-trading:network:Network"));
            assert.deepEqual(components.filter((type) => replacementRule(type) !== undefined), []);
        });
    });

    it("cites a source for every rule and writes every path as dotted segments", () => {
        for (const [type, rule] of [...Object.entries(REPLACEMENT_RULES), ["object", KUBERNETES_OBJECT_RULE] as const]) {
            assert.ok(rule.sources.length > 0, `${type} has no source`);
            const paths = [...rule.replaceOn, ...(rule.conditional ?? []).flatMap((c) => c.paths)];
            for (const path of paths) assert.match(path, /^[A-Za-z*][\w*]*(\.[A-Za-z*][\w*]*)*$/, `${type}: ${path}`);
        }
    });

    describe("replacementRule", () => {
        it("merges the object rule into a Kubernetes kind's own rule, the object's name first", () => {
            const rule = ruleOf("kubernetes:apps/v1:StatefulSet");
            assert.deepEqual(rule.replaceOn.slice(0, 2), ["metadata.name", "metadata.namespace"]);
            assert.ok(rule.replaceOn.includes("spec.volumeClaimTemplates"));
            assert.equal(rule.physicalName, "metadata.name");
            assert.equal(rule.holdsState, REPLACEMENT_RULES["kubernetes:apps/v1:StatefulSet"].holdsState);
            assert.deepEqual(rule.sources, [...KUBERNETES_OBJECT_RULE.sources, ...REPLACEMENT_RULES["kubernetes:apps/v1:StatefulSet"].sources]);
        });

        it("keeps a kind's conditions and leaves the table's rules unchanged", () => {
            const before = structuredClone(REPLACEMENT_RULES["kubernetes:core/v1:Secret"]);
            const rule = ruleOf("kubernetes:core/v1:Secret");
            rule.replaceOn.push("spec");
            assert.deepEqual(rule.conditional, before.conditional);
            assert.deepEqual(REPLACEMENT_RULES["kubernetes:core/v1:Secret"], before);
            assert.deepEqual(KUBERNETES_OBJECT_RULE.replaceOn, ["metadata.name", "metadata.namespace"]);
        });

        it("gives a Kubernetes kind without a rule of its own the object rule", () => {
            const rule = ruleOf("kubernetes:batch/v1:CronJob");
            assert.deepEqual(rule.replaceOn, KUBERNETES_OBJECT_RULE.replaceOn);
            assert.equal(rule.physicalName, "metadata.name");
        });

        it("does not treat a Helm release as an object: its name and namespace are inputs of their own", () => {
            const rule = ruleOf("kubernetes:helm.sh/v3:Release");
            assert.deepEqual(rule.replaceOn, ["name", "namespace"]);
            assert.equal(rule.physicalName, "name");
        });

        it("returns the table's rule for other providers and nothing for unknown or component types", () => {
            assert.equal(replacementRule("aws:ec2/subnet:Subnet"), REPLACEMENT_RULES["aws:ec2/subnet:Subnet"]);
            assert.equal(replacementRule("signal-trading:workload:Redis"), undefined);
            assert.equal(replacementRule("aws:ec2/instance:Instance"), undefined);
        });
    });

    describe("known facts", () => {
        it("a subnet is replaced for a new CIDR block or availability zone, not for public IPs on launch", () => {
            const rule = ruleOf("aws:ec2/subnet:Subnet");
            for (const path of ["cidrBlock", "availabilityZone", "availabilityZoneId", "vpcId"]) assert.ok(replaces(rule, path), path);
            assert.ok(!replaces(rule, "mapPublicIpOnLaunch"));
            assert.ok(!replaces(rule, "tags.Name"));
        });

        it("an EKS cluster moves to other subnets in place but is replaced for a new service CIDR", () => {
            const rule = ruleOf("aws:eks/cluster:Cluster");
            assert.ok(!replaces(rule, "vpcConfig.subnetIds"));
            assert.ok(!replaces(rule, "vpcConfig.subnetIds.0"));
            assert.ok(!replaces(rule, "version"));
            assert.ok(replaces(rule, "kubernetesNetworkConfig.serviceIpv4Cidr"));
            assert.equal(rule.physicalName, "name");
        });

        it("an RDS instance is renamed and grown in place, but replaced for a new engine, user or key", () => {
            const rule = ruleOf("aws:rds/instance:Instance");
            for (const path of ["identifier", "allocatedStorage", "instanceClass", "engineVersion", "password"]) assert.ok(!replaces(rule, path), path);
            for (const path of ["engine", "dbName", "username", "kmsKeyId", "storageEncrypted"]) assert.ok(replaces(rule, path), path);
            assert.equal(rule.physicalName, "identifier");
            assert.match(rule.holdsState ?? "", /data/);
        });

        it("a StatefulSet is replaced for any change of its volume claim templates, not of its pod template", () => {
            const rule = ruleOf("kubernetes:apps/v1:StatefulSet");
            assert.ok(replaces(rule, "spec.volumeClaimTemplates.0.spec.resources.requests.storage"));
            assert.ok(replaces(rule, "spec.volumeClaimTemplates"));
            assert.ok(!replaces(rule, "spec.template.spec.containers.0.image"));
            assert.ok(!replaces(rule, "spec.replicas"));
        });

        it("a Secret's data replaces it only while the provider does not set enableSecretMutable; its type always does", () => {
            const rule = ruleOf("kubernetes:core/v1:Secret");
            assert.ok(!replaces(rule, "stringData.password"));
            assert.ok(replaces(rule, "type"));
            assert.deepEqual(rule.conditional, [{ paths: ["data", "stringData"], unlessProviderInput: "enableSecretMutable" }]);
            assert.deepEqual(ruleOf("kubernetes:core/v1:ConfigMap").conditional, [{ paths: ["data", "binaryData"], unlessProviderInput: "enableConfigMapMutable" }]);
        });

        it("a `*` in a listed path matches one key or index", () => {
            const rule: ReplacementRule = { replaceOn: ["blockDeviceMappings.*.ebs.kmsKeyId"], sources: ["test"] };
            assert.ok(replaces(rule, "blockDeviceMappings.0.ebs.kmsKeyId"));
            assert.ok(!replaces(rule, "blockDeviceMappings.0.ebs.volumeSize"));
        });
    });
});
