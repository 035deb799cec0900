import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { stringify } from "yaml";
import { RecordedResource } from "../offline/recorder";
import { PROJECT_ROOT } from "../offline/run-program";
import { SECRET_SIG, SIG_KEY } from "../offline/wire";
import { main } from "./main";
import { captureConsole } from "../../test/console";
import { manifestFiles, planDocument } from "./plan";


/** Runs the plan's main in-process, capturing what it prints. */
const plan = (...argv: string[]) => captureConsole(() => main(argv));

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "plan-test-"));

/** A recorded registration, as the recorder produces it. */
const recorded = (type: string, name: string, inputs: Record<string, unknown>): RecordedResource => ({
    urn: `urn:pulumi:test::signal-trading::${type}::${name}`, type, name, custom: true, dependencies: [], propertyDependencies: {},
    protect: false, ignoreChanges: [], additionalSecretOutputs: [], retainOnDelete: false, replaceOnChanges: [], inputs, outputs: inputs,
});
const SECRET = (value: unknown) => ({ [SIG_KEY]: SECRET_SIG, value });

describe("offline plan", () => {
    it("plans prod: exits 0, prints the Network's resources and writes plan.json, policy-report.json and manifests/", async () => {
        const out = tmp();
        const result = await plan("--stack", "prod", "--out", out);
        assert.equal(result.code, 0, result.stderr);
        // The component, VPC, default security group, internet gateway, 12 subnets (4 tiers × 3 AZs), 6 route tables
        // (public, one private per AZ, database, control plane), 12 associations, 3 EIPs, 3 NAT gateways and 4 flow-log resources.
        assert.match(result.stdout, /signal-trading-prod \(signal-trading:network:Network\) +44\n/);
        assert.match(result.stdout, /aws:ec2\/subnet:Subnet +12\n/);
        assert.match(result.stdout, /aws:ec2\/routeTable:RouteTable +6\n/);
        assert.match(result.stdout, /aws:ec2\/routeTableAssociation:RouteTableAssociation +12\n/);
        assert.match(result.stdout, /aws:ec2\/natGateway:NatGateway +3/);
        const total = Number(/Total: (\d+) resources/.exec(result.stdout)?.[1]);
        assert.match(result.stdout, /PASSED: no mandatory policy violations/);
        // The reviewer's view of the add-ons: chart versions, IAM roles of service accounts, backup schedules.
        assert.match(result.stdout, /signal-trading-monitoring\/kube-prometheus-stack +kube-prometheus-stack 88\.5\.3 from https:\/\/prometheus-community\.github\.io\/helm-charts/);
        assert.match(result.stdout, /nginx-ingress\/nginx-ingress +nginx-ingress 2\.6\.4 from oci:\/\/ghcr\.io\/nginx\/charts/);
        assert.match(result.stdout, /velero\/velero-server +signal-trading-prod-velero-role-[0-9a-f]{7}/);
        assert.match(result.stdout, /stateful-15m +\*\/15 \* \* \* \* +keep 48h0m0s +signal-trading +\+volumes/);

        const planJson = JSON.parse(fs.readFileSync(path.join(out, "plan.json"), "utf8"));
        assert.equal(planJson.stack, "prod");
        assert.equal(planJson.resources.length, total);
        for (const component of ["cluster:EksCluster", "cluster:NodeGroups", "database:PostgresDatabase", "backup:BackupStorage"]) {
            assert.match(result.stdout, new RegExp(`\\(signal-trading:${component}\\) +\\d+`));
        }
        for (const r of planJson.resources) {
            assert.deepEqual(Object.keys(r), ["urn", "type", "name", "parent", "provider", "dependencies", "protect", "retainOnDelete", "deleteBeforeReplace", "replaceOnChanges", "ignoreChanges", "inputs"]);
        }
        const vpc = planJson.resources.find((r: { type: string }) => r.type === "aws:ec2/vpc:Vpc");
        assert.equal(vpc.inputs.cidrBlock, "10.40.0.0/16");
        assert.equal(vpc.provider, "urn:pulumi:prod::signal-trading::pulumi:providers:aws::aws");

        const report = JSON.parse(fs.readFileSync(path.join(out, "policy-report.json"), "utf8"));
        assert.deepEqual({ passed: report.passed, mandatory: report.mandatoryViolations, config: report.policyConfig }, { passed: true, mandatory: 0, config: "policy-pack/config/prod.json" });
        assert.ok(fs.statSync(path.join(out, "manifests")).isDirectory());
        const veleroValues = fs.readFileSync(path.join(out, "manifests", "velero", "helmrelease-velero.values.yaml"), "utf8");
        assert.match(veleroValues, /velero-plugin-for-aws:v1\.14\.2/);
        assert.ok(fs.existsSync(path.join(out, "manifests", "velero", "schedule-stateful-15m.yaml")));

        // The stack's secure values run through the program as placeholders; none may surface in plain text.
        for (const text of [result.stdout, fs.readFileSync(path.join(out, "plan.json"), "utf8"), fs.readFileSync(path.join(out, "policy-report.json"), "utf8")]) {
            assert.doesNotMatch(text, /offline-placeholder/);
        }
    });

    it("plans dev: one shared NAT gateway, exits 0", async () => {
        const result = await plan("--stack", "dev");
        assert.equal(result.code, 0, result.stderr);
        assert.match(result.stdout, /aws:ec2\/natGateway:NatGateway +1\n/);
    });

    it("prints the summary and violations as JSON with --json", async () => {
        const result = await plan("--stack", "dev", "--json");
        const summary = JSON.parse(result.stdout);
        assert.equal(summary.stack, "dev");
        assert.equal(summary.total, summary.byType.reduce((n: number, t: { count: number }) => n + t.count, 0));
        // Dev's only findings are the relaxations of policy-pack/config/dev.json, reported as advisory.
        assert.deepEqual(summary.violations.map((v: { policyName: string; enforcementLevel: string }) => `${v.enforcementLevel} ${v.policyName}`).sort(),
            ["advisory aws-rds-require-deletion-protection", "advisory aws-rds-require-multi-az", "advisory aws-vpc-require-service-endpoints"]);
    });

    it("exits 1 and prints each mandatory violation with policy, resource and level", async () => {
        const policyConfig = path.join(tmp(), "strict.json");
        fs.writeFileSync(policyConfig, JSON.stringify({ all: "mandatory", "aws-resource-require-tags": { requiredTags: ["owner", "data-classification"] } }));
        const result = await plan("--stack", "dev", "--policy-config", policyConfig);
        assert.equal(result.code, 1);
        assert.match(result.stdout, /\[mandatory\] aws-resource-require-tags on signal-trading-dev-vpc \(aws:ec2\/vpc:Vpc\)\n {6}Taggable AWS resources must carry/);
        assert.match(result.stdout, /lacks the tags: data-classification\./);
        assert.match(result.stdout, /FAILED: \d+ mandatory policy violations/);
    });

    it("exits 0 when the same violations are advisory", async () => {
        const policyConfig = path.join(tmp(), "advisory.json");
        fs.writeFileSync(policyConfig, JSON.stringify({ all: "advisory", "aws-resource-require-tags": { requiredTags: ["data-classification"] } }));
        const result = await plan("--stack", "dev", "--policy-config", policyConfig);
        assert.equal(result.code, 0);
        assert.match(result.stdout, /\[advisory\] aws-resource-require-tags/);
    });

    it("exits 2 and lists every config problem by path when the stack file has several mistakes", async () => {
        const stackFile = path.join(tmp(), "Pulumi.broken.yaml");
        const text = fs.readFileSync(path.join(PROJECT_ROOT, "Pulumi.prod.yaml"), "utf8")
            .replace("cidr: 10.40.0.0/16", "cidr: 10.40.0.0/33")
            .replace("scaling: { min: 2, max: 15, targetCpuUtilization: 60 }", "scaling: { min: 2, max: 1, targetCpuUtilization: 60 }")
            .replace("      - { zoneId: use1-az4, slot: 2 }\n", "    natGateway: perAz\n");
        fs.writeFileSync(stackFile, text);
        const result = await plan("--stack", "prod", "--stack-config", stackFile);
        assert.equal(result.code, 2);
        assert.equal(result.stdout, "", "nothing was planned");
        for (const expected of [
            "signal-trading:network.cidr:",
            "signal-trading:network.natGateway: unknown key; did you mean natGateways?",
            "signal-trading:services.gateway.scaling.max: must be ≥ min (2)",
        ]) assert.ok(result.stderr.includes(expected), `missing "${expected}" in:\n${result.stderr}`);
        assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace");
    });

    it("exits 2 with usage on missing or unknown arguments, and on a stack without a stack file", async () => {
        assert.deepEqual(await plan().then((r) => [r.code, /--stack is required/.test(r.stderr)]), [2, true]);
        assert.deepEqual(await plan("--stack", "prod", "--colour").then((r) => [r.code, /Unknown option '--colour'/.test(r.stderr)]), [2, true]);
        assert.deepEqual(await plan("--stack", "qa").then((r) => [r.code, /unknown stack "qa" \(known stacks: dev, prod/.test(r.stderr)]), [2, true]);
        assert.deepEqual(await plan("--stack", "dev", "--config", "/nonexistent.yaml").then((r) => [r.code, /cannot read stack file \/nonexistent\.yaml/.test(r.stderr)]), [2, true]);
    });

    it("exits 2 on an invalid policy config", async () => {
        const policyConfig = path.join(tmp(), "bad.json");
        fs.writeFileSync(policyConfig, JSON.stringify({ "aws-vpc-require-flow-logs": { allowedTrafficTypes: ["SOME"] } }));
        const result = await plan("--stack", "dev", "--policy-config", policyConfig);
        assert.equal(result.code, 2);
        assert.match(result.stderr, /aws-vpc-require-flow-logs\.allowedTrafficTypes\.0: must be equal to one of the allowed values/);
    });

    it("exits 2, before running the program, when --against is not a plan output or is a plan of another stack", async () => {
        const empty = tmp();
        const missing = await plan("--stack", "dev", "--against", empty);
        assert.equal(missing.code, 2);
        assert.equal(missing.stderr, `error: ${empty} is not a plan output: it has no plan.json (write one with npm run plan -- --stack <stack> --out ${empty})`);
        fs.writeFileSync(path.join(empty, "plan.json"), JSON.stringify({ stack: "prod", resources: [] }));
        const other = await plan("--stack", "dev", "--against", empty);
        assert.equal(other.code, 2);
        assert.equal(other.stderr, `error: --against ${empty} is a plan of stack "prod", not of "dev"`);
    });

    it("exits 2 when the --out directory cannot be written", async () => {
        const blocker = path.join(tmp(), "file");
        fs.writeFileSync(blocker, "");
        const result = await plan("--stack", "dev", "--out", path.join(blocker, "out"));
        assert.equal(result.code, 2);
        assert.match(result.stderr, /--out .*\/file\/out: cannot create or write this directory: ENOTDIR/);
    });

    it("writes every secret into plan.json as a short digest of each value, keeping its shape", () => {
        const doc = planDocument({
            stack: "test",
            resources: [recorded("aws:ssm/parameter:Parameter", "p", { name: "p", value: SECRET("hunter2"), nested: { list: [SECRET({ a: 1 })] } })],
        });
        // sha256 of the JSON of each scalar, first 8 hex digits: a later plan's diff sees a change, nobody sees the value.
        assert.deepEqual(doc.resources[0].inputs, { name: "p", value: "[secret 4ddbb67b]", nested: { list: [{ a: "[secret 6b86b273]" }] } });
    });

    it("writes each Kubernetes object as YAML by namespace, every secret value masked under its key, and skips non-objects", () => {
        const files = manifestFiles([
            recorded("kubernetes:core/v1:Secret", "jwt", { apiVersion: "v1", kind: "Secret", metadata: { name: "jwt-keys", namespace: "signal-trading" }, stringData: SECRET({ key: "k" }) }),
            recorded("kubernetes:storage.k8s.io/v1:StorageClass", "gp3", { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: "gp3" } }),
            recorded("kubernetes:core/v1:PersistentVolumeClaimPatch", "size", { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "data-redis-0", namespace: "signal-trading" } }),
            recorded("kubernetes:helm.sh/v3:Release", "velero", { chart: "velero" }),
            recorded("pulumi:providers:kubernetes", "k8s", {}),
            recorded("aws:ec2/vpc:Vpc", "vpc", {}),
        ]);
        assert.deepEqual(files, [
            { file: path.join("signal-trading", "secret-jwt-keys.yaml"), content: stringify({ apiVersion: "v1", kind: "Secret", metadata: { name: "jwt-keys", namespace: "signal-trading" }, stringData: { key: "[secret]" } }) },
            { file: path.join("_cluster", "storageclass-gp3.yaml"), content: stringify({ apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: "gp3" } }) },
            { file: path.join("signal-trading", "persistentvolumeclaim-data-redis-0.patch.yaml"), content: stringify({ apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "data-redis-0", namespace: "signal-trading" } }) },
        ]);
    });

    describe("--project bootstrap", () => {
        const VERDICT = /\nPolicies: \d+ evaluated, 0 mandatory and \d+ advisory violations, \d+ remediations\n(.|\n)*\nPASSED: no mandatory policy violations$/;

        it("plans bootstrap/ with its stack file and the stack's policy config: summary, verdict, plan files, and a diff against them", async () => {
            const out = tmp();
            const result = await plan("--project", "bootstrap", "--stack", "dev", "--out", out);
            assert.equal(result.code, 0, result.stderr);
            assert.ok(result.stdout.startsWith('Offline plan of signal-trading-bootstrap, stack "dev" (mock engine: nothing is deployed)\n\nResources by component:\n'), result.stdout);
            assert.match(result.stdout, /\(signal-trading:registry:ContainerRegistry\) +\d+\n/);
            assert.match(result.stdout, VERDICT);
            const total = Number(/\nTotal: (\d+) resources\n/.exec(result.stdout)?.[1]);

            const planJson = JSON.parse(fs.readFileSync(path.join(out, "plan.json"), "utf8"));
            assert.equal(planJson.stack, "dev");
            assert.equal(planJson.resources.length, total);
            for (const r of planJson.resources) assert.ok(r.urn.startsWith("urn:pulumi:dev::signal-trading-bootstrap::"), r.urn);
            const report = JSON.parse(fs.readFileSync(path.join(out, "policy-report.json"), "utf8"));
            assert.deepEqual({ project: report.project, passed: report.passed, config: report.policyConfig }, { project: "signal-trading-bootstrap", passed: true, config: "policy-pack/config/dev.json" });

            const again = await plan("--project", "bootstrap", "--stack", "dev", "--against", out);
            assert.equal(again.code, 0, again.stderr);
            assert.ok(again.stdout.includes(`\nChanges against ${out} (stack "dev"): 0 to add, 0 to replace, 0 to update, 0 to delete, ${total} unchanged\n`), again.stdout);
            assert.match(again.stdout, VERDICT);
        });

        it("exits 1 on a mandatory violation in the bootstrap", async () => {
            const policyConfig = path.join(tmp(), "strict.json");
            fs.writeFileSync(policyConfig, JSON.stringify({ all: "mandatory", "aws-resource-require-tags": { requiredTags: ["owner", "data-classification"] } }));
            const result = await plan("--project", "bootstrap", "--stack", "prod", "--policy-config", policyConfig);
            assert.equal(result.code, 1);
            assert.match(result.stdout, /\[mandatory\] aws-resource-require-tags on signal-trading-prod-\S+ \(aws:/);
            assert.match(result.stdout, /\nFAILED: \d+ mandatory policy violations$/);
        });

        it("exits 2 on an unknown project, listing the known ones", async () => {
            const result = await plan("--project", "registry", "--stack", "dev");
            assert.equal(result.code, 2);
            assert.equal(result.stderr, 'error: unknown --project "registry" (known: platform, bootstrap)\nusage: npm run plan -- --stack <stack> [--project <platform|bootstrap>] [--stack-config <file>] [--policy-config <file>] [--out <dir>] [--against <dir>] [--json]');
            assert.equal(result.stdout, "");
        });

        it("exits 2, before running the program, when --against is a plan of the other project", async () => {
            const dir = tmp();
            fs.writeFileSync(path.join(dir, "plan.json"), JSON.stringify({ stack: "dev", resources: [recorded("aws:ec2/vpc:Vpc", "vpc", {})].map((r) => ({ ...r, urn: r.urn.replace("test::", "dev::") })) }));
            const result = await plan("--project", "bootstrap", "--stack", "dev", "--against", dir);
            assert.equal(result.code, 2);
            assert.equal(result.stderr, `error: --against ${dir} is a plan of project "signal-trading", not of "signal-trading-bootstrap"`);
        });
    });

    it("runs as a command: npm run plan's entry point exits with the plan's code", async () => {
        const run = promisify(execFile);
        const { stdout } = await run(process.execPath, ["--import", "tsx", path.join(PROJECT_ROOT, "tools", "plan", "main.ts"), "--stack", "dev", "--json"], { cwd: PROJECT_ROOT });
        assert.equal(JSON.parse(stdout).stack, "dev");
        await assert.rejects(run(process.execPath, ["--import", "tsx", path.join(PROJECT_ROOT, "tools", "plan", "main.ts")], { cwd: PROJECT_ROOT }), (error: { code?: number }) => error.code === 2);
    });
});
