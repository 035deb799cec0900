import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stackConfig } from "../../test/harness";
import { RecordedResource } from "../offline/recorder";
import { runProgram } from "../offline/run-program";
import { decodeWire, SECRET_SIG, SIG_KEY } from "../offline/wire";
import { HELP, main } from "./main";
import { parseStackExport } from "./stack-export";


/** What `pulumi stack export` writes for the recorded resources: secrets encrypted, provider references `<urn>::<id>`. */
function checkpointOf(resources: RecordedResource[]) {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const encrypt = (value: unknown) => decodeWire(value, { secret: () => ({ [SIG_KEY]: SECRET_SIG, ciphertext: "v1:b2ZmbGluZQ==:Y2lwaGVydGV4dA==" }) });
    return {
        version: 3,
        deployment: {
            manifest: { time: "2026-11-27T00:00:00Z", version: "v3.200.0" },
            resources: resources.map((r) => ({
                urn: r.urn, custom: r.custom, id: r.id, type: r.type,
                inputs: encrypt(r.inputs), outputs: encrypt(r.outputs),
                parent: r.parent, provider: r.provider ? `${r.provider}::${byUrn.get(r.provider)?.id}` : undefined,
                dependencies: r.dependencies, propertyDependencies: r.propertyDependencies, protect: r.protect,
            })),
        },
    };
}

function audit(...argv: string[]): { code: number; stdout: string; stderr: string } {
    return auditFrom(process.cwd(), ...argv);
}

/** The audit as `npm run policy` runs it when started in `from`. */
function auditFrom(from: string, ...argv: string[]): { code: number; stdout: string; stderr: string } {
    const out: string[] = [];
    const err: string[] = [];
    const [log, error] = [console.log, console.error];
    console.log = (...a: unknown[]) => out.push(a.join(" "));
    console.error = (...a: unknown[]) => err.push(a.join(" "));
    try {
        return { code: main(argv, from), stdout: out.join("\n"), stderr: err.join("\n") };
    } finally {
        [console.log, console.error] = [log, error];
    }
}

const PROJECT_ROOT = path.resolve(__dirname, "..", "..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-audit-"));
function writeExport(name: string, document: unknown): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, typeof document === "string" ? document : JSON.stringify(document));
    return file;
}

describe("policy audit of a stack export (npm run policy)", () => {
    let prod: ReturnType<typeof checkpointOf>;
    let dev: ReturnType<typeof checkpointOf>;
    before(async () => {
        prod = checkpointOf((await runProgram("prod", stackConfig("prod"))).resources);
        dev = checkpointOf((await runProgram("dev", stackConfig("dev"))).resources);
    });

    it("passes the prod stack as deployed, judged with prod's policy config, and exits 0", () => {
        const result = audit("--export", writeExport("prod.json", prod));
        assert.equal(result.code, 0, result.stderr);
        assert.match(result.stdout, new RegExp(`^Policy audit of stack "prod" from .*prod\\.json \\(${prod.deployment.resources.length} resources, policy config .*policy-pack/config/prod\\.json\\)`));
        assert.match(result.stdout, /PASSED: no mandatory policy violations$/);
    });

    it("fails with exit 1 when the live backup bucket lost its versioning, naming policy and bucket", () => {
        const broken = structuredClone(prod);
        broken.deployment.resources = broken.deployment.resources.filter((r) => r.type !== "aws:s3/bucketVersioning:BucketVersioning" || !r.urn.endsWith("::signal-trading-prod-backups-primary-versioning"));
        const result = audit("--export", writeExport("unversioned.json", broken));
        assert.equal(result.code, 1);
        assert.match(result.stdout, /\[mandatory\] aws-s3-require-versioning on signal-trading-prod-backups-primary \(aws:s3\/bucket:Bucket\)/);
        assert.match(result.stdout, /FAILED: \d+ mandatory policy violations$/);
    });

    it("takes the policy config of the stack's environment: dev's relaxations are advisory", () => {
        const result = audit("--export", writeExport("dev.json", dev), "--json");
        assert.equal(result.code, 0);
        const summary = JSON.parse(result.stdout);
        assert.match(summary.policyConfig, /policy-pack\/config\/dev\.json$/);
        assert.deepEqual(summary.violations.map((v: { policyName: string; enforcementLevel: string }) => `${v.enforcementLevel} ${v.policyName}`).sort(),
            ["advisory aws-rds-require-deletion-protection", "advisory aws-rds-require-multi-az", "advisory aws-vpc-require-service-endpoints"]);
    });

    it("judges with another policy config when --config names one", () => {
        const strict = writeExport("strict-config.json", { all: "mandatory", "aws-rds-require-backup-retention": { minDays: 30 } });
        const result = audit("--export", writeExport("prod2.json", prod), "--config", strict);
        assert.equal(result.code, 1);
        assert.match(result.stdout, /\[mandatory\] aws-rds-require-backup-retention on signal-trading-prod-postgres-instance/);
    });

    it("judges a stack <environment>-<suffix> with its environment's policy config, as the plan does", () => {
        const result = audit("--export", writeExport("prod-eu.json", JSON.stringify(prod).replaceAll("urn:pulumi:prod::", "urn:pulumi:prod-eu::")), "--json");
        assert.equal(result.stderr, "");
        const summary = JSON.parse(result.stdout);
        assert.deepEqual([result.code, summary.stack, summary.policyConfig], [0, "prod-eu", path.join(PROJECT_ROOT, "policy-pack", "config", "prod.json")]);
    });

    it("exits 2 for a stack whose environment has no policy config, naming the option that gives one", () => {
        const result = audit("--export", writeExport("staging.json", JSON.stringify(prod).replaceAll("urn:pulumi:prod::", "urn:pulumi:staging::")));
        assert.equal(result.code, 2);
        assert.equal(result.stderr, 'error: stack "staging" is of environment "staging", which has no policy config (environments: dev, prod; a stack is named <environment> or <environment>-<suffix>); name one with --policy-config <file>\nusage: npm run policy -- --export <file> [--policy-config <file>] [--json]');
    });

    it("reads --export and --policy-config relative to the directory it was started in; --config is the older spelling", () => {
        writeExport("relative.json", prod);
        writeExport("relative-config.json", { all: "mandatory", "aws-rds-require-backup-retention": { minDays: 30 } });
        for (const option of ["--policy-config", "--config"]) {
            const result = auditFrom(dir, "--export", "relative.json", option, "relative-config.json", "--json");
            assert.equal(result.code, 1, result.stderr);
            assert.equal(JSON.parse(result.stdout).policyConfig, path.join(dir, "relative-config.json"));
        }
    });

    it("exits 2 for a policy config that is not a JSON object, naming the file, before reading the export", () => {
        for (const [text, what] of [["null", "null"], ["[]", "an array"], ['"advisory"', "a string"], ["1", "a number"]]) {
            const config = writeExport("not-an-object.json", text);
            const result = audit("--export", path.join(dir, "never-read.json"), "--policy-config", config);
            assert.deepEqual(result, { code: 2, stdout: "", stderr: `error: invalid policy config ${config}: must be a JSON object of policy names (or "all"), each set to an enforcement level or to an object of settings; it is ${what}` });
        }
    });

    it("prints a help with every option, the exit codes and an example", () => {
        const result = audit("--help");
        assert.deepEqual(result, { code: 0, stdout: HELP, stderr: "" });
        for (const option of ["--export <file>", "--policy-config <file>", "--json", "--help"]) assert.ok(HELP.includes(`\n  ${option} `), option);
        assert.match(HELP, /\nExit codes:\n  0  no mandatory policy violation\n  1  a mandatory policy violation\n  2  invalid arguments, unreadable export, or invalid policy config\n/);
        assert.match(HELP, /\nExample:\n  pulumi stack export --stack prod --file \/tmp\/prod\.json && npm run policy -- --export \/tmp\/prod\.json$/);
    });

    it("exits 2 with a clear message for a file that is not JSON, not an export, or missing", () => {
        for (const [file, message] of [
            [writeExport("garbage.json", "{not json"), /garbage\.json is not valid JSON/],
            [writeExport("config.json", { config: {} }), /is not a stack export: it has no deployment\.resources \(create it with `pulumi stack export --file <file>`\)/],
            [path.join(dir, "missing.json"), /cannot read the stack export .*missing\.json/],
        ] as const) {
            const result = audit("--export", file);
            assert.equal(result.code, 2, file);
            assert.match(result.stderr, message);
        }
    });

    it("exits 2 for a policy config that does not fit the pack", () => {
        const wrong = writeExport("wrong-config.json", { "aws-kms-require-deletion-window": { minDays: 31 } });
        const result = audit("--export", writeExport("prod3.json", prod), "--config", wrong);
        assert.equal(result.code, 2);
        assert.match(result.stderr, /invalid policy config/);
    });

    it("exits 2 without --export, printing the usage", () => {
        const result = audit();
        assert.equal(result.code, 2);
        assert.match(result.stderr, /--export is required\nusage: npm run policy -- --export <file>/);
    });
});

describe("policy audit of a hand-written stack export (tools/audit/fixtures/hand-written-export.json)", () => {
    const FIXTURE = path.join(__dirname, "fixtures", "hand-written-export.json");
    const GATEWAY = "signal-trading-dev-gateway-deployment";
    const SIGNAL = "signal-trading-dev-signal-deployment";
    type Exported = { urn: string; type: string; inputs?: Record<string, any>; outputs?: Record<string, any> };
    const fixture = (): { deployment: { resources: Exported[] } } => JSON.parse(fs.readFileSync(FIXTURE, "utf8"));
    const named = (document: ReturnType<typeof fixture>, name: string, type?: string) =>
        document.deployment.resources.find((r) => r.urn.endsWith(`::${name}`) && (type === undefined || r.type === type))!;
    const found = (stdout: string) => (JSON.parse(stdout).violations as { enforcementLevel: string; policyName: string; resource: string; resourceType: string }[])
        .map((v) => `${v.enforcementLevel} ${v.policyName} on ${v.resource} (${v.resourceType})`).sort();

    it("fails its unrotated key, unversioned bucket, privileged Deployment and the signal Deployment without its PDB with exit 1, and nothing else", () => {
        const result = audit("--export", FIXTURE, "--json");
        assert.equal(result.code, 1, result.stderr);
        const summary = JSON.parse(result.stdout);
        assert.deepEqual([summary.stack, summary.total, path.relative(PROJECT_ROOT, summary.policyConfig)], ["dev", 38, "policy-pack/config/dev.json"]);
        assert.deepEqual(found(result.stdout), [
            "mandatory aws-kms-require-key-rotation on signal-trading-dev-audit-key (aws:kms/key:Key)",
            "mandatory aws-s3-require-versioning on signal-trading-dev-reports (aws:s3/bucket:Bucket)",
            "mandatory kubernetes-pod-disallow-privilege-escalation on report-renderer (kubernetes:apps/v1:Deployment)",
            "mandatory kubernetes-pod-disallow-privileged on report-renderer (kubernetes:apps/v1:Deployment)",
            `mandatory stack-workload-require-companions on ${SIGNAL} (kubernetes:apps/v1:Deployment)`,
        ]);
    });

    it("holds the services' objects as pulumi-kubernetes writes them: the live object, the declared one in __inputs, the API version and field manager", () => {
        const gateway = named(fixture(), GATEWAY);
        assert.equal(gateway.inputs!.spec.replicas, undefined);
        assert.equal(gateway.outputs!.spec.replicas, 3, "set by the HPA");
        assert.deepEqual(gateway.outputs!.__inputs, gateway.inputs);
        assert.deepEqual([gateway.outputs!.__initialApiVersion, gateway.outputs!.__fieldManager], ["apps/v1", "pulumi-kubernetes-9f4b2c1e"]);
        assert.equal(gateway.outputs!.spec.template.spec.dnsPolicy, "ClusterFirst", "a server default");
        const objects = fixture().deployment.resources.filter((r) => r.urn.includes("signal-trading:workload:Microservice$"));
        assert.deepEqual(objects.map((r) => r.type.split(":").pop()).sort(), [
            "Deployment", "Deployment", "HorizontalPodAutoscaler", "HorizontalPodAutoscaler", "NetworkPolicy", "NetworkPolicy", "PodDisruptionBudget",
            "Service", "Service", "ServiceAccount", "ServiceAccount", "ServiceMonitor", "ServiceMonitor",
        ]);
        assert.ok(objects.every((r) => r.outputs!.__inputs !== undefined && r.outputs!.metadata.namespace === "signal-trading-dev"));
    });

    it("passes the gateway with every companion and reports the signal Deployment's missing PDB; with prod's config, availability too", () => {
        const companionsAndAvailability = (stdout: string) => (JSON.parse(stdout).violations as { policyName: string; resource: string; message: string }[])
            .filter((v) => ["stack-workload-require-companions", "stack-workload-require-availability"].includes(v.policyName))
            .map((v) => `${v.policyName} on ${v.resource}: ${v.message.split("\n").slice(1).join(" ")}`);
        const lacksPdb = `stack-workload-require-companions on ${SIGNAL}: ${SIGNAL} (kubernetes:apps/v1:Deployment) in namespace signal-trading-dev lacks a PodDisruptionBudget (none in the namespace selects its pods).`;
        assert.deepEqual(companionsAndAvailability(audit("--export", FIXTURE, "--json").stdout), [lacksPdb]);
        const prod = audit("--export", FIXTURE, "--config", path.join(PROJECT_ROOT, "policy-pack", "config", "prod.json"), "--json");
        assert.equal(prod.code, 1);
        assert.deepEqual(companionsAndAvailability(prod.stdout), [
            lacksPdb,
            `stack-workload-require-availability on ${SIGNAL}: ${SIGNAL} (kubernetes:apps/v1:Deployment) in namespace signal-trading-dev would not survive the loss of one AZ and one node drain: `
            + "it is guaranteed only 1 replica (minReplicas of signal-trading-dev-signal-hpa (kubernetes:autoscaling/v2:HorizontalPodAutoscaler)), so losing that zone loses it; "
            + "no PodDisruptionBudget in its namespace selects its pods, so a node drain may evict all of them at once.",
        ]);
    });

    it("prints each violation with its level, policy, resource and reason", () => {
        const result = audit("--export", FIXTURE);
        assert.equal(result.code, 1);
        assert.match(result.stdout, /^Policy audit of stack "dev" from .*hand-written-export\.json \(38 resources, policy config .*policy-pack\/config\/dev\.json\)/);
        assert.match(result.stdout, /\[mandatory\] kubernetes-pod-disallow-privileged on report-renderer \(kubernetes:apps\/v1:Deployment\)\n.*\n {6}report-renderer \(kubernetes:apps\/v1:Deployment\) runs containers\[report-renderer\] privileged/);
        assert.match(result.stdout, /signal-trading-dev-audit-key \(aws:kms\/key:Key\) does not rotate its key material: enableKeyRotation is false\./);
        assert.match(result.stdout, /FAILED: 5 mandatory policy violations$/);
    });

    it("exits 0 without violations once the key rotates, the bucket is versioned, the container is unprivileged and the signal Deployment has its PDB", () => {
        const fixed = fixture();
        const key = named(fixed, "signal-trading-dev-audit-key");
        key.inputs!.enableKeyRotation = key.outputs!.enableKeyRotation = true;
        for (const object of [named(fixed, "report-renderer").inputs!, named(fixed, "report-renderer").outputs!]) {
            Object.assign(object.spec.template.spec.containers[0].securityContext, { privileged: false, allowPrivilegeEscalation: false });
        }
        // The reports bucket gets the versioning resource its access-log bucket has.
        const versioning = structuredClone(named(fixed, "signal-trading-dev-access-logs-versioning")) as Exported & Record<string, any>;
        const reports = named(fixed, "signal-trading-dev-reports", "aws:s3/bucket:Bucket");
        const rename = (text: string) => text.replaceAll("signal-trading-dev-access-logs", "signal-trading-dev-reports");
        Object.assign(versioning, JSON.parse(rename(JSON.stringify({ urn: versioning.urn, id: versioning.id, inputs: versioning.inputs, outputs: versioning.outputs, parent: versioning.parent }))));
        versioning.dependencies = [reports.urn];
        versioning.propertyDependencies = { bucket: [reports.urn] };
        fixed.deployment.resources.push(versioning);
        // The signal service gets the budget the gateway has.
        const budget = JSON.parse(JSON.stringify(named(fixed, "signal-trading-dev-gateway-pdb")).replaceAll("api-gateway", "signal-engine").replaceAll("gateway", "signal"));
        fixed.deployment.resources.push(budget);

        const result = audit("--export", writeExport("hand-written-fixed.json", fixed), "--json");
        assert.equal(result.code, 0, result.stdout);
        assert.deepEqual(found(result.stdout), []);
    });

    it("reads the export's encrypted provider secret as a mask and its provider references as URNs", () => {
        const { resources } = parseStackExport(fs.readFileSync(FIXTURE, "utf8"), FIXTURE);
        const kubernetes = resources.find((r) => r.type === "pulumi:providers:kubernetes")!;
        assert.equal(kubernetes.inputs.kubeconfig, "[secret]");
        assert.equal(resources.find((r) => r.name === "report-renderer")!.provider, kubernetes.urn);
    });
});

describe("parseStackExport", () => {
    const resource = (extra: Record<string, unknown>) => ({ urn: "urn:pulumi:prod::signal-trading::aws:rds/instance:Instance::db", type: "aws:rds/instance:Instance", ...extra });

    it("masks encrypted secrets and reveals the ones exported with --show-secrets", () => {
        const parsed = parseStackExport(JSON.stringify({ deployment: { resources: [resource({
            inputs: { password: { [SIG_KEY]: SECRET_SIG, ciphertext: "v1:abc" }, tags: { [SIG_KEY]: SECRET_SIG, plaintext: JSON.stringify({ owner: "platform-team" }) } },
        })] } }), "x.json");
        assert.deepEqual(parsed.resources[0].inputs, { password: "[secret]", tags: { owner: "platform-team" } });
    });

    it("turns provider references into the provider's URN and skips resources pending deletion", () => {
        const parsed = parseStackExport(JSON.stringify({ deployment: { resources: [
            resource({ provider: "urn:pulumi:prod::signal-trading::pulumi:providers:aws::aws::0a1b2c" }),
            resource({ urn: "urn:pulumi:prod::signal-trading::aws:rds/instance:Instance::old", delete: true }),
        ] } }), "x.json");
        assert.equal(parsed.stack, "prod");
        assert.deepEqual(parsed.resources.map((r) => [r.name, r.provider]), [["db", "urn:pulumi:prod::signal-trading::pulumi:providers:aws::aws"]]);
    });

    it("refuses resources without a URN and exports that mix stacks", () => {
        assert.throws(() => parseStackExport(JSON.stringify({ deployment: { resources: [{ type: "x" }] } }), "x.json"), /deployment\.resources\[0\] has no valid urn and type/);
        assert.throws(() => parseStackExport(JSON.stringify({ deployment: { resources: [resource({}), resource({ urn: "urn:pulumi:dev::signal-trading::aws:rds/instance:Instance::db" })] } }), "x.json"),
            /holds resources of several stacks \(prod, dev\)/);
    });
});
