import { strict as assert } from "node:assert";
import { Policies, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { awsProvider, resource } from "../../policy-pack/test/fixtures";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { evaluatePolicies, loadPolicyConfig, PolicyConfigError, PolicyError, resolvePolicyConfig } from "./engine";

/** Flags every bucket whose `acl` is not "private"; remediates by setting it. */
const bucketAcl: ResourceValidationPolicy = {
    name: "aws-bucket-require-private-acl",
    description: "Buckets must be private.",
    severity: "high",
    configSchema: { properties: { allowed: { type: "array", items: { type: "string" }, default: ["private"] } } },
    validateResource: (args, report) => {
        if (args.type !== "aws:s3/bucket:Bucket") return;
        if (args.props.skip) args.notApplicable("skipped on purpose");
        const { allowed } = args.getConfig<{ allowed: string[] }>();
        if (!allowed.includes(args.props.acl)) report(`acl is ${args.props.acl}`);
    },
    remediateResource: (args) => (args.type === "aws:s3/bucket:Bucket" && args.props.acl !== "private" ? { ...args.props, acl: "private" } : undefined),
};

/** Reports each resource's parent name and dependency names, to show the stack view. */
const seenStack: string[] = [];
const stackView: StackValidationPolicy = {
    name: "stack-resource-require-nothing",
    description: "Records what a stack policy sees.",
    enforcementLevel: "advisory",
    validateStack: (args) => {
        for (const r of args.resources) seenStack.push(`${r.name}:${r.props.state ?? "-"}:${r.parent?.name ?? "-"}:${r.dependencies.map((d) => d.name).join("+")}`);
    },
};

const pack: Policies = [bucketAcl, stackView];
const publicBucket = () => resource("aws:s3/bucket:Bucket", "logs", { inputs: { acl: "public-read" } });

describe("in-process policy runner", () => {
    describe("enforcement levels", () => {
        it("uses the pack's level when neither the policy nor the config sets one", () => {
            assert.equal(evaluatePolicies(pack, "advisory", {}, [publicBucket()]).violations[0].enforcementLevel, "advisory");
        });

        it("prefers the policy's own level to the pack's", () => {
            const [, stack] = resolvePolicyConfig(pack, "mandatory", {});
            assert.equal(stack.level, "advisory");
        });

        it("prefers the config's `all` to the policy's own level", () => {
            const resolved = resolvePolicyConfig(pack, "advisory", { all: "mandatory" });
            assert.deepEqual(resolved.map((r) => r.level), ["mandatory", "mandatory"]);
        });

        it("prefers the policy's own entry in the config to `all`", () => {
            const resolved = resolvePolicyConfig(pack, "advisory", { all: "mandatory", "aws-bucket-require-private-acl": { enforcementLevel: "advisory" } });
            assert.deepEqual(resolved.map((r) => r.level), ["advisory", "mandatory"]);
        });

        it("skips a disabled policy entirely", () => {
            assert.deepEqual(evaluatePolicies(pack, "mandatory", { "aws-bucket-require-private-acl": "disabled" }, [publicBucket()]).violations, []);
        });
    });

    describe("config", () => {
        it("fills in the schema's defaults", () => {
            assert.deepEqual(resolvePolicyConfig(pack, "mandatory", {})[0].config, { allowed: ["private"] });
        });

        it("passes the configured properties to the policy", () => {
            const report = evaluatePolicies(pack, "mandatory", { "aws-bucket-require-private-acl": { allowed: ["private", "public-read"] } }, [publicBucket()]);
            assert.deepEqual(report.violations, []);
        });

        it("rejects, in one error, an unknown policy, an unknown level, a property of the wrong type and an unknown property", () => {
            assert.throws(() => resolvePolicyConfig(pack, "mandatory", {
                "no-such-policy": "mandatory",
                all: "strict" as never,
                "aws-bucket-require-private-acl": { allowed: "private", colour: "red" },
            }), (error: unknown) => {
                assert.ok(error instanceof PolicyConfigError);
                assert.equal(error.problems.length, 4, error.message);
                assert.match(error.message, /no-such-policy: no policy of that name/);
                assert.match(error.message, /all: enforcement level "strict" is not one of/);
                assert.match(error.message, /aws-bucket-require-private-acl\.allowed: must be array/);
                assert.match(error.message, /must NOT have additional properties \(colour\)/);
                return true;
            });
        });
    });

    describe("config file", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-config-"));
        const file = (name: string, text: string) => {
            const where = path.join(dir, name);
            fs.writeFileSync(where, text);
            return where;
        };
        const refused = (where: string, message: string) => assert.throws(() => loadPolicyConfig(where, pack, "mandatory"), (error: unknown) => {
            assert.ok(error instanceof PolicyConfigError, String(error));
            assert.equal(error.message, message);
            assert.equal(error.file, where);
            return true;
        });

        it("reads a config that fits the pack", () => {
            assert.deepEqual(loadPolicyConfig(file("ok.json", '{"all":"advisory"}'), pack, "mandatory"), { all: "advisory" });
        });

        it("refuses, naming the file, anything but a JSON object: null, an array, a string, a number", () => {
            const shape = 'must be a JSON object of policy names (or "all"), each set to an enforcement level or to an object of settings; it is';
            for (const [name, text, what] of [["null.json", "null", "null"], ["array.json", "[]", "an array"], ["string.json", '"mandatory"', "a string"], ["number.json", "3", "a number"]]) {
                const where = file(name, text);
                refused(where, `invalid policy config ${where}: ${shape} ${what}`);
            }
        });

        it("refuses an unreadable file and one that is not JSON, naming it", () => {
            const missing = path.join(dir, "missing.json");
            refused(missing, `invalid policy config ${missing}: cannot be read: ENOENT: no such file or directory, open '${missing}'`);
            const broken = file("broken.json", "{");
            assert.throws(() => loadPolicyConfig(broken, pack, "mandatory"), new RegExp(`^PolicyConfigError: invalid policy config ${broken}: is not valid JSON: `));
        });

        it("lists every problem of the entries under the file's name, suggesting the policy meant", () => {
            const where = file("entries.json", JSON.stringify({ "aws-bucket-require-private-acls": "advisory", "aws-bucket-require-private-acl": 3 }));
            refused(where, [
                `invalid policy config ${where} (2 problems):`,
                "  aws-bucket-require-private-acls: no policy of that name in the pack; did you mean aws-bucket-require-private-acl?",
                "  aws-bucket-require-private-acl: must be an enforcement level or an object of settings, not a number",
            ].join("\n"));
        });
    });

    describe("evaluation", () => {
        it("reports a violation with the policy's description, the message and the resource", () => {
            const bucket = publicBucket();
            const [violation] = evaluatePolicies(pack, "mandatory", {}, [bucket]).violations;
            assert.deepEqual(violation, { policyName: "aws-bucket-require-private-acl", enforcementLevel: "mandatory", severity: "high", urn: bucket.urn, message: "Buckets must be private.\nacl is public-read" });
        });

        it("records notApplicable instead of a violation", () => {
            const bucket = resource("aws:s3/bucket:Bucket", "skipped", { inputs: { acl: "public-read", skip: true } });
            const report = evaluatePolicies(pack, "mandatory", {}, [bucket]);
            assert.deepEqual(report.violations, []);
            assert.deepEqual(report.notApplicable, [{ policyName: "aws-bucket-require-private-acl", urn: bucket.urn, reason: "skipped on purpose" }]);
        });

        it("at level remediate, remediates before validating, so the fixed resource passes", () => {
            const bucket = publicBucket();
            const report = evaluatePolicies(pack, "mandatory", { "aws-bucket-require-private-acl": "remediate" }, [bucket]);
            assert.deepEqual(report.violations, []);
            assert.deepEqual(report.remediations, [{ policyName: "aws-bucket-require-private-acl", urn: bucket.urn }]);
            assert.equal(report.remediatedInputs[bucket.urn].acl, "private");
        });

        it("at level mandatory, does not remediate", () => {
            const report = evaluatePolicies(pack, "mandatory", {}, [publicBucket()]);
            assert.deepEqual(report.remediations, []);
            assert.equal(report.violations.length, 1);
        });

        it("reports a violation left after remediation as mandatory", () => {
            const stubborn: ResourceValidationPolicy = { ...bucketAcl, remediateResource: () => undefined };
            const report = evaluatePolicies([stubborn], "mandatory", { [stubborn.name]: "remediate" }, [publicBucket()]);
            assert.equal(report.violations[0].enforcementLevel, "mandatory");
        });

        it("shows resource policies the inputs and the provider's inputs", () => {
            const seen: unknown[] = [];
            const probe: ResourceValidationPolicy = {
                name: "aws-probe-require-nothing", description: "probe",
                validateResource: (args) => void seen.push([args.props.state, args.provider?.props.region]),
            };
            const provider = awsProvider();
            evaluatePolicies([probe], "mandatory", {}, [provider, resource("aws:s3/bucket:Bucket", "b", { provider, inputs: { state: "input" }, outputs: { state: "output" } })]);
            assert.deepEqual(seen[1], ["input", "us-east-1"]);
        });

        it("shows stack policies the outputs, the parent and the dependencies as resources", () => {
            seenStack.length = 0;
            const parent = resource("signal-trading:network:Network", "net");
            const vpc = resource("aws:ec2/vpc:Vpc", "vpc", { parent, inputs: { state: "input" }, outputs: { state: "output" } });
            const log = resource("aws:ec2/flowLog:FlowLog", "log", { parent, propertyDependsOn: { vpcId: [vpc] } });
            evaluatePolicies(pack, "mandatory", {}, [parent, vpc, log]);
            assert.deepEqual(seenStack, ["net:-:-:", "vpc:output:net:", "log:-:net:vpc"]);
        });

        it("names the policy and the resource when a policy throws", () => {
            const broken: ResourceValidationPolicy = { name: "aws-broken-require-nothing", description: "broken", validateResource: () => { throw new Error("boom"); } };
            assert.throws(() => evaluatePolicies([broken], "mandatory", {}, [publicBucket()]), (error: unknown) =>
                error instanceof PolicyError && /policy aws-broken-require-nothing failed on urn:pulumi:test::signal-trading::aws:s3\/bucket:Bucket::logs: boom/.test(error.message));
        });

        it("refuses a policy that returns a promise, whose result nobody would wait for", () => {
            const later: ResourceValidationPolicy = { name: "aws-async-require-nothing", description: "async", validateResource: async () => undefined };
            assert.throws(() => evaluatePolicies([later], "mandatory", {}, [publicBucket()]), /aws-async-require-nothing failed on .*: returned a promise: the pack's policies must be synchronous/);
        });

        it("gives stack policies each resource's provider with its inputs", () => {
            const seen: unknown[] = [];
            const probe: StackValidationPolicy = {
                name: "stack-probe-require-nothing", description: "probe",
                validateStack: (args) => void seen.push(...args.resources.filter((r) => r.type.startsWith("aws:s3")).map((r) => r.provider?.props.region)),
            };
            const provider = awsProvider();
            evaluatePolicies([probe], "mandatory", {}, [provider, resource("aws:s3/bucket:Bucket", "b", { provider })]);
            assert.deepEqual(seen, ["us-east-1"]);
        });

        it("takes an object-form violation's message, else its description", () => {
            const objectForm: ResourceValidationPolicy = {
                name: "aws-object-require-nothing", description: "policy description",
                validateResource: (_args, report) => {
                    report({ description: "custom description" } as never);
                    report({ message: "custom message", severity: "low" } as never);
                },
            };
            const found = evaluatePolicies([objectForm], "advisory", {}, [publicBucket()]).violations;
            assert.deepEqual(found.map((v) => [v.message, v.severity]), [["custom description", undefined], ["custom message", "low"]]);
        });

        it("records a remediation-only policy as not applicable to validation, and a validation-only policy at remediate as not remediating", () => {
            const remediateOnly: ResourceValidationPolicy = { name: "aws-fix-require-nothing", description: "fix", remediateResource: () => undefined };
            const validateOnly: ResourceValidationPolicy = { name: "aws-check-require-nothing", description: "check", validateResource: () => undefined };
            const report = evaluatePolicies([remediateOnly, validateOnly], "remediate", {}, [publicBucket()]);
            assert.deepEqual(report.notApplicable.map((n) => [n.policyName, n.reason]), [
                ["aws-check-require-nothing", "Policy does not implement remediateResource"],
                ["aws-fix-require-nothing", "Policy does not implement validateResource"],
            ]);
        });
    });
});
