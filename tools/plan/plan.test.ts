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
import { manifestFiles, planDocument, renderDeployability, verdict } from "./plan";
import { DeployabilityFinding } from "./deployability";


/** Runs the plan's main in-process, capturing what it prints. */
const plan = (...argv: string[]) => captureConsole(() => main(argv));

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "plan-test-"));

/** A recorded registration, as the recorder produces it. */
const recorded = (type: string, name: string, inputs: Record<string, unknown>): RecordedResource => ({
    urn: `urn:pulumi:test::signal-trading::${type}::${name}`, type, name, custom: true, dependencies: [], propertyDependencies: {},
    protect: false, ignoreChanges: [], additionalSecretOutputs: [], retainOnDelete: false, replaceOnChanges: [], inputs, outputs: inputs,
});
const SECRET = (value: unknown) => ({ [SIG_KEY]: SECRET_SIG, value });

/** The block the prod plan opens with. */
const PROD_SUMMARY = [
    'Offline plan of signal-trading, stack "prod" (mock engine: nothing is deployed)',
    "",
    "  stack               prod",
    "  environment         prod",
    "  project             signal-trading",
    "  region              us-east-1",
    "  Kubernetes version  1.36",
    "  resources           498",
    "  policies run        101 (all of the pack)",
    "  violations          0 mandatory, 3 advisory",
    "  not deployable      25 values (listed below; --strict fails on them)",
    "  verdict             PASSED: no mandatory policy violations",
].join("\n");

/** The committed prod stack file's stand-ins for what is specific to an organisation, each with its remedy. */
const PROD_DEPLOYABILITY = [
    "Deployability: 25 values cannot deploy as they are",
    "  signal-trading:iam.permissionsBoundaryArn = arn:aws:iam::123456789012:policy/signal-trading-prod-boundary",
    "      123456789012 is an account ID of AWS's documentation, not the organisation's",
    "      → take the bootstrap's output: `pulumi config set --path iam.permissionsBoundaryArn \"$(pulumi -C bootstrap stack output permissionsBoundaryArn --stack prod)\" --stack prod`",
    "  signal-trading:iam.breakGlassRoleArn = arn:aws:iam::123456789012:role/signal-trading-delivery-prod-break-glass",
    "      123456789012 is an account ID of AWS's documentation, not the organisation's",
    "      → take the bootstrap's output: `pulumi config set --path iam.breakGlassRoleArn \"$(pulumi -C bootstrap stack output breakGlassRoleArn --stack prod)\" --stack prod`",
    "  signal-trading:iam.deployRoleArn = arn:aws:iam::123456789012:role/signal-trading-delivery-prod-deploy",
    "      123456789012 is an account ID of AWS's documentation, not the organisation's",
    "      → take the bootstrap's output: `pulumi config set --path iam.deployRoleArn \"$(pulumi -C bootstrap stack output deployRoleArn --stack prod)\" --stack prod`",
    "  signal-trading:cluster.endpointPublicAccessCidrs[0] = 203.0.113.0/24",
    "      in 203.0.113.0/24, an address block reserved for documentation: no real client comes from it",
    "      → replace with the real range (for an allow-list: the egress range of the operators' VPN and the deploy runners): `pulumi config set --path cluster.endpointPublicAccessCidrs[0] <cidr> --stack prod`",
    "  signal-trading:cluster.adminRoleArns[0] = arn:aws:iam::123456789012:role/platform-admin",
    "      123456789012 is an account ID of AWS's documentation, not the organisation's",
    "      → replace with the ARN in the organisation's account: `pulumi config set --path cluster.adminRoleArns[0] arn:aws:iam::<account>:... --stack prod`",
    "  signal-trading:cluster.readOnlyRoleArns[0] = arn:aws:iam::123456789012:role/platform-readonly",
    "      123456789012 is an account ID of AWS's documentation, not the organisation's",
    "      → replace with the ARN in the organisation's account: `pulumi config set --path cluster.readOnlyRoleArns[0] arn:aws:iam::<account>:... --stack prod`",
    "  signal-trading:dns.zoneName = signal-trading.example.com",
    "      example.com is reserved (RFC 2606/6761): no public DNS zone can hold it",
    "      → replace with a name in the organisation's DNS zone: `pulumi config set --path dns.zoneName <name> --stack prod`",
    "  signal-trading:dns.hostedZoneId = Z0PROD012345EXAMPLE",
    "      an identifier in the style of AWS's documentation examples (…EXAMPLE): nothing in the account has it",
    "      → replace with the real identifier (a hosted zone: `aws route53 list-hosted-zones-by-name --dns-name <zone>`): `pulumi config set --path dns.hostedZoneId <id> --stack prod`",
    "  signal-trading:dns.apiHost = api.signal-trading.example.com",
    "      example.com is reserved (RFC 2606/6761): no public DNS zone can hold it",
    "      → replace with a name in the organisation's DNS zone: `pulumi config set --path dns.apiHost <name> --stack prod`",
    "  signal-trading:dns.grafanaHost = grafana.signal-trading.example.com",
    "      example.com is reserved (RFC 2606/6761): no public DNS zone can hold it",
    "      → replace with a name in the organisation's DNS zone: `pulumi config set --path dns.grafanaHost <name> --stack prod`",
    "  signal-trading:dns.acmeEmail = platform-team@example.com",
    "      example.com is reserved (RFC 2606/6761): no mail reaches it",
    "      → replace with a mailbox the operators read: `pulumi config set --path dns.acmeEmail <address> --stack prod`",
    "  signal-trading:services.gateway.image.digest = sha256:0000000000000000000000000000000000000000000000000000000000000000",
    "      the all-zero sha256 digest: no image has it, so no node can pull it",
    "      → push the image, then pin the digest ECR returned: `pulumi config set --path services.gateway.image.digest \"$(aws ecr describe-images --region us-east-1 --repository-name signal-trading-prod/gateway --image-ids imageTag=1.0.0 --query 'imageDetails[0].imageDigest' --output text)\" --stack prod`",
    "  signal-trading:services.data.image.digest = sha256:0000000000000000000000000000000000000000000000000000000000000000",
    "      the all-zero sha256 digest: no image has it, so no node can pull it",
    "      → push the image, then pin the digest ECR returned: `pulumi config set --path services.data.image.digest \"$(aws ecr describe-images --region us-east-1 --repository-name signal-trading-prod/data --image-ids imageTag=1.0.0 --query 'imageDetails[0].imageDigest' --output text)\" --stack prod`",
    "  signal-trading:services.signal.image.digest = sha256:0000000000000000000000000000000000000000000000000000000000000000",
    "      the all-zero sha256 digest: no image has it, so no node can pull it",
    "      → push the image, then pin the digest ECR returned: `pulumi config set --path services.signal.image.digest \"$(aws ecr describe-images --region us-east-1 --repository-name signal-trading-prod/signal --image-ids imageTag=1.0.0 --query 'imageDetails[0].imageDigest' --output text)\" --stack prod`",
    "  signal-trading:services.ml.image.digest = sha256:0000000000000000000000000000000000000000000000000000000000000000",
    "      the all-zero sha256 digest: no image has it, so no node can pull it",
    "      → push the image, then pin the digest ECR returned: `pulumi config set --path services.ml.image.digest \"$(aws ecr describe-images --region us-east-1 --repository-name signal-trading-prod/ml --image-ids imageTag=1.0.0 --query 'imageDetails[0].imageDigest' --output text)\" --stack prod`",
    "  signal-trading:redis.exporterImage.digest = sha256:0000000000000000000000000000000000000000000000000000000000000000",
    "      the all-zero sha256 digest: no image has it, so no node can pull it",
    "      → pin the tag's index digest: `pulumi config set --path redis.exporterImage.digest \"$(crane digest quay.io/oliver006/redis_exporter:v1.88.0)\" --stack prod`",
    "  signal-trading:database.clientImage.digest = sha256:0000000000000000000000000000000000000000000000000000000000000000",
    "      the all-zero sha256 digest: no image has it, so no node can pull it",
    "      → pin the tag's index digest: `pulumi config set --path database.clientImage.digest \"$(crane digest public.ecr.aws/docker/library/postgres:17.6-alpine)\" --stack prod`",
    "  signal-trading:monitoring.grafanaSso.authUrl = https://sso.example.com/oauth2/v1/authorize",
    "      example.com is reserved (RFC 2606/6761): no service answers there",
    "      → replace with the real endpoint: `pulumi config set --path monitoring.grafanaSso.authUrl <url> --stack prod`",
    "  signal-trading:monitoring.grafanaSso.tokenUrl = https://sso.example.com/oauth2/v1/token",
    "      example.com is reserved (RFC 2606/6761): no service answers there",
    "      → replace with the real endpoint: `pulumi config set --path monitoring.grafanaSso.tokenUrl <url> --stack prod`",
    "  signal-trading:monitoring.grafanaSso.userinfoUrl = https://sso.example.com/oauth2/v1/userinfo",
    "      example.com is reserved (RFC 2606/6761): no service answers there",
    "      → replace with the real endpoint: `pulumi config set --path monitoring.grafanaSso.userinfoUrl <url> --stack prod`",
    "  signal-trading:monitoring.runbooksUrl = https://github.com/example-org/signal-trading/blob/main/docs/runbooks.md",
    "      example-org is a placeholder owner: no repository of the organisation has that name",
    "      → replace with the URL in the repository that holds this code: `pulumi config set --path monitoring.runbooksUrl https://github.com/<owner>/<name>/blob/main/docs/runbooks.md --stack prod`",
    "  signal-trading:slackWebhookUrl = secure: v1:cGxhY2Vob2xkZXI=:c2V0LXdpdGgtcHVsdW1pLWNvbmZpZy1zZXQtLXNlY3JldA==",
    "      a placeholder, not a ciphertext any Pulumi secrets provider produced (v1:<12-byte nonce>:<AES-GCM ciphertext>): the first preview fails to decrypt it",
    "      → set every secret of the stack: `npm run secrets -- --stack prod`",
    "  signal-trading:deadMansSwitchUrl = secure: v1:cGxhY2Vob2xkZXI=:c2V0LXdpdGgtcHVsdW1pLWNvbmZpZy1zZXQtLXNlY3JldA==",
    "      a placeholder, not a ciphertext any Pulumi secrets provider produced (v1:<12-byte nonce>:<AES-GCM ciphertext>): the first preview fails to decrypt it",
    "      → set every secret of the stack: `npm run secrets -- --stack prod`",
    "  signal-trading:grafanaSsoClientSecret = secure: v1:cGxhY2Vob2xkZXI=:c2V0LXdpdGgtcHVsdW1pLWNvbmZpZy1zZXQtLXNlY3JldA==",
    "      a placeholder, not a ciphertext any Pulumi secrets provider produced (v1:<12-byte nonce>:<AES-GCM ciphertext>): the first preview fails to decrypt it",
    "      → set every secret of the stack: `npm run secrets -- --stack prod`",
    "  signal-trading:apiKeys.marketData = secure: v1:cGxhY2Vob2xkZXI=:c2V0LXdpdGgtcHVsdW1pLWNvbmZpZy1zZXQtLXBhdGgtLXNlY3JldA==",
    "      a placeholder, not a ciphertext any Pulumi secrets provider produced (v1:<12-byte nonce>:<AES-GCM ciphertext>): the first preview fails to decrypt it",
    "      → set every secret of the stack: `npm run secrets -- --stack prod`",
].join("\n");

describe("offline plan", () => {
    it("plans prod: exits 0, opens with the summary and the deployability findings, and writes plan.json, policy-report.json and manifests/", async () => {
        const out = tmp();
        const result = await plan("--stack", "prod", "--out", out);
        assert.equal(result.code, 0, result.stderr);
        assert.ok(result.stdout.startsWith(`${PROD_SUMMARY}\n\n${PROD_DEPLOYABILITY}\n\nPolicy violations:\n  [advisory] `), result.stdout.slice(0, 4000));
        // The README shows this block as the plan's first lines: its counts come from here, not by hand.
        const readme = fs.readFileSync(path.join(PROJECT_ROOT, "README.md"), "utf8");
        assert.ok(readme.includes(PROD_SUMMARY.split("\n").map((line) => (line ? `   ${line}` : "")).join("\n")), "README.md's summary block differs from the prod plan's");
        assert.ok(readme.includes(`   ${PROD_DEPLOYABILITY.split("\n")[0]}\n`), "README.md's deployability heading differs from the prod plan's");
        // The component, VPC, default security group, internet gateway, 12 subnets (4 tiers × 3 AZs), 6 route tables
        // (public, one private per AZ, database, control plane), 12 associations, 3 EIPs, 3 NAT gateways and 4 flow-log resources.
        assert.match(result.stdout, /\nResources by component:\n(.+\n)*  signal-trading-prod \(signal-trading:network:Network\) +44\n/);
        // The resources by type only with --verbose.
        assert.doesNotMatch(result.stdout, /Resources by type|aws:ec2\/subnet:Subnet/);
        const total = Number(/\n  resources +(\d+)\n/.exec(result.stdout)?.[1]);
        assert.match(result.stdout, /\nServices \(replicas, by their autoscalers\):\n  signal-trading\/data +3-10\n  signal-trading\/gateway +2-15\n  signal-trading\/ml +2-5\n  signal-trading\/signal +2-8\n/);
        assert.match(result.stdout, /\nProtected resources \(pulumi refuses to delete or replace them\):\n(.+\n)*  aws:s3\/bucket:Bucket +signal-trading-prod-backups-primary\n/);
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

    it("plans dev with --verbose: the resources by type after the components, one shared NAT gateway, exits 0", async () => {
        const result = await plan("--stack", "dev", "--verbose");
        assert.equal(result.code, 0, result.stderr);
        assert.match(result.stdout, /\nResources by component:\n(.+\n)+\nResources by type:\n(.+\n)*  aws:ec2\/natGateway:NatGateway +1\n(.+\n)*\nHelm charts:\n/);
        assert.match(result.stdout, /\n  policies run        96 of the pack's 101 \(5 disabled by the policy config\)\n/);
        assert.match(result.stdout, /\n  aws:ec2\/subnet:Subnet +\d+\n/);
    });

    it("--strict: exits 1 on prod's deployability findings and says so in the verdict; the same plan without it exits 0", async () => {
        const result = await plan("--stack", "prod", "--strict");
        assert.equal(result.code, 1, result.stderr);
        assert.match(result.stdout, /\n  not deployable      25 values \(listed below\)\n  verdict             FAILED: 25 values cannot deploy as they are \(--strict\)\n\nDeployability: 25 values cannot deploy as they are\n/);
        // Without findings --strict changes nothing: the bootstrap's stack with every stand-in replaced passes.
        const stackFile = path.join(tmp(), "Pulumi.dev.yaml");
        const nonce = Buffer.alloc(12, 1).toString("base64");
        fs.writeFileSync(stackFile, fs.readFileSync(path.join(PROJECT_ROOT, "bootstrap", "Pulumi.dev.yaml"), "utf8")
            .replace("example-org/signal-trading", "acme-trading/signal-trading")
            .replaceAll("123456789012", "383838383838")
            .replace(/secure: v1:\S+/, `secure: v1:${nonce}:${Buffer.alloc(48, 2).toString("base64")}`));
        const clean = await plan("--project", "bootstrap", "--stack", "dev", "--config", stackFile, "--strict");
        assert.equal(clean.code, 0, clean.stdout);
        assert.match(clean.stdout, /\n  not deployable      0 values\n  verdict             PASSED: no mandatory policy violations\n\nDeployability: every value can deploy as it is\n/);
    });

    it("prints the summary, the deployability findings and the violations as JSON with --json", async () => {
        const result = await plan("--stack", "dev", "--json");
        assert.equal(result.code, 0, result.stderr);
        const summary = JSON.parse(result.stdout);
        assert.deepEqual(
            { stack: summary.stack, environment: summary.environment, project: summary.project, region: summary.region, kubernetesVersion: summary.kubernetesVersion, policiesRun: summary.policiesRun, strict: summary.strict, passed: summary.passed, mandatory: summary.mandatoryViolations },
            { stack: "dev", environment: "dev", project: "signal-trading", region: "us-east-2", kubernetesVersion: "1.36", policiesRun: 96, strict: false, passed: true, mandatory: 0 },
        );
        assert.equal(summary.total, summary.byType.reduce((n: number, t: { count: number }) => n + t.count, 0));
        assert.deepEqual(summary.deployability.find((f: { key: string }) => f.key === "signal-trading:cluster.endpointPublicAccessCidrs[0]"), {
            key: "signal-trading:cluster.endpointPublicAccessCidrs[0]", kind: "documentation-address", value: "203.0.113.0/24",
            problem: "in 203.0.113.0/24, an address block reserved for documentation: no real client comes from it",
            action: "replace with the real range (for an allow-list: the egress range of the operators' VPN and the deploy runners): `pulumi config set --path cluster.endpointPublicAccessCidrs[0] <cidr> --stack dev`",
        });
        assert.deepEqual([...new Set(summary.deployability.map((f: { kind: string }) => f.kind))].sort(),
            ["documentation-account", "documentation-address", "documentation-identifier", "placeholder-repository", "reserved-dns-name", "undecryptable-secret"]);
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
        assert.match(result.stdout, /\n  verdict             FAILED: \d+ mandatory policy violations\n/);
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
            .replace("scaling: { min: 2, max: 15, targetCpuUtilization: 60, targetRequestsPerSecond: 100 }", "scaling: { min: 2, max: 1, targetCpuUtilization: 60, targetRequestsPerSecond: 100 }")
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

    it("gives every reason of a FAILED verdict, and counts one finding in the singular", () => {
        const finding: DeployabilityFinding = { key: "signal-trading:dns.acmeEmail", kind: "reserved-dns-name", value: "a@example.com", problem: "p", action: "a" };
        assert.equal(verdict({ mandatoryViolations: 0, deployability: [finding], strict: false }), "PASSED: no mandatory policy violations");
        assert.equal(verdict({ mandatoryViolations: 0, deployability: [finding], strict: true }), "FAILED: 1 value cannot deploy as it is (--strict)");
        assert.equal(verdict({ mandatoryViolations: 2, deployability: [finding, finding], strict: true }), "FAILED: 2 mandatory policy violations, 2 values cannot deploy as they are (--strict)");
        assert.equal(verdict({ mandatoryViolations: 2, deployability: [], strict: true }), "FAILED: 2 mandatory policy violations");
        assert.equal(renderDeployability([finding]), "Deployability: 1 value cannot deploy as it is\n  signal-trading:dns.acmeEmail = a@example.com\n      p\n      → a");
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
        const VERDICT = /\n  violations          0 mandatory, \d+ advisory\n  not deployable      3 values \(listed below; --strict fails on them\)\n  verdict             PASSED: no mandatory policy violations\n/;

        it("plans bootstrap/ with its stack file and the stack's policy config: summary, verdict, plan files, and a diff against them", async () => {
            const out = tmp();
            const result = await plan("--project", "bootstrap", "--stack", "dev", "--out", out);
            assert.equal(result.code, 0, result.stderr);
            assert.ok(result.stdout.startsWith('Offline plan of signal-trading-bootstrap, stack "dev" (mock engine: nothing is deployed)\n\n  stack               dev\n  environment         dev\n  project             signal-trading-bootstrap\n  region              us-east-2\n  Kubernetes version  (no cluster)\n'), result.stdout);
            assert.ok(result.stdout.includes("\n\nDeployability: 3 values cannot deploy as they are\n  signal-trading-bootstrap:github.repository = example-org/signal-trading\n"), result.stdout);
            assert.match(result.stdout, /\(signal-trading:registry:ContainerRegistry\) +\d+\n/);
            assert.match(result.stdout, VERDICT);
            const total = Number(/\n  resources +(\d+)\n/.exec(result.stdout)?.[1]);

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
            assert.match(result.stdout, /\n  verdict             FAILED: \d+ mandatory policy violations\n/);
        });

        it("exits 2 on an unknown project, listing the known ones", async () => {
            const result = await plan("--project", "registry", "--stack", "dev");
            assert.equal(result.code, 2);
            assert.equal(result.stderr, 'error: unknown --project "registry" (known: platform, bootstrap)\nusage: npm run plan -- --stack <stack> [--project <platform|bootstrap>] [--stack-config <file>] [--policy-config <file>] [--out <dir>] [--against <dir>] [--diagram <file.svg>] [--cost] [--strict] [--verbose] [--json]');
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

    it("runs as a command, started as npm run plan starts it: exits with the plan's code", async () => {
        const run = promisify(execFile);
        const [command, ...start] = (JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")).scripts.plan as string).split(" ");
        assert.equal(command, "node");
        // The bootstrap project: the command's start and exit are the same as the platform's, its plan a third of the time.
        const { stdout } = await run(process.execPath, [...start, "--project", "bootstrap", "--stack", "dev", "--json"], { cwd: PROJECT_ROOT });
        assert.deepEqual([JSON.parse(stdout).project, JSON.parse(stdout).stack], ["signal-trading-bootstrap", "dev"]);
        await assert.rejects(run(process.execPath, start, { cwd: PROJECT_ROOT }), (error: { code?: number }) => error.code === 2);
    });
});
