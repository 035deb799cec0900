import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promoteInText } from "../delivery/promote";
import { main as comment, COMMENT_MARKER } from "./comment";
import { PlanDocument, PlannedResource } from "./diff";
import { main as plan } from "./main";
import { stackFilePath } from "./plan";
import { replacementRule } from "./replacements";
import { captureConsole } from "../../test/console";


const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "plan-comment-"));

const resource = (stack: string, type: string, name: string, inputs: Record<string, unknown>, options: Partial<PlannedResource> = {}): PlannedResource => ({
    urn: `urn:pulumi:${stack}::signal-trading::${type}::${name}`, type, name, parent: null, provider: `urn:pulumi:${stack}::signal-trading::pulumi:providers:aws::aws`,
    dependencies: [], protect: false, retainOnDelete: false, deleteBeforeReplace: false, replaceOnChanges: [], ignoreChanges: [], inputs, ...options,
});

/** A plan output as `npm run plan -- --out <dir>/<stack>` writes it: plan.json and policy-report.json. */
function writeOutput(root: string, document: PlanDocument, report: object): void {
    const dir = path.join(root, document.stack);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "plan.json"), JSON.stringify(document));
    fs.writeFileSync(path.join(dir, "policy-report.json"), JSON.stringify(report));
}

describe("plan diff comment", () => {
    it("renders both stacks' changes with protected or stateful deletes and replacements first, and the policy verdicts", async () => {
        const [base, head] = [tmp(), tmp()];
        const provider = (stack: string) => resource(stack, "pulumi:providers:aws", "aws", { region: "us-east-2" }, { provider: null });
        const database = (kmsKeyId: string) => resource("dev", "aws:rds/instance:Instance", "db", { identifier: "signal-trading-dev-postgres", kmsKeyId }, { protect: true });
        const deployment = (replicas: number) => resource("dev", "kubernetes:apps/v1:Deployment", "gateway", { spec: { replicas } });
        const subnet = resource("dev", "aws:ec2/subnet:Subnet", "old", { cidrBlock: "10.20.0.0/24" });
        const passed = { passed: true, mandatoryViolations: 0, advisoryViolations: 1, violations: [
            { policyName: "aws-rds-require-multi-az", enforcementLevel: "advisory", resource: "db", resourceType: "aws:rds/instance:Instance", message: "RDS DB instances must be deployed Multi-AZ.\nMore detail." },
        ] };
        const failed = { passed: false, mandatoryViolations: 1, advisoryViolations: 0, violations: [
            { policyName: "stack-require-backups", enforcementLevel: "mandatory", message: "The stack has no backup schedule." },
        ] };
        writeOutput(base, { stack: "dev", resources: [provider("dev"), database("key-1"), deployment(2), subnet] }, passed);
        writeOutput(head, { stack: "dev", resources: [provider("dev"), database("key-2"), deployment(3)] }, passed);
        writeOutput(base, { stack: "prod", resources: [provider("prod")] }, failed);
        writeOutput(head, { stack: "prod", resources: [provider("prod")] }, failed);

        const result = await captureConsole(() => comment(["--base", base, "--head", head, "--stack", "dev", "--stack", "prod"]));
        assert.equal(result.code, 0, result.stderr);
        assert.equal(result.stdout, EXPECTED_COMMENT);
    });

    it("compares the program's own offline plans of dev: a promoted gateway image updates its Deployment and labels, nothing is replaced", async () => {
        const [base, head, dir] = [tmp(), tmp(), tmp()];
        const promoted = path.join(dir, "Pulumi.dev.yaml");
        const digest = `sha256:${"ab".repeat(32)}`;
        fs.writeFileSync(promoted, promoteInText(fs.readFileSync(stackFilePath("dev"), "utf8"), promoted, { stack: "dev", service: "gateway", tag: "1.2.0", digest }));
        const before = await captureConsole(() => plan(["--stack", "dev", "--out", path.join(base, "dev")]));
        assert.equal(before.code, 0, before.stderr);
        const after = await captureConsole(() => plan(["--stack", "dev", "--config", promoted, "--against", path.join(base, "dev"), "--out", path.join(head, "dev")]));
        assert.equal(after.code, 0, after.stderr);

        const result = await captureConsole(() => comment(["--base", base, "--head", head, "--stack", "dev"]));
        assert.equal(result.code, 0, result.stderr);
        const lines = result.stdout.split("\n");
        const resources = JSON.parse(fs.readFileSync(path.join(head, "dev", "plan.json"), "utf8")).resources.length;
        assert.equal(lines[0], COMMENT_MARKER);
        assert.equal(lines.find((l) => l.startsWith("### ")), `### \`dev\`: 0 to add, 0 to replace, 9 to update, 0 to delete (${resources - 9} unchanged) — policies passed`);
        assert.ok(!result.stdout.includes("Protected or stateful resources deleted or replaced"));
        assert.ok(result.stdout.includes("<details><summary>All 9 changes</summary>"));
        assert.deepEqual(lines.filter((l) => l.startsWith("  ~ update")).map((l) => l.split(/ +/).pop()), [
            "signal-trading-dev-gateway-deployment", "signal-trading-dev-gateway-vpa", "signal-trading-dev-gateway-hpa", "signal-trading-dev-gateway-service",
            "signal-trading-dev-gateway-service-account", "signal-trading-dev-gateway-service-monitor", "signal-trading-dev-gateway-ingress",
            "signal-trading-dev-gateway-network-policy", "signal-trading-dev-gateway-pdb",
        ]);
        assert.ok(lines.includes(`        spec.template.spec.containers[0].image: "123456789012.dkr.ecr.us-east-2.amazonaws.com/signal-trad... → "123456789012.dkr.ecr.us-east-2.amazonaws.com/signal-trad...`));
    });

    it("exits 2 naming the problem when an argument is missing or a plan output is absent or of another stack", async () => {
        const [base, head] = [tmp(), tmp()];
        const missing = await captureConsole(() => comment(["--base", base, "--head", head]));
        assert.equal(missing.code, 2);
        assert.match(missing.stderr, /^error: --base, --head and at least one --stack are required\nusage: npm run plan:comment/);
        const absent = await captureConsole(() => comment(["--base", base, "--head", head, "--stack", "dev"]));
        assert.deepEqual([absent.code, absent.stderr], [2, `error: ${path.join(base, "dev")} is not a plan output: it has no plan.json (write one with npm run plan -- --stack <stack> --out ${path.join(base, "dev")})`]);
        writeOutput(base, { stack: "prod", resources: [] }, {});
        fs.renameSync(path.join(base, "prod"), path.join(base, "dev"));
        writeOutput(head, { stack: "dev", resources: [] }, {});
        const other = await captureConsole(() => comment(["--base", base, "--head", head, "--stack", "dev"]));
        assert.deepEqual([other.code, other.stderr], [2, `error: --base ${path.join(base, "dev")} is a plan of stack "prod", not of "dev"`]);
        fs.rmSync(path.join(base, "dev"), { recursive: true });
        writeOutput(base, { stack: "dev", resources: [] }, {});
        const noReport = await captureConsole(() => comment(["--base", base, "--head", head, "--stack", "dev"]));
        assert.deepEqual([noReport.code, noReport.stderr], [2, `error: ${path.join(head, "dev", "policy-report.json")} is not a policy report: it needs passed, mandatoryViolations, advisoryViolations and violations`]);
    });
});

// The tables' reasons, so the expected comment follows the replacement rules when their wording changes.
const SUBNET_STATE = replacementRule("aws:ec2/subnet:Subnet")!.holdsState;
const DATABASE_STATE = replacementRule("aws:rds/instance:Instance")!.holdsState;

const EXPECTED_COMMENT = `<!-- signal-trading-plan-diff -->
## Offline plan diff

What \`pulumi up\` would change if this pull request replaced its base commit, from the offline plans of both (mock engine: no cloud state is read). Mandatory policy violations in \`prod\`: this change cannot be deployed.

### \`dev\`: 0 to add, 1 to replace, 1 to update, 1 to delete (1 unchanged) — **REVIEW**: 2 protected or stateful resources deleted or replaced

**Protected or stateful resources deleted or replaced:**

- **delete \`aws:ec2/subnet:Subnet\` \`old\`** — ${SUBNET_STATE}
- **replace \`aws:rds/instance:Instance\` \`db\`** — ${DATABASE_STATE}
  - \`kmsKeyId\`: "key-1" → "key-2" (forces replacement)
  - ⚠ protected: pulumi refuses to replace it
  - ⚠ fixed name identifier="signal-trading-dev-postgres": the old one is deleted before its replacement exists

Policies: 0 mandatory and 1 advisory violations.
- [advisory] \`aws-rds-require-multi-az\` on \`db\` (\`aws:rds/instance:Instance\`): RDS DB instances must be deployed Multi-AZ.

<details><summary>All 3 changes</summary>

\`\`\`text
Changes against the base commit (stack "dev"): 0 to add, 1 to replace, 1 to update, 1 to delete, 1 unchanged

Protected or stateful resources deleted or replaced:
  - delete  aws:ec2/subnet:Subnet  old
        holds state: ${SUBNET_STATE}
  ± replace aws:rds/instance:Instance  db
        kmsKeyId: "key-1" → "key-2"  [forces replacement]
        holds state: ${DATABASE_STATE}
        ! protected: pulumi refuses to replace it
        ! fixed name identifier="signal-trading-dev-postgres": the old one is deleted before its replacement exists

All changes:
  - delete  aws:ec2/subnet:Subnet  old
        holds state: ${SUBNET_STATE}
  ± replace aws:rds/instance:Instance  db
        kmsKeyId: "key-1" → "key-2"  [forces replacement]
        holds state: ${DATABASE_STATE}
        ! protected: pulumi refuses to replace it
        ! fixed name identifier="signal-trading-dev-postgres": the old one is deleted before its replacement exists
  ~ update  kubernetes:apps/v1:Deployment  gateway
        spec.replicas: 2 → 3
\`\`\`

</details>

### \`prod\`: 0 to add, 0 to replace, 0 to update, 0 to delete (1 unchanged) — **FAILED**: 1 mandatory policy violations

Policies: 1 mandatory and 0 advisory violations.
- [mandatory] \`stack-require-backups\` on the stack: The stack has no backup schedule.
`;
